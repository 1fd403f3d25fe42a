{#
    Where a salary goes right after it lands: for every matched salary credit
    (int_salary_credits_matched), each outgoing booking on the same account
    from the credit until F08's return_window_days after its booking date,
    with where the money went:
      - own_account: to an account of the account holder or of the worker;
      - employer_side: to the employer, or to a person holding a role in the
        employer (owner, director, founder, signatory) on that day, through
        any channel;
      - cash: a cash withdrawal;
      - other_account: a transfer, mobile payment, wallet or money-transfer
        payment to anyone else (identified by destination_key).
    Card payments and direct debits to others (spending, bills) are left out.
    The destination party is the holder of the counterparty account, else the
    one party owning the counterparty phone (int_phones_resolved_to_one_party).
#}
{%- set return_window_days = threshold('F08', 'return_window_days') %}

with salary_credits as (

    select
        payslip_id,
        employer_party_id,
        employee_party_id,
        paid_to_account_id as account_id,
        paid_to_holder_party_id,
        credit_txn_id,
        credit_booked_at,
        credit_booked_date,
        credit_amount_dkk
    from {{ ref('int_salary_credits_matched') }}
    where is_matched

),

salary_accounts as (

    select distinct
        account_id
    from salary_credits

),

outflows as (

    select
        transactions.txn_id,
        transactions.account_id,
        transactions.booked_at,
        transactions.booked_date,
        transactions.amount_dkk,
        transactions.channel,
        transactions.counterparty_account_id,
        transactions.counterparty_party_id,
        transactions.counterparty_phone,
        transactions.counterparty_name,
        transactions.counterparty_country
    from {{ ref('int_transactions_joined_to_holders') }} as transactions
    inner join salary_accounts
        on transactions.account_id = salary_accounts.account_id
    where transactions.direction = 'out'

),

{#- A phone shared by several parties names nobody in particular: it is not in here. #}
phone_owners as (

    select
        phone,
        party_id
    from {{ ref('int_phones_resolved_to_one_party') }}

),

company_roles as (

    select
        company_party_id,
        person_party_id,
        valid_from,
        valid_to
    from {{ ref('stg_company_roles') }}

),

outflows_after_salary as (

    select
        salary_credits.payslip_id,
        salary_credits.credit_txn_id,
        salary_credits.employer_party_id,
        salary_credits.employee_party_id as worker_party_id,
        salary_credits.account_id,
        salary_credits.paid_to_holder_party_id as account_holder_party_id,
        salary_credits.credit_booked_date,
        salary_credits.credit_amount_dkk,
        outflows.txn_id as outflow_txn_id,
        outflows.booked_at as outflow_booked_at,
        outflows.booked_date as outflow_booked_date,
        outflows.amount_dkk as outflow_amount_dkk,
        outflows.channel,
        outflows.counterparty_account_id,
        outflows.counterparty_phone,
        outflows.counterparty_name,
        outflows.counterparty_country,
        coalesce(outflows.counterparty_party_id, phone_owners.party_id) as destination_party_id
    from salary_credits
    inner join outflows
        on salary_credits.account_id = outflows.account_id
        and outflows.booked_at >= salary_credits.credit_booked_at
        and outflows.booked_date <= {{ dbt.dateadd('day', return_window_days, 'salary_credits.credit_booked_date') }}
    left join phone_owners
        on outflows.counterparty_account_id is null
        and outflows.counterparty_phone = phone_owners.phone

),

{#- A role counts when it was held on the day the money left. #}
employer_side_destinations as (

    select distinct
        outflows_after_salary.outflow_txn_id,
        outflows_after_salary.payslip_id
    from outflows_after_salary
    inner join company_roles
        on outflows_after_salary.employer_party_id = company_roles.company_party_id
        and outflows_after_salary.destination_party_id = company_roles.person_party_id
        and company_roles.valid_from <= outflows_after_salary.outflow_booked_date
        and (company_roles.valid_to is null or company_roles.valid_to >= outflows_after_salary.outflow_booked_date)

),

classified as (

    select
        outflows_after_salary.*,
        case
            when outflows_after_salary.destination_party_id = outflows_after_salary.account_holder_party_id
                or outflows_after_salary.destination_party_id = outflows_after_salary.worker_party_id
                then 'own_account'
            when outflows_after_salary.destination_party_id = outflows_after_salary.employer_party_id
                or employer_side_destinations.outflow_txn_id is not null
                then 'employer_side'
            when outflows_after_salary.channel = 'cash_withdrawal'
                then 'cash'
            when outflows_after_salary.channel in ('transfer', 'mobile_payment', 'wallet', 'money_transfer_service')
                then 'other_account'
        end as destination_kind
    from outflows_after_salary
    left join employer_side_destinations
        on outflows_after_salary.outflow_txn_id = employer_side_destinations.outflow_txn_id
        and outflows_after_salary.payslip_id = employer_side_destinations.payslip_id

),

final as (

    select
        payslip_id,
        credit_txn_id,
        employer_party_id,
        worker_party_id,
        account_id,
        account_holder_party_id,
        credit_booked_date,
        credit_amount_dkk,
        outflow_txn_id,
        outflow_booked_at,
        outflow_booked_date,
        outflow_amount_dkk,
        channel,
        destination_kind,
        destination_party_id,
        case
            when destination_kind = 'cash' then 'cash'
            when destination_kind = 'employer_side' then destination_party_id
            else coalesce(
                destination_party_id,
                counterparty_account_id,
                counterparty_phone,
                case when counterparty_name is not null
                    then concat(coalesce(counterparty_country, ''), ':', lower(counterparty_name))
                end
            )
        end as destination_key,
        counterparty_name as destination_name
    from classified
    where destination_kind is not null
      and not (destination_kind = 'other_account' and coalesce(destination_party_id, counterparty_account_id, counterparty_phone, counterparty_name) is null)

)

select * from final
