with validated_rows as (

    select * from {{ ref('base_online_ads') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

final as (

    select
        validated_rows.ad_id,
        validated_rows.site,
        validated_rows.site_category,
        validated_rows.posted_at,
        validated_rows.contact_phone,
        validated_rows.contact_email,
        validated_rows.profile_handle,
        validated_rows.ad_text,
        validated_rows.location_city,
        validated_rows.price_dkk
    from validated_rows

)

select * from final
