{#
    Build into the schema named in the model's config (staging, intermediate,
    indicators, marts, audit, reference) rather than dbt's default
    "<target schema>_<custom schema>": BI users type marts.risk_entities.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
