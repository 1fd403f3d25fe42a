{#
    F17 small_wallet_transfers_to_worker: the employer, or a party the
    worker's salary flows to, sends the worker small recurring wallet
    transfers (WeChat Pay and the like) to live on.
    Wallet transfers: bookings with channel 'wallet' or on an account whose
    provider is a wallet in seed payment_providers, of at most
    max_transfer_dkk, seen from either side (the worker's incoming or the
    sender's outgoing booking; the other side resolved by its account, else
    by a phone owned by exactly one party).
    Senders that count for a worker: the employer; a person holding a role
    in the employer; the holder of the account the worker's salary is paid
    into, when that is not the worker; a party that received at least F08's
    min_returned_share of one of the worker's salary credits within F08's
    return_window_days (int_salary_outflows_traced).
    Fires when such a sender's transfers to the worker fall in at least
    min_months distinct calendar months within some window_days days.
    Flags the worker (victim side) and the sender (trafficker side).
#}
{%- set min_months = threshold('F17', 'min_months') %}
{%- set max_transfer_dkk = threshold('F17', 'max_transfer_dkk') %}
{%- set window_days = threshold('F17', 'window_days') %}
{%- set min_returned_share = threshold('F08', 'min_returned_share') %}

with wallet_providers as (

    select
        lower(provider_name) as provider_name
    from {{ ref('payment_providers') }}
    where provider_type = 'wallet'

),

small_wallet_bookings as (

    select
        transactions.txn_id,
        transactions.holder_party_id,
        transactions.direction,
        transactions.booked_date,
        transactions.amount_dkk,
        transactions.counterparty_account_id,
        transactions.counterparty_party_id,
        transactions.counterparty_phone
    from {{ ref('int_transactions_joined_to_holders') }} as transactions
    left join wallet_providers
        on lower(transactions.account_provider) = wallet_providers.provider_name
    where (transactions.channel = 'wallet' or wallet_providers.provider_name is not null)
      and transactions.channel not in ('cash_deposit', 'cash_withdrawal', 'card', 'salary')
      and transactions.holder_party_id is not null
      and transactions.amount_dkk > 0
      and transactions.amount_dkk <= {{ max_transfer_dkk }}

),

{#- A phone shared by several parties names nobody in particular: it is not in here. #}
phone_owners as (

    select
        phone,
        party_id
    from {{ ref('int_phones_resolved_to_one_party') }}

),

{#- Both sides of one transfer may be booked: keep one row per receiver, sender, day and amount. #}
wallet_transfers as (

    select distinct
        case when small_wallet_bookings.direction = 'in'
            then small_wallet_bookings.holder_party_id
            else coalesce(small_wallet_bookings.counterparty_party_id, phone_owners.party_id)
        end as receiver_party_id,
        case when small_wallet_bookings.direction = 'in'
            then coalesce(small_wallet_bookings.counterparty_party_id, phone_owners.party_id)
            else small_wallet_bookings.holder_party_id
        end as sender_party_id,
        small_wallet_bookings.booked_date,
        small_wallet_bookings.amount_dkk
    from small_wallet_bookings
    left join phone_owners
        on small_wallet_bookings.counterparty_account_id is null
        and small_wallet_bookings.counterparty_phone = phone_owners.phone

),

employer_worker_links as (

    select
        employer_party_id,
        worker_party_id
    from {{ ref('int_employer_worker_links') }}

),

company_roles as (

    select distinct
        company_party_id,
        person_party_id
    from {{ ref('stg_company_roles') }}

),

salary_credits as (

    select
        employee_party_id,
        paid_to_holder_party_id
    from {{ ref('int_salary_credits_matched') }}
    where paid_to_holder_party_id is not null

),

salary_outflows as (

    select
        payslip_id,
        worker_party_id,
        credit_amount_dkk,
        destination_party_id,
        outflow_amount_dkk
    from {{ ref('int_salary_outflows_traced') }}
    where destination_kind in ('employer_side', 'other_account')
      and destination_party_id is not null

),

{#- A party that took most of one salary credit, as F08 measures it. #}
salary_taken_per_credit as (

    select
        payslip_id,
        worker_party_id,
        destination_party_id
    from salary_outflows
    group by
        payslip_id,
        worker_party_id,
        destination_party_id
    having sum(outflow_amount_dkk) >= {{ min_returned_share }} * max(credit_amount_dkk)

),

salary_recipients as (

    select distinct
        worker_party_id,
        destination_party_id as party_id
    from salary_taken_per_credit

),

{#- Who may be keeping the worker: the lower the rank, the plainer the link. #}
linked_senders as (

    select worker_party_id, employer_party_id as sender_party_id, 1 as link_rank, 'the employer' as link_text
    from employer_worker_links

    union all

    select
        employer_worker_links.worker_party_id,
        company_roles.person_party_id as sender_party_id,
        2 as link_rank,
        concat('a person holding a role in employer ', employer_worker_links.employer_party_id) as link_text
    from employer_worker_links
    inner join company_roles
        on employer_worker_links.employer_party_id = company_roles.company_party_id

    union all

    select distinct
        employee_party_id as worker_party_id,
        paid_to_holder_party_id as sender_party_id,
        3 as link_rank,
        'the holder of the account the salary is paid into' as link_text
    from salary_credits
    where paid_to_holder_party_id <> employee_party_id

    union all

    select worker_party_id, party_id as sender_party_id, 4 as link_rank, 'a receiver of most of a salary payment' as link_text
    from salary_recipients

),

sender_links as (

    select
        worker_party_id,
        sender_party_id,
        link_text
    from linked_senders
    where worker_party_id <> sender_party_id
    qualify row_number() over (
        partition by worker_party_id, sender_party_id
        order by link_rank, link_text
    ) = 1

),

linked_transfers as (

    select
        wallet_transfers.receiver_party_id as worker_party_id,
        wallet_transfers.sender_party_id,
        sender_links.link_text,
        wallet_transfers.booked_date,
        cast({{ dbt.date_trunc('month', 'wallet_transfers.booked_date') }} as date) as booked_month,
        wallet_transfers.amount_dkk
    from wallet_transfers
    inner join sender_links
        on wallet_transfers.receiver_party_id = sender_links.worker_party_id
        and wallet_transfers.sender_party_id = sender_links.sender_party_id

),

{#- Each transfer opens a window of window_days days. #}
transfers_per_window as (

    select
        window_opener.worker_party_id,
        window_opener.sender_party_id,
        window_opener.link_text,
        window_opener.booked_date as window_start,
        max(transfer.booked_date) as window_end,
        count(distinct transfer.booked_month) as month_count,
        count(*) as transfer_count,
        sum(transfer.amount_dkk) as total_dkk,
        max(transfer.amount_dkk) as largest_dkk
    from linked_transfers as window_opener
    inner join linked_transfers as transfer
        on window_opener.worker_party_id = transfer.worker_party_id
        and window_opener.sender_party_id = transfer.sender_party_id
        and transfer.booked_date >= window_opener.booked_date
        and transfer.booked_date <= {{ dbt.dateadd('day', window_days - 1, 'window_opener.booked_date') }}
    group by
        window_opener.worker_party_id,
        window_opener.sender_party_id,
        window_opener.link_text,
        window_opener.booked_date

),

strongest_window_per_pair as (

    select
        *,
        concat(
            cast(transfer_count as {{ dbt.type_string() }}), ' small wallet transfers (DKK ', {{ format_number('total_dkk') }},
            ' in all, at most DKK ', {{ format_number('largest_dkk') }}, ' each) from ', sender_party_id, ', ', link_text,
            ', to worker ', worker_party_id, ' in ', cast(month_count as {{ dbt.type_string() }}), ' different months between ',
            {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' (threshold: ', '{{ min_months }}', ' months within ', '{{ window_days }}', ' days, transfers up to DKK ',
            {{ format_number(max_transfer_dkk) }}, ')'
        ) as evidence
    from transfers_per_window
    where month_count >= {{ min_months }}
    qualify row_number() over (
        partition by worker_party_id, sender_party_id
        order by month_count desc, transfer_count desc, window_start
    ) = 1

),

flags as (

    select
        'party' as entity_type,
        worker_party_id as entity_id,
        'victim' as role_side,
        month_count,
        transfer_count,
        window_start,
        window_end,
        evidence
    from strongest_window_per_pair

    union all

    select
        'party' as entity_type,
        sender_party_id as entity_id,
        'trafficker' as role_side,
        month_count,
        transfer_count,
        window_start,
        window_end,
        evidence
    from strongest_window_per_pair

),

final as (

    select
        entity_type,
        entity_id,
        'F17' as indicator_id,
        role_side,
        least(1.0, 0.5 * cast(month_count as double) / {{ min_months }}) as strength,
        window_start,
        window_end,
        cast(month_count as double) as measure,
        cast({{ min_months }} as double) as threshold,
        evidence
    from flags
    qualify row_number() over (
        partition by entity_type, entity_id, role_side
        order by month_count desc, transfer_count desc, window_start, evidence
    ) = 1

)

select * from final
