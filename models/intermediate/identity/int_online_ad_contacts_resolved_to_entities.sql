{#
    Each contact of each online ad (its phone, email and profile handle) with
    the entities it points to: the parties owning that contact on the day the
    ad was posted, else the contact itself. Each contact resolves on its own:
    an ad whose phone is owned and whose email is not gives the owner and the
    email. Shared by the ad-based indicators (F03, R02).

    "Owning on the day": phone_subscriptions and wallet_account evidence counts
    only while the subscription or account was open on that day, so that a
    recycled number does not point at its earlier subscriber.
#}
with online_ads as (

    select
        ad_id,
        site,
        site_category,
        posted_at,
        contact_phone,
        contact_email,
        profile_handle
    from {{ ref('stg_online_ads') }}

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

ad_contacts as (

    select
        ad_id,
        site,
        site_category,
        cast(posted_at as date) as posted_date,
        'phone' as contact_type,
        contact_phone as contact
    from online_ads
    where contact_phone is not null

    union all

    select
        ad_id,
        site,
        site_category,
        cast(posted_at as date) as posted_date,
        'email' as contact_type,
        contact_email as contact
    from online_ads
    where contact_email is not null

    union all

    select
        ad_id,
        site,
        site_category,
        cast(posted_at as date) as posted_date,
        'handle' as contact_type,
        profile_handle as contact
    from online_ads
    where profile_handle is not null

),

contact_owners as (

    select distinct
        ad_contacts.ad_id,
        ad_contacts.contact_type,
        identifiers.party_id
    from ad_contacts
    inner join identifiers
        on ad_contacts.contact_type = identifiers.identifier_type
        and ad_contacts.contact = identifiers.identifier
    {#- Subscriptions and wallet accounts prove ownership only while open. #}
    where identifiers.evidence_source not in ('phone_subscriptions', 'wallet_account')
       or (
            (identifiers.valid_from is null or identifiers.valid_from <= ad_contacts.posted_date)
            and (identifiers.valid_to is null or identifiers.valid_to >= ad_contacts.posted_date)
       )

),

owned_contacts as (

    select
        ad_contacts.ad_id,
        ad_contacts.site,
        ad_contacts.site_category,
        ad_contacts.posted_date,
        ad_contacts.contact_type,
        ad_contacts.contact,
        'party' as entity_type,
        contact_owners.party_id as entity_id
    from ad_contacts
    inner join contact_owners
        on ad_contacts.ad_id = contact_owners.ad_id
        and ad_contacts.contact_type = contact_owners.contact_type

),

unowned_contacts as (

    select
        ad_contacts.ad_id,
        ad_contacts.site,
        ad_contacts.site_category,
        ad_contacts.posted_date,
        ad_contacts.contact_type,
        ad_contacts.contact,
        ad_contacts.contact_type as entity_type,
        ad_contacts.contact as entity_id
    from ad_contacts
    left join contact_owners
        on ad_contacts.ad_id = contact_owners.ad_id
        and ad_contacts.contact_type = contact_owners.contact_type
    where contact_owners.ad_id is null

),

final as (

    select * from owned_contacts
    union all
    select * from unowned_contacts

)

select * from final
