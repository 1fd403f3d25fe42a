with validated_rows as (

    select * from {{ ref('base_frontline_observations') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

final as (

    select
        validated_rows.observation_id,
        validated_rows.party_id,
        validated_rows.observed_at,
        validated_rows.org_type,
        validated_rows.context,
        validated_rows.third_party_spoke,
        validated_rows.looked_to_third_party,
        validated_rows.accompanied_by_party_id,
        validated_rows.poor_appearance,
        validated_rows.malnourished,
        validated_rows.no_local_language,
        validated_rows.notes
    from validated_rows

)

select * from final
