with validated_rows as (

    select * from {{ ref('base_party_contacts') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

final as (

    select
        validated_rows.party_id,
        validated_rows.contact_type,
        validated_rows.contact_value,
        validated_rows.first_seen
    from validated_rows

)

select * from final
