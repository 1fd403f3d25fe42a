{#
    Text of a date as YYYY-MM-DD (ISO 8601), the same on every engine.

    Arguments:
      expression (SQL date or timestamp expression)
    Example: concat('between ', {{ format_date('window_start') }})
#}
{% macro format_date(expression) -%}
    cast(cast({{ expression }} as date) as {{ dbt.type_string() }})
{%- endmacro %}
