{#
    Every phone, email and handle seen anywhere in the landing zone, with the
    parties that own it and the evidence of that ownership.

    Ownership evidence (one row per identifier, party and evidence source):
      - party_contacts: a party's KYC / partner contact (phone or email);
      - phone_subscriptions: the subscriber of a phone number;
      - wallet_account: the holder of an account linked to a phone number;
      - rental_booking_guest: a booking naming both the guest party and the guest phone;
      - social_post_author / ad_contact / platform_signal (handles only): the
        handle appeared together with a phone in a post, an ad or a platform
        signal, and that phone is owned by the party (through the evidence above).
    A shared identifier keeps one row per owner. An identifier no party owns
    keeps a single row with a null party_id; its evidence_source names where it
    was seen (the first source in alphabetical order when seen in several).
    Staging has already normalised every identifier (E.164 phones, lower-case
    emails, lower-case handles without '@'), so matching is plain equality.
#}
with party_contacts as (

    select
        party_id,
        contact_type,
        contact_value,
        first_seen
    from {{ ref('stg_party_contacts') }}
    where contact_value is not null

),

phone_subscriptions as (

    select
        phone_number,
        subscriber_party_id,
        activated_at,
        deactivated_at
    from {{ ref('stg_phone_subscriptions') }}
    where phone_number is not null

),

accounts as (

    select
        party_id,
        phone_number,
        opened_at,
        closed_at
    from {{ ref('stg_accounts') }}
    where phone_number is not null

),

rental_bookings as (

    select
        guest_party_id,
        guest_phone,
        check_in,
        check_out
    from {{ ref('stg_rental_bookings') }}
    where guest_phone is not null

),

online_ads as (

    select
        posted_at,
        contact_phone,
        contact_email,
        profile_handle
    from {{ ref('stg_online_ads') }}

),

social_posts as (

    select
        posted_at,
        author_handle,
        author_phone
    from {{ ref('stg_social_posts') }}

),

platform_signals as (

    select
        observed_at,
        subject_phone,
        subject_handle,
        counterpart_phone,
        counterpart_handle
    from {{ ref('stg_platform_signals') }}

),

{#- Every booking, not only the lookback's: ownership and sightings are not period-bound here.
    Only the distinct phones, so the one pass over the large table stays a scan plus a small aggregate. #}
payment_counterparty_phones as (

    select distinct
        counterparty_phone
    from {{ ref('stg_transactions') }}
    where counterparty_phone is not null

),

{#- Phone and email ownership, one row per piece of evidence. #}
ownership_evidence as (

    select
        contact_type as identifier_type,
        contact_value as identifier,
        party_id,
        'party_contacts' as evidence_source,
        first_seen as valid_from,
        cast(null as date) as valid_to
    from party_contacts

    union all

    select
        'phone' as identifier_type,
        phone_number as identifier,
        subscriber_party_id as party_id,
        'phone_subscriptions' as evidence_source,
        cast(activated_at as date) as valid_from,
        cast(deactivated_at as date) as valid_to
    from phone_subscriptions
    where subscriber_party_id is not null

    union all

    select
        'phone' as identifier_type,
        phone_number as identifier,
        party_id,
        'wallet_account' as evidence_source,
        cast(opened_at as date) as valid_from,
        cast(closed_at as date) as valid_to
    from accounts

    union all

    select
        'phone' as identifier_type,
        guest_phone as identifier,
        guest_party_id as party_id,
        'rental_booking_guest' as evidence_source,
        check_in as valid_from,
        check_out as valid_to
    from rental_bookings
    where guest_party_id is not null

),

{#- Several subscriptions, accounts or bookings of one party on one phone become one row spanning them; an open-ended one keeps valid_to null. #}
owned_phones_and_emails as (

    select
        identifier_type,
        identifier,
        party_id,
        evidence_source,
        min(valid_from) as valid_from,
        case when count(*) = count(valid_to) then max(valid_to) end as valid_to
    from ownership_evidence
    group by
        identifier_type,
        identifier,
        party_id,
        evidence_source

),

phone_owners as (

    select distinct
        identifier as phone,
        party_id
    from owned_phones_and_emails
    where identifier_type = 'phone'

),

{#- A handle and a phone that appear together in one post, ad or signal belong to the same actor. #}
handle_phone_pairs as (

    select
        author_handle as handle,
        author_phone as phone,
        'social_post_author' as evidence_source,
        cast(posted_at as date) as seen_date
    from social_posts
    where author_handle is not null
      and author_phone is not null

    union all

    select
        profile_handle as handle,
        contact_phone as phone,
        'ad_contact' as evidence_source,
        cast(posted_at as date) as seen_date
    from online_ads
    where profile_handle is not null
      and contact_phone is not null

    union all

    select
        subject_handle as handle,
        subject_phone as phone,
        'platform_signal' as evidence_source,
        cast(observed_at as date) as seen_date
    from platform_signals
    where subject_handle is not null
      and subject_phone is not null

    union all

    select
        counterpart_handle as handle,
        counterpart_phone as phone,
        'platform_signal' as evidence_source,
        cast(observed_at as date) as seen_date
    from platform_signals
    where counterpart_handle is not null
      and counterpart_phone is not null

),

owned_handles as (

    select
        'handle' as identifier_type,
        handle_phone_pairs.handle as identifier,
        phone_owners.party_id,
        handle_phone_pairs.evidence_source,
        min(handle_phone_pairs.seen_date) as valid_from,
        max(handle_phone_pairs.seen_date) as valid_to
    from handle_phone_pairs
    inner join phone_owners
        on handle_phone_pairs.phone = phone_owners.phone
    group by
        handle_phone_pairs.handle,
        phone_owners.party_id,
        handle_phone_pairs.evidence_source

),

owned_identifiers as (

    select * from owned_phones_and_emails
    union all
    select * from owned_handles

),

{#- Every place an identifier is seen, owned or not. #}
sightings as (

    select
        'phone' as identifier_type,
        phone_number as identifier,
        'phone_subscriptions' as evidence_source
    from phone_subscriptions

    union all

    select
        'phone' as identifier_type,
        guest_phone as identifier,
        'rental_booking_guest' as evidence_source
    from rental_bookings

    union all

    select
        'phone' as identifier_type,
        contact_phone as identifier,
        'ad_contact' as evidence_source
    from online_ads

    union all

    select
        'email' as identifier_type,
        contact_email as identifier,
        'ad_contact' as evidence_source
    from online_ads

    union all

    select
        'handle' as identifier_type,
        profile_handle as identifier,
        'ad_contact' as evidence_source
    from online_ads

    union all

    select
        'phone' as identifier_type,
        author_phone as identifier,
        'social_post_author' as evidence_source
    from social_posts

    union all

    select
        'handle' as identifier_type,
        author_handle as identifier,
        'social_post_author' as evidence_source
    from social_posts

    union all

    select
        'phone' as identifier_type,
        subject_phone as identifier,
        'platform_signal' as evidence_source
    from platform_signals

    union all

    select
        'phone' as identifier_type,
        counterpart_phone as identifier,
        'platform_signal' as evidence_source
    from platform_signals

    union all

    select
        'handle' as identifier_type,
        subject_handle as identifier,
        'platform_signal' as evidence_source
    from platform_signals

    union all

    select
        'handle' as identifier_type,
        counterpart_handle as identifier,
        'platform_signal' as evidence_source
    from platform_signals

    union all

    select
        'phone' as identifier_type,
        counterparty_phone as identifier,
        'transaction_counterparty' as evidence_source
    from payment_counterparty_phones

),

owned_identifier_keys as (

    select distinct
        identifier_type,
        identifier
    from owned_identifiers

),

unowned_identifiers as (

    select
        sightings.identifier_type,
        sightings.identifier,
        cast(null as {{ dbt.type_string() }}) as party_id,
        min(sightings.evidence_source) as evidence_source,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to
    from sightings
    left join owned_identifier_keys as owned
        on sightings.identifier_type = owned.identifier_type
        and sightings.identifier = owned.identifier
    where sightings.identifier is not null
      and owned.identifier is null
    group by
        sightings.identifier_type,
        sightings.identifier

),

final as (

    select
        identifier_type,
        identifier,
        party_id,
        evidence_source,
        valid_from,
        valid_to
    from owned_identifiers

    union all

    select
        identifier_type,
        identifier,
        party_id,
        evidence_source,
        valid_from,
        valid_to
    from unowned_identifiers

)

select * from final
