{#
    Each paid party's gross pay from all employers over the lookback period,
    annualised: gross pay of each payslip prorated to the days of its pay
    period inside the lookback period, summed, times 365 / lookback_days.
    Only payroll income: benefits, pensions, dividends and self-employment
    income are not in the data. Parties without payslips have no row (treat
    them as income 0 and say so).
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

final as (

    select
        pay_per_party.party_id,
        pay_per_party.payslip_count,
        pay_per_party.employer_count,
        pay_per_party.first_period_start,
        pay_per_party.last_period_end,
        cast(pay_per_party.gross_pay_in_period_dkk as double) as gross_pay_in_period_dkk,
        cast(pay_per_party.gross_pay_in_period_dkk as double) * 365.0 / reporting_period.lookback_days as annual_gross_pay_dkk
    from pay_per_party
    cross join reporting_period

)

select * from final
