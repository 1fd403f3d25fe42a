{#
    B03 no_local_language: frontline staff recorded that the person has little
    or no local language (Danish or English). Fires on the observed person
    (victim side) with at least min_observations such observations in the
    lookback period. A weak signal on its own: the risk mart weights it low
    (seed indicator_catalogue, default_weight 0.5), not this model.
#}
{%- set min_observations = threshold('B03', 'min_observations') %}

{#- Observations in the lookback period; only an explicit "true" counts: a
    missing answer has already become "not seen"
    (int_frontline_observations_limited_to_period). #}
with language_observations as (

    select
        observation_id,
        party_id,
        observed_date,
        org_type
    from {{ ref('int_frontline_observations_limited_to_period') }}
    where no_local_language

),

observed_persons as (

    select
        party_id,
        min(observed_date) as window_start,
        max(observed_date) as window_end,
        count(*) as observation_count,
        count(distinct org_type) as org_type_count
    from language_observations
    group by party_id
    having count(*) >= {{ min_observations }}

),

final as (

    select
        'party' as entity_type,
        party_id as entity_id,
        'B03' as indicator_id,
        'victim' as role_side,
        least(1.0, 0.5 * cast(observation_count as double) / {{ min_observations }}) as strength,
        window_start,
        window_end,
        cast(observation_count as double) as measure,
        cast({{ min_observations }} as double) as threshold,
        concat(
            'Frontline staff recorded little or no Danish or English in ',
            cast(observation_count as {{ dbt.type_string() }}), ' observation(s) between ',
            {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' (', cast(org_type_count as {{ dbt.type_string() }}), ' kind(s) of organisation;',
            ' a weak signal on its own)',
            ' (threshold: ', '{{ min_observations }}', ' observation(s))'
        ) as evidence
    from observed_persons

)

select * from final
