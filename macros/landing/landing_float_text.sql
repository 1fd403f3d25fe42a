{#
    A Parquet FLOAT or DOUBLE value as the text its writer meant: rounded to
    the significant digits the type holds (15 for a double, 6 for a float:
    DBL_DIG and FLT_DIG), in plain notation, and an integral value without a
    decimal point.

    Why: pandas writes an integer column with a missing value as float64, so
    ids and phone numbers land as 1001.0 and 4520000001.0, and sums like
    19.99 * 5 land as 99.94999999999999. Read as text, the first would not
    match id 1001 in another file, the second would gain a digit, the third
    would be rejected for more than ten decimal places. The digits beyond the
    type's precision are binary rounding noise, not data. Values of 1e15 and
    more (where a double no longer holds every integer) and below 1e-6 are
    written as the engine renders them.

    The rounding is x * 10^k rounded to an integer, divided by 10^k, with
    k = digits - 1 - floor(log10(|x|)): both powers of ten are exact doubles,
    so the quotient is the double nearest the rounded decimal value.

    float_type is the column's type as the engine names it: 'double' or
    'float', in any case.

    Example: {{ landing_float_text('"amount"', 'DOUBLE') }}
      396.30000000000007 -> '396.3', 1001.0 -> '1001', 4520000001.0 -> '4520000001'
#}
{% macro landing_float_text(expression, float_type) -%}
    {%- set significant_digits = 6 if float_type | lower == 'float' else 15 -%}
    {%- set scale = 'power(10, ' ~ (significant_digits - 1) ~ ' - floor(log10(abs(' ~ expression ~ '))))' -%}
    {%- set rounded = '(round(' ~ expression ~ ' * ' ~ scale ~ ') / ' ~ scale ~ ')' -%}
    case
        when {{ expression }} is null then null
        when {{ expression }} = 0 then '0'
        {#- NaN and infinity compare greater than any number on both engines. #}
        when not (abs({{ expression }}) >= 1e-6 and abs({{ expression }}) < 1e15)
            then {{ landing_double_as_text(expression) }}
        when {{ rounded }} = floor({{ rounded }}) then cast(cast({{ rounded }} as bigint) as string)
        else {{ landing_double_as_text(rounded) }}
    end
{%- endmacro %}


{#- A double as text: DuckDB's shortest round-trip form; Spark's in plain notation. -#}
{% macro landing_double_as_text(expression) -%}
    {{ return(adapter.dispatch('landing_double_as_text', 'redflags')(expression)) }}
{%- endmacro %}

{% macro duckdb__landing_double_as_text(expression) -%}
    cast({{ expression }} as string)
{%- endmacro %}

{#- Spark writes 1.0E7 from ten million on and 1.0E-4 below a thousandth; DuckDB 10000000.0 and 0.0001. -#}
{% macro spark__landing_double_as_text(expression) -%}
    case
        when abs({{ expression }}) >= 1e7 or (abs({{ expression }}) < 1e-3 and {{ expression }} <> 0)
            then cast(cast(cast({{ expression }} as string) as decimal(38, 18)) as string)
        else cast({{ expression }} as string)
    end
{%- endmacro %}
