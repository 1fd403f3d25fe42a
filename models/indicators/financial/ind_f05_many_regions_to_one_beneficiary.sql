{#
    F05 many_regions_to_one_beneficiary: money transfers sent from several
    different cities, by several different senders, to one beneficiary in a
    higher-risk country. Fires on the beneficiary (trafficker side) and on
    every party that sent to it inside a qualifying window (both sides: the
    senders can be network members or exploited people remitting earnings).
#}
{%- set window_days = threshold('F05', 'window_days') %}
{%- set min_distinct_senders = threshold('F05', 'min_distinct_senders') %}
{%- set min_distinct_cities = threshold('F05', 'min_distinct_cities') %}

with money_transfers as (

    select
        txn_id,
        account_id,
        holder_party_id,
        booked_date,
        amount_dkk,
        counterparty_name,
        counterparty_country,
        beneficiary_key,
        location_city,
        sending_city
    from {{ ref('int_money_transfers_identified') }}
    where beneficiary_key is not null

),

high_risk_countries as (

    select
        country_code,
        country_name
    from {{ ref('high_risk_countries') }}

),

{#- A sender outside stg_accounts still counts as a sender (by its account), it just cannot be flagged. #}
transfers_to_high_risk_beneficiaries as (

    select
        money_transfers.txn_id,
        money_transfers.holder_party_id,
        coalesce(money_transfers.holder_party_id, concat('account:', money_transfers.account_id)) as sender_key,
        money_transfers.booked_date,
        money_transfers.amount_dkk,
        money_transfers.counterparty_name,
        high_risk_countries.country_name,
        money_transfers.beneficiary_key,
        money_transfers.location_city,
        money_transfers.sending_city
    from money_transfers
    inner join high_risk_countries
        on money_transfers.counterparty_country = high_risk_countries.country_code

),

{#- Only beneficiaries that reach both minimums over the whole period can reach them in a window. #}
candidate_beneficiaries as (

    select beneficiary_key
    from transfers_to_high_risk_beneficiaries
    group by beneficiary_key
    having count(distinct sender_key) >= {{ min_distinct_senders }}
       and count(distinct sending_city) >= {{ min_distinct_cities }}

),

candidate_transfers as (

    select transfers_to_high_risk_beneficiaries.*
    from transfers_to_high_risk_beneficiaries
    inner join candidate_beneficiaries
        on transfers_to_high_risk_beneficiaries.beneficiary_key = candidate_beneficiaries.beneficiary_key

),

{#- Each transfer opens a window; together they cover every window that can qualify. #}
transfers_per_window as (

    select
        window_opener.beneficiary_key,
        window_opener.txn_id as opening_txn_id,
        window_opener.booked_date as window_start,
        max(transfer.booked_date) as window_end,
        count(*) as transfer_count,
        count(distinct transfer.sender_key) as sender_count,
        count(distinct transfer.sending_city) as city_count,
        sum(transfer.amount_dkk) as total_dkk,
        coalesce(trim({{ regexp_replace_all('min(transfer.counterparty_name)', '[ \\t\\r\\n]+', ' ') }}), window_opener.beneficiary_key) as beneficiary_name,
        min(transfer.country_name) as country_name
    from candidate_transfers as window_opener
    inner join candidate_transfers as transfer
        on transfer.beneficiary_key = window_opener.beneficiary_key
        and transfer.booked_date >= window_opener.booked_date
        and transfer.booked_date <= {{ dbt.dateadd('day', window_days - 1, 'window_opener.booked_date') }}
    group by
        window_opener.beneficiary_key,
        window_opener.txn_id,
        window_opener.booked_date

),

qualifying_windows as (

    select *
    from transfers_per_window
    where sender_count >= {{ min_distinct_senders }}
      and city_count >= {{ min_distinct_cities }}

),

strongest_window as (

    select *
    from qualifying_windows
    qualify row_number() over (
        partition by beneficiary_key
        order by city_count desc, sender_count desc, window_start, opening_txn_id
    ) = 1

),

cities_in_strongest_window as (

    select
        strongest_window.beneficiary_key,
        transfer.sending_city,
        min(transfer.location_city) as city_name
    from strongest_window
    inner join candidate_transfers as transfer
        on transfer.beneficiary_key = strongest_window.beneficiary_key
        and transfer.booked_date >= strongest_window.window_start
        and transfer.booked_date <= strongest_window.window_end
    where transfer.sending_city is not null
    group by
        strongest_window.beneficiary_key,
        transfer.sending_city

),

city_lists as (

    select
        beneficiary_key,
        {{ dbt.listagg('city_name', "', '", 'order by city_name') }} as city_list
    from cities_in_strongest_window
    group by beneficiary_key

),

{#- Every party that sent to the beneficiary inside any qualifying window; its strongest such window. #}
sender_windows as (

    select
        transfer.holder_party_id as party_id,
        qualifying_windows.beneficiary_key,
        qualifying_windows.opening_txn_id,
        qualifying_windows.window_start,
        qualifying_windows.window_end,
        qualifying_windows.sender_count,
        qualifying_windows.city_count,
        qualifying_windows.beneficiary_name,
        qualifying_windows.country_name,
        count(*) as own_transfer_count,
        sum(transfer.amount_dkk) as own_total_dkk
    from qualifying_windows
    inner join candidate_transfers as transfer
        on transfer.beneficiary_key = qualifying_windows.beneficiary_key
        and transfer.booked_date >= qualifying_windows.window_start
        and transfer.booked_date <= qualifying_windows.window_end
    where transfer.holder_party_id is not null
    group by
        transfer.holder_party_id,
        qualifying_windows.beneficiary_key,
        qualifying_windows.opening_txn_id,
        qualifying_windows.window_start,
        qualifying_windows.window_end,
        qualifying_windows.sender_count,
        qualifying_windows.city_count,
        qualifying_windows.beneficiary_name,
        qualifying_windows.country_name

),

strongest_sender_window as (

    select *
    from sender_windows
    qualify row_number() over (
        partition by party_id
        order by city_count desc, sender_count desc, window_start, beneficiary_key, opening_txn_id
    ) = 1

),

beneficiary_flags as (

    select
        'beneficiary' as entity_type,
        strongest_window.beneficiary_key as entity_id,
        'trafficker' as role_side,
        strongest_window.city_count,
        strongest_window.window_start,
        strongest_window.window_end,
        concat(
            'Beneficiary ', strongest_window.beneficiary_name, ' in ', strongest_window.country_name,
            ' (a higher-risk country) received ', cast(strongest_window.transfer_count as {{ dbt.type_string() }}),
            ' money transfers (DKK ', {{ format_number('strongest_window.total_dkk') }}, ') from ',
            cast(strongest_window.sender_count as {{ dbt.type_string() }}), ' different senders in ',
            cast(strongest_window.city_count as {{ dbt.type_string() }}), ' cities (', coalesce(city_lists.city_list, ''), ')',
            ' between ', {{ format_date('strongest_window.window_start') }}, ' and ', {{ format_date('strongest_window.window_end') }},
            ' (threshold: ', '{{ min_distinct_senders }}', ' senders and ', '{{ min_distinct_cities }}', ' cities in ', '{{ window_days }}', ' days)'
        ) as evidence
    from strongest_window
    left join city_lists
        on strongest_window.beneficiary_key = city_lists.beneficiary_key

),

sender_flags as (

    select
        'party' as entity_type,
        party_id as entity_id,
        'both' as role_side,
        city_count,
        window_start,
        window_end,
        concat(
            'Sent ', cast(own_transfer_count as {{ dbt.type_string() }}), ' money transfer(s) (DKK ', {{ format_number('own_total_dkk') }}, ')',
            ' to ', beneficiary_name, ' in ', country_name, ' (a higher-risk country), who received money transfers from ',
            cast(sender_count as {{ dbt.type_string() }}), ' different senders in ', cast(city_count as {{ dbt.type_string() }}), ' cities',
            ' between ', {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' (threshold: ', '{{ min_distinct_senders }}', ' senders and ', '{{ min_distinct_cities }}', ' cities in ', '{{ window_days }}', ' days)'
        ) as evidence
    from strongest_sender_window

),

flags as (

    select * from beneficiary_flags
    union all
    select * from sender_flags

),

final as (

    select
        entity_type,
        entity_id,
        'F05' as indicator_id,
        role_side,
        least(1.0, 0.5 * cast(city_count as double) / {{ min_distinct_cities }}) as strength,
        window_start,
        window_end,
        cast(city_count as double) as measure,
        cast({{ min_distinct_cities }} as double) as threshold,
        evidence
    from flags

)

select * from final
