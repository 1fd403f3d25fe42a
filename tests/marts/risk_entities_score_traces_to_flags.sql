{#
    Every point of risk_score traces to fct_red_flags: recomputed here from
    the flag rows alone (weight_points x default_weight x (0.5 + 0.5 x the
    strongest strength) per distinct indicator, category_bonus_points per
    category beyond the first), the score must equal that sum (capped at
    100) plus a network bonus of network_bonus_points per indicator that
    only other cluster members carry, at most network_bonus_cap, none in a
    cluster of more than network_max_cluster_size flagged entities.
    Returns every entity whose score does not add up.
#}
{%- set weight_points = threshold('RISK', 'weight_points') %}
{%- set category_bonus_points = threshold('RISK', 'category_bonus_points') %}
{%- set network_bonus_points = threshold('RISK', 'network_bonus_points') %}
{%- set network_bonus_cap = threshold('RISK', 'network_bonus_cap') %}
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

flag_points as (

    select
        entity_type,
        entity_id,
        sum({{ weight_points }} * default_weight * (0.5 + 0.5 * strength))
            + {{ category_bonus_points }} * (count(distinct category) - 1) as own_points,
        count(*) as indicator_count
    from flag_indicators
    group by
        entity_type,
        entity_id

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

expected as (

    select
        mart.entity_type,
        mart.entity_id,
        mart.risk_score,
        round(least(100.0, flag_points.own_points + case
            when mart.cluster_size <= {{ network_max_cluster_size }} then least(
                {{ network_bonus_cap }},
                {{ network_bonus_points }} * (mart.cluster_indicator_count - flag_points.indicator_count)
            )
            else 0
        end), 1) as expected_score
    from mart
    inner join flag_points
        on mart.entity_type = flag_points.entity_type
        and mart.entity_id = flag_points.entity_id

)

select *
from expected
where abs(risk_score - expected_score) > 0.05
