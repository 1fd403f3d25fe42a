{#
    One row per flagged entity and indicator, with what the risk mart's
    scoring needs: the indicator's rarity weight among entities of the same
    kind, the family of partners whose data raised it, whether it is a
    control signal, whether it counts toward the tier (an indicator nested
    in another that also fires on the entity counts once, inside the other),
    and the points it adds. A flag on both sides counts once, at its
    strongest; its evidence is the strongest flag's.
#}
{%- set weight_points = threshold('RISK', 'weight_points') %}

with flags as (

    select
        entity_type,
        entity_id,
        indicator_id,
        category,
        default_weight,
        role_side,
        strength,
        window_start,
        window_end,
        evidence
    from {{ ref('fct_red_flags') }}

),

entity_kinds as (

    select
        entity_type,
        entity_id,
        entity_kind
    from {{ ref('int_entities_classified_by_kind') }}

),

rarity_weights as (

    select
        indicator_id,
        entity_kind,
        rarity_weight
    from {{ ref('int_indicator_rarity_weights') }}

),

scoring_attributes as (

    select
        indicator_id,
        evidence_source,
        control_over,
        counted_within
    from {{ ref('indicator_scoring_attributes') }}

),

entity_indicators as (

    select
        entity_type,
        entity_id,
        indicator_id,
        min(category) as category,
        min(default_weight) as default_weight,
        max(strength) as strength,
        max(case when role_side = 'victim' then 1 else 0 end) as is_victim_signal,
        max(case when role_side = 'trafficker' then 1 else 0 end) as is_trafficker_signal,
        min(window_start) as window_start,
        max(window_end) as window_end
    from flags
    group by
        entity_type,
        entity_id,
        indicator_id

),

strongest_flags as (

    select
        entity_type,
        entity_id,
        indicator_id,
        role_side,
        evidence
    from flags
    qualify row_number() over (
        partition by entity_type, entity_id, indicator_id
        order by strength desc, role_side
    ) = 1

),

weighted_indicators as (

    select
        entity_indicators.entity_type,
        entity_indicators.entity_id,
        entity_kinds.entity_kind,
        entity_indicators.indicator_id,
        entity_indicators.category,
        entity_indicators.default_weight,
        entity_indicators.strength,
        entity_indicators.is_victim_signal,
        entity_indicators.is_trafficker_signal,
        entity_indicators.window_start,
        entity_indicators.window_end,
        strongest_flags.role_side,
        strongest_flags.evidence,
        rarity_weights.rarity_weight,
        scoring_attributes.evidence_source,
        scoring_attributes.control_over,
        scoring_attributes.counted_within
    from entity_indicators
    inner join strongest_flags
        on entity_indicators.entity_type = strongest_flags.entity_type
        and entity_indicators.entity_id = strongest_flags.entity_id
        and entity_indicators.indicator_id = strongest_flags.indicator_id
    inner join entity_kinds
        on entity_indicators.entity_type = entity_kinds.entity_type
        and entity_indicators.entity_id = entity_kinds.entity_id
    inner join rarity_weights
        on entity_indicators.indicator_id = rarity_weights.indicator_id
        and entity_kinds.entity_kind = rarity_weights.entity_kind
    inner join scoring_attributes
        on entity_indicators.indicator_id = scoring_attributes.indicator_id

),

final as (

    select
        weighted_indicators.entity_type,
        weighted_indicators.entity_id,
        weighted_indicators.entity_kind,
        weighted_indicators.indicator_id,
        weighted_indicators.category,
        weighted_indicators.default_weight,
        weighted_indicators.strength,
        weighted_indicators.is_victim_signal,
        weighted_indicators.is_trafficker_signal,
        weighted_indicators.window_start,
        weighted_indicators.window_end,
        weighted_indicators.role_side,
        weighted_indicators.evidence,
        weighted_indicators.rarity_weight,
        weighted_indicators.evidence_source,
        weighted_indicators.control_over,
        weighted_indicators.counted_within,
        container.indicator_id is null as is_counted,
        case
            when container.indicator_id is null
                then weighted_indicators.default_weight * weighted_indicators.rarity_weight
            else 0
        end as evidence_weight,
        case
            when container.indicator_id is null
                then {{ weight_points }} * weighted_indicators.default_weight * weighted_indicators.rarity_weight
                    * (0.5 + 0.5 * weighted_indicators.strength)
            else 0
        end as points
    from weighted_indicators
    left join weighted_indicators as container
        on weighted_indicators.entity_type = container.entity_type
        and weighted_indicators.entity_id = container.entity_id
        and weighted_indicators.counted_within = container.indicator_id

)

select * from final
