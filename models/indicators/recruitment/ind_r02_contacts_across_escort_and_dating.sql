{#
    R02 contacts_across_escort_and_dating: the same phone or email is the
    contact of ads on both escort and dating sites, or a dating profile
    carries the '$' marker (the leaflet: such ads "are often explained by a
    profile using a '$'"). Fires on the party owning the contact on the day of
    the ad, else on the contact itself.

    Branch A (crossover): one phone or email is the contact of at least
    min_escort_ads escort ads and min_dating_ads dating ads in the lookback
    period. Branch B ('$' marker): at least min_dating_ads dating ads whose
    profile handle or text contains '$'; they flag the ad's phone and email
    owners (else the phone / email), and the profile handle (its owner, else
    the handle) when the ad gives neither.
#}
{%- set min_escort_ads = threshold('R02', 'min_escort_ads') %}
{%- set min_dating_ads = threshold('R02', 'min_dating_ads') %}

with ad_contacts as (

    select
        ad_id,
        site_category,
        posted_date,
        contact_type,
        contact,
        entity_type,
        entity_id
    from {{ ref('int_online_ad_contacts_resolved_to_entities') }}
    where site_category in ('escort', 'dating')

),

online_ads as (

    select
        ad_id,
        site_category,
        posted_at,
        contact_phone,
        contact_email,
        profile_handle,
        ad_text
    from {{ ref('stg_online_ads') }}
    where site_category = 'dating'

),

reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

ad_contacts_in_period as (

    select
        ad_contacts.*
    from ad_contacts
    cross join reporting_period
    where ad_contacts.posted_date between reporting_period.lookback_start and reporting_period.as_of_date

),

{#- Branch A: count per contact, so that only one and the same phone or email links the two kinds of site. #}
ads_per_contact as (

    select
        contact_type,
        contact,
        count(distinct case when site_category = 'escort' then ad_id end) as escort_ad_count,
        count(distinct case when site_category = 'dating' then ad_id end) as dating_ad_count,
        min(posted_date) as first_posted_date,
        max(posted_date) as last_posted_date
    from ad_contacts_in_period
    where contact_type in ('phone', 'email')
    group by
        contact_type,
        contact

),

crossover_contacts as (

    select *
    from ads_per_contact
    where escort_ad_count >= {{ min_escort_ads }}
      and dating_ad_count >= {{ min_dating_ads }}

),

crossover_entities as (

    select distinct
        ad_contacts_in_period.entity_type,
        ad_contacts_in_period.entity_id,
        crossover_contacts.contact,
        crossover_contacts.escort_ad_count,
        crossover_contacts.dating_ad_count,
        crossover_contacts.first_posted_date,
        crossover_contacts.last_posted_date
    from crossover_contacts
    inner join ad_contacts_in_period
        on crossover_contacts.contact_type = ad_contacts_in_period.contact_type
        and crossover_contacts.contact = ad_contacts_in_period.contact

),

crossover_flags as (

    select
        entity_type,
        entity_id,
        cast(escort_ad_count + dating_ad_count as double) as measure,
        cast({{ min_escort_ads }} + {{ min_dating_ads }} as double) as threshold,
        first_posted_date as window_start,
        last_posted_date as window_end,
        concat(
            'Contact ', contact, ' appears in ', cast(escort_ad_count as {{ dbt.type_string() }}),
            ' escort ad(s) and ', cast(dating_ad_count as {{ dbt.type_string() }}), ' dating ad(s)',
            ' between ', {{ format_date('first_posted_date') }}, ' and ', {{ format_date('last_posted_date') }},
            ' (threshold: ', '{{ min_escort_ads }}', ' escort and ', '{{ min_dating_ads }}', ' dating ad(s))'
        ) as evidence
    from crossover_entities

),

{#- Branch B: the '$' marker on a dating profile, read in the handle and in the ad text. #}
marked_dating_ads as (

    select
        online_ads.ad_id,
        (online_ads.contact_phone is not null or online_ads.contact_email is not null) as has_phone_or_email
    from online_ads
    where online_ads.profile_handle like '%$%'
       or online_ads.ad_text like '%$%'

),

marked_ad_entities as (

    select
        ad_contacts_in_period.entity_type,
        ad_contacts_in_period.entity_id,
        ad_contacts_in_period.ad_id,
        ad_contacts_in_period.posted_date
    from marked_dating_ads
    inner join ad_contacts_in_period
        on marked_dating_ads.ad_id = ad_contacts_in_period.ad_id
    where ad_contacts_in_period.contact_type in ('phone', 'email')
       or not marked_dating_ads.has_phone_or_email

),

marked_ads_per_entity as (

    select
        entity_type,
        entity_id,
        count(distinct ad_id) as marked_ad_count,
        min(posted_date) as window_start,
        max(posted_date) as window_end
    from marked_ad_entities
    group by
        entity_type,
        entity_id

),

marker_flags as (

    select
        entity_type,
        entity_id,
        cast(marked_ad_count as double) as measure,
        cast({{ min_dating_ads }} as double) as threshold,
        window_start,
        window_end,
        concat(
            cast(marked_ad_count as {{ dbt.type_string() }}), ' dating profile ad(s) carrying the ''$'' marker',
            ' between ', {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' (threshold: ', '{{ min_dating_ads }}', ' ad(s))'
        ) as evidence
    from marked_ads_per_entity
    where marked_ad_count >= {{ min_dating_ads }}

),

all_flags as (

    select * from crossover_flags
    union all
    select * from marker_flags

),

strongest_flag as (

    select
        all_flags.*,
        least(1.0, 0.5 * cast(measure as double) / threshold) as strength
    from all_flags
    qualify row_number() over (
        partition by entity_type, entity_id
        order by measure / threshold desc, window_start, evidence
    ) = 1

),

final as (

    select
        entity_type,
        entity_id,
        'R02' as indicator_id,
        'both' as role_side,
        strength,
        window_start,
        window_end,
        measure,
        threshold,
        evidence
    from strongest_flag

)

select * from final
