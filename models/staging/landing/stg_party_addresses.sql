with validated_rows as (

    select * from {{ ref('base_party_addresses') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

final as (

    select
        validated_rows.party_id,
        validated_rows.address_id,
        validated_rows.street,
        validated_rows.postcode,
        validated_rows.city,
        validated_rows.country,
        validated_rows.address_type,
        validated_rows.valid_from,
        validated_rows.valid_to
    from validated_rows

)

select * from final
