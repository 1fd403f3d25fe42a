{#
    An amount in DKK, rounded to øre: the only value staging rounds (the landed
    amount keeps its precision). The result is the decimal one: amount narrowed
    to 8 places, rate to 6 (so that the product fits DECIMAL(38): amounts below
    10^14, rates below 10^10), multiplied, rounded half away from zero, so
    12.555 becomes 12.56 as a person would round it.

    Why two paths: DECIMAL(38) arithmetic runs on 128-bit integers and costs
    about a microsecond a row (8 of the 10 seconds of a 10-million-booking
    conversion). The double product gives the same cents whenever it lies
    clearly away from a half-øre: its error below 10^9 DKK is under 10^-4 øre,
    and narrowing the amount moves the exact product by at most 5e-9 x rate
    (5e-7 x rate øre). Rows near a half-øre (within 10^-3 + 10^-6 x rate øre)
    or above 10^9 DKK take the decimal path; DuckDB evaluates a CASE branch only
    for the rows that reach it. python_tests/test_dkk_amount.py compares both
    with Python's decimal arithmetic.

    Pass the rate already narrowed with dkk_rate() (in the rates CTE, once per
    rate rather than once per booking); narrowing it again here is then free.
    Example: {{ dkk_amount('validated_rows.amount', 'landed_rates.dkk_per_unit') }}
#}
{% macro dkk_amount(amount, rate) -%}
    {%- set rate_narrowed = dkk_rate(rate) -%}
    {%- set product = '(cast(' ~ amount ~ ' as double) * cast(' ~ rate_narrowed ~ ' as double))' -%}
    case
        when abs({{ product }}) < 1e9
            and abs(abs({{ product }}) * 100 - floor(abs({{ product }}) * 100) - 0.5)
                > 0.001 + 0.000001 * abs(cast({{ rate_narrowed }} as double))
            then cast(round({{ product }}, 2) as decimal(18, 2))
        else cast(round(cast({{ amount }} as decimal(22, 8)) * {{ rate_narrowed }}, 2) as decimal(18, 2))
    end
{%- endmacro %}


{# A rate to DKK as dkk_amount() multiplies it: six decimal places. #}
{% macro dkk_rate(rate) -%}
    cast({{ rate }} as decimal(16, 6))
{%- endmacro %}
