{#
    F13 workers_taxes_mismatch: a company pays or employs more workers than it
    registers with the tax authority, or withholds implausibly little income
    tax per registered worker.
    Per company and month with a tax filing: the workers are the distinct
    persons with a payslip for a period overlapping the month or an
    employment running in it. A month is a mismatch when
      - workers exceed the registered headcount by min_extra_workers or more,
        where the registered headcount is the largest of that month's and the
        neighbouring months' filings (the register may lag a hire or a leaver
        by one month), or
      - withheld income tax / registered employees < min_tax_per_worker_dkk.
    Fires on the company (trafficker side) with at least min_months mismatch
    months in the lookback period.
#}
{%- set min_months = threshold('F13', 'min_months') %}
{%- set min_extra_workers = threshold('F13', 'min_extra_workers') %}
{%- set min_tax_per_worker_dkk = threshold('F13', 'min_tax_per_worker_dkk') %}

with reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

tax_filings as (

    select
        company_party_id,
        period_month,
        registered_employees,
        withheld_income_tax
    from {{ ref('stg_tax_filings') }}

),

payslips as (

    select
        employer_party_id,
        employee_party_id,
        period_start,
        period_end
    from {{ ref('int_payslips_limited_to_period') }}

),

employments as (

    select
        employer_party_id,
        employee_party_id,
        start_date,
        end_date
    from {{ ref('stg_employments') }}
    where employer_party_id <> employee_party_id

),

{#- A corrected filing can repeat a month: keep the highest figures, so a correction never creates a mismatch. #}
company_months as (

    select
        tax_filings.company_party_id,
        cast({{ dbt.date_trunc('month', 'tax_filings.period_month') }} as date) as month_start,
        max(tax_filings.registered_employees) as registered_employees,
        max(tax_filings.withheld_income_tax) as withheld_income_tax
    from tax_filings
    cross join reporting_period
    where tax_filings.period_month >= cast({{ dbt.date_trunc('month', 'reporting_period.lookback_start') }} as date)
      and tax_filings.period_month <= reporting_period.as_of_date
    group by
        tax_filings.company_party_id,
        cast({{ dbt.date_trunc('month', 'tax_filings.period_month') }} as date)

),

company_months_bounded as (

    select
        company_party_id,
        month_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'month_start')) }} as date) as month_end,
        registered_employees,
        withheld_income_tax
    from company_months

),

workers_seen as (

    select
        company_months_bounded.company_party_id,
        company_months_bounded.month_start,
        payslips.employee_party_id as worker_party_id
    from company_months_bounded
    inner join payslips
        on company_months_bounded.company_party_id = payslips.employer_party_id
        and payslips.period_start <= company_months_bounded.month_end
        and payslips.period_end >= company_months_bounded.month_start

    union

    select
        company_months_bounded.company_party_id,
        company_months_bounded.month_start,
        employments.employee_party_id as worker_party_id
    from company_months_bounded
    inner join employments
        on company_months_bounded.company_party_id = employments.employer_party_id
        and employments.start_date <= company_months_bounded.month_end
        and (employments.end_date is null or employments.end_date >= company_months_bounded.month_start)

),

workers_per_month as (

    select
        company_party_id,
        month_start,
        count(distinct worker_party_id) as worker_count
    from workers_seen
    group by
        company_party_id,
        month_start

),

{#- One month's lag either way: compare with the largest registered headcount of the month before, the month and the month after. #}
monthly_comparison as (

    select
        this_month.company_party_id,
        this_month.month_start,
        this_month.month_end,
        this_month.registered_employees,
        this_month.withheld_income_tax,
        coalesce(workers_per_month.worker_count, 0) as worker_count,
        greatest(
            this_month.registered_employees,
            coalesce(previous_month.registered_employees, this_month.registered_employees),
            coalesce(next_month.registered_employees, this_month.registered_employees)
        ) as registered_with_lag,
        case
            when this_month.registered_employees > 0 and this_month.withheld_income_tax is not null
                then this_month.withheld_income_tax / this_month.registered_employees
        end as tax_per_registered_worker_dkk
    from company_months_bounded as this_month
    left join company_months as previous_month
        on this_month.company_party_id = previous_month.company_party_id
        and previous_month.month_start = cast({{ dbt.dateadd('month', -1, 'this_month.month_start') }} as date)
    left join company_months as next_month
        on this_month.company_party_id = next_month.company_party_id
        and next_month.month_start = cast({{ dbt.dateadd('month', 1, 'this_month.month_start') }} as date)
    left join workers_per_month
        on this_month.company_party_id = workers_per_month.company_party_id
        and this_month.month_start = workers_per_month.month_start

),

mismatch_months as (

    select
        *,
        worker_count - registered_with_lag as extra_workers,
        worker_count - registered_with_lag >= {{ min_extra_workers }} as is_headcount_mismatch,
        coalesce(tax_per_registered_worker_dkk < {{ min_tax_per_worker_dkk }}, false) as is_low_tax
    from monthly_comparison

),

mismatching_companies as (

    select
        company_party_id,
        count(*) as mismatch_months,
        min(month_start) as window_start,
        max(month_end) as window_end,
        count(case when is_headcount_mismatch then 1 end) as headcount_months,
        count(case when is_low_tax then 1 end) as low_tax_months,
        max(case when is_headcount_mismatch then worker_count end) as max_workers,
        max(case when is_headcount_mismatch then extra_workers end) as max_extra_workers,
        min(case when is_headcount_mismatch then registered_employees end) as min_registered,
        min(case when is_low_tax then tax_per_registered_worker_dkk end) as lowest_tax_per_worker_dkk
    from mismatch_months
    where is_headcount_mismatch or is_low_tax
    group by company_party_id
    having count(*) >= {{ min_months }}

),

final as (

    select
        'party' as entity_type,
        company_party_id as entity_id,
        'F13' as indicator_id,
        'trafficker' as role_side,
        least(1.0, 0.5 * cast(mismatch_months as double) / {{ min_months }}) as strength,
        window_start,
        window_end,
        cast(mismatch_months as double) as measure,
        cast({{ min_months }} as double) as threshold,
        concat(
            'Workers and taxes do not match in ', cast(mismatch_months as {{ dbt.type_string() }}),
            ' months between ', {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }}, ': ',
            case when headcount_months > 0 then concat(
                cast(headcount_months as {{ dbt.type_string() }}), ' month(s) paying or employing up to ',
                cast(max_workers as {{ dbt.type_string() }}), ' workers with as few as ',
                cast(min_registered as {{ dbt.type_string() }}), ' registered (up to ',
                cast(max_extra_workers as {{ dbt.type_string() }}), ' more than registered even a month before or after)'
            ) else '' end,
            case when headcount_months > 0 and low_tax_months > 0 then '; ' else '' end,
            case when low_tax_months > 0 then concat(
                cast(low_tax_months as {{ dbt.type_string() }}), ' month(s) withholding as little as DKK ',
                {{ format_number('lowest_tax_per_worker_dkk') }}, ' income tax per registered worker'
            ) else '' end,
            ' (thresholds: ', '{{ min_extra_workers }}', ' extra workers or under DKK ',
            {{ format_number(min_tax_per_worker_dkk) }}, ' tax per worker, in ', '{{ min_months }}', ' months)'
        ) as evidence
    from mismatching_companies

)

select * from final
