with validated_rows as (

    select * from {{ ref('base_parties') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

final as (

    select
        validated_rows.party_id,
        validated_rows.party_type,
        validated_rows.full_name,
        validated_rows.birth_date,
        validated_rows.sex,
        validated_rows.nationality,
        validated_rows.country_of_residence,
        validated_rows.registration_no,
        validated_rows.industry_code,
        validated_rows.stated_business_purpose,
        validated_rows.expected_countries,
        validated_rows.business_hours_open,
        validated_rows.business_hours_close,
        validated_rows.onboarded_at
    from validated_rows

)

select * from final
