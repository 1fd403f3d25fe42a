with validated_rows as (

    select * from {{ ref('base_tax_filings') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

final as (

    select
        validated_rows.filing_id,
        validated_rows.company_party_id,
        validated_rows.period_month,
        validated_rows.registered_employees,
        validated_rows.reported_payroll,
        validated_rows.withheld_income_tax,
        validated_rows.labour_market_contribution,
        validated_rows.vat_paid,
        validated_rows.reported_revenue
    from validated_rows

)

select * from final
