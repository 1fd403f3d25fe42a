{#
    F11 travel_and_embassy_payments: a party outside the travel trade pays
    airlines and travel agencies many times AND pays embassies or consulates
    repeatedly, inside one window: the pattern of someone arranging tickets
    and travel documents for other people. Fires on the paying party.
    Both legs are required (the catalogue's "and"): each alone has an everyday
    explanation (a frequent traveller; a migrant renewing a passport).
#}
{%- set window_days = threshold('F11', 'window_days') %}
{%- set min_travel_payments = threshold('F11', 'min_travel_payments') %}
{%- set min_embassy_payments = threshold('F11', 'min_embassy_payments') %}

with outgoing_payments as (

    select
        txn_id,
        holder_party_id,
        booked_date,
        amount_dkk,
        merchant_name,
        merchant_category_code,
        counterparty_name
    from {{ ref('int_transactions_joined_to_holders') }}
    where direction = 'out'
      and holder_party_id is not null

),

{#-
    Codes and names are matched once per distinct value as booked, read in
    their own narrow scans, then joined back on equality: the same MCCs and
    payee names recur millions of times at large scale, a range or LIKE join
    over every booking is a nested loop, and reading them apart keeps the
    wide scan above single-use (an engine may otherwise materialise it).
#}
booked_codes as (

    select merchant_category_code
    from {{ ref('int_transactions_joined_to_holders') }}
    where direction = 'out'
      and merchant_category_code is not null
    group by merchant_category_code

),

booked_counterparty_names as (

    select counterparty_name as booked_name
    from {{ ref('int_transactions_joined_to_holders') }}
    where direction = 'out'
      and counterparty_name is not null
    group by counterparty_name

),

booked_merchant_names as (

    select merchant_name as booked_name
    from {{ ref('int_transactions_joined_to_holders') }}
    where direction = 'out'
      and merchant_name is not null
    group by merchant_name

),

parties as (

    select
        party_id,
        party_type,
        industry_code
    from {{ ref('stg_parties') }}

),

travel_merchant_categories as (

    select
        mcc_from,
        mcc_to
    from {{ ref('travel_merchant_categories') }}

),

embassy_payees as (

    select payee_pattern
    from {{ ref('embassy_payees') }}

),

{#- NACE 79: travel agencies, tour operators and reservation services buy tickets for a living. #}
travel_trade_parties as (

    select party_id
    from parties
    where party_type = 'company'
      and (industry_code = '79' or industry_code like '79.%')

),

{#- Ranges may overlap: one row per code. #}
travel_codes as (

    select booked_codes.merchant_category_code
    from booked_codes
    inner join travel_merchant_categories
        on {{ dbt.safe_cast('booked_codes.merchant_category_code', 'integer') }}
            between travel_merchant_categories.mcc_from and travel_merchant_categories.mcc_to
    group by booked_codes.merchant_category_code

),

distinct_names as (

    select booked_name from booked_counterparty_names

    union

    select booked_name from booked_merchant_names

),

{#- A name can contain two patterns ('Embassy ... Consulate'): one row per name. #}
embassy_names as (

    select distinct_names.booked_name
    from distinct_names
    inner join embassy_payees
        on lower(distinct_names.booked_name) like concat('%', embassy_payees.payee_pattern, '%')
    group by distinct_names.booked_name

),

{#- One pass over the bookings; a payment can be both (then it counts on both legs). #}
payments as (

    select
        outgoing_payments.txn_id,
        outgoing_payments.holder_party_id as party_id,
        outgoing_payments.booked_date,
        outgoing_payments.amount_dkk,
        case when travel_codes.merchant_category_code is not null then 1 else 0 end as is_travel,
        case
            when counterparty_embassy.booked_name is not null or merchant_embassy.booked_name is not null then 1
            else 0
        end as is_embassy,
        case
            when counterparty_embassy.booked_name is not null then outgoing_payments.counterparty_name
            when merchant_embassy.booked_name is not null then outgoing_payments.merchant_name
        end as payee_name
    from outgoing_payments
    left join travel_codes
        on outgoing_payments.merchant_category_code = travel_codes.merchant_category_code
    left join embassy_names as counterparty_embassy
        on outgoing_payments.counterparty_name = counterparty_embassy.booked_name
    left join embassy_names as merchant_embassy
        on outgoing_payments.merchant_name = merchant_embassy.booked_name
    where travel_codes.merchant_category_code is not null
       or counterparty_embassy.booked_name is not null
       or merchant_embassy.booked_name is not null

),

{#- Only parties outside the travel trade that reach both minimums over the whole period can reach them in a window. #}
candidate_parties as (

    select payments.party_id
    from payments
    left join travel_trade_parties
        on payments.party_id = travel_trade_parties.party_id
    where travel_trade_parties.party_id is null
    group by payments.party_id
    having sum(payments.is_travel) >= {{ min_travel_payments }}
       and sum(payments.is_embassy) >= {{ min_embassy_payments }}

),

candidate_payments as (

    select payments.*
    from payments
    inner join candidate_parties
        on payments.party_id = candidate_parties.party_id

),

{#- Each payment opens a window; together they cover every window that can qualify. #}
payments_per_window as (

    select
        window_opener.party_id,
        window_opener.txn_id as opening_txn_id,
        window_opener.is_travel as opener_is_travel,
        window_opener.booked_date as window_start,
        max(payment.booked_date) as window_end,
        sum(payment.is_travel) as travel_count,
        sum(payment.is_embassy) as embassy_count,
        sum(case when payment.is_travel = 1 then payment.amount_dkk else 0 end) as travel_dkk
    from candidate_payments as window_opener
    inner join candidate_payments as payment
        on payment.party_id = window_opener.party_id
        and payment.booked_date >= window_opener.booked_date
        and payment.booked_date <= {{ dbt.dateadd('day', window_days - 1, 'window_opener.booked_date') }}
    group by
        window_opener.party_id,
        window_opener.txn_id,
        window_opener.is_travel,
        window_opener.booked_date

),

{#- Strength follows the weaker leg: both are needed. #}
strongest_window as (

    select
        *,
        least(
            cast(travel_count as double) / {{ min_travel_payments }},
            cast(embassy_count as double) / {{ min_embassy_payments }}
        ) as weaker_leg_ratio
    from payments_per_window
    where travel_count >= {{ min_travel_payments }}
      and embassy_count >= {{ min_embassy_payments }}
    qualify row_number() over (
        partition by party_id
        order by
            least(
                cast(travel_count as double) / {{ min_travel_payments }},
                cast(embassy_count as double) / {{ min_embassy_payments }}
            ) desc,
            travel_count desc,
            embassy_count desc,
            window_start,
            opener_is_travel,
            opening_txn_id
    ) = 1

),

payees_in_strongest_window as (

    select
        strongest_window.party_id,
        candidate_payments.payee_name
    from strongest_window
    inner join candidate_payments
        on candidate_payments.party_id = strongest_window.party_id
        and candidate_payments.booked_date >= strongest_window.window_start
        and candidate_payments.booked_date <= strongest_window.window_end
    where candidate_payments.is_embassy = 1
    group by
        strongest_window.party_id,
        candidate_payments.payee_name

),

payee_lists as (

    select
        party_id,
        {{ dbt.listagg('payee_name', "', '", 'order by payee_name') }} as payee_list
    from payees_in_strongest_window
    group by party_id

),

final as (

    select
        'party' as entity_type,
        strongest_window.party_id as entity_id,
        'F11' as indicator_id,
        'trafficker' as role_side,
        least(1.0, 0.5 * strongest_window.weaker_leg_ratio) as strength,
        strongest_window.window_start,
        strongest_window.window_end,
        cast(strongest_window.travel_count as double) as measure,
        cast({{ min_travel_payments }} as double) as threshold,
        concat(
            'Paid airlines or travel agencies ', cast(strongest_window.travel_count as {{ dbt.type_string() }}),
            ' times (DKK ', {{ format_number('strongest_window.travel_dkk') }}, ') and embassies or consulates ',
            cast(strongest_window.embassy_count as {{ dbt.type_string() }}), ' times (', coalesce(payee_lists.payee_list, ''), ')',
            ' between ', {{ format_date('strongest_window.window_start') }}, ' and ', {{ format_date('strongest_window.window_end') }},
            ', while not itself in the travel trade',
            ' (threshold: ', '{{ min_travel_payments }}', ' travel and ', '{{ min_embassy_payments }}',
            ' embassy payments in ', '{{ window_days }}', ' days)'
        ) as evidence
    from strongest_window
    left join payee_lists
        on strongest_window.party_id = payee_lists.party_id

)

select * from final
