{#
    R05 job_ad_too_good_or_redirected: a job offer on social media promises
    far more than the job pays (promised_monthly_pay_dkk above
    max_plausible_monthly_pay_dkk) or moves the conversation to an end-to-end
    encrypted app. Fires on the author: the party the author's phone resolves
    to (int_identifiers_resolved_to_parties), else the party the author's
    handle resolves to (a handle owned through a phone seen with it), else the
    handle itself.
#}
{%- set max_plausible_monthly_pay_dkk = threshold('R05', 'max_plausible_monthly_pay_dkk') %}
{#- "A job offer" is enough: a single-signal rule. #}
{%- set min_posts = threshold('R05', 'min_posts') %}

with social_posts as (

    select
        post_id,
        platform,
        group_name,
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

reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

{#- Only the red-flag job offers go on to identity resolution. #}
flagged_job_offers as (

    select
        social_posts.post_id,
        social_posts.platform,
        social_posts.group_name,
        cast(social_posts.posted_at as date) as posted_date,
        social_posts.author_handle,
        social_posts.author_phone,
        social_posts.promised_monthly_pay_dkk,
        coalesce(social_posts.promised_monthly_pay_dkk > {{ max_plausible_monthly_pay_dkk }}, false) as is_overpromising,
        coalesce(social_posts.redirects_to_encrypted_app, false) as is_redirected
    from social_posts
    cross join reporting_period
    where social_posts.post_type = 'job_offer'
      and cast(social_posts.posted_at as date) between reporting_period.lookback_start and reporting_period.as_of_date
      and (
          social_posts.promised_monthly_pay_dkk > {{ max_plausible_monthly_pay_dkk }}
          or coalesce(social_posts.redirects_to_encrypted_app, false)
      )

),

post_identifier_owners as (

    select
        flagged_job_offers.post_id,
        flagged_job_offers.posted_date,
        identifier_owners.identifier_type,
        identifier_owners.party_id,
        identifier_owners.valid_from,
        identifier_owners.valid_to
    from flagged_job_offers
    inner join identifier_owners
        on identifier_owners.identifier_type = 'phone'
        and flagged_job_offers.author_phone = identifier_owners.identifier

    union all

    select
        flagged_job_offers.post_id,
        flagged_job_offers.posted_date,
        identifier_owners.identifier_type,
        identifier_owners.party_id,
        identifier_owners.valid_from,
        identifier_owners.valid_to
    from flagged_job_offers
    inner join identifier_owners
        on identifier_owners.identifier_type = 'handle'
        and flagged_job_offers.author_handle = identifier_owners.identifier

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

job_offers_by_author as (

    select
        flagged_job_offers.post_id,
        case
            when coalesce(by_phone.resolved_party_id, by_handle.resolved_party_id) is not null then 'party'
            else 'handle'
        end as author_entity_type,
        coalesce(by_phone.resolved_party_id, by_handle.resolved_party_id, flagged_job_offers.author_handle) as author_entity_id,
        flagged_job_offers.author_handle,
        flagged_job_offers.platform,
        flagged_job_offers.group_name,
        flagged_job_offers.posted_date,
        flagged_job_offers.promised_monthly_pay_dkk,
        flagged_job_offers.is_overpromising,
        flagged_job_offers.is_redirected
    from flagged_job_offers
    left join post_identifier_resolutions as by_phone
        on flagged_job_offers.post_id = by_phone.post_id
        and by_phone.identifier_type = 'phone'
    left join post_identifier_resolutions as by_handle
        on flagged_job_offers.post_id = by_handle.post_id
        and by_handle.identifier_type = 'handle'

),

authors as (

    select
        author_entity_type,
        author_entity_id,
        min(posted_date) as window_start,
        max(posted_date) as window_end,
        count(*) as post_count,
        count_if(is_overpromising) as overpromising_count,
        count_if(is_redirected) as redirected_count,
        max(case when is_overpromising then promised_monthly_pay_dkk end) as highest_promised_pay_dkk,
        count(distinct author_handle) as handle_count,
        min(author_handle) as first_handle,
        count(distinct concat(platform, ':', coalesce(group_name, ''))) as place_count
    from job_offers_by_author
    group by
        author_entity_type,
        author_entity_id
    having count(*) >= {{ min_posts }}

),

final as (

    select
        author_entity_type as entity_type,
        author_entity_id as entity_id,
        'R05' as indicator_id,
        'both' as role_side,
        {#- More posts, or a promise further above the plausible pay, make it stronger. #}
        least(1.0, greatest(
            0.5 * post_count / {{ min_posts }},
            0.5 * coalesce(highest_promised_pay_dkk, 0) / {{ max_plausible_monthly_pay_dkk }}
        )) as strength,
        window_start,
        window_end,
        cast(post_count as double) as measure,
        cast({{ min_posts }} as double) as threshold,
        concat(
            'Posted ', cast(post_count as {{ dbt.type_string() }}),
            ' job offer(s) in ', cast(place_count as {{ dbt.type_string() }}), ' group(s) or feed(s) between ',
            {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' as ', first_handle,
            case when handle_count > 1 then concat(' and ', cast(handle_count - 1 as {{ dbt.type_string() }}), ' other handle(s)') else '' end,
            ': ', cast(overpromising_count as {{ dbt.type_string() }}), ' promising more than DKK ',
            {{ format_number(max_plausible_monthly_pay_dkk) }}, ' a month',
            case
                when highest_promised_pay_dkk is not null
                    then concat(' (up to DKK ', {{ format_number('highest_promised_pay_dkk') }}, ')')
                else ''
            end,
            ', ', cast(redirected_count as {{ dbt.type_string() }}), ' moving the conversation to an encrypted app',
            ' (threshold: ', '{{ min_posts }}', ' such post(s); plausible pay at most DKK ',
            {{ format_number(max_plausible_monthly_pay_dkk) }}, ' a month)'
        ) as evidence
    from authors

)

select * from final
