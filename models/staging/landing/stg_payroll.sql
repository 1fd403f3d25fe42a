with validated_rows as (

    select * from {{ ref('base_payroll') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

landed_rates as (

    select
        currency,
        rate_day,
        {{ dkk_rate('dkk_per_unit') }} as dkk_per_unit
    from {{ ref('stg_fx_rates_by_day') }}

),

reference_rates as (

    select
        currency,
        {{ dkk_rate('rate_to_dkk') }} as rate_to_dkk
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
        {{ dkk_amount('validated_rows.gross_pay', 'coalesce(landed_rates.dkk_per_unit, reference_rates.rate_to_dkk)') }} as gross_pay_dkk,
        validated_rows.net_pay,
        {{ dkk_amount('validated_rows.net_pay', 'coalesce(landed_rates.dkk_per_unit, reference_rates.rate_to_dkk)') }} as net_pay_dkk,
        validated_rows.hours_worked,
        validated_rows.currency,
        validated_rows.paid_to_account_id,
        validated_rows.paid_at
    from validated_rows
    {# The latest landed rate on or before the period end date, else the reference rate: base rejects rows with neither. #}
    left join landed_rates
        on validated_rows.currency = landed_rates.currency
        and cast(validated_rows.period_end as date) = landed_rates.rate_day
    left join reference_rates
        on validated_rows.currency = reference_rates.currency

)

select * from final
