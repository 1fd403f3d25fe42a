with validated_rows as (

    select * from {{ ref('base_accounts') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

final as (

    select
        validated_rows.account_id,
        validated_rows.party_id,
        validated_rows.provider,
        validated_rows.account_type,
        validated_rows.currency,
        validated_rows.phone_number,
        validated_rows.is_primary,
        validated_rows.opened_at,
        validated_rows.closed_at
    from validated_rows

)

select * from final
