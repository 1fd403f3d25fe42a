{#
    B02 poor_appearance: frontline staff recorded poor clothing or personal
    hygiene, or a malnourished look. Fires on the observed person (victim
    side) with at least min_observations such observations in the lookback
    period.
#}
{%- set min_observations = threshold('B02', 'min_observations') %}

{#- Observations in the lookback period; a missing answer on the form has
    already become "not seen" (int_frontline_observations_limited_to_period). #}
with appearance_observations as (

    select
        observation_id,
        party_id,
        observed_date,
        org_type,
        poor_appearance,
        malnourished
    from {{ ref('int_frontline_observations_limited_to_period') }}
    where poor_appearance
       or malnourished

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
        least(1.0, 0.5 * cast(observation_count as double) / {{ min_observations }}) as strength,
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
