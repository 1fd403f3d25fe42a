{#
    Connected components of the risk network: every flagged entity and every
    endpoint of int_entity_links_selected, with the component it belongs to.
    cluster_id is the smallest entity key ('<entity_type>:<entity_id>') of the
    component; a flagged entity without links is its own cluster.

    The components are exact on any data (a chain of a thousand links, a
    star, many small components): connected_component_labels runs min-label
    propagation to its fixpoint, with no iteration count real data could
    outgrow.

    The graph's CTEs are kept in graph_ctes and handed to the macro too: on
    Spark, which has no recursive CTE that can run this to its fixpoint, the
    macro materialises node_keys and edges from them and iterates in SQL.
#}
{%- set graph_ctes -%}
flags as (

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

{#- Both directions of every link, between node keys. #}
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

)
{%- endset %}

with {{ graph_ctes }},

component_labels as (

    {{ connected_component_labels('node_keys', 'edges', graph_ctes) }}

),

final as (

    select
        node_keys.entity_type,
        node_keys.entity_id,
        node_keys.node_key as entity_key,
        component_labels.component_label as cluster_id,
        flagged_entities.entity_id is not null as is_flagged
    from node_keys
    inner join component_labels
        on node_keys.node_key = component_labels.node_key
    left join flagged_entities
        on node_keys.entity_type = flagged_entities.entity_type
        and node_keys.entity_id = flagged_entities.entity_id

)

select * from final
