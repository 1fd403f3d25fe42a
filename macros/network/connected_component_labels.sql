{#
    A select of (node_key, component_label): every node of `nodes` with the
    smallest node_key of its connected component, exact on any graph.

    Arguments (names of relations or CTEs in scope):
      nodes  one row per node, column node_key
      edges  one row per edge and direction, columns node_key, neighbour_key
             (both directions present; self-edges not needed)

    Example, inside a CTE:
      component_labels as ( {{ connected_component_labels('node_keys', 'edges') }} )

    Min-label propagation run to its fixpoint in a recursive CTE, so no
    iteration count is fixed in advance that a long chain could outgrow: each
    round passes only the labels that changed in the previous round along the
    edges, and the recursion ends when no label gets smaller. Rounds are
    bounded by the longest shortest path of a component; each round touches
    only the changed nodes and their edges.
#}
{% macro connected_component_labels(nodes, edges) -%}
    {{ return(adapter.dispatch('connected_component_labels', 'redflags')(nodes, edges)) }}
{%- endmacro %}

{#- DuckDB: USING KEY keeps one row per node, replaced whenever its label drops,
    and `recurring.` reads the labels settled so far. #}
{% macro duckdb__connected_component_labels(nodes, edges) -%}
    with recursive propagated(node_key, component_label) using key (node_key) as (

        select
            node_key,
            node_key as component_label
        from {{ nodes }}

        union

        select
            {{ edges }}.neighbour_key as node_key,
            min(propagated.component_label) as component_label
        from propagated
        inner join {{ edges }}
            on propagated.node_key = {{ edges }}.node_key
        inner join recurring.propagated as settled
            on {{ edges }}.neighbour_key = settled.node_key
        group by
            {{ edges }}.neighbour_key,
            settled.component_label
        having min(propagated.component_label) < settled.component_label

    )

    select
        node_key,
        component_label
    from propagated
{%- endmacro %}

{#- Standard SQL (Spark 4.1+, PostgreSQL): every label reachable from a node,
    kept only when smaller than the node's own key, then the smallest. UNION
    removes repeats, so the recursion ends; rows grow with component size
    squared, which the hub limits of int_entity_links_collected keep small. #}
{% macro default__connected_component_labels(nodes, edges) -%}
    with recursive reachable(node_key, component_label) as (

        select
            node_key,
            node_key as component_label
        from {{ nodes }}

        union

        select
            {{ edges }}.neighbour_key as node_key,
            reachable.component_label
        from reachable
        inner join {{ edges }}
            on reachable.node_key = {{ edges }}.node_key
        where reachable.component_label < {{ edges }}.neighbour_key

    )

    select
        node_key,
        min(component_label) as component_label
    from reachable
    group by node_key
{%- endmacro %}
