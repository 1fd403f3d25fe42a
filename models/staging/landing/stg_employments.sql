with validated_rows as (

    select * from {{ ref('base_employments') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

final as (

    select
        validated_rows.employment_id,
        validated_rows.employer_party_id,
        validated_rows.employee_party_id,
        validated_rows.start_date,
        validated_rows.end_date,
        validated_rows.job_title,
        validated_rows.contracted_hours_per_week,
        validated_rows.work_permit_scheme
    from validated_rows

)

select * from final
