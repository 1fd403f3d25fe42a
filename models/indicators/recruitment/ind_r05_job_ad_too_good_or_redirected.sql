{#
    R05 job_ad_too_good_or_redirected: a job offer on social media promises
    far more than the job pays (promised_monthly_pay_dkk above
    max_plausible_monthly_pay_dkk) or moves the conversation to an end-to-end
    encrypted app. Fires on the author as int_social_post_authors_resolved
    resolves it: the party the author's phone resolves to, else the party the
    author's handle resolves to (a handle owned through a phone seen with it),
    else the handle itself.
#}
{%- set max_plausible_monthly_pay_dkk = threshold('R05', 'max_plausible_monthly_pay_dkk') %}
{#- "A job offer" is enough: a single-signal rule. #}
{%- set min_posts = threshold('R05', 'min_posts') %}

with post_authors as (

    select
        post_id,
        platform,
        group_name,
        posted_date,
        post_type,
        promised_monthly_pay_dkk,
        redirects_to_encrypted_app,
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

{#- Job offers in the lookback period that break either rule; a missing pay or redirect answer breaks neither. #}
job_offers_by_author as (

    select
        post_authors.post_id,
        post_authors.author_entity_type,
        post_authors.author_entity_id,
        post_authors.author_handle,
        post_authors.platform,
        post_authors.group_name,
        post_authors.posted_date,
        post_authors.promised_monthly_pay_dkk,
        coalesce(post_authors.promised_monthly_pay_dkk > {{ max_plausible_monthly_pay_dkk }}, false) as is_overpromising,
        coalesce(post_authors.redirects_to_encrypted_app, false) as is_redirected
    from post_authors
    cross join reporting_period
    where post_authors.post_type = 'job_offer'
      and post_authors.posted_date between reporting_period.lookback_start and reporting_period.as_of_date
      and (
          post_authors.promised_monthly_pay_dkk > {{ max_plausible_monthly_pay_dkk }}
          or coalesce(post_authors.redirects_to_encrypted_app, false)
      )

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
            0.5 * cast(post_count as double) / {{ min_posts }},
            0.5 * cast(coalesce(highest_promised_pay_dkk, 0) as double) / {{ max_plausible_monthly_pay_dkk }}
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
