{#
    dbt-duckdb ships no duckdb__safe_cast, so dbt.safe_cast would compile to a
    plain cast that raises on the first bad value. Staging relies on a cast that
    yields null instead, so that the row can be rejected with a reason.
    dbt_project.yml puts this project first in the dbt dispatch search order.
#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
