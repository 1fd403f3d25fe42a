{#
    One row per day from start_column to end_column (both included) for each
    row of a relation: (key_column, <day_alias>). Engines spell row-generating
    functions differently.

    Example: {{ date_series_per_row('currency_spans', 'currency', 'first_rate_date', 'last_day', 'rate_day') }}
#}
{% macro date_series_per_row(relation, key_column, start_column, end_column, day_alias) -%}
    {{ return(adapter.dispatch('date_series_per_row', 'redflags')(relation, key_column, start_column, end_column, day_alias)) }}
{%- endmacro %}

{% macro default__date_series_per_row(relation, key_column, start_column, end_column, day_alias) -%}
    select
        {{ key_column }},
        cast({{ day_alias }} as date) as {{ day_alias }}
    from {{ relation }}
    lateral view explode(sequence({{ start_column }}, {{ end_column }}, interval 1 day)) days as {{ day_alias }}
{%- endmacro %}

{% macro duckdb__date_series_per_row(relation, key_column, start_column, end_column, day_alias) -%}
    select
        {{ relation }}.{{ key_column }},
        cast(days.{{ day_alias }} as date) as {{ day_alias }}
    from {{ relation }},
        generate_series(cast({{ relation }}.{{ start_column }} as timestamp), cast({{ relation }}.{{ end_column }} as timestamp), interval 1 day) as days({{ day_alias }})
{%- endmacro %}
