{#
    The single as-of date and lookback period every indicator works inside.
    as_of_date: the var when given, else the latest booking date in the data
    (else today, for a landing zone without transactions).
#}
with latest_booking as (

    select max(booked_at) as latest_booked_at
    from {{ ref('stg_transactions') }}

),

as_of as (

    select
        {%- if var('as_of_date') %}
        cast('{{ var("as_of_date") }}' as date) as as_of_date
        {%- else %}
        coalesce(cast(latest_booked_at as date), current_date) as as_of_date
        {%- endif %}
    from latest_booking

),

final as (

    select
        as_of_date,
        cast({{ dbt.dateadd('day', 1 - var('lookback_days'), 'as_of_date') }} as date) as lookback_start,
        {{ var('lookback_days') }} as lookback_days
    from as_of

)

select * from final
