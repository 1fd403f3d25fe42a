{#
    Placed between a CTE's name and its body (`with landed as
    {{ cte_not_materialized() }} (`): the CTE is inlined into each query that
    reads it, never stored. DuckDB stores a CTE that is read more than once,
    whole, before the query runs; for the landing rows of a full build that
    is every raw column of every row (gigabytes at 10 million bookings),
    where a second read of one column from the files costs a second or so.
    Spark has no such hint and inlines by itself.
#}
{% macro cte_not_materialized() -%}
    {{ return(adapter.dispatch('cte_not_materialized', 'redflags')()) }}
{%- endmacro %}

{% macro default__cte_not_materialized() -%}
{%- endmacro %}

{% macro duckdb__cte_not_materialized() -%}
    not materialized
{%- endmacro %}
