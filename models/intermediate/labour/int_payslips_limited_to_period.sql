{#
    Every staged payslip whose pay period overlaps the lookback period, with
    how much of the pay period lies inside it (to prorate pay into annual
    figures). The labour indicators read payslips here, not stg_payroll, so
    that they all see the same period.
#}
with payroll as (

    select
        payslip_id,
        employer_party_id,
        employee_party_id,
        period_start,
        period_end,
        gross_pay_dkk,
        net_pay_dkk,
        hours_worked,
        paid_to_account_id,
        paid_at
    from {{ ref('stg_payroll') }}
    where period_end >= period_start

),

reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

payslips_in_period as (

    select
        payroll.*,
        {{ dbt.datediff('payroll.period_start', 'payroll.period_end', 'day') }} + 1 as period_days,
        {{ dbt.datediff(
            'case when payroll.period_start > reporting_period.lookback_start then payroll.period_start else reporting_period.lookback_start end',
            'case when payroll.period_end < reporting_period.as_of_date then payroll.period_end else reporting_period.as_of_date end',
            'day') }} + 1 as days_in_lookback
    from payroll
    cross join reporting_period
    where payroll.period_end >= reporting_period.lookback_start
      and payroll.period_start <= reporting_period.as_of_date

),

final as (

    select
        payslip_id,
        employer_party_id,
        employee_party_id,
        period_start,
        period_end,
        period_days,
        days_in_lookback,
        cast(days_in_lookback as double) / period_days as share_in_lookback,
        gross_pay_dkk,
        net_pay_dkk,
        hours_worked,
        paid_to_account_id,
        paid_at,
        cast(paid_at as date) as paid_date
    from payslips_in_period

)

select * from final
