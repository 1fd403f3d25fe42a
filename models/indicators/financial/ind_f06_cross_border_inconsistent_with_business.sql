{#
    F06 cross_border_inconsistent_with_business: a company's outgoing
    cross-border payments are inconsistent with its stated business, at a
    meaningful share and amount of its outgoing volume. Fires on the company.
    Inconsistent: a country outside its declared trading countries (KYC
    expected_countries), when it declared some; a declared country is
    consistent with the business, higher-risk or not. When it declared none
    (null or blank) the declaration is unknown, not "nothing": then only
    payments to higher-risk countries (seed high_risk_countries) count, the
    leaflet's "areas where there is a higher risk of trafficking".
#}
{%- set window_days = threshold('F06', 'window_days') %}
{%- set min_cross_border_share = threshold('F06', 'min_cross_border_share') %}
{%- set min_cross_border_dkk = threshold('F06', 'min_cross_border_dkk') %}
{#- The warehouse's home jurisdiction: a payment is cross-border when the other side is elsewhere. Not a threshold. #}
{%- set home_country = 'DK' %}

with company_outgoing as (

    select
        txn_id,
        holder_party_id,
        booked_date,
        amount_dkk,
        counterparty_party_id,
        counterparty_country
    from {{ ref('int_transactions_joined_to_holders') }}
    where direction = 'out'
      and holder_party_type = 'company'
      and holder_party_id is not null

),

companies as (

    select
        party_id,
        full_name,
        expected_countries
    from {{ ref('stg_parties') }}
    where party_type = 'company'

),

high_risk_countries as (

    select country_code
    from {{ ref('high_risk_countries') }}

),

{#- Moves between the company's own accounts are not outgoing volume. #}
outflows as (

    select
        company_outgoing.txn_id,
        company_outgoing.holder_party_id as party_id,
        company_outgoing.booked_date,
        company_outgoing.amount_dkk,
        company_outgoing.counterparty_country,
        high_risk_countries.country_code is not null as is_high_risk,
        {#- A list of blanks and commas only declares nothing. #}
        replace(replace(coalesce(companies.expected_countries, ''), ' ', ''), ',', '') <> '' as has_declaration,
        {#- ',DK,DE,SE,' contains ',DE,': the list may carry blanks around its commas. #}
        concat(',', replace(coalesce(companies.expected_countries, ''), ' ', ''), ',')
            like concat('%,', company_outgoing.counterparty_country, ',%') as is_declared
    from company_outgoing
    inner join companies
        on company_outgoing.holder_party_id = companies.party_id
    left join high_risk_countries
        on company_outgoing.counterparty_country = high_risk_countries.country_code
    where company_outgoing.counterparty_party_id is null
       or company_outgoing.counterparty_party_id <> company_outgoing.holder_party_id

),

classified_outflows as (

    select
        txn_id,
        party_id,
        booked_date,
        amount_dkk,
        counterparty_country,
        counterparty_country is not null
            and counterparty_country <> '{{ home_country }}'
            and case when has_declaration then not is_declared else is_high_risk end as is_inconsistent
    from outflows

),

daily_outflows as (

    select
        party_id,
        booked_date,
        sum(amount_dkk) as outgoing_dkk,
        sum(case when is_inconsistent then amount_dkk else 0 end) as inconsistent_dkk,
        sum(case when is_inconsistent then 1 else 0 end) as inconsistent_count
    from classified_outflows
    group by
        party_id,
        booked_date

),

{#- Only companies whose inconsistent outflows reach the amount over the whole period can reach it in a window. #}
candidate_days as (

    select daily_outflows.*
    from daily_outflows
    where party_id in (
        select party_id
        from daily_outflows
        group by party_id
        having sum(inconsistent_dkk) >= {{ min_cross_border_dkk }}
    )

),

{#- Each day with an inconsistent outflow opens a window over all of the company's outgoing volume. #}
outflows_per_window as (

    select
        window_opener.party_id,
        window_opener.booked_date as window_start,
        max(outflow_day.booked_date) as window_end,
        sum(outflow_day.outgoing_dkk) as outgoing_dkk,
        sum(outflow_day.inconsistent_dkk) as inconsistent_dkk,
        sum(outflow_day.inconsistent_count) as inconsistent_count
    from candidate_days as window_opener
    inner join candidate_days as outflow_day
        on outflow_day.party_id = window_opener.party_id
        and outflow_day.booked_date >= window_opener.booked_date
        and outflow_day.booked_date <= {{ dbt.dateadd('day', window_days - 1, 'window_opener.booked_date') }}
    where window_opener.inconsistent_count > 0
    group by
        window_opener.party_id,
        window_opener.booked_date

),

windows_with_share as (

    select
        *,
        cast(inconsistent_dkk as double) / nullif(cast(outgoing_dkk as double), 0) as inconsistent_share
    from outflows_per_window

),

{#-
    The strongest window moves the most inconsistent money: ranking by share
    first would pick a window that opens on the last foreign payment, when
    little else is left in it, and hide the size of the pattern.
#}
strongest_window as (

    select *
    from windows_with_share
    where inconsistent_dkk >= {{ min_cross_border_dkk }}
      and inconsistent_share >= {{ min_cross_border_share }}
    qualify row_number() over (
        partition by party_id
        order by inconsistent_dkk desc, inconsistent_share desc, window_start
    ) = 1

),

countries_in_strongest_window as (

    select
        strongest_window.party_id,
        classified_outflows.counterparty_country
    from strongest_window
    inner join classified_outflows
        on classified_outflows.party_id = strongest_window.party_id
        and classified_outflows.booked_date >= strongest_window.window_start
        and classified_outflows.booked_date <= strongest_window.window_end
    where classified_outflows.is_inconsistent
    group by
        strongest_window.party_id,
        classified_outflows.counterparty_country

),

country_lists as (

    select
        party_id,
        {{ dbt.listagg('counterparty_country', "', '", 'order by counterparty_country') }} as country_list
    from countries_in_strongest_window
    group by party_id

),

final as (

    select
        'party' as entity_type,
        strongest_window.party_id as entity_id,
        'F06' as indicator_id,
        'trafficker' as role_side,
        least(1.0, 0.5 * cast(strongest_window.inconsistent_share as double) / {{ min_cross_border_share }}) as strength,
        strongest_window.window_start,
        strongest_window.window_end,
        cast(strongest_window.inconsistent_share as double) as measure,
        cast({{ min_cross_border_share }} as double) as threshold,
        concat(
            'Company ', companies.full_name, ' sent DKK ', {{ format_number('strongest_window.inconsistent_dkk') }},
            ' in ', cast(strongest_window.inconsistent_count as {{ dbt.type_string() }}), ' payment(s) to ',
            coalesce(country_lists.country_list, ''),
            case
                when replace(replace(coalesce(companies.expected_countries, ''), ' ', ''), ',', '') <> ''
                    then concat(' (outside its declared trading countries ', companies.expected_countries, '), ')
                else ' (countries of higher risk; it declared no trading countries), '
            end,
            {{ format_percent('strongest_window.inconsistent_share') }},
            ' of its DKK ', {{ format_number('strongest_window.outgoing_dkk') }}, ' outgoing,',
            ' between ', {{ format_date('strongest_window.window_start') }}, ' and ', {{ format_date('strongest_window.window_end') }},
            ' (threshold: ', {{ format_percent(min_cross_border_share) }}, ' and DKK ', {{ format_number(min_cross_border_dkk) }},
            ' in ', '{{ window_days }}', ' days)'
        ) as evidence
    from strongest_window
    inner join companies
        on strongest_window.party_id = companies.party_id
    left join country_lists
        on strongest_window.party_id = country_lists.party_id

)

select * from final
