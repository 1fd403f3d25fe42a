{#
    F09 money_transfer_service_reliance: a party sends its transfers through
    money-transfer services (Western Union, MoneyGram, Ria and the like)
    rather than from its own bank account, again and again. Fires on the
    sending party when, inside a window, it makes at least min_mts_transfers
    money transfers and they are at least min_mts_share_of_outgoing_transfers
    of all its outgoing transfers (money transfers plus ordinary bank
    transfers to others).
#}
{%- set window_days = threshold('F09', 'window_days') %}
{%- set min_mts_transfers = threshold('F09', 'min_mts_transfers') %}
{%- set min_mts_share = threshold('F09', 'min_mts_share_of_outgoing_transfers') %}

with money_transfers as (

    select
        txn_id,
        holder_party_id,
        booked_date,
        amount_dkk,
        service_name
    from {{ ref('int_money_transfers_identified') }}
    where holder_party_id is not null

),

{#- Bank transfers to someone else: moving money between one's own accounts is not sending it. #}
bank_transfers as (

    select
        txn_id,
        holder_party_id,
        booked_date
    from {{ ref('int_transactions_joined_to_holders') }}
    where direction = 'out'
      and channel = 'transfer'
      and holder_party_id is not null
      and (counterparty_party_id is null or counterparty_party_id <> holder_party_id)

),

{#- Only parties with enough money transfers over the whole period can have enough in a window. #}
candidate_parties as (

    select holder_party_id
    from money_transfers
    group by holder_party_id
    having count(*) >= {{ min_mts_transfers }}

),

candidate_money_transfers as (

    select money_transfers.*
    from money_transfers
    inner join candidate_parties
        on money_transfers.holder_party_id = candidate_parties.holder_party_id

),

{#- A bank transfer to a money-transfer service (named in the counterparty) is already a money transfer. #}
outgoing_transfers as (

    select
        txn_id,
        holder_party_id,
        booked_date,
        1 as is_money_transfer,
        amount_dkk
    from candidate_money_transfers

    union all

    select
        bank_transfers.txn_id,
        bank_transfers.holder_party_id,
        bank_transfers.booked_date,
        0 as is_money_transfer,
        cast(0 as decimal(18, 2)) as amount_dkk
    from bank_transfers
    inner join candidate_parties
        on bank_transfers.holder_party_id = candidate_parties.holder_party_id
    left join candidate_money_transfers
        on bank_transfers.txn_id = candidate_money_transfers.txn_id
    where candidate_money_transfers.txn_id is null

),

{#- Each money transfer opens a window over all of the party's outgoing transfers. #}
transfers_per_window as (

    select
        window_opener.holder_party_id as party_id,
        window_opener.txn_id as opening_txn_id,
        window_opener.booked_date as window_start,
        max(transfer.booked_date) as window_end,
        sum(transfer.is_money_transfer) as money_transfer_count,
        count(*) as outgoing_transfer_count,
        sum(transfer.amount_dkk) as money_transfer_dkk
    from candidate_money_transfers as window_opener
    inner join outgoing_transfers as transfer
        on transfer.holder_party_id = window_opener.holder_party_id
        and transfer.booked_date >= window_opener.booked_date
        and transfer.booked_date <= {{ dbt.dateadd('day', window_days - 1, 'window_opener.booked_date') }}
    group by
        window_opener.holder_party_id,
        window_opener.txn_id,
        window_opener.booked_date

),

windows_with_share as (

    select
        *,
        cast(money_transfer_count as double) / outgoing_transfer_count as money_transfer_share
    from transfers_per_window

),

strongest_window as (

    select *
    from windows_with_share
    where money_transfer_count >= {{ min_mts_transfers }}
      and money_transfer_share >= {{ min_mts_share }}
    qualify row_number() over (
        partition by party_id
        order by money_transfer_count desc, money_transfer_share desc, window_start, opening_txn_id
    ) = 1

),

services_in_strongest_window as (

    select
        strongest_window.party_id,
        coalesce(candidate_money_transfers.service_name, 'unnamed service') as service_name
    from strongest_window
    inner join candidate_money_transfers
        on candidate_money_transfers.holder_party_id = strongest_window.party_id
        and candidate_money_transfers.booked_date >= strongest_window.window_start
        and candidate_money_transfers.booked_date <= strongest_window.window_end
    group by
        strongest_window.party_id,
        coalesce(candidate_money_transfers.service_name, 'unnamed service')

),

service_lists as (

    select
        party_id,
        {{ dbt.listagg('service_name', "', '", 'order by service_name') }} as service_list
    from services_in_strongest_window
    group by party_id

),

final as (

    select
        'party' as entity_type,
        strongest_window.party_id as entity_id,
        'F09' as indicator_id,
        'both' as role_side,
        least(1.0, 0.5 * cast(strongest_window.money_transfer_count as double) / {{ min_mts_transfers }}) as strength,
        strongest_window.window_start,
        strongest_window.window_end,
        cast(strongest_window.money_transfer_count as double) as measure,
        cast({{ min_mts_transfers }} as double) as threshold,
        concat(
            'Sent ', cast(strongest_window.money_transfer_count as {{ dbt.type_string() }}),
            ' money transfers (', coalesce(service_lists.service_list, ''), '; DKK ',
            {{ format_number('strongest_window.money_transfer_dkk') }}, ') out of ',
            cast(strongest_window.outgoing_transfer_count as {{ dbt.type_string() }}), ' outgoing transfers (',
            {{ format_percent('strongest_window.money_transfer_share') }}, ')',
            ' between ', {{ format_date('strongest_window.window_start') }}, ' and ', {{ format_date('strongest_window.window_end') }},
            ' (threshold: ', '{{ min_mts_transfers }}', ' money transfers and ', {{ format_percent(min_mts_share) }},
            ' of outgoing transfers in ', '{{ window_days }}', ' days)'
        ) as evidence
    from strongest_window
    left join service_lists
        on strongest_window.party_id = service_lists.party_id

)

select * from final
