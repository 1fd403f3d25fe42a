with validated_rows as (

    select * from {{ ref('base_transactions') }}
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
        validated_rows.txn_id,
        validated_rows.account_id,
        validated_rows.booked_at,
        validated_rows.direction,
        validated_rows.amount,
        cast(validated_rows.amount * fx_rates.rate_to_dkk as decimal(18, 2)) as amount_dkk,
        validated_rows.currency,
        validated_rows.channel,
        validated_rows.counterparty_account_id,
        validated_rows.counterparty_name,
        validated_rows.counterparty_phone,
        validated_rows.counterparty_country,
        validated_rows.merchant_name,
        validated_rows.merchant_category_code,
        validated_rows.location_city,
        validated_rows.location_id,
        validated_rows.reference
    from validated_rows
    {# Every staged row's currency is in the FX seed: base rejects the others. #}
    left join fx_rates
        on validated_rows.currency = fx_rates.currency

)

select * from final
