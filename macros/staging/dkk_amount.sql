{#
    An amount in DKK, rounded to øre: the only value staging rounds (the landed
    amount keeps its precision). Decimal arithmetic, so 12.555 rounds to 12.56
    as a person would; the operands are narrowed so that the product fits
    DECIMAL(38): amounts below 10^14 with 8 places, rates below 10^10 with 6.

    Example: {{ dkk_amount('validated_rows.amount', 'reference_rates.rate_to_dkk') }}
#}
{% macro dkk_amount(amount, rate) -%}
    cast(round(cast({{ amount }} as decimal(22, 8)) * cast({{ rate }} as decimal(16, 6)), 2) as decimal(18, 2))
{%- endmacro %}
