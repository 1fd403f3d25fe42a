{#
    R06 nationality_group_recruitment: an author posts job or marriage offers
    into social-media groups aimed at one nationality, in at least min_groups
    different such groups inside some window of window_days days. Fires on
    the author as int_social_post_authors_resolved resolves it: the party the
    author's phone resolves to, else the party the author's handle resolves
    to, else the handle itself.
    group_audience_nationality is a property of the group; no person's
    nationality is read.
#}
{%- set min_groups = threshold('R06', 'min_groups') %}
{%- set window_days = threshold('R06', 'window_days') %}

with post_authors as (

    select
        post_id,
        platform,
        group_name,
        group_audience_nationality,
        posted_date,
        post_type,
        author_handle,
        author_entity_type,
        author_entity_id
    from {{ ref('int_social_post_authors_resolved') }}

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
offers_by_author as (

    select
        post_authors.post_id,
        post_authors.author_entity_type,
        post_authors.author_entity_id,
        post_authors.author_handle,
        post_authors.platform,
        {#- concat() of a null is null on Spark but '' on DuckDB: branch explicitly. #}
        case
            when post_authors.group_name is not null
                then concat(lower(post_authors.platform), ':name:', lower(post_authors.group_name))
            else concat(lower(post_authors.platform), ':unnamed:', post_authors.group_audience_nationality)
        end as group_key,
        post_authors.group_audience_nationality,
        post_authors.posted_date,
        post_authors.post_type
    from post_authors
    cross join reporting_period
    where post_authors.post_type in ('job_offer', 'marriage_offer')
      and post_authors.group_audience_nationality is not null
      and post_authors.posted_date between reporting_period.lookback_start and reporting_period.as_of_date

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
        least(1.0, 0.5 * cast(group_count as double) / {{ min_groups }}) as strength,
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
