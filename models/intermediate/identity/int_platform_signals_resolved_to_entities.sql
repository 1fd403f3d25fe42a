{#
    Each side of each platform signal (subject, counterpart) with the entities
    it points to: the parties owning the side's phone or handle on the day of
    the signal; when no party owns either, the phone itself (else the handle).
    Shared by the signal-based indicators (R01, R04, R08).

    "Owning on the day": phone_subscriptions and wallet_account evidence counts
    only while the subscription or account was open on that day, so that a
    recycled number does not point at its earlier subscriber. Contact lists,
    rental bookings and handle co-occurrences carry no end date and always count.
#}
with platform_signals as (

    select
        signal_id,
        signal_type,
        observed_at,
        subject_phone,
        subject_handle,
        counterpart_phone,
        counterpart_handle
    from {{ ref('stg_platform_signals') }}

),

identifiers as (

    select
        identifier_type,
        identifier,
        party_id,
        evidence_source,
        valid_from,
        valid_to
    from {{ ref('int_identifiers_resolved_to_parties') }}
    where party_id is not null

),

signal_sides as (

    select
        signal_id,
        signal_type,
        cast(observed_at as date) as observed_date,
        'subject' as side,
        subject_phone as side_phone,
        subject_handle as side_handle
    from platform_signals

    union all

    select
        signal_id,
        signal_type,
        cast(observed_at as date) as observed_date,
        'counterpart' as side,
        counterpart_phone as side_phone,
        counterpart_handle as side_handle
    from platform_signals

),

side_identifiers as (

    select
        signal_id,
        side,
        observed_date,
        'phone' as identifier_type,
        side_phone as identifier
    from signal_sides
    where side_phone is not null

    union all

    select
        signal_id,
        side,
        observed_date,
        'handle' as identifier_type,
        side_handle as identifier
    from signal_sides
    where side_handle is not null

),

side_owners as (

    select distinct
        side_identifiers.signal_id,
        side_identifiers.side,
        identifiers.party_id
    from side_identifiers
    inner join identifiers
        on side_identifiers.identifier_type = identifiers.identifier_type
        and side_identifiers.identifier = identifiers.identifier
    {#- Subscriptions and wallet accounts prove ownership only while open. #}
    where identifiers.evidence_source not in ('phone_subscriptions', 'wallet_account')
       or (
            (identifiers.valid_from is null or identifiers.valid_from <= side_identifiers.observed_date)
            and (identifiers.valid_to is null or identifiers.valid_to >= side_identifiers.observed_date)
       )

),

owned_sides as (

    select
        signal_sides.signal_id,
        signal_sides.signal_type,
        signal_sides.observed_date,
        signal_sides.side,
        signal_sides.side_phone,
        signal_sides.side_handle,
        'party' as entity_type,
        side_owners.party_id as entity_id
    from signal_sides
    inner join side_owners
        on signal_sides.signal_id = side_owners.signal_id
        and signal_sides.side = side_owners.side

),

unowned_sides as (

    select
        signal_sides.signal_id,
        signal_sides.signal_type,
        signal_sides.observed_date,
        signal_sides.side,
        signal_sides.side_phone,
        signal_sides.side_handle,
        case when signal_sides.side_phone is not null then 'phone' else 'handle' end as entity_type,
        coalesce(signal_sides.side_phone, signal_sides.side_handle) as entity_id
    from signal_sides
    left join side_owners
        on signal_sides.signal_id = side_owners.signal_id
        and signal_sides.side = side_owners.side
    where side_owners.signal_id is null
      and coalesce(signal_sides.side_phone, signal_sides.side_handle) is not null

),

side_entities as (

    select * from owned_sides
    union all
    select * from unowned_sides

),

{#- A party on both sides of one signal (its own devices, or a phone it shares with the other side) cannot be its own victim or threat; indicators use this to skip such pairs. #}
final as (

    select
        side_entities.signal_id,
        side_entities.signal_type,
        side_entities.observed_date,
        side_entities.side,
        side_entities.side_phone,
        side_entities.side_handle,
        side_entities.entity_type,
        side_entities.entity_id,
        (other_side.signal_id is not null) as is_on_both_sides
    from side_entities
    left join side_entities as other_side
        on side_entities.signal_id = other_side.signal_id
        and side_entities.side <> other_side.side
        and side_entities.entity_type = other_side.entity_type
        and side_entities.entity_id = other_side.entity_id

)

select * from final
