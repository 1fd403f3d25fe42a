{#
    B01 third_party_speaks: frontline staff saw a third party speak for a
    person, or the person look to a third party before answering.
    Fires on
      - the observed person (victim side) with at least min_observations such
        observations in the lookback period;
      - the accompanying person (trafficker side) when the same companion was
        the third party for at least min_accompanied_people different people:
        an interpreter or relative recorded with one customer is not a repeat
        escort (the catalogue's look-alike).
#}
{%- set min_observations = threshold('B01', 'min_observations') %}
{#- The catalogue's "two or more different people" that makes a companion a repeat escort. #}
{%- set min_accompanied_people = threshold('B01', 'min_accompanied_people') %}

with observations as (

    select
        observation_id,
        party_id,
        observed_date,
        org_type,
        third_party_spoke,
        looked_to_third_party,
        accompanied_by_party_id
    from {{ ref('int_frontline_observations_limited_to_period') }}

),

{#- Observations in the lookback period; a missing answer on the form has
    already become "not seen" (int_frontline_observations_limited_to_period). #}
third_party_observations as (

    select
        observation_id,
        party_id,
        observed_date,
        org_type,
        third_party_spoke,
        looked_to_third_party,
        {#- A person recorded as their own companion is a form error, not a companion. #}
        case
            when accompanied_by_party_id <> party_id
                then accompanied_by_party_id
        end as companion_party_id
    from observations
    where third_party_spoke
       or looked_to_third_party

),

companions as (

    select
        companion_party_id as party_id,
        min(observed_date) as window_start,
        max(observed_date) as window_end,
        count(distinct party_id) as accompanied_people_count,
        count(*) as observation_count,
        count(distinct org_type) as org_type_count
    from third_party_observations
    where companion_party_id is not null
    group by companion_party_id
    having count(distinct party_id) >= {{ min_accompanied_people }}

),

{#- The observed person's evidence names a companion who also escorts other people. #}
observed_persons as (

    select
        third_party_observations.party_id,
        min(third_party_observations.observed_date) as window_start,
        max(third_party_observations.observed_date) as window_end,
        count(*) as observation_count,
        count_if(third_party_observations.third_party_spoke) as spoke_count,
        count_if(third_party_observations.looked_to_third_party) as looked_count,
        count(distinct third_party_observations.org_type) as org_type_count,
        count(distinct third_party_observations.companion_party_id) as companion_count,
        count(distinct companions.party_id) as repeat_companion_count,
        min(companions.party_id) as first_repeat_companion_id
    from third_party_observations
    left join companions
        on third_party_observations.companion_party_id = companions.party_id
    group by third_party_observations.party_id
    having count(*) >= {{ min_observations }}

),

victim_side_flags as (

    select
        'party' as entity_type,
        party_id as entity_id,
        'B01' as indicator_id,
        'victim' as role_side,
        least(1.0, 0.5 * cast(observation_count as double) / {{ min_observations }}) as strength,
        window_start,
        window_end,
        cast(observation_count as double) as measure,
        cast({{ min_observations }} as double) as threshold,
        concat(
            'Frontline staff recorded a third party speaking for the person or the person looking to a third party before answering in ',
            cast(observation_count as {{ dbt.type_string() }}), ' observation(s) between ',
            {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' (spoke for: ', cast(spoke_count as {{ dbt.type_string() }}),
            ', looked to: ', cast(looked_count as {{ dbt.type_string() }}),
            '; ', cast(org_type_count as {{ dbt.type_string() }}), ' kind(s) of organisation',
            '; ', cast(companion_count as {{ dbt.type_string() }}), ' identified companion(s)',
            case
                when repeat_companion_count > 0
                    then concat(', among them ', first_repeat_companion_id, ', a repeat companion flagged trafficker side')
                else ''
            end,
            ')',
            ' (threshold: ', '{{ min_observations }}', ' observation(s))'
        ) as evidence
    from observed_persons

),

trafficker_side_flags as (

    select
        'party' as entity_type,
        party_id as entity_id,
        'B01' as indicator_id,
        'trafficker' as role_side,
        least(1.0, 0.5 * cast(accompanied_people_count as double) / {{ min_accompanied_people }}) as strength,
        window_start,
        window_end,
        cast(accompanied_people_count as double) as measure,
        cast({{ min_accompanied_people }} as double) as threshold,
        concat(
            'Accompanied ', cast(accompanied_people_count as {{ dbt.type_string() }}),
            ' different people who were spoken for or looked to this companion before answering, in ',
            cast(observation_count as {{ dbt.type_string() }}), ' frontline observation(s) by ',
            cast(org_type_count as {{ dbt.type_string() }}), ' kind(s) of organisation between ',
            {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' (threshold: ', '{{ min_accompanied_people }}', ' different people)'
        ) as evidence
    from companions

),

final as (

    select * from victim_side_flags
    union all
    select * from trafficker_side_flags

)

select * from final
