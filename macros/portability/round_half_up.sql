{#
    Round a floating-point value to `places` decimals, half away from zero,
    the same on every engine. Engines round a DOUBLE differently at a tie
    (DuckDB scales and rounds the binary value, Spark rounds its exact decimal
    expansion), and a sum of doubles differs in its last bits with the order
    the engine adds them in, so 9.45 may be 9.4499999999999993 on one engine
    and 9.4500000000000011 on another. Going through DECIMAL(38, 9) first
    drops that noise; the decimal is then rounded half up on both. Returns a
    DOUBLE.

    Example: {{ round_half_up('unrounded_score', 1) }}
#}
{% macro round_half_up(expression, places) -%}
    cast(round(cast({{ expression }} as decimal(38, 9)), {{ places }}) as double)
{%- endmacro %}
