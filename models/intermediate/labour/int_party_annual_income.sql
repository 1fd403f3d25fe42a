{#
    Each paid party's gross pay from all employers in the lookback period,
    two ways:
      - annual_gross_pay_dkk: the pay received in the period, annualised over
        the whole period (gross pay of each payslip prorated to the days of
        its pay period inside the lookback period, summed, times
        365 / lookback_days);
      - annual_pay_rate_dkk: the same pay annualised over the days the
        payslips cover (first to last paid day inside the period), the rate
        the party earns while paid. Months without payslips are unknown, not
        zero: a worker hired in November is not a low earner for it.
    Only payroll income: benefits, pensions, dividends and self-employment
    income are not in the data. Parties without payslips have no row: their
    income is unknown, not 0.
#}
with payslips as (

    select
        employee_party_id,
        employer_party_id,
        period_start,
        period_end,
        gross_pay_dkk,
        share_in_lookback
    from {{ ref('int_payslips_limited_to_period') }}

),

reporting_period as (

    select
        lookback_start,
        as_of_date,
        lookback_days
    from {{ ref('int_reporting_period') }}

),

pay_per_party as (

    select
        employee_party_id as party_id,
        count(*) as payslip_count,
        count(distinct employer_party_id) as employer_count,
        min(period_start) as first_period_start,
        max(period_end) as last_period_end,
        sum(gross_pay_dkk * share_in_lookback) as gross_pay_in_period_dkk
    from payslips
    group by employee_party_id

),

{#- Gaps between jobs inside the span count as paid days: the rate errs towards low, never towards high. #}
paid_spans as (

    select
        pay_per_party.*,
        reporting_period.lookback_days,
        {{ dbt.datediff(
            'case when pay_per_party.first_period_start > reporting_period.lookback_start then pay_per_party.first_period_start else reporting_period.lookback_start end',
            'case when pay_per_party.last_period_end < reporting_period.as_of_date then pay_per_party.last_period_end else reporting_period.as_of_date end',
            'day') }} + 1 as paid_days
    from pay_per_party
    cross join reporting_period

),

final as (

    select
        party_id,
        payslip_count,
        employer_count,
        first_period_start,
        last_period_end,
        paid_days,
        cast(gross_pay_in_period_dkk as double) as gross_pay_in_period_dkk,
        cast(gross_pay_in_period_dkk as double) * 365.0 / lookback_days as annual_gross_pay_dkk,
        cast(gross_pay_in_period_dkk as double) * 365.0 / paid_days as annual_pay_rate_dkk
    from paid_spans

)

select * from final
