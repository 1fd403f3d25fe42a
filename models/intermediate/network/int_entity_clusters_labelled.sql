{#
    Connected components of the risk network: every flagged entity and every
    endpoint of int_entity_links_selected, with the component it belongs to.
    cluster_id is the smallest entity key ('<entity_type>:<entity_id>') of the
    component; a flagged entity without links is its own cluster.

    Method: label propagation, set-based and portable. Each node starts with
    its own key as label; each iteration gives every node the smallest label
    among itself and its neighbours. cluster_iterations iterations (unrolled
    here, one CTE each, each reading the previous one once) settle every
    component whose diameter is at most that many links; the singular test
    tests/marts/entity_links_endpoints_share_one_cluster.sql fails when a
    component needed more, naming the link.
#}
{%- set cluster_iterations = threshold('RISK', 'cluster_iterations') | int %}

with flags as (

    select
        entity_type,
        entity_id
    from {{ ref('fct_red_flags') }}

),

selected_links as (

    select
        entity_type_a,
        entity_id_a,
        entity_type_b,
        entity_id_b
    from {{ ref('int_entity_links_selected') }}

),

flagged_entities as (

    select distinct
        entity_type,
        entity_id
    from flags

),

nodes as (

    select entity_type, entity_id from flagged_entities
    union
    select entity_type_a as entity_type, entity_id_a as entity_id from selected_links
    union
    select entity_type_b as entity_type, entity_id_b as entity_id from selected_links

),

node_keys as (

    select
        entity_type,
        entity_id,
        concat(entity_type, ':', entity_id) as node_key
    from nodes

),

{#- Both directions of every link, between node keys, and every node to itself (it keeps its own label). #}
edges as (

    select
        concat(entity_type_a, ':', entity_id_a) as node_key,
        concat(entity_type_b, ':', entity_id_b) as neighbour_key
    from selected_links

    union

    select
        concat(entity_type_b, ':', entity_id_b) as node_key,
        concat(entity_type_a, ':', entity_id_a) as neighbour_key
    from selected_links

    union

    select
        node_key,
        node_key as neighbour_key
    from node_keys

),

labels_0 as (

    select
        node_key,
        node_key as label
    from node_keys

),

{% for iteration in range(1, cluster_iterations + 1) %}
{#- One iteration: each node takes the smallest label among itself and its neighbours. #}
labels_{{ iteration }} as (

    select
        edges.neighbour_key as node_key,
        min(labels_{{ iteration - 1 }}.label) as label
    from labels_{{ iteration - 1 }}
    inner join edges
        on labels_{{ iteration - 1 }}.node_key = edges.node_key
    group by edges.neighbour_key

),

{% endfor %}
final as (

    select
        node_keys.entity_type,
        node_keys.entity_id,
        node_keys.node_key as entity_key,
        labels_{{ cluster_iterations }}.label as cluster_id,
        flagged_entities.entity_id is not null as is_flagged
    from node_keys
    inner join labels_{{ cluster_iterations }}
        on node_keys.node_key = labels_{{ cluster_iterations }}.node_key
    left join flagged_entities
        on node_keys.entity_type = flagged_entities.entity_type
        and node_keys.entity_id = flagged_entities.entity_id

)

select * from final
