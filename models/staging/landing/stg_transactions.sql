with validated_rows as (

    select * from {{ ref('base_transactions') }}
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
        validated_rows.txn_id,
        validated_rows.account_id,
        validated_rows.booked_at,
        validated_rows.direction,
        validated_rows.amount,
        {{ dkk_amount('validated_rows.amount', 'coalesce(landed_rates.dkk_per_unit, reference_rates.rate_to_dkk)') }} as amount_dkk,
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
    {# The latest landed rate on or before the booked at date, else the reference rate: base rejects rows with neither. #}
    left join landed_rates
        on validated_rows.currency = landed_rates.currency
        and cast(validated_rows.booked_at as date) = landed_rates.rate_day
    left join reference_rates
        on validated_rows.currency = reference_rates.currency

)

select * from final
