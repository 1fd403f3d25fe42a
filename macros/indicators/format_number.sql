{#
    Text of a number with thousands separators and a fixed number of decimals,
    for evidence sentences: 1234567.8 -> '1,234,568' (decimals=0).
    DuckDB formats with format('{:,.Nf}'); Spark with format_number.

    Arguments:
      expression (SQL numeric expression), decimals (int, default 0)
    Example: concat('DKK ', {{ format_number('total_dkk') }})
#}
{% macro format_number(expression, decimals=0) -%}
    {{ return(adapter.dispatch('format_number', 'redflags')(expression, decimals)) }}
{%- endmacro %}

{% macro default__format_number(expression, decimals=0) -%}
    format_number({{ expression }}, {{ decimals }})
{%- endmacro %}

{% macro duckdb__format_number(expression, decimals=0) -%}
    format('{:,.{{ decimals }}f}', cast({{ expression }} as double))
{%- endmacro %}
