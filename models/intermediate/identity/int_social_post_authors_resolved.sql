{#
    Every social post with its author resolved to one entity: the party the
    author's phone resolves to (int_identifiers_resolved_to_parties), else the
    party the author's handle resolves to (a handle owned through a phone seen
    with it), else the handle itself. Shared by the post-based indicators (R05,
    R06); not limited to the lookback period (the indicators limit it).

    An identifier resolves to a party when exactly one party owns it on the
    day of the post; when no ownership evidence covers that day, when exactly
    one party ever owned it. A shared identifier does not resolve: a flag is
    not guessed onto one of its owners. Every kind of ownership evidence is
    read with its valid_from / valid_to here (the signal and ad models date
    only subscriptions and wallet accounts).
#}
with social_posts as (

    select
        post_id,
        platform,
        group_name,
        group_audience_nationality,
        posted_at,
        author_handle,
        author_phone,
        post_type,
        promised_monthly_pay_dkk,
        redirects_to_encrypted_app
    from {{ ref('stg_social_posts') }}

),

identifier_owners as (

    select
        identifier_type,
        identifier,
        party_id,
        valid_from,
        valid_to
    from {{ ref('int_identifiers_resolved_to_parties') }}
    where identifier_type in ('phone', 'handle')
      and party_id is not null

),

author_identifiers as (

    select
        post_id,
        cast(posted_at as date) as posted_date,
        'phone' as identifier_type,
        author_phone as identifier
    from social_posts
    where author_phone is not null

    union all

    select
        post_id,
        cast(posted_at as date) as posted_date,
        'handle' as identifier_type,
        author_handle as identifier
    from social_posts
    where author_handle is not null

),

author_identifier_owners as (

    select
        author_identifiers.post_id,
        author_identifiers.posted_date,
        author_identifiers.identifier_type,
        identifier_owners.party_id,
        {#- Whether this ownership evidence covers the day of the post. #}
        (identifier_owners.valid_from is null or identifier_owners.valid_from <= author_identifiers.posted_date)
            and (identifier_owners.valid_to is null or identifier_owners.valid_to >= author_identifiers.posted_date)
            as is_owner_on_post_date
    from author_identifiers
    inner join identifier_owners
        on author_identifiers.identifier_type = identifier_owners.identifier_type
        and author_identifiers.identifier = identifier_owners.identifier

),

author_identifier_resolutions as (

    select
        post_id,
        identifier_type,
        case
            when count(distinct case when is_owner_on_post_date then party_id end) = 1
                then max(case when is_owner_on_post_date then party_id end)
            when count(case when is_owner_on_post_date then party_id end) = 0
             and count(distinct party_id) = 1
                then max(party_id)
        end as resolved_party_id
    from author_identifier_owners
    group by
        post_id,
        identifier_type

),

final as (

    select
        social_posts.post_id,
        social_posts.platform,
        social_posts.group_name,
        social_posts.group_audience_nationality,
        social_posts.posted_at,
        cast(social_posts.posted_at as date) as posted_date,
        social_posts.post_type,
        social_posts.promised_monthly_pay_dkk,
        social_posts.redirects_to_encrypted_app,
        social_posts.author_handle,
        social_posts.author_phone,
        case
            when by_phone.resolved_party_id is not null then 'phone'
            when by_handle.resolved_party_id is not null then 'handle'
        end as resolved_through,
        case
            when coalesce(by_phone.resolved_party_id, by_handle.resolved_party_id) is not null then 'party'
            else 'handle'
        end as author_entity_type,
        coalesce(by_phone.resolved_party_id, by_handle.resolved_party_id, social_posts.author_handle) as author_entity_id
    from social_posts
    left join author_identifier_resolutions as by_phone
        on social_posts.post_id = by_phone.post_id
        and by_phone.identifier_type = 'phone'
    left join author_identifier_resolutions as by_handle
        on social_posts.post_id = by_handle.post_id
        and by_handle.identifier_type = 'handle'

)

select * from final
