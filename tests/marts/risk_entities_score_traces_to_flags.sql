{#
    Every point of risk_score traces to fct_red_flags: recomputed here from
    the flag rows, the indicators' rarity weights
    (int_indicator_rarity_weights, by the kind of entity of
    int_entities_classified_by_kind) and the nesting of the seed
    indicator_scoring_attributes alone - weight_points x default_weight x
    rarity weight x (0.5 + 0.5 x the strongest strength) per counted
    indicator, category_bonus_points per category beyond the first - the
    score must equal that sum plus a network bonus of network_bonus_points
    per counted indicator only other members of a close network carry, at
    most network_bonus_cap, capped at 100. Returns every entity whose score
    does not add up.
#}
{%- set weight_points = threshold('RISK', 'weight_points') %}
{%- set category_bonus_points = threshold('RISK', 'category_bonus_points') %}
{%- set network_bonus_points = threshold('RISK', 'network_bonus_points') %}
{%- set network_bonus_cap = threshold('RISK', 'network_bonus_cap') %}
{%- set network_min_cluster_size = threshold('RISK', 'network_min_cluster_size') %}
{%- set network_max_cluster_size = threshold('RISK', 'network_max_cluster_size') %}

with flag_indicators as (

    select
        entity_type,
        entity_id,
        indicator_id,
        min(category) as category,
        min(default_weight) as default_weight,
        max(strength) as strength
    from {{ ref('fct_red_flags') }}
    group by
        entity_type,
        entity_id,
        indicator_id

),

nesting as (

    select
        indicator_id,
        counted_within
    from {{ ref('indicator_scoring_attributes') }}
    where counted_within is not null

),

counted_indicators as (

    select
        flag_indicators.*,
        weights.rarity_weight
    from flag_indicators
    inner join {{ ref('int_entities_classified_by_kind') }} as kinds
        on flag_indicators.entity_type = kinds.entity_type
        and flag_indicators.entity_id = kinds.entity_id
    inner join {{ ref('int_indicator_rarity_weights') }} as weights
        on flag_indicators.indicator_id = weights.indicator_id
        and kinds.entity_kind = weights.entity_kind
    left join nesting
        on flag_indicators.indicator_id = nesting.indicator_id
    left join flag_indicators as container
        on flag_indicators.entity_type = container.entity_type
        and flag_indicators.entity_id = container.entity_id
        and nesting.counted_within = container.indicator_id
    where container.indicator_id is null

),

category_counts as (

    select
        entity_type,
        entity_id,
        count(distinct category) as category_count
    from flag_indicators
    group by
        entity_type,
        entity_id

),

flag_points as (

    select
        counted_indicators.entity_type,
        counted_indicators.entity_id,
        sum({{ weight_points }} * counted_indicators.default_weight * counted_indicators.rarity_weight
            * (0.5 + 0.5 * counted_indicators.strength))
            + {{ category_bonus_points }} * (min(category_counts.category_count) - 1) as own_points,
        count(*) as counted_indicator_count
    from counted_indicators
    inner join category_counts
        on counted_indicators.entity_type = category_counts.entity_type
        and counted_indicators.entity_id = category_counts.entity_id
    group by
        counted_indicators.entity_type,
        counted_indicators.entity_id

),

mart as (

    select
        entity_type,
        entity_id,
        risk_score,
        cluster_size,
        cluster_indicator_count
    from {{ ref('risk_entities') }}

),

{#- Rounded as the mart rounds it (round_half_up), so a score at a tie agrees on every engine. -#}
{%- set unrounded_expected_score -%}
        least(100.0, flag_points.own_points + case
            when mart.cluster_size between {{ network_min_cluster_size }} and {{ network_max_cluster_size }} then least(
                {{ network_bonus_cap }},
                {{ network_bonus_points }} * (mart.cluster_indicator_count - flag_points.counted_indicator_count)
            )
            else 0
        end)
{%- endset %}

expected as (

    select
        mart.entity_type,
        mart.entity_id,
        mart.risk_score,
        {{ round_half_up(unrounded_expected_score, 1) }} as expected_score
    from mart
    left join flag_points
        on mart.entity_type = flag_points.entity_type
        and mart.entity_id = flag_points.entity_id

)

select *
from expected
where expected_score is null
   or abs(risk_score - expected_score) > 0.05
