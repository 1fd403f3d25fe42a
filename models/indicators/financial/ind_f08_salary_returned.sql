{#
    F08 salary_returned: the net salary lands on the worker's account and most
    of it leaves again within days, back to the employer's side, to one other
    account, or as cash.
    Per matched salary credit, the returned share is what left the account
    within return_window_days (int_salary_outflows_traced) to the employer's
    side (the employer, a person holding a role in it, their household),
    plus cash withdrawals, plus the largest sum sent to any one other
    account in the country, divided by the credited net pay. Money to the
    worker's own accounts (also at other banks, booked in the worker's name)
    and money sent abroad (remittances home) never counts.
    The worker (victim side) is flagged when the share reaches
    min_returned_share in at least min_periods pay periods of one employer.
    The employer (trafficker side) only when the money points at it: the
    employer's side alone took min_returned_share in min_periods periods of
    a worker, or at least min_workers_returning of its workers are flagged
    (cash or a third account, the same pattern across its workforce).
#}
{%- set return_window_days = threshold('F08', 'return_window_days') %}
{%- set min_returned_share = threshold('F08', 'min_returned_share') %}
{%- set min_periods = threshold('F08', 'min_periods') %}
{%- set min_workers_returning = threshold('F08', 'min_workers_returning') %}

with salary_credits as (

    select
        payslip_id,
        employer_party_id,
        employee_party_id,
        credit_booked_date,
        credit_amount_dkk
    from {{ ref('int_salary_credits_matched') }}
    where is_matched
      and credit_amount_dkk > 0

),

traced_outflows as (

    select
        payslip_id,
        outflow_booked_date,
        outflow_amount_dkk,
        destination_kind,
        destination_key,
        destination_name
    from {{ ref('int_salary_outflows_traced') }}
    where destination_kind in ('employer_side', 'cash', 'other_account')

),

