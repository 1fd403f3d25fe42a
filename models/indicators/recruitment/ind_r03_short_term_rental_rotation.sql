{#
    R03 short_term_rental_rotation: a guest moves through several short-term
    rentals at different addresses in quick succession, often paid by someone
    else (the leaflet: traffickers "rapidly move the victims between different
    addresses").
    Fires on
      - the guest (victim side) whose short stays (at most max_nights nights)
        checking in inside some window of window_days days cover at least
        min_distinct_addresses different addresses;
      - the party holding the account that paid for any of the bookings of
        such a window (trafficker side), when that party is not the guest.
    The guest is guest_party_id, else the party owning guest_phone
    (int_identifiers_resolved_to_parties), else the phone itself.
#}
{%- set window_days = threshold('R03', 'window_days') %}
{%- set min_distinct_addresses = threshold('R03', 'min_distinct_addresses') %}
{%- set max_nights = threshold('R03', 'max_nights') %}

with rental_bookings as (

    select
        booking_id,
        guest_party_id,
        guest_phone,
        address_id,
        city,
        check_in,
        check_out,
        paid_by_account_id
    from {{ ref('stg_rental_bookings') }}

),

phone_owners as (

    select
        identifier as phone,
        party_id,
        valid_from,
        valid_to
    from {{ ref('int_identifiers_resolved_to_parties') }}
    where identifier_type = 'phone'
      and party_id is not null

),

accounts as (

    select
        account_id,
        party_id
    from {{ ref('stg_accounts') }}

),

reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

{#- Only short stays with a known guest can be part of a rotation. #}
short_stays as (

    select
        rental_bookings.booking_id,
        rental_bookings.guest_party_id,
        rental_bookings.guest_phone,
        rental_bookings.address_id,
        rental_bookings.city,
        rental_bookings.check_in,
        rental_bookings.check_out,
        rental_bookings.paid_by_account_id
    from rental_bookings
    cross join reporting_period
    where rental_bookings.check_in between reporting_period.lookback_start and reporting_period.as_of_date
      and {{ dbt.datediff('rental_bookings.check_in', 'rental_bookings.check_out', 'day') }} <= {{ max_nights }}
      and (rental_bookings.guest_party_id is not null or rental_bookings.guest_phone is not null)

),

{#-
    A guest phone resolves to a party when exactly one party owns it on the
    check-in day; when no ownership evidence covers that day (a contact's
    first_seen after the stay, say), when exactly one party ever owned it.
    A phone with several owners stays a phone: the flag is not guessed onto
    one of them.
#}
guest_phone_resolutions as (

    select
        short_stays.booking_id,
        count(distinct case
            when (phone_owners.valid_from is null or phone_owners.valid_from <= short_stays.check_in)
             and (phone_owners.valid_to is null or phone_owners.valid_to >= short_stays.check_in)
                then phone_owners.party_id
        end) as owners_on_check_in,
        max(case
            when (phone_owners.valid_from is null or phone_owners.valid_from <= short_stays.check_in)
             and (phone_owners.valid_to is null or phone_owners.valid_to >= short_stays.check_in)
                then phone_owners.party_id
        end) as owner_on_check_in,
        count(distinct phone_owners.party_id) as owners_ever,
        max(phone_owners.party_id) as owner_ever
    from short_stays
    inner join phone_owners
        on short_stays.guest_phone = phone_owners.phone
    where short_stays.guest_party_id is null
    group by short_stays.booking_id

),

{#- The payer is the guest when it is the guest party or owns the guest phone. #}
payer_owned_guest_phones as (

    select distinct
        phone,
        party_id
    from phone_owners

),

stays_with_guest_and_payer as (

    select
        short_stays.booking_id,
        case
            when short_stays.guest_party_id is not null then 'party'
            when guest_phone_resolutions.owners_on_check_in = 1 then 'party'
            when guest_phone_resolutions.owners_on_check_in = 0 and guest_phone_resolutions.owners_ever = 1 then 'party'
            else 'phone'
        end as guest_entity_type,
        case
            when short_stays.guest_party_id is not null then short_stays.guest_party_id
            when guest_phone_resolutions.owners_on_check_in = 1 then guest_phone_resolutions.owner_on_check_in
            when guest_phone_resolutions.owners_on_check_in = 0 and guest_phone_resolutions.owners_ever = 1 then guest_phone_resolutions.owner_ever
            else short_stays.guest_phone
        end as guest_entity_id,
        short_stays.address_id,
        short_stays.city,
        short_stays.check_in,
        short_stays.check_out,
        payer_account.party_id as payer_party_id,
        payer_guest_phone.party_id is not null as payer_owns_guest_phone
    from short_stays
    left join guest_phone_resolutions
        on short_stays.booking_id = guest_phone_resolutions.booking_id
    left join accounts as payer_account
        on short_stays.paid_by_account_id = payer_account.account_id
    left join payer_owned_guest_phones as payer_guest_phone
        on short_stays.guest_phone = payer_guest_phone.phone
        and payer_account.party_id = payer_guest_phone.party_id

),

stays as (

    select
        booking_id,
        guest_entity_type,
        guest_entity_id,
        address_id,
        city,
        check_in,
        check_out,
        payer_party_id,
        payer_party_id is not null
            and not payer_owns_guest_phone
            and not (guest_entity_type = 'party' and payer_party_id = guest_entity_id) as is_paid_by_other_party
    from stays_with_guest_and_payer

),

{#- Each stay opens a window of window_days days of check-ins; together they cover every window that can qualify. #}
stays_in_windows as (

    select
        window_opener.guest_entity_type,
        window_opener.guest_entity_id,
        window_opener.booking_id as opening_booking_id,
        window_opener.check_in as window_start,
        stay.booking_id,
        stay.address_id,
        stay.city,
        stay.check_in,
        stay.check_out,
        stay.payer_party_id,
        stay.is_paid_by_other_party
    from stays as window_opener
    inner join stays as stay
        on stay.guest_entity_type = window_opener.guest_entity_type
        and stay.guest_entity_id = window_opener.guest_entity_id
        and stay.check_in >= window_opener.check_in
        and stay.check_in <= {{ dbt.dateadd('day', window_days - 1, 'window_opener.check_in') }}

),

windows as (

    select
        guest_entity_type,
        guest_entity_id,
        opening_booking_id,
        window_start,
        max(check_in) as window_end,
        max(check_out) as last_check_out,
        count(distinct address_id) as address_count,
        count(distinct city) as city_count,
        count(*) as stay_count,
        count_if(is_paid_by_other_party) as paid_by_other_count
    from stays_in_windows
    group by
        guest_entity_type,
        guest_entity_id,
        opening_booking_id,
        window_start

),

qualifying_windows as (

    select *
    from windows
    where address_count >= {{ min_distinct_addresses }}

),

strongest_guest_window as (

    select *
    from qualifying_windows
    qualify row_number() over (
        partition by guest_entity_type, guest_entity_id
        order by address_count desc, stay_count desc, window_start, opening_booking_id
    ) = 1

),

{#- What each other party paid for inside each qualifying window of a guest. #}
payments_for_rotations as (

    select
        stays_in_windows.payer_party_id,
        qualifying_windows.guest_entity_type,
        qualifying_windows.guest_entity_id,
        qualifying_windows.opening_booking_id,
        qualifying_windows.window_start,
        qualifying_windows.window_end,
        qualifying_windows.address_count,
        qualifying_windows.stay_count,
        count(*) as paid_stay_count,
        count(distinct stays_in_windows.address_id) as paid_address_count
    from stays_in_windows
    inner join qualifying_windows
        on stays_in_windows.guest_entity_type = qualifying_windows.guest_entity_type
        and stays_in_windows.guest_entity_id = qualifying_windows.guest_entity_id
        and stays_in_windows.opening_booking_id = qualifying_windows.opening_booking_id
    where stays_in_windows.is_paid_by_other_party
    group by
        stays_in_windows.payer_party_id,
        qualifying_windows.guest_entity_type,
        qualifying_windows.guest_entity_id,
        qualifying_windows.opening_booking_id,
        qualifying_windows.window_start,
        qualifying_windows.window_end,
        qualifying_windows.address_count,
        qualifying_windows.stay_count

),

guests_per_payer as (

    select
        payer_party_id,
        count(distinct concat(guest_entity_type, ':', guest_entity_id)) as rotating_guest_count
    from payments_for_rotations
    group by payer_party_id

),

strongest_payer_window as (

    select
        payments_for_rotations.*,
        guests_per_payer.rotating_guest_count
    from payments_for_rotations
    inner join guests_per_payer
        on payments_for_rotations.payer_party_id = guests_per_payer.payer_party_id
    qualify row_number() over (
        partition by payments_for_rotations.payer_party_id
        order by
            payments_for_rotations.address_count desc,
            payments_for_rotations.paid_stay_count desc,
            payments_for_rotations.window_start,
            payments_for_rotations.guest_entity_id,
            payments_for_rotations.opening_booking_id
    ) = 1

),

guest_flags as (

    select
        guest_entity_type as entity_type,
        guest_entity_id as entity_id,
        'R03' as indicator_id,
        'victim' as role_side,
        least(1.0, 0.5 * cast(address_count as double) / {{ min_distinct_addresses }}) as strength,
        window_start,
        window_end,
        cast(address_count as double) as measure,
        cast({{ min_distinct_addresses }} as double) as threshold,
        concat(
            'Stayed at ', cast(address_count as {{ dbt.type_string() }}),
            ' different short-term rental addresses in ', cast(city_count as {{ dbt.type_string() }}),
            ' city(ies), ', cast(stay_count as {{ dbt.type_string() }}),
            ' booking(s) of at most ', '{{ max_nights }}', ' nights checking in between ',
            {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ', last check-out ', {{ format_date('last_check_out') }},
            '; ', cast(paid_by_other_count as {{ dbt.type_string() }}), ' of them paid by another party',
            ' (threshold: ', '{{ min_distinct_addresses }}', ' addresses in ', '{{ window_days }}', ' days)'
        ) as evidence
    from strongest_guest_window

),

payer_flags as (

    select
        'party' as entity_type,
        payer_party_id as entity_id,
        'R03' as indicator_id,
        'trafficker' as role_side,
        least(1.0, 0.5 * cast(address_count as double) / {{ min_distinct_addresses }}) as strength,
        window_start,
        window_end,
        cast(address_count as double) as measure,
        cast({{ min_distinct_addresses }} as double) as threshold,
        concat(
            'Paid for ', cast(paid_stay_count as {{ dbt.type_string() }}),
            ' short-term rental booking(s) at ', cast(paid_address_count as {{ dbt.type_string() }}),
            ' address(es) of guest ', guest_entity_id,
            ', who stayed at ', cast(address_count as {{ dbt.type_string() }}),
            ' different addresses in ', cast(stay_count as {{ dbt.type_string() }}),
            ' booking(s) checking in between ', {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            '; paid for ', cast(rotating_guest_count as {{ dbt.type_string() }}), ' rotating guest(s) in all',
            ' (threshold: ', '{{ min_distinct_addresses }}', ' addresses in ', '{{ window_days }}', ' days, stays up to ',
            '{{ max_nights }}', ' nights)'
        ) as evidence
    from strongest_payer_window

),

final as (

    select * from guest_flags
    union all
    select * from payer_flags

)

select * from final
