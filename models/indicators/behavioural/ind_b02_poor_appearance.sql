{#
    B02 poor_appearance: frontline staff recorded poor clothing or personal
    hygiene, or a malnourished look. Fires on the observed person (victim
    side) with at least min_observations such observations in the lookback
    period.
#}
{%- set min_observations = threshold('B02', 'min_observations') %}

with observations as (

    select
        observation_id,
        party_id,
        observed_at,
        org_type,
        poor_appearance,
        malnourished
    from {{ ref('stg_frontline_observations') }}

),

reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

{#- A missing answer on the form counts as "not seen". #}
appearance_observations as (

    select
        observations.observation_id,
        observations.party_id,
        cast(observations.observed_at as date) as observed_date,
        observations.org_type,
        coalesce(observations.poor_appearance, false) as poor_appearance,
        coalesce(observations.malnourished, false) as malnourished
    from observations
    cross join reporting_period
    where cast(observations.observed_at as date) between reporting_period.lookback_start and reporting_period.as_of_date
      and (
          coalesce(observations.poor_appearance, false)
          or coalesce(observations.malnourished, false)
      )

),

observed_persons as (

    select
        party_id,
        min(observed_date) as window_start,
        max(observed_date) as window_end,
        count(*) as observation_count,
        count_if(poor_appearance) as poor_appearance_count,
        count_if(malnourished) as malnourished_count,
        count(distinct org_type) as org_type_count
    from appearance_observations
    group by party_id
    having count(*) >= {{ min_observations }}

),

final as (

    select
        'party' as entity_type,
        party_id as entity_id,
        'B02' as indicator_id,
        'victim' as role_side,
        least(1.0, 0.5 * observation_count / {{ min_observations }}) as strength,
        window_start,
        window_end,
        cast(observation_count as double) as measure,
        cast({{ min_observations }} as double) as threshold,
        concat(
            'Frontline staff recorded poor appearance or a malnourished look in ',
            cast(observation_count as {{ dbt.type_string() }}), ' observation(s) between ',
            {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' (poor clothing or hygiene: ', cast(poor_appearance_count as {{ dbt.type_string() }}),
            ', malnourished: ', cast(malnourished_count as {{ dbt.type_string() }}),
            '; ', cast(org_type_count as {{ dbt.type_string() }}), ' kind(s) of organisation)',
            ' (threshold: ', '{{ min_observations }}', ' observation(s))'
        ) as evidence
    from observed_persons

)

select * from final
