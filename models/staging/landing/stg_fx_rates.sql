with validated_rows as (

    select * from {{ ref('base_fx_rates') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

final as (

    select
        rate_date,
        currency,
        dkk_per_unit
    from validated_rows

)

select * from final
