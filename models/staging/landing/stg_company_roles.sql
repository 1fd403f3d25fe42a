with validated_rows as (

    select * from {{ ref('base_company_roles') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

final as (

    select
        validated_rows.company_party_id,
        validated_rows.person_party_id,
        validated_rows.role,
        validated_rows.valid_from,
        validated_rows.valid_to
    from validated_rows

)

select * from final
