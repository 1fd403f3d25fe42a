with validated_rows as (

    select * from {{ ref('base_phone_subscriptions') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

final as (

    select
        validated_rows.phone_number,
        validated_rows.subscriber_party_id,
        validated_rows.contract_type,
        validated_rows.activated_at,
        validated_rows.deactivated_at
    from validated_rows

)

select * from final
