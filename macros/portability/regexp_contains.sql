{#
    True when the expression contains a match of the regular expression
    (anchor with ^ or $ to match at an end). The pattern is written into a
    string literal as given: keep it free of backslashes (Spark reads them as
    escapes in literals, DuckDB does not); use [.] for a literal dot.
#}
{% macro regexp_contains(expression, pattern) -%}
    {{ return(adapter.dispatch('regexp_contains', 'redflags')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regexp_contains(expression, pattern) -%}
    ({{ expression }} rlike '{{ pattern }}')
{%- endmacro %}

{% macro duckdb__regexp_contains(expression, pattern) -%}
    regexp_matches({{ expression }}, '{{ pattern }}')
{%- endmacro %}
