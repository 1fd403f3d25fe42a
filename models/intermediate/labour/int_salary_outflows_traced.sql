{#
    Where a salary goes right after it lands: for every matched salary credit
    (int_salary_credits_matched), each outgoing booking on the same account
    from the credit until F08's return_window_days after its booking date,
    with where the money went (the first that applies):
      - own_account: to an account of the account holder or of the worker, in
        the data (its holder) or outside it (a transfer to an account not in
        the data booked in the holder's or the worker's own name);
      - employer_side: to the employer or a party related to it on that day:
        a person holding a role in it (owner, director, founder, signatory),
        or a party registered at the address of the employer or of such a
        person when that address is a household (at most F08's
        max_parties_at_shared_address parties registered there that day);
        any channel;
      - cash: a cash withdrawal;
      - remittance: a transfer or money-transfer-service payment to a party
        in another country (counterparty_country not DK): money sent home;
      - other_account: a transfer, mobile payment, wallet or money-transfer
        payment to anyone else (identified by destination_key).
    Card payments and direct debits to others (spending, bills) are left out.
    The destination party is the holder of the counterparty account, else the
    one party owning the counterparty phone (int_phones_resolved_to_one_party).
#}
{%- set return_window_days = threshold('F08', 'return_window_days') %}
{%- set max_parties_at_shared_address = threshold('F08', 'max_parties_at_shared_address') %}
{#- The warehouse's home jurisdiction: money to another country is sent abroad. Not a threshold. #}
{%- set home_country = 'DK' %}

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

{#- Names compared lower case, trimmed, inner blanks collapsed. #}
party_names as (

    select
        party_id,
        {{ regexp_replace_all('lower(trim(full_name))', ' +', ' ') }} as name_key
    from {{ ref('stg_parties') }}
    where full_name is not null

),

party_addresses as (

    select
        party_id,
        address_id,
        valid_from,
        valid_to
    from {{ ref('stg_party_addresses') }}

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

{#- An account outside the data booked in the worker's or the holder's own
    name is read as theirs: a name is all the data holds of such an account
    (the payer types it; the bank cannot see who holds the account at
    another bank). #}
own_named_destinations as (

    select distinct
        outflows_after_salary.payslip_id,
        outflows_after_salary.outflow_txn_id
    from outflows_after_salary
    inner join party_names
        on party_names.party_id in (outflows_after_salary.worker_party_id, outflows_after_salary.account_holder_party_id)
        and party_names.name_key = {{ regexp_replace_all('lower(trim(outflows_after_salary.counterparty_name))', ' +', ' ') }}
    where outflows_after_salary.destination_party_id is null
      and outflows_after_salary.counterparty_account_id is null

),

{#- The employer and the people holding a role in it on the day the money left. #}
employer_people_on_day as (

    select
        outflows_after_salary.payslip_id,
        outflows_after_salary.outflow_txn_id,
        outflows_after_salary.outflow_booked_date,
        outflows_after_salary.destination_party_id,
        outflows_after_salary.employer_party_id as related_party_id,
        'employer' as relation
    from outflows_after_salary
    where outflows_after_salary.destination_party_id is not null

    union all

    select
        outflows_after_salary.payslip_id,
        outflows_after_salary.outflow_txn_id,
        outflows_after_salary.outflow_booked_date,
        outflows_after_salary.destination_party_id,
        company_roles.person_party_id as related_party_id,
        'role_holder' as relation
    from outflows_after_salary
    inner join company_roles
        on outflows_after_salary.employer_party_id = company_roles.company_party_id
        and company_roles.valid_from <= outflows_after_salary.outflow_booked_date
        and (company_roles.valid_to is null or company_roles.valid_to >= outflows_after_salary.outflow_booked_date)
    where outflows_after_salary.destination_party_id is not null

),

{#- The destination is registered at the address of the employer or of one of its people that day. #}
shared_addresses as (

    select distinct
        employer_people_on_day.payslip_id,
        employer_people_on_day.outflow_txn_id,
        employer_people_on_day.outflow_booked_date,
        destination_address.address_id
    from employer_people_on_day
    inner join party_addresses as destination_address
        on employer_people_on_day.destination_party_id = destination_address.party_id
        and destination_address.valid_from <= employer_people_on_day.outflow_booked_date
        and (destination_address.valid_to is null or destination_address.valid_to >= employer_people_on_day.outflow_booked_date)
    inner join party_addresses as related_address
        on employer_people_on_day.related_party_id = related_address.party_id
        and destination_address.address_id = related_address.address_id
        and related_address.valid_from <= employer_people_on_day.outflow_booked_date
        and (related_address.valid_to is null or related_address.valid_to >= employer_people_on_day.outflow_booked_date)
    where employer_people_on_day.destination_party_id <> employer_people_on_day.related_party_id

),

{#- A block of flats or an office building keyed as one address is no household. #}
household_addresses as (

    select
        shared_addresses.payslip_id,
        shared_addresses.outflow_txn_id
    from shared_addresses
    inner join party_addresses as registered
        on shared_addresses.address_id = registered.address_id
        and registered.valid_from <= shared_addresses.outflow_booked_date
        and (registered.valid_to is null or registered.valid_to >= shared_addresses.outflow_booked_date)
    group by
        shared_addresses.payslip_id,
        shared_addresses.outflow_txn_id,
        shared_addresses.address_id
    having count(distinct registered.party_id) <= {{ max_parties_at_shared_address }}

),

{#- One relation per outflow: the employer itself, else a person holding a
    role in it, else a party sharing a household address with either. #}
employer_relations as (

    select
        payslip_id,
        outflow_txn_id,
        relation,
        case relation when 'employer' then 1 else 2 end as relation_rank
    from employer_people_on_day
    where destination_party_id = related_party_id

    union all

    select distinct
        payslip_id,
        outflow_txn_id,
        'household' as relation,
        3 as relation_rank
    from household_addresses

),

employer_side_destinations as (

    select
        payslip_id,
        outflow_txn_id,
        relation
    from employer_relations
    qualify row_number() over (
        partition by payslip_id, outflow_txn_id
        order by relation_rank
    ) = 1

),

classified as (

    select
        outflows_after_salary.*,
        case
            when outflows_after_salary.destination_party_id = outflows_after_salary.account_holder_party_id
                or outflows_after_salary.destination_party_id = outflows_after_salary.worker_party_id
                or own_named_destinations.outflow_txn_id is not null
                then 'own_account'
            when employer_side_destinations.outflow_txn_id is not null
                then 'employer_side'
            when outflows_after_salary.channel = 'cash_withdrawal'
                then 'cash'
            when outflows_after_salary.channel in ('transfer', 'money_transfer_service')
                and outflows_after_salary.counterparty_country is not null
                and outflows_after_salary.counterparty_country <> '{{ home_country }}'
                then 'remittance'
            when outflows_after_salary.channel in ('transfer', 'mobile_payment', 'wallet', 'money_transfer_service')
                then 'other_account'
        end as destination_kind,
        employer_side_destinations.relation as employer_relation
    from outflows_after_salary
    left join own_named_destinations
        on outflows_after_salary.outflow_txn_id = own_named_destinations.outflow_txn_id
        and outflows_after_salary.payslip_id = own_named_destinations.payslip_id
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
        case when destination_kind = 'employer_side' then employer_relation end as employer_relation,
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
        counterparty_name as destination_name,
        counterparty_country as destination_country
    from classified
    where destination_kind is not null
      and not (destination_kind in ('other_account', 'remittance') and coalesce(destination_party_id, counterparty_account_id, counterparty_phone, counterparty_name) is null)

)

select * from final
