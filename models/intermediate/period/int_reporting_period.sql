{#
    The single as-of date and lookback period every indicator works inside.
    as_of_date: the var when given, else the latest booking date in the data.
    A landing zone without bookings (a police unit's or a tax authority's
    extract) ends its period at its latest dated record instead (an ad, a
    post, a signal, an observation, a rental check-in, a payslip period): the
    run date would put all of that data outside the lookback. Only a zone
    with no dated record at all falls back to the run date.
#}
with latest_booking as (

    select max(cast(booked_at as date)) as latest_date
    from {{ ref('stg_transactions') }}

),

{#- Dates after the run date (a rental booked ahead) do not move the period into the future. #}
latest_dated_record as (

    select least(max(record_date), current_date) as latest_date
    from (
        select cast(posted_at as date) as record_date from {{ ref('stg_online_ads') }}
        union all
        select cast(posted_at as date) from {{ ref('stg_social_posts') }}
        union all
        select cast(observed_at as date) from {{ ref('stg_platform_signals') }}
        union all
        select cast(observed_at as date) from {{ ref('stg_frontline_observations') }}
        union all
        select check_in from {{ ref('stg_rental_bookings') }}
        union all
        select period_end from {{ ref('stg_payroll') }}
    ) as dated_records

),

as_of as (

    select
        {%- if var('as_of_date') %}
        cast('{{ var("as_of_date") }}' as date) as as_of_date,
        'var as_of_date' as as_of_basis
        {%- else %}
        coalesce(latest_booking.latest_date, latest_dated_record.latest_date, current_date) as as_of_date,
        case
            when latest_booking.latest_date is not null then 'latest booking'
            when latest_dated_record.latest_date is not null then 'latest dated record (no bookings landed)'
            else 'run date (no dated record landed)'
        end as as_of_basis
        {%- endif %}
    from latest_booking
    cross join latest_dated_record

),

final as (

    select
        as_of_date,
        cast({{ dbt.dateadd('day', 1 - var('lookback_days'), 'as_of_date') }} as date) as lookback_start,
        {{ var('lookback_days') }} as lookback_days,
        as_of_basis
    from as_of

)

select * from final
