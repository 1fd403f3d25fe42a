{#
    Text of a share (0-1) as a whole percentage: 0.857 -> '86%'.

    Arguments:
      expression (SQL numeric expression between 0 and 1)
    Example: concat({{ format_percent('in_band_share') }}, ' of them in the band')
#}
{% macro format_percent(expression) -%}
    concat(cast(cast(round({{ expression }} * 100) as bigint) as {{ dbt.type_string() }}), '%')
{%- endmacro %}
