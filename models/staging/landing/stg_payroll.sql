with validated_rows as (

    select * from {{ ref('base_payroll') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

fx_rates as (

    select
        currency,
        rate_to_dkk
    from {{ ref('fx_rates_to_dkk') }}

),

final as (

    select
        validated_rows.payslip_id,
        validated_rows.employer_party_id,
        validated_rows.employee_party_id,
        validated_rows.period_start,
        validated_rows.period_end,
        validated_rows.gross_pay,
        cast(validated_rows.gross_pay * fx_rates.rate_to_dkk as decimal(18, 2)) as gross_pay_dkk,
        validated_rows.net_pay,
        cast(validated_rows.net_pay * fx_rates.rate_to_dkk as decimal(18, 2)) as net_pay_dkk,
        validated_rows.hours_worked,
        validated_rows.currency,
        validated_rows.paid_to_account_id,
        validated_rows.paid_at
    from validated_rows
    {# Every staged row's currency is in the FX seed: base rejects the others. #}
    left join fx_rates
        on validated_rows.currency = fx_rates.currency

)

select * from final
