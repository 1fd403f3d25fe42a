{#
    One row per flagged entity: its distinct indicators, which way they
    point, its network cluster, a score that adds up from its flags and a
    tier that follows the leaflet (no single red flag is evidence).

    Every input is a row of fct_red_flags, a cluster of
    int_entity_clusters_labelled or a link of int_entity_links_selected;
    nationality and sex are never read (python_tests/test_marts_scoring_inputs.py
    and tests/marts/scoring_models_never_read_personal_attributes.sql).

    Score (0-100), every point traceable to flag rows:
      per distinct indicator   weight_points x default_weight x (0.5 + 0.5 x strongest strength)
      per category beyond the first   category_bonus_points
      per distinct indicator only on other flagged members of the cluster
                               network_bonus_points, at most network_bonus_cap in all
                               (none in a cluster of more than network_max_cluster_size)
    Tier:
      alert  own indicators >= alert_min_indicators, or
             >= alert_min_indicators_across_categories across >= alert_min_categories categories, or
             >= 1 own indicator in a cluster of network_min_cluster_size to
             network_max_cluster_size flagged entities (a close network) showing
             >= alert_min_cluster_indicators distinct indicators
      watch  own indicators >= watch_min_indicators, or >= 1 own indicator in such
             a cluster showing >= watch_min_cluster_indicators
      info   otherwise
#}
{%- set weight_points = threshold('RISK', 'weight_points') %}
{%- set category_bonus_points = threshold('RISK', 'category_bonus_points') %}
{%- set network_bonus_points = threshold('RISK', 'network_bonus_points') %}
{%- set network_bonus_cap = threshold('RISK', 'network_bonus_cap') %}
{%- set alert_min_indicators = threshold('RISK', 'alert_min_indicators') %}
{%- set alert_min_indicators_across_categories = threshold('RISK', 'alert_min_indicators_across_categories') %}
{%- set alert_min_categories = threshold('RISK', 'alert_min_categories') %}
{%- set alert_min_cluster_indicators = threshold('RISK', 'alert_min_cluster_indicators') %}
{%- set watch_min_indicators = threshold('RISK', 'watch_min_indicators') %}
{%- set watch_min_cluster_indicators = threshold('RISK', 'watch_min_cluster_indicators') %}
{%- set network_min_cluster_size = threshold('RISK', 'network_min_cluster_size') %}
{%- set network_max_cluster_size = threshold('RISK', 'network_max_cluster_size') %}
{%- set evidence_max_flags = threshold('RISK', 'evidence_max_flags') %}
{%- set evidence_max_links = threshold('RISK', 'evidence_max_links') %}

{#- The leaflet: one flag alone is never evidence. Cut-offs that would let it alert are refused. #}
{%- if alert_min_indicators < 2 or alert_min_indicators_across_categories < 2 or alert_min_categories < 2 or alert_min_cluster_indicators < 2 or network_min_cluster_size < 2 %}
    {%- do exceptions.raise_compiler_error(
        "risk_entities: alert_min_indicators, alert_min_indicators_across_categories, alert_min_categories, alert_min_cluster_indicators and network_min_cluster_size must be at least 2 (one red flag alone is never an alert)"
    ) %}
{%- endif %}

with reporting_period as (

    select
        as_of_date
    from {{ ref('int_reporting_period') }}

),

flags as (

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

clusters as (

    select
        entity_type,
        entity_id,
        cluster_id
    from {{ ref('int_entity_clusters_labelled') }}

),

selected_links as (

    select
        entity_type_a,
        entity_id_a,
        entity_type_b,
        entity_id_b,
        link_type
    from {{ ref('int_entity_links_selected') }}

),

parties as (

    select
        party_id,
        full_name
    from {{ ref('stg_parties') }}

),

party_addresses as (

    select
        address_id,
        street,
        postcode,
        city,
        valid_from
    from {{ ref('stg_party_addresses') }}

),

{#- ---------- the entity's own flags ---------- #}

{#- One row per entity and indicator: a flag on both sides counts once, at its strongest. #}
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

scored_indicators as (

    select
        entity_indicators.entity_type,
        entity_indicators.entity_id,
        entity_indicators.indicator_id,
        entity_indicators.category,
        entity_indicators.strength,
        entity_indicators.is_victim_signal,
        entity_indicators.is_trafficker_signal,
        entity_indicators.window_start,
        entity_indicators.window_end,
        strongest_flags.role_side,
        strongest_flags.evidence,
        {{ weight_points }} * entity_indicators.default_weight * (0.5 + 0.5 * entity_indicators.strength) as points
    from entity_indicators
    inner join strongest_flags
        on entity_indicators.entity_type = strongest_flags.entity_type
        and entity_indicators.entity_id = strongest_flags.entity_id
        and entity_indicators.indicator_id = strongest_flags.indicator_id

),

ranked_reasons as (

    select
        entity_type,
        entity_id,
        row_number() over (
            partition by entity_type, entity_id
            order by points desc, indicator_id
        ) as reason_rank,
        concat(
            indicator_id, ' (',
            case when role_side = 'both' then 'victim or trafficker' else concat(role_side, ' side') end,
            ', strength ', {{ format_number('strength', 2) }},
            ', ', {{ format_number('points', 1) }}, ' points): ',
            evidence
        ) as reason_text
    from scored_indicators

),

reasons as (

    select
        entity_type,
        entity_id,
        {{ dbt.listagg('reason_text', "'; '", 'order by reason_rank') }} as reasons_text
    from ranked_reasons
    where reason_rank <= {{ evidence_max_flags }}
    group by
        entity_type,
        entity_id

),

entity_categories as (

    select distinct
        entity_type,
        entity_id,
        category
    from scored_indicators

),

categories as (

    select
        entity_type,
        entity_id,
        {{ dbt.listagg('category', "', '", 'order by category') }} as categories_text
    from entity_categories
    group by
        entity_type,
        entity_id

),

entity_flag_summaries as (

    select
        entity_type,
        entity_id,
        count(*) as indicator_count,
        {{ dbt.listagg('indicator_id', "','", 'order by indicator_id') }} as indicator_ids,
        count(distinct category) as category_count,
        sum(is_victim_signal) as victim_signals,
        sum(is_trafficker_signal) as trafficker_signals,
        sum(points) as indicator_points,
        min(window_start) as first_flagged_at,
        max(window_end) as last_flagged_at
    from scored_indicators
    group by
        entity_type,
        entity_id

),

{#- ---------- the entity's cluster ---------- #}

entity_clusters as (

    select
        entity_flag_summaries.entity_type,
        entity_flag_summaries.entity_id,
        coalesce(clusters.cluster_id, concat(entity_flag_summaries.entity_type, ':', entity_flag_summaries.entity_id)) as cluster_id
    from entity_flag_summaries
    left join clusters
        on entity_flag_summaries.entity_type = clusters.entity_type
        and entity_flag_summaries.entity_id = clusters.entity_id

),

cluster_indicators as (

    select distinct
        entity_clusters.cluster_id,
        scored_indicators.indicator_id
    from scored_indicators
    inner join entity_clusters
        on scored_indicators.entity_type = entity_clusters.entity_type
        and scored_indicators.entity_id = entity_clusters.entity_id

),

cluster_sizes as (

    select
        cluster_id,
        count(*) as cluster_size
    from entity_clusters
    group by cluster_id

),

cluster_indicator_counts as (

    select
        cluster_id,
        count(*) as cluster_indicator_count
    from cluster_indicators
    group by cluster_id

),

{#- Indicators carried by other flagged members of the cluster and not by the entity: the network's contribution. #}
network_only_indicators as (

    select
        entity_clusters.entity_type,
        entity_clusters.entity_id,
        cluster_indicators.indicator_id
    from entity_clusters
    inner join cluster_indicators
        on entity_clusters.cluster_id = cluster_indicators.cluster_id
    left join scored_indicators as own_indicators
        on entity_clusters.entity_type = own_indicators.entity_type
        and entity_clusters.entity_id = own_indicators.entity_id
        and cluster_indicators.indicator_id = own_indicators.indicator_id
    where own_indicators.indicator_id is null

),

network_indicators as (

    select
        entity_type,
        entity_id,
        count(*) as network_indicator_count,
        {{ dbt.listagg('indicator_id', "', '", 'order by indicator_id') }} as network_indicator_ids
    from network_only_indicators
    group by
        entity_type,
        entity_id

),

{#- ---------- the entity's direct links, for the evidence ---------- #}

entity_neighbours as (

    select
        entity_type_a as entity_type,
        entity_id_a as entity_id,
        entity_type_b as neighbour_type,
        entity_id_b as neighbour_id,
        link_type
    from selected_links

    union

    select
        entity_type_b as entity_type,
        entity_id_b as entity_id,
        entity_type_a as neighbour_type,
        entity_id_a as neighbour_id,
        link_type
    from selected_links

),

neighbour_pairs as (

    select distinct
        entity_neighbours.entity_type,
        entity_neighbours.entity_id,
        entity_neighbours.neighbour_type,
        entity_neighbours.neighbour_id
    from entity_neighbours
    inner join entity_flag_summaries
        on entity_neighbours.entity_type = entity_flag_summaries.entity_type
        and entity_neighbours.entity_id = entity_flag_summaries.entity_id

),

{#- How many indicators the entity does not have each neighbour brings: the links that matter come first. #}
neighbour_new_indicators as (

    select
        neighbour_pairs.entity_type,
        neighbour_pairs.entity_id,
        neighbour_pairs.neighbour_type,
        neighbour_pairs.neighbour_id,
        count(*) as new_indicator_count
    from neighbour_pairs
    inner join scored_indicators as neighbour_indicators
        on neighbour_pairs.neighbour_type = neighbour_indicators.entity_type
        and neighbour_pairs.neighbour_id = neighbour_indicators.entity_id
    left join scored_indicators as own_indicators
        on neighbour_pairs.entity_type = own_indicators.entity_type
        and neighbour_pairs.entity_id = own_indicators.entity_id
        and neighbour_indicators.indicator_id = own_indicators.indicator_id
    where own_indicators.indicator_id is null
    group by
        neighbour_pairs.entity_type,
        neighbour_pairs.entity_id,
        neighbour_pairs.neighbour_type,
        neighbour_pairs.neighbour_id

),

ranked_links as (

    select
        entity_neighbours.entity_type,
        entity_neighbours.entity_id,
        row_number() over (
            partition by entity_neighbours.entity_type, entity_neighbours.entity_id
            order by
                coalesce(neighbour_new_indicators.new_indicator_count, 0) desc,
                case when neighbour_summaries.entity_id is null then 1 else 0 end,
                entity_neighbours.link_type,
                entity_neighbours.neighbour_type,
                entity_neighbours.neighbour_id
        ) as link_rank,
        concat(
            'via ', entity_neighbours.link_type, ' to ',
            case
                when entity_neighbours.neighbour_type = 'party' then entity_neighbours.neighbour_id
                else concat(entity_neighbours.neighbour_type, ' ', entity_neighbours.neighbour_id)
            end,
            case
                when neighbour_summaries.entity_id is null then ' (not flagged)'
                else concat(' flagged ', replace(neighbour_summaries.indicator_ids, ',', ', '))
            end
        ) as link_text
    from entity_neighbours
    inner join entity_flag_summaries
        on entity_neighbours.entity_type = entity_flag_summaries.entity_type
        and entity_neighbours.entity_id = entity_flag_summaries.entity_id
    left join neighbour_new_indicators
        on entity_neighbours.entity_type = neighbour_new_indicators.entity_type
        and entity_neighbours.entity_id = neighbour_new_indicators.entity_id
        and entity_neighbours.neighbour_type = neighbour_new_indicators.neighbour_type
        and entity_neighbours.neighbour_id = neighbour_new_indicators.neighbour_id
    left join entity_flag_summaries as neighbour_summaries
        on entity_neighbours.neighbour_type = neighbour_summaries.entity_type
        and entity_neighbours.neighbour_id = neighbour_summaries.entity_id

),

link_texts as (

    select
        entity_type,
        entity_id,
        count(*) as link_count,
        {{ dbt.listagg('case when link_rank <= ' ~ evidence_max_links ~ ' then link_text end', "'; '", 'order by link_rank') }} as links_text
    from ranked_links
    group by
        entity_type,
        entity_id

),

{#- ---------- score and tier ---------- #}

scored_entities as (

    select
        entity_flag_summaries.entity_type,
        entity_flag_summaries.entity_id,
        entity_flag_summaries.indicator_count,
        entity_flag_summaries.indicator_ids,
        entity_flag_summaries.category_count,
        entity_flag_summaries.victim_signals,
        entity_flag_summaries.trafficker_signals,
        entity_flag_summaries.indicator_points,
        entity_flag_summaries.first_flagged_at,
        entity_flag_summaries.last_flagged_at,
        entity_clusters.cluster_id,
        cluster_sizes.cluster_size,
        cluster_indicator_counts.cluster_indicator_count,
        coalesce(network_indicators.network_indicator_count, 0) as network_indicator_count,
        network_indicators.network_indicator_ids,
        {{ category_bonus_points }} * (entity_flag_summaries.category_count - 1) as category_bonus,
        cluster_sizes.cluster_size <= {{ network_max_cluster_size }} as is_close_network,
        case
            when cluster_sizes.cluster_size <= {{ network_max_cluster_size }}
                then least({{ network_bonus_cap }}, {{ network_bonus_points }} * coalesce(network_indicators.network_indicator_count, 0))
            else 0
        end as network_bonus,
        entity_flag_summaries.indicator_count >= {{ alert_min_indicators }}
            or (
                entity_flag_summaries.indicator_count >= {{ alert_min_indicators_across_categories }}
                and entity_flag_summaries.category_count >= {{ alert_min_categories }}
            ) as is_alert_on_own_flags,
        cluster_sizes.cluster_size between {{ network_min_cluster_size }} and {{ network_max_cluster_size }}
            and cluster_indicator_counts.cluster_indicator_count >= {{ alert_min_cluster_indicators }} as is_alert_by_network,
        entity_flag_summaries.indicator_count >= {{ watch_min_indicators }} as is_watch_on_own_flags,
        cluster_sizes.cluster_size between {{ network_min_cluster_size }} and {{ network_max_cluster_size }}
            and cluster_indicator_counts.cluster_indicator_count >= {{ watch_min_cluster_indicators }} as is_watch_by_network
    from entity_flag_summaries
    inner join entity_clusters
        on entity_flag_summaries.entity_type = entity_clusters.entity_type
        and entity_flag_summaries.entity_id = entity_clusters.entity_id
    inner join cluster_sizes
        on entity_clusters.cluster_id = cluster_sizes.cluster_id
    inner join cluster_indicator_counts
        on entity_clusters.cluster_id = cluster_indicator_counts.cluster_id
    left join network_indicators
        on entity_flag_summaries.entity_type = network_indicators.entity_type
        and entity_flag_summaries.entity_id = network_indicators.entity_id

),

tiered_entities as (

    select
        *,
        case
            when is_alert_on_own_flags or is_alert_by_network then 'alert'
            when is_watch_on_own_flags or is_watch_by_network then 'watch'
            else 'info'
        end as risk_tier,
        case
            when is_alert_on_own_flags then 'alert'
            when is_watch_on_own_flags then 'watch'
            else 'info'
        end as tier_on_own_flags,
        least(100.0, indicator_points + category_bonus + network_bonus) as unrounded_score
    from scored_entities

),

display_addresses as (

    select
        address_id,
        concat(coalesce(street, address_id), ', ', coalesce(postcode, ''), ' ', coalesce(city, '')) as address_label
    from party_addresses
    qualify row_number() over (partition by address_id order by valid_from desc, street) = 1

),

final as (

    select
        tiered_entities.entity_type,
        tiered_entities.entity_id,
        coalesce(
            case
                when tiered_entities.entity_type = 'party' then parties.full_name
                when tiered_entities.entity_type = 'address' then display_addresses.address_label
                when tiered_entities.entity_type = 'handle' then concat('@', tiered_entities.entity_id)
            end,
            tiered_entities.entity_id
        ) as display_name,
        cast(tiered_entities.indicator_count as integer) as indicator_count,
        tiered_entities.indicator_ids,
        cast(tiered_entities.category_count as integer) as category_count,
        cast(tiered_entities.victim_signals as integer) as victim_signals,
        cast(tiered_entities.trafficker_signals as integer) as trafficker_signals,
        case
            when tiered_entities.victim_signals > tiered_entities.trafficker_signals then 'victim'
            when tiered_entities.trafficker_signals > tiered_entities.victim_signals then 'trafficker'
            when tiered_entities.victim_signals > 0 then 'both'
            else 'undetermined'
        end as likely_role,
        cast(round(tiered_entities.unrounded_score, 1) as double) as risk_score,
        tiered_entities.risk_tier,
        tiered_entities.cluster_id,
        cast(tiered_entities.cluster_size as integer) as cluster_size,
        cast(tiered_entities.cluster_indicator_count as integer) as cluster_indicator_count,
        concat(
            reasons.reasons_text,
            case
                when tiered_entities.indicator_count > {{ evidence_max_flags }}
                    then concat('; +', cast(tiered_entities.indicator_count - {{ evidence_max_flags }} as {{ dbt.type_string() }}), ' more flag(s) in fct_red_flags')
                else ''
            end,
            case
                when tiered_entities.category_count > 1
                    then concat(' | categories: ', categories.categories_text, ' (+', {{ format_number('tiered_entities.category_bonus', 1) }}, ' points)')
                else ''
            end,
            case
                when tiered_entities.network_indicator_count > 0 and not tiered_entities.is_close_network
                    then concat(
                        ' | network: cluster ', tiered_entities.cluster_id, ' of ',
                        cast(tiered_entities.cluster_size as {{ dbt.type_string() }}),
                        ' flagged entities is wider than a close network (more than ',
                        cast({{ network_max_cluster_size }} as {{ dbt.type_string() }}),
                        '): no network points, no tier from it'
                    )
                when tiered_entities.network_indicator_count > 0
                    then concat(
                        ' | network',
                        case
                            when tiered_entities.risk_tier <> tiered_entities.tier_on_own_flags
                                then concat(' (raises the tier from ', tiered_entities.tier_on_own_flags, ' to ', tiered_entities.risk_tier, ')')
                            else ''
                        end,
                        ': cluster ', tiered_entities.cluster_id, ' of ',
                        cast(tiered_entities.cluster_size as {{ dbt.type_string() }}), ' flagged entities showing ',
                        cast(tiered_entities.cluster_indicator_count as {{ dbt.type_string() }}), ' indicators, ',
                        tiered_entities.network_indicator_ids, ' only on others (+',
                        {{ format_number('tiered_entities.network_bonus', 1) }}, ' points); linked ',
                        coalesce(link_texts.links_text, 'through the cluster'),
                        case
                            when link_texts.link_count > {{ evidence_max_links }}
                                then concat('; +', cast(link_texts.link_count - {{ evidence_max_links }} as {{ dbt.type_string() }}), ' more link(s) in entity_links')
                            else ''
                        end
                    )
                else ''
            end
        ) as evidence_summary,
        tiered_entities.first_flagged_at,
        tiered_entities.last_flagged_at,
        reporting_period.as_of_date
    from tiered_entities
    inner join reasons
        on tiered_entities.entity_type = reasons.entity_type
        and tiered_entities.entity_id = reasons.entity_id
    inner join categories
        on tiered_entities.entity_type = categories.entity_type
        and tiered_entities.entity_id = categories.entity_id
    left join link_texts
        on tiered_entities.entity_type = link_texts.entity_type
        and tiered_entities.entity_id = link_texts.entity_id
    left join parties
        on tiered_entities.entity_type = 'party'
        and tiered_entities.entity_id = parties.party_id
    left join display_addresses
        on tiered_entities.entity_type = 'address'
        and tiered_entities.entity_id = display_addresses.address_id
    cross join reporting_period

)

select * from final
