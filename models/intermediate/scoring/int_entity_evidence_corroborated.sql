{#
    One row per flagged entity: how far its own flags corroborate each
    other, and the tier they earn on their own. Corroboration, not a count:
    an alert needs alert_min_indicators counted indicators whose evidence
    (default weight x rarity weight, summed) reaches alert_min_evidence, from
    alert_min_sources independent families of partners or with a control
    signal (someone else controls the person's money, phone, housing,
    movement or speech). The network's part is int_cluster_evidence_corroborated.
#}
{%- set alert_min_indicators = threshold('RISK', 'alert_min_indicators') %}
{%- set alert_min_evidence = threshold('RISK', 'alert_min_evidence') %}
{%- set alert_min_sources = threshold('RISK', 'alert_min_sources') %}
{%- set watch_min_indicators = threshold('RISK', 'watch_min_indicators') %}
{%- set watch_min_evidence = threshold('RISK', 'watch_min_evidence') %}

{#- The leaflet: one flag alone is never evidence. #}
{%- if alert_min_indicators < 2 or alert_min_sources < 2 or watch_min_indicators < 2 %}
    {%- do exceptions.raise_compiler_error(
        "int_entity_evidence_corroborated: alert_min_indicators, alert_min_sources and watch_min_indicators must be at least 2 (one red flag alone is never an alert)"
    ) %}
{%- endif %}

with indicators as (

    select
        entity_type,
        entity_id,
        indicator_id,
        category,
        is_victim_signal,
        is_trafficker_signal,
        window_start,
        window_end,
        evidence_source,
        control_over,
        is_counted,
        evidence_weight,
        points
    from {{ ref('int_entity_indicators_weighted') }}

),

entity_sources as (

    select distinct
        entity_type,
        entity_id,
        evidence_source
    from indicators
    where is_counted

),

entity_controls as (

    select distinct
        entity_type,
        entity_id,
        control_over
    from indicators
    where is_counted
      and control_over is not null

),

entity_categories as (

    select distinct
        entity_type,
        entity_id,
        category
    from indicators

),

sources_per_entity as (

    select
        entity_type,
        entity_id,
        count(*) as source_count,
        {{ dbt.listagg('evidence_source', "', '", 'order by evidence_source') }} as evidence_sources
    from entity_sources
    group by
        entity_type,
        entity_id

),

controls_per_entity as (

    select
        entity_type,
        entity_id,
        count(*) as control_signal_count,
        {{ dbt.listagg('control_over', "', '", 'order by control_over') }} as control_signals
    from entity_controls
    group by
        entity_type,
        entity_id

),

categories_per_entity as (

    select
        entity_type,
        entity_id,
        count(*) as category_count,
        {{ dbt.listagg('category', "', '", 'order by category') }} as categories_text
    from entity_categories
    group by
        entity_type,
        entity_id

),

indicators_per_entity as (

    select
        entity_type,
        entity_id,
        count(*) as indicator_count,
        sum(case when is_counted then 1 else 0 end) as counted_indicator_count,
        {{ dbt.listagg('indicator_id', "','", 'order by indicator_id') }} as indicator_ids,
        sum(is_victim_signal) as victim_signals,
        sum(is_trafficker_signal) as trafficker_signals,
        sum(evidence_weight) as evidence_weight,
        sum(points) as indicator_points,
        min(window_start) as first_flagged_at,
        max(window_end) as last_flagged_at
    from indicators
    group by
        entity_type,
        entity_id

),

corroborated as (

    select
        indicators_per_entity.entity_type,
        indicators_per_entity.entity_id,
        indicators_per_entity.indicator_count,
        indicators_per_entity.counted_indicator_count,
        indicators_per_entity.indicator_ids,
        categories_per_entity.category_count,
        categories_per_entity.categories_text,
        indicators_per_entity.victim_signals,
        indicators_per_entity.trafficker_signals,
        indicators_per_entity.evidence_weight,
        indicators_per_entity.indicator_points,
        coalesce(sources_per_entity.source_count, 0) as source_count,
        sources_per_entity.evidence_sources,
        coalesce(controls_per_entity.control_signal_count, 0) as control_signal_count,
        controls_per_entity.control_signals,
        indicators_per_entity.first_flagged_at,
        indicators_per_entity.last_flagged_at
    from indicators_per_entity
    inner join categories_per_entity
        on indicators_per_entity.entity_type = categories_per_entity.entity_type
        and indicators_per_entity.entity_id = categories_per_entity.entity_id
    left join sources_per_entity
        on indicators_per_entity.entity_type = sources_per_entity.entity_type
        and indicators_per_entity.entity_id = sources_per_entity.entity_id
    left join controls_per_entity
        on indicators_per_entity.entity_type = controls_per_entity.entity_type
        and indicators_per_entity.entity_id = controls_per_entity.entity_id

),

final as (

    select
        *,
        counted_indicator_count >= {{ alert_min_indicators }}
            and evidence_weight >= {{ alert_min_evidence }}
            and (source_count >= {{ alert_min_sources }} or control_signal_count > 0) as is_alert_on_own_flags,
        counted_indicator_count >= {{ watch_min_indicators }}
            and evidence_weight >= {{ watch_min_evidence }} as is_watch_on_own_flags
    from corroborated

)

select * from final