{#- Savings to the holder's own accounts are already classed own_account and left out above. #}
other_destination_totals as (

    select
        payslip_id,
        destination_key,
        max(destination_name) as destination_name,
        sum(outflow_amount_dkk) as destination_dkk
    from traced_outflows
    where destination_kind = 'other_account'
    group by
        payslip_id,
        destination_key

),

largest_other_destination as (

    select
        payslip_id,
        destination_key,
        destination_name,
        destination_dkk
    from other_destination_totals
    qualify row_number() over (
        partition by payslip_id
        order by destination_dkk desc, destination_key
    ) = 1

),

returned_per_payslip as (

    select
        payslip_id,
        max(outflow_booked_date) as last_outflow_date,
        coalesce(sum(case when destination_kind = 'employer_side' then outflow_amount_dkk end), 0) as employer_side_dkk,
        coalesce(sum(case when destination_kind = 'cash' then outflow_amount_dkk end), 0) as cash_dkk
    from traced_outflows
    where destination_kind in ('employer_side', 'cash')
    group by payslip_id

),

salary_returns as (

    select
        salary_credits.payslip_id,
        salary_credits.employer_party_id,
        salary_credits.employee_party_id,
        salary_credits.credit_booked_date,
        salary_credits.credit_amount_dkk,
        coalesce(returned_per_payslip.employer_side_dkk, 0) as employer_side_dkk,
        coalesce(returned_per_payslip.cash_dkk, 0) as cash_dkk,
        coalesce(largest_other_destination.destination_dkk, 0) as other_account_dkk,
        largest_other_destination.destination_name as other_account_name,
        coalesce(returned_per_payslip.employer_side_dkk, 0)
            + coalesce(returned_per_payslip.cash_dkk, 0)
            + coalesce(largest_other_destination.destination_dkk, 0) as returned_dkk
    from salary_credits
    left join returned_per_payslip
        on salary_credits.payslip_id = returned_per_payslip.payslip_id
    left join largest_other_destination
        on salary_credits.payslip_id = largest_other_destination.payslip_id

),

returned_periods as (

    select
        *,
        returned_dkk / credit_amount_dkk as returned_share,
        employer_side_dkk / credit_amount_dkk >= {{ min_returned_share }} as is_back_to_employer_side
    from salary_returns
    where returned_dkk / credit_amount_dkk >= {{ min_returned_share }}

),

{#- One worker and employer pair: every qualifying pay period in the lookback period. #}
returning_pairs as (

    select
        employee_party_id,
        employer_party_id,
        count(*) as returned_period_count,
        count_if(is_back_to_employer_side) as employer_side_period_count,
        min(credit_booked_date) as window_start,
        max({{ dbt.dateadd('day', return_window_days, 'credit_booked_date') }}) as last_window_day,
        avg(returned_share) as average_returned_share,
        sum(credit_amount_dkk) as credited_dkk,
        sum(employer_side_dkk) as employer_side_dkk,
        sum(cash_dkk) as cash_dkk,
        sum(other_account_dkk) as other_account_dkk,
        max(other_account_name) as other_account_name
    from returned_periods
    group by
        employee_party_id,
        employer_party_id
    having count(*) >= {{ min_periods }}

),

pair_facts as (

    select
        employee_party_id,
        employer_party_id,
        returned_period_count,
        employer_side_period_count,
        window_start,
        cast(last_window_day as date) as window_end,
        average_returned_share,
        concat(
            'DKK ', {{ format_number('credited_dkk') }}, ' of net pay in ',
            cast(returned_period_count as {{ dbt.type_string() }}), ' pay periods between ',
            {{ format_date('window_start') }}, ' and ', {{ format_date('last_window_day') }},
            ', on average ', {{ format_percent('average_returned_share') }},
            ' of it left within ', '{{ return_window_days }}', ' days (',
            {#- only the routes the money took; a leading '; ' is cut off below #}
            substr(concat(
                case when employer_side_dkk > 0 then concat('; DKK ', {{ format_number('employer_side_dkk') }}, ' to the employer, its role-holders or their household') else '' end,
                case when cash_dkk > 0 then concat('; DKK ', {{ format_number('cash_dkk') }}, ' in cash') else '' end,
                case when other_account_dkk > 0 then concat('; DKK ', {{ format_number('other_account_dkk') }}, ' to a single other account per pay period',
                    case when other_account_name is not null then concat(' (', other_account_name, ')') else '' end) else '' end
            ), 3),
            ') (threshold: ', {{ format_percent(min_returned_share) }}, ' in ', '{{ min_periods }}', ' pay periods)'
        ) as pattern_text
    from returning_pairs

),

worker_flags as (

    select
        'party' as entity_type,
        employee_party_id as entity_id,
        'victim' as role_side,
        returned_period_count as period_count,
        window_start,
        window_end,
        concat('Salary from employer ', employer_party_id, ' returned: ', pattern_text) as evidence
    from pair_facts
    qualify row_number() over (
        partition by employee_party_id
        order by returned_period_count desc, average_returned_share desc, employer_party_id
    ) = 1

),

{#- The employer is implicated when its own side took the money, or when
    several of its workers lose their pay the same way. #}
employer_pairs as (

    select
        pair_facts.*,
        count(*) over (partition by employer_party_id) as returning_worker_count,
        max(case when employer_side_period_count >= {{ min_periods }} then 1 else 0 end)
            over (partition by employer_party_id) as has_employer_side_pair
    from pair_facts

),

employer_flags as (

    select
        'party' as entity_type,
        employer_party_id as entity_id,
        'trafficker' as role_side,
        case
            when employer_side_period_count >= {{ min_periods }} then employer_side_period_count
            else returned_period_count
        end as period_count,
        window_start,
        window_end,
        concat(
            case
                when employer_side_period_count >= {{ min_periods }} then concat(
                    'Salary returned to the employer side from ', cast(returning_worker_count as {{ dbt.type_string() }}),
                    ' worker(s), in ', cast(employer_side_period_count as {{ dbt.type_string() }}),
                    ' pay periods at least ', {{ format_percent(min_returned_share) }}, ' to its side alone; strongest, worker '
                )
                else concat(
                    'Salary of ', cast(returning_worker_count as {{ dbt.type_string() }}),
                    ' of its workers left their accounts within days (threshold: ', '{{ min_workers_returning }}',
                    ' workers); strongest, worker '
                )
            end,
            employee_party_id, ': ', pattern_text
        ) as evidence
    from employer_pairs
    where has_employer_side_pair = 1
       or returning_worker_count >= {{ min_workers_returning }}
    qualify row_number() over (
        partition by employer_party_id
        order by
            case when employer_side_period_count >= {{ min_periods }} then 0 else 1 end,
            returned_period_count desc,
            average_returned_share desc,
            employee_party_id
    ) = 1

),

flags as (

    select * from worker_flags
    union all
    select * from employer_flags

),

final as (

    select
        entity_type,
        entity_id,
        'F08' as indicator_id,
        role_side,
        least(1.0, 0.5 * cast(period_count as double) / {{ min_periods }}) as strength,
        window_start,
        window_end,
        cast(period_count as double) as measure,
        cast({{ min_periods }} as double) as threshold,
        evidence
    from flags

)

select * from final
