{#
    F03 contact_in_sex_ads: a party's phone number or email is the contact of
    an escort or sex-service ad. Fires on the party owning the contact on the
    day the ad was posted, else on the phone or email itself, when the
    contacts it owns appear in at least min_ads escort ads in the lookback
    period.
#}
{%- set min_ads = threshold('F03', 'min_ads') %}

with ad_contacts as (

    select
        ad_id,
        site,
        site_category,
        posted_date,
        contact_type,
        contact,
        entity_type,
        entity_id
    from {{ ref('int_online_ad_contacts_resolved_to_entities') }}

),

reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

{#- Phones and emails only: a profile handle is not a contact the leaflet means (R02 reads handles). #}
escort_ad_contacts as (

    select
        ad_contacts.ad_id,
        ad_contacts.site,
        ad_contacts.posted_date,
        ad_contacts.contact,
        ad_contacts.entity_type,
        ad_contacts.entity_id
    from ad_contacts
    cross join reporting_period
    where ad_contacts.site_category = 'escort'
      and ad_contacts.contact_type in ('phone', 'email')
      and ad_contacts.posted_date between reporting_period.lookback_start and reporting_period.as_of_date

),

ads_per_entity as (

    select
        entity_type,
        entity_id,
        count(distinct ad_id) as ad_count,
        count(distinct site) as site_count,
        min(posted_date) as window_start,
        max(posted_date) as window_end
    from escort_ad_contacts
    group by
        entity_type,
        entity_id

),

distinct_entity_contacts as (

    select distinct
        entity_type,
        entity_id,
        contact
    from escort_ad_contacts

),

contacts_per_entity as (

    select
        entity_type,
        entity_id,
        {{ dbt.listagg('contact', "', '", 'order by contact') }} as contact_list
    from distinct_entity_contacts
    group by
        entity_type,
        entity_id

),

flagged_entities as (

    select
        ads_per_entity.entity_type,
        ads_per_entity.entity_id,
        ads_per_entity.ad_count,
        ads_per_entity.site_count,
        ads_per_entity.window_start,
        ads_per_entity.window_end,
        contacts_per_entity.contact_list
    from ads_per_entity
    inner join contacts_per_entity
        on ads_per_entity.entity_type = contacts_per_entity.entity_type
        and ads_per_entity.entity_id = contacts_per_entity.entity_id
    where ads_per_entity.ad_count >= {{ min_ads }}

),

final as (

    select
        entity_type,
        entity_id,
        'F03' as indicator_id,
        'both' as role_side,
        least(1.0, 0.5 * cast(ad_count as double) / {{ min_ads }}) as strength,
        window_start,
        window_end,
        cast(ad_count as double) as measure,
        cast({{ min_ads }} as double) as threshold,
        concat(
            'Contact ', contact_list, ' appears in ', cast(ad_count as {{ dbt.type_string() }}),
            ' escort or sex-service ad(s) on ', cast(site_count as {{ dbt.type_string() }}), ' site(s)',
            ' between ', {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' (threshold: ', '{{ min_ads }}', ' ad(s))'
        ) as evidence
    from flagged_entities

)

select * from final
