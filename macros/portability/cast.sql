{#
    The marts' contracts declare text columns as `varchar`, DuckDB's name.
    dbt checks a contract by casting null to each declared type (dbt.cast);
    Spark 4 accepts VARCHAR only with a length (DATATYPE_MISSING_SIZE), and
    its text type is STRING. This override (the project comes first in the
    dbt dispatch search order) reads a bare varchar as string on Spark, so
    one contract serves both engines.
#}
{% macro spark__cast(field, type) -%}
    {%- set spark_type = 'string' if type | trim | lower in ('varchar', 'text') else type -%}
    cast({{ field }} as {{ spark_type }})
{%- endmacro %}
