with validated_rows as (

    select * from {{ ref('base_social_posts') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

final as (

    select
        validated_rows.post_id,
        validated_rows.platform,
        validated_rows.group_name,
        validated_rows.group_audience_nationality,
        validated_rows.posted_at,
        validated_rows.author_handle,
        validated_rows.author_phone,
        validated_rows.post_type,
        validated_rows.promised_monthly_pay_dkk,
        validated_rows.redirects_to_encrypted_app,
        validated_rows.post_text
    from validated_rows

)

select * from final
