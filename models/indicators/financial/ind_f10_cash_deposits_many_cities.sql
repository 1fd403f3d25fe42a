{#
    F10 cash_deposits_many_cities: cash deposits made in several different
    cities within a short time, as when a person exploited in prostitution is
    moved around the country. Persons only: a chain of shops or restaurants
    banking its takings at branches in several cities is ordinary, and the
    leaflet's pattern is a person being moved. Fires on the person whose cash
    deposits
    inside some window of window_days days were made in at least
    min_distinct_cities different cities (location_city_key of
    int_cash_deposits_located). Card spending, cash withdrawals and other
    channels do not count: the rule is about where cash was paid in.
#}
{%- set window_days = threshold('F10', 'window_days') %}
{%- set min_distinct_cities = threshold('F10', 'min_distinct_cities') %}

with cash_deposits as (

    select
        holder_party_id,
        booked_date,
        amount_dkk,
        location_city,
        location_city_key
    from {{ ref('int_cash_deposits_located') }}
    where location_city_key is not null
      and holder_party_type = 'person'

),

{#- Only holders with deposits in enough cities over the whole lookback period
    can have a qualifying window: the self-join below skips everybody else
    (shops banking their takings daily at one branch). #}
holders_in_enough_cities as (

    select
        holder_party_id
    from cash_deposits
    group by holder_party_id
    having count(distinct location_city_key) >= {{ min_distinct_cities }}

),

candidate_deposits as (

    select cash_deposits.*
    from cash_deposits
    inner join holders_in_enough_cities
        on cash_deposits.holder_party_id = holders_in_enough_cities.holder_party_id

),

deposit_days as (

    select distinct
        holder_party_id,
        booked_date
    from candidate_deposits

),

{#- Each day with a deposit opens a window. #}
deposits_per_window as (

    select
        window_opener.holder_party_id,
        window_opener.booked_date as window_start,
        max(deposit.booked_date) as window_end,
        count(*) as deposit_count,
        count(distinct deposit.location_city_key) as city_count,
        sum(deposit.amount_dkk) as total_dkk
    from deposit_days as window_opener
    inner join candidate_deposits as deposit
        on deposit.holder_party_id = window_opener.holder_party_id
        and deposit.booked_date >= window_opener.booked_date
        and deposit.booked_date <= {{ dbt.dateadd('day', window_days - 1, 'window_opener.booked_date') }}
    group by
        window_opener.holder_party_id,
        window_opener.booked_date

),

strongest_window as (

    select *
    from deposits_per_window
    where city_count >= {{ min_distinct_cities }}
    qualify row_number() over (
        partition by holder_party_id
        order by city_count desc, deposit_count desc, window_start
    ) = 1

),

{#- The cities of the strongest window, each once, for the evidence. #}
cities_in_strongest_window as (

    select
        strongest_window.holder_party_id,
        deposit.location_city_key,
        min(deposit.location_city) as location_city
    from strongest_window
    inner join candidate_deposits as deposit
        on deposit.holder_party_id = strongest_window.holder_party_id
        and deposit.booked_date >= strongest_window.window_start
        and deposit.booked_date <= strongest_window.window_end
    group by
        strongest_window.holder_party_id,
        deposit.location_city_key

),

city_lists as (

    select
        holder_party_id,
        {{ dbt.listagg('location_city', "', '", 'order by location_city') }} as city_list
    from cities_in_strongest_window
    group by holder_party_id

),

final as (

    select
        'party' as entity_type,
        strongest_window.holder_party_id as entity_id,
        'F10' as indicator_id,
        'both' as role_side,
        least(1.0, 0.5 * cast(strongest_window.city_count as double) / {{ min_distinct_cities }}) as strength,
        strongest_window.window_start,
        strongest_window.window_end,
        cast(strongest_window.city_count as double) as measure,
        cast({{ min_distinct_cities }} as double) as threshold,
        concat(
            'Made ', cast(strongest_window.deposit_count as {{ dbt.type_string() }}),
            ' cash deposits (DKK ', {{ format_number('strongest_window.total_dkk') }}, ' in all) in ',
            cast(strongest_window.city_count as {{ dbt.type_string() }}), ' different cities (',
            city_lists.city_list, ') between ', {{ format_date('strongest_window.window_start') }},
            ' and ', {{ format_date('strongest_window.window_end') }},
            ' (threshold: ', '{{ min_distinct_cities }}', ' cities within ', '{{ window_days }}', ' days)'
        ) as evidence
    from strongest_window
    inner join city_lists
        on strongest_window.holder_party_id = city_lists.holder_party_id

)

select * from final
