{#
    Payslips matched to the booking that credited the net pay to the worker's
    account: same account (paid_to_account_id), an incoming booking of about
    the net pay (within DKK amount_tolerance_dkk or amount_tolerance_share of
    it, whichever is larger), booked from date_before_days before to
    date_after_days after the payment date (paid_at; the period end when
    paid_at is missing, with the wider no_paid_at window). One booking pays at
    most one payslip and one payslip is paid by at most one booking: the
    closest in date, then in amount, then a 'salary' booking first.

    These tolerances are matching rules, not indicator thresholds: they absorb
    rounding, FX conversion and bank processing days, and are deliberately
    narrow because a false match would invent a salary.
#}
{%- set amount_tolerance_dkk = 1.0 %}
{%- set amount_tolerance_share = 0.005 %}
{%- set date_before_days = 2 %}
{%- set date_after_days = 5 %}
{%- set no_paid_at_before_days = 5 %}
{%- set no_paid_at_after_days = 10 %}

with payslips as (

    select
        payslip_id,
        employer_party_id,
        employee_party_id,
        period_start,
        period_end,
        gross_pay_dkk,
        net_pay_dkk,
        paid_to_account_id,
        paid_at,
        paid_date
    from {{ ref('int_payslips_limited_to_period') }}

),

accounts as (

    select
        account_id,
        party_id
    from {{ ref('stg_accounts') }}

),

salary_accounts as (

    select distinct
        paid_to_account_id as account_id
    from payslips
    where paid_to_account_id is not null

),

{#- Only credits on accounts that receive pay: the join below stays small. #}
credits as (

    select
        transactions.txn_id,
        transactions.account_id,
        transactions.booked_at,
        transactions.booked_date,
        transactions.amount_dkk,
        transactions.channel,
        transactions.counterparty_party_id
    from {{ ref('int_transactions_joined_to_holders') }} as transactions
    inner join salary_accounts
        on transactions.account_id = salary_accounts.account_id
    where transactions.direction = 'in'

),

candidate_matches as (

    select
        payslips.payslip_id,
        credits.txn_id,
        abs({{ dbt.datediff('coalesce(payslips.paid_date, payslips.period_end)', 'credits.booked_date', 'day') }}) as days_apart,
        abs(credits.amount_dkk - payslips.net_pay_dkk) as amount_apart
    from payslips
    inner join credits
        on payslips.paid_to_account_id = credits.account_id
        and abs(credits.amount_dkk - payslips.net_pay_dkk)
            <= greatest({{ amount_tolerance_dkk }}, {{ amount_tolerance_share }} * payslips.net_pay_dkk)
        and credits.booked_date >= case
            when payslips.paid_date is not null
                then {{ dbt.dateadd('day', -date_before_days, 'payslips.paid_date') }}
            else {{ dbt.dateadd('day', -no_paid_at_before_days, 'payslips.period_end') }}
        end
        and credits.booked_date <= case
            when payslips.paid_date is not null
                then {{ dbt.dateadd('day', date_after_days, 'payslips.paid_date') }}
            else {{ dbt.dateadd('day', no_paid_at_after_days, 'payslips.period_end') }}
        end

),

{#- Best booking per payslip, then best payslip per booking: a one-to-one match. #}
best_credit_per_payslip as (

    select
        candidate_matches.*
    from candidate_matches
    inner join credits
        on candidate_matches.txn_id = credits.txn_id
    qualify row_number() over (
        partition by candidate_matches.payslip_id
        order by
            candidate_matches.days_apart,
            candidate_matches.amount_apart,
            case when credits.channel = 'salary' then 0 else 1 end,
            candidate_matches.txn_id
    ) = 1

),

one_to_one_matches as (

    select
        payslip_id,
        txn_id
    from best_credit_per_payslip
    qualify row_number() over (
        partition by txn_id
        order by days_apart, amount_apart, payslip_id
    ) = 1

),

final as (

    select
        payslips.payslip_id,
        payslips.employer_party_id,
        payslips.employee_party_id,
        payslips.period_start,
        payslips.period_end,
        payslips.gross_pay_dkk,
        payslips.net_pay_dkk,
        payslips.paid_to_account_id,
        accounts.party_id as paid_to_holder_party_id,
        payslips.paid_at,
        one_to_one_matches.txn_id is not null as is_matched,
        credits.txn_id as credit_txn_id,
        credits.booked_at as credit_booked_at,
        credits.booked_date as credit_booked_date,
        credits.amount_dkk as credit_amount_dkk,
        credits.channel as credit_channel,
        credits.counterparty_party_id as credit_counterparty_party_id
    from payslips
    left join accounts
        on payslips.paid_to_account_id = accounts.account_id
    left join one_to_one_matches
        on payslips.payslip_id = one_to_one_matches.payslip_id
    left join credits
        on one_to_one_matches.txn_id = credits.txn_id

)

select * from final
