{#
    R06 nationality_group_recruitment: an author posts job or marriage offers
    into social-media groups aimed at one nationality, in at least min_groups
    different such groups inside some window of window_days days. Fires on
    the author: the party the author's phone resolves to
    (int_identifiers_resolved_to_parties), else the party the author's handle
    resolves to, else the handle itself.
    group_audience_nationality is a property of the group; no person's
    nationality is read.
#}
{%- set min_groups = threshold('R06', 'min_groups') %}
{%- set window_days = threshold('R06', 'window_days') %}

with social_posts as (

    select
        post_id,
        platform,
        group_name,
        group_audience_nationality,
        posted_at,
        author_handle,
        author_phone,
        post_type
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

reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

{#-
    A group is its platform and name. Posts in a nationality group whose name
    the platform withheld count as one unnamed group per platform and
    nationality, so they can never inflate the count.
#}
offers_in_nationality_groups as (

    select
        social_posts.post_id,
        social_posts.platform,
        social_posts.group_audience_nationality,
        {#- concat() of a null is null on Spark but '' on DuckDB: branch explicitly. #}
        case
            when social_posts.group_name is not null
                then concat(lower(social_posts.platform), ':name:', lower(social_posts.group_name))
            else concat(lower(social_posts.platform), ':unnamed:', social_posts.group_audience_nationality)
        end as group_key,
        cast(social_posts.posted_at as date) as posted_date,
        social_posts.author_handle,
        social_posts.author_phone,
        social_posts.post_type
    from social_posts
    cross join reporting_period
    where social_posts.post_type in ('job_offer', 'marriage_offer')
      and social_posts.group_audience_nationality is not null
      and cast(social_posts.posted_at as date) between reporting_period.lookback_start and reporting_period.as_of_date

),

post_identifier_owners as (

    select
        offers_in_nationality_groups.post_id,
        offers_in_nationality_groups.posted_date,
        identifier_owners.identifier_type,
        identifier_owners.party_id,
        identifier_owners.valid_from,
        identifier_owners.valid_to
    from offers_in_nationality_groups
    inner join identifier_owners
        on identifier_owners.identifier_type = 'phone'
        and offers_in_nationality_groups.author_phone = identifier_owners.identifier

    union all

    select
        offers_in_nationality_groups.post_id,
        offers_in_nationality_groups.posted_date,
        identifier_owners.identifier_type,
        identifier_owners.party_id,
        identifier_owners.valid_from,
        identifier_owners.valid_to
    from offers_in_nationality_groups
    inner join identifier_owners
        on identifier_owners.identifier_type = 'handle'
        and offers_in_nationality_groups.author_handle = identifier_owners.identifier

),

{#-
    An identifier resolves to a party when exactly one party owns it on the
    day of the post; when no ownership evidence covers that day, when exactly
    one party ever owned it. A shared identifier does not resolve: the flag is
    not guessed onto one of its owners.
#}
post_identifier_resolutions as (

    select
        post_id,
        identifier_type,
        case
            when count(distinct case
                    when (valid_from is null or valid_from <= posted_date)
                     and (valid_to is null or valid_to >= posted_date)
                        then party_id
                 end) = 1
                then max(case
                    when (valid_from is null or valid_from <= posted_date)
                     and (valid_to is null or valid_to >= posted_date)
                        then party_id
                 end)
            when count(case
                    when (valid_from is null or valid_from <= posted_date)
                     and (valid_to is null or valid_to >= posted_date)
                        then party_id
                 end) = 0
             and count(distinct party_id) = 1
                then max(party_id)
        end as resolved_party_id
    from post_identifier_owners
    group by
        post_id,
        identifier_type

),

offers_by_author as (

    select
        offers_in_nationality_groups.post_id,
        case
            when coalesce(by_phone.resolved_party_id, by_handle.resolved_party_id) is not null then 'party'
            else 'handle'
        end as author_entity_type,
        coalesce(by_phone.resolved_party_id, by_handle.resolved_party_id, offers_in_nationality_groups.author_handle) as author_entity_id,
        offers_in_nationality_groups.author_handle,
        offers_in_nationality_groups.platform,
        offers_in_nationality_groups.group_key,
        offers_in_nationality_groups.group_audience_nationality,
        offers_in_nationality_groups.posted_date,
        offers_in_nationality_groups.post_type
    from offers_in_nationality_groups
    left join post_identifier_resolutions as by_phone
        on offers_in_nationality_groups.post_id = by_phone.post_id
        and by_phone.identifier_type = 'phone'
    left join post_identifier_resolutions as by_handle
        on offers_in_nationality_groups.post_id = by_handle.post_id
        and by_handle.identifier_type = 'handle'

),

{#- Each post opens a window of window_days days; together they cover every window that can qualify. #}
offers_per_window as (

    select
        window_opener.author_entity_type,
        window_opener.author_entity_id,
        window_opener.post_id as opening_post_id,
        window_opener.posted_date as window_start,
        max(offer.posted_date) as window_end,
        count(distinct offer.group_key) as group_count,
        count(*) as post_count,
        count_if(offer.post_type = 'job_offer') as job_offer_count,
        count_if(offer.post_type = 'marriage_offer') as marriage_offer_count,
        count(distinct offer.group_audience_nationality) as audience_count,
        count(distinct offer.platform) as platform_count,
        count(distinct offer.author_handle) as handle_count,
        min(offer.author_handle) as first_handle
    from offers_by_author as window_opener
    inner join offers_by_author as offer
        on offer.author_entity_type = window_opener.author_entity_type
        and offer.author_entity_id = window_opener.author_entity_id
        and offer.posted_date >= window_opener.posted_date
        and offer.posted_date <= {{ dbt.dateadd('day', window_days - 1, 'window_opener.posted_date') }}
    group by
        window_opener.author_entity_type,
        window_opener.author_entity_id,
        window_opener.post_id,
        window_opener.posted_date

),

strongest_window as (

    select *
    from offers_per_window
    where group_count >= {{ min_groups }}
    qualify row_number() over (
        partition by author_entity_type, author_entity_id
        order by group_count desc, post_count desc, window_start, opening_post_id
    ) = 1

),

final as (

    select
        author_entity_type as entity_type,
        author_entity_id as entity_id,
        'R06' as indicator_id,
        'both' as role_side,
        least(1.0, 0.5 * group_count / {{ min_groups }}) as strength,
        window_start,
        window_end,
        cast(group_count as double) as measure,
        cast({{ min_groups }} as double) as threshold,
        concat(
            'Posted ', cast(job_offer_count as {{ dbt.type_string() }}), ' job offer(s) and ',
            cast(marriage_offer_count as {{ dbt.type_string() }}), ' marriage offer(s) into ',
            cast(group_count as {{ dbt.type_string() }}), ' different groups aimed at one nationality (',
            cast(audience_count as {{ dbt.type_string() }}), ' target nationality(ies), ',
            cast(platform_count as {{ dbt.type_string() }}), ' platform(s)) between ',
            {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' as ', first_handle,
            case when handle_count > 1 then concat(' and ', cast(handle_count - 1 as {{ dbt.type_string() }}), ' other handle(s)') else '' end,
            ' (threshold: ', '{{ min_groups }}', ' groups in ', '{{ window_days }}', ' days)'
        ) as evidence
    from strongest_window

)

select * from final
