{#
    dbt-spark's spark__listagg drops the order_by_clause (collect_list, with a
    warning), so the evidence lists and indicator_ids on Spark would come out
    in whatever order the shuffle left. Spark 4 has the standard ordered
    aggregate: listagg(measure, delimiter) within group (order by ...); nulls
    are skipped as in DuckDB's string_agg. The models call dbt.listagg; this
    override wins because the project comes first in the dbt dispatch search
    order (dbt_project.yml).

    An order_by_clause must order the list completely (ties in the order key
    with different values would be listed in either order on either engine).
#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if limit_num -%}
        {%- do exceptions.raise_compiler_error('listagg with limit_num is not used by this project and not implemented for Spark') -%}
    {%- endif -%}
    listagg({{ measure }}, {{ delimiter_text }})
    {%- if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
{%- endmacro %}
