with validated_rows as (

    select * from {{ ref('base_platform_signals') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

final as (

    select
        validated_rows.signal_id,
        validated_rows.platform,
        validated_rows.observed_at,
        validated_rows.signal_type,
        validated_rows.subject_phone,
        validated_rows.subject_handle,
        validated_rows.counterpart_phone,
        validated_rows.counterpart_handle,
        validated_rows.details
    from validated_rows

)

select * from final
