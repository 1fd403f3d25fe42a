with validated_rows as (

    select * from {{ ref('base_rental_bookings') }}
    where _reject_reason is null
      and not _is_exact_duplicate

),

final as (

    select
        validated_rows.booking_id,
        validated_rows.platform,
        validated_rows.guest_party_id,
        validated_rows.guest_phone,
        validated_rows.address_id,
        validated_rows.city,
        validated_rows.check_in,
        validated_rows.check_out,
        validated_rows.paid_by_account_id
    from validated_rows

)

select * from final
