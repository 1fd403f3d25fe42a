{#
    One row per flagged entity in a cluster with others: what its network
    adds, in numbers and words, for the risk mart. network_indicator_count
    counts the indicators that other members of its cluster carry and it
    does not (the network's points); links_text quotes its direct links,
    the ones bringing the most indicators it lacks first.
#}
{%- set evidence_max_links = threshold('RISK', 'evidence_max_links') %}

with indicators as (

    select
        entity_type,
        entity_id,
        indicator_id
    from {{ ref('int_entity_indicators_weighted') }}
    where is_counted

),

entity_indicator_lists as (

    select
        entity_type,
        entity_id,
        indicator_ids
    from {{ ref('int_entity_evidence_corroborated') }}

),

clusters as (

    select
        entity_type,
        entity_id,
        cluster_id
    from {{ ref('int_entity_clusters_labelled') }}
    where is_flagged

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

cluster_indicators as (

    select distinct
        clusters.cluster_id,
        indicators.indicator_id
    from indicators
    inner join clusters
        on indicators.entity_type = clusters.entity_type
        and indicators.entity_id = clusters.entity_id

),

{#- Indicators other members of the cluster carry and the entity does not. #}
network_only_indicators as (

    select
        clusters.entity_type,
        clusters.entity_id,
        cluster_indicators.indicator_id
    from clusters
    inner join cluster_indicators
        on clusters.cluster_id = cluster_indicators.cluster_id
    left join indicators as own_indicators
        on clusters.entity_type = own_indicators.entity_type
        and clusters.entity_id = own_indicators.entity_id
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

{#- How many indicators the entity lacks each neighbour brings: the links that matter come first. #}
neighbour_new_indicators as (

    select
        neighbours.entity_type,
        neighbours.entity_id,
        neighbours.neighbour_type,
        neighbours.neighbour_id,
        count(*) as new_indicator_count
    from (select distinct entity_type, entity_id, neighbour_type, neighbour_id from entity_neighbours) as neighbours
    inner join indicators as neighbour_indicators
        on neighbours.neighbour_type = neighbour_indicators.entity_type
        and neighbours.neighbour_id = neighbour_indicators.entity_id
    left join indicators as own_indicators
        on neighbours.entity_type = own_indicators.entity_type
        and neighbours.entity_id = own_indicators.entity_id
        and neighbour_indicators.indicator_id = own_indicators.indicator_id
    where own_indicators.indicator_id is null
    group by
        neighbours.entity_type,
        neighbours.entity_id,
        neighbours.neighbour_type,
        neighbours.neighbour_id

),

ranked_links as (

    select
        entity_neighbours.entity_type,
        entity_neighbours.entity_id,
        row_number() over (
            partition by entity_neighbours.entity_type, entity_neighbours.entity_id
            order by
                coalesce(neighbour_new_indicators.new_indicator_count, 0) desc,
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
            ' flagged ', replace(neighbour_lists.indicator_ids, ',', ', ')
        ) as link_text
    from entity_neighbours
    inner join entity_indicator_lists as neighbour_lists
        on entity_neighbours.neighbour_type = neighbour_lists.entity_type
        and entity_neighbours.neighbour_id = neighbour_lists.entity_id
    left join neighbour_new_indicators
        on entity_neighbours.entity_type = neighbour_new_indicators.entity_type
        and entity_neighbours.entity_id = neighbour_new_indicators.entity_id
        and entity_neighbours.neighbour_type = neighbour_new_indicators.neighbour_type
        and entity_neighbours.neighbour_id = neighbour_new_indicators.neighbour_id

),

link_texts as (

    select
        entity_type,
        entity_id,
        count(*) as link_count,
        {{ dbt.listagg('case when link_rank <= ' ~ evidence_max_links ~ ' then link_text end', "'; '", 'order by link_rank') }} as ranked_links_text
    from ranked_links
    group by
        entity_type,
        entity_id

),

final as (

    select
        network_indicators.entity_type,
        network_indicators.entity_id,
        network_indicators.network_indicator_count,
        network_indicators.network_indicator_ids,
        concat(
            link_texts.ranked_links_text,
            case
                when link_texts.link_count > {{ evidence_max_links }}
                    then concat('; +', cast(link_texts.link_count - {{ evidence_max_links }} as {{ dbt.type_string() }}), ' more link(s) in entity_links')
                else ''
            end
        ) as links_text
    from network_indicators
    left join link_texts
        on network_indicators.entity_type = link_texts.entity_type
        and network_indicators.entity_id = link_texts.entity_id

)

select * from final
