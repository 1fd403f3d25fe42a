{#
    dbt-duckdb ships no duckdb__safe_cast, so dbt.safe_cast would compile to a
    plain cast that raises on the first bad value. Staging relies on a cast that
    yields null instead, so that the row can be rejected with a reason.
    dbt_project.yml puts this project first in the dbt dispatch search order.

    dbt-spark's spark__safe_cast is a plain cast too: it yields null on bad
    text only while ANSI mode is off, which dbt-spark's session and thrift
    methods set differently and a cluster may override. try_cast yields null
    whatever the mode (Spark 3.2+).
#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro spark__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
