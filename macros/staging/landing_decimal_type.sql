{#
    How staging keeps a landed decimal: DECIMAL(38, landing_decimal_places())
    holds any amount a partner sends to the satoshi (8 places) and beyond;
    a value with more places is rejected by landing_column_problems rather
    than rounded. Only DKK amounts computed in staging are rounded (to øre).

    Example: {{ dbt.safe_cast('amount__raw', landing_decimal_type()) }}
#}
{% macro landing_decimal_places() -%}
    {{ return(10) }}
{%- endmacro %}

{% macro landing_decimal_type() -%}
    {{ return('decimal(38, ' ~ landing_decimal_places() ~ ')') }}
{%- endmacro %}
