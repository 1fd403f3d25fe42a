{#
    The business hours every company is held to when F01 asks whether a
    payment came in "outside the time of known business operations": its own
    hours from KYC (parties.business_hours_open/close) when both are given as
    valid HH:MM, else the hours of the longest matching NACE prefix in the seed
    industry_business_hours, else the seed's '*' default row.
    Times become minutes after midnight (0-1440) so that a payment's time of day
    compares with plain arithmetic; closes_minute < opens_minute means the
    business is open across midnight.
#}
{%- set hhmm_pattern = '([01]?[0-9]|2[0-3]):[0-5][0-9]|24:00' %}

with companies as (

    select
        party_id,
        industry_code,
        trim(business_hours_open) as own_opens_at,
        trim(business_hours_close) as own_closes_at
    from {{ ref('stg_parties') }}
    where party_type = 'company'

),

industry_business_hours as (

    select
        cast(nace_prefix as {{ dbt.type_string() }}) as nace_prefix,
        cast(opens_at as {{ dbt.type_string() }}) as opens_at,
        cast(closes_at as {{ dbt.type_string() }}) as closes_at
    from {{ ref('industry_business_hours') }}

),

{#- Every seed row that applies to the company: its NACE prefixes and the '*' default. #}
industry_matches as (

    select
        companies.party_id,
        industry_business_hours.nace_prefix,
        industry_business_hours.opens_at,
        industry_business_hours.closes_at,
        case
            when industry_business_hours.nace_prefix = '*' then 0
            else length(industry_business_hours.nace_prefix)
        end as match_length
    from companies
    inner join industry_business_hours
        on industry_business_hours.nace_prefix = '*'
        or companies.industry_code like concat(industry_business_hours.nace_prefix, '%')

),

longest_industry_match as (

    select *
    from industry_matches
    qualify row_number() over (
        partition by party_id
        order by match_length desc, nace_prefix
    ) = 1

),

hours_chosen as (

    select
        companies.party_id,
        companies.industry_code,
        case
            when {{ regexp_full_match('companies.own_opens_at', hhmm_pattern) }}
                and {{ regexp_full_match('companies.own_closes_at', hhmm_pattern) }}
                then 'own'
            when longest_industry_match.match_length > 0 then 'industry'
            when longest_industry_match.party_id is not null then 'default'
        end as hours_source,
        longest_industry_match.nace_prefix as matched_nace_prefix,
        companies.own_opens_at,
        companies.own_closes_at,
        longest_industry_match.opens_at as industry_opens_at,
        longest_industry_match.closes_at as industry_closes_at
    from companies
    left join longest_industry_match
        on companies.party_id = longest_industry_match.party_id

),

hours_in_force as (

    select
        party_id,
        industry_code,
        hours_source,
        case when hours_source <> 'own' then matched_nace_prefix end as matched_nace_prefix,
        case when hours_source = 'own' then own_opens_at else industry_opens_at end as opens_at,
        case when hours_source = 'own' then own_closes_at else industry_closes_at end as closes_at
    from hours_chosen
    where hours_source is not null

),

final as (

    select
        party_id,
        industry_code,
        hours_source,
        matched_nace_prefix,
        opens_at,
        closes_at,
        cast({{ dbt.split_part('opens_at', "':'", 1) }} as integer) * 60
            + cast({{ dbt.split_part('opens_at', "':'", 2) }} as integer) as opens_minute,
        cast({{ dbt.split_part('closes_at', "':'", 1) }} as integer) * 60
            + cast({{ dbt.split_part('closes_at', "':'", 2) }} as integer) as closes_minute
    from hours_in_force

)

select * from final
