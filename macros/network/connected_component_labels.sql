{#
    A select of (node_key, component_label): every node of `nodes` with the
    smallest node_key of its connected component, exact on any graph.

    Arguments (names of relations or CTEs in scope):
      nodes  one row per node, column node_key
      edges  one row per edge and direction, columns node_key, neighbour_key
             (both directions present; self-edges not needed)

      ctes   (optional) the text of the CTE definitions that define nodes
             and edges ("a as (...), b as (...)"): needed on Spark only

    Example, inside a CTE:
      component_labels as ( {{ connected_component_labels('node_keys', 'edges', graph_ctes) }} )

    Min-label propagation run to its fixpoint in a recursive CTE, so no
    iteration count is fixed in advance that a long chain could outgrow: each
    round passes only the labels that changed in the previous round along the
    edges, and the recursion ends when no label gets smaller. Rounds are
    bounded by the longest shortest path of a component; each round touches
    only the changed nodes and their edges.
#}
{% macro connected_component_labels(nodes, edges, ctes=none) -%}
    {{ return(adapter.dispatch('connected_component_labels', 'redflags')(nodes, edges, ctes)) }}
{%- endmacro %}

{#- DuckDB: USING KEY keeps one row per node, replaced whenever its label drops,
    and `recurring.` reads the labels settled so far. #}
{% macro duckdb__connected_component_labels(nodes, edges, ctes=none) -%}
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

{#- Standard SQL (PostgreSQL and engines whose recursive CTEs allow UNION):
    every label reachable from a node, kept only when smaller than the node's
    own key, then the smallest. UNION removes repeats, so the recursion ends;
    rows grow with component size squared, which the hub limits of
    int_entity_links_collected keep small. Spark 4 allows only UNION ALL in a
    recursive CTE (and no aggregate on the recursive reference), so it has
    its own implementation below. #}
{% macro default__connected_component_labels(nodes, edges, ctes=none) -%}
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


{#- Spark: min-label propagation with pointer jumping, iterated from the macro
    until no label changes. Each round gives a node the smallest of its own
    label, its neighbours' labels and its label's label; labels only
    decrease and always name a node of the component, so at the fixpoint
    every node of a component holds the component's smallest key. After k
    rounds a node's label is at most the smallest key within k links, so the
    loop ends within (longest shortest path + 1) rounds; it is bounded by
    the node count + 1, which no graph can outgrow, and a loop that reached
    the bound without converging would stop the build. The rounds run while
    dbt renders the model, on tables <model>__cc_labels and <model>__cc_edges
    beside it (left in place, rebuilt on every run). -#}
{% macro spark__connected_component_labels(nodes, edges, ctes=none) -%}
    {%- set labels = this.schema ~ '.' ~ this.identifier ~ '__cc_labels' -%}
    {%- if not execute -%}
        {{ return('select node_key, component_label from ' ~ labels) }}
    {%- endif -%}
    {%- if ctes is none -%}
        {%- do exceptions.raise_compiler_error('connected_component_labels on Spark needs the CTE text that defines ' ~ nodes ~ ' and ' ~ edges ~ ' (argument ctes)') -%}
    {%- endif -%}
    {%- set prefix = 'with ' ~ ctes ~ '\n' -%}
    {%- set edge_table = this.schema ~ '.' ~ this.identifier ~ '__cc_edges' -%}
    {%- set next_labels = this.schema ~ '.' ~ this.identifier ~ '__cc_next' -%}
    {%- do run_query('drop table if exists ' ~ edge_table) -%}
    {%- do run_query('create table ' ~ edge_table ~ ' using parquet as ' ~ prefix ~ 'select distinct node_key, neighbour_key from ' ~ edges ~ ' where node_key <> neighbour_key') -%}
    {%- do run_query('drop table if exists ' ~ labels) -%}
    {%- do run_query('create table ' ~ labels ~ ' using parquet as ' ~ prefix ~ 'select distinct node_key, node_key as component_label from ' ~ nodes) -%}
    {%- set node_count = run_query('select count(*) from ' ~ labels).columns[0].values()[0] -%}
    {%- set state = namespace(converged=false, rounds=0) -%}
    {%- for round in range(node_count + 1) if not state.converged -%}
        {%- set step -%}
            with neighbour_labels as (
                select
                    edges.node_key,
                    min(labels.component_label) as component_label
                from {{ edge_table }} as edges
                inner join {{ labels }} as labels
                    on edges.neighbour_key = labels.node_key
                group by edges.node_key
            )

            select
                current.node_key,
                least(
                    current.component_label,
                    coalesce(neighbour_labels.component_label, current.component_label),
                    coalesce(label_of_label.component_label, current.component_label)
                ) as component_label
            from {{ labels }} as current
            left join neighbour_labels
                on current.node_key = neighbour_labels.node_key
            left join {{ labels }} as label_of_label
                on current.component_label = label_of_label.node_key
        {%- endset -%}
        {%- do run_query('drop table if exists ' ~ next_labels) -%}
        {%- do run_query('create table ' ~ next_labels ~ ' using parquet as ' ~ step) -%}
        {%- set changed = run_query(
            'select count(*) from ' ~ next_labels ~ ' as next_labels inner join ' ~ labels ~ ' as labels'
            ~ ' on next_labels.node_key = labels.node_key where next_labels.component_label < labels.component_label'
        ).columns[0].values()[0] -%}
        {%- do run_query('drop table ' ~ labels) -%}
        {%- do run_query('alter table ' ~ next_labels ~ ' rename to ' ~ labels) -%}
        {%- set state.rounds = state.rounds + 1 -%}
        {%- set state.converged = changed == 0 -%}
    {%- endfor -%}
    {%- if not state.converged -%}
        {%- do exceptions.raise_compiler_error('connected_component_labels did not converge within ' ~ (node_count + 1) ~ ' rounds on ' ~ node_count ~ ' nodes: this cannot happen on a graph; report it') -%}
    {%- endif -%}
    {%- do log('connected_component_labels: ' ~ node_count ~ ' nodes settled in ' ~ state.rounds ~ ' rounds', info=false) -%}
    select node_key, component_label from {{ labels }}
{%- endmacro %}
