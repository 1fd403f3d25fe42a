{#
    The contract problem of one landing column in one row, as reject-reason
    text, or null. Compares <column>__raw (as landed) with <column> (typed).
    Only what the row shows on its own: a timestamp after the run time is
    landing_context_problems' (it depends on when the build runs).

    Arguments:
      column (source column node): meta contract_type, required, allowed_values,
        normalise.
    Example: {{ landing_column_problems(column) }}
      -> 'required value missing: txn_id' | 'unparseable decimal: amount'
         | 'more than 10 decimal places: amount' | 'not positive: dkk_per_unit' | null
#}
{% macro landing_column_problems(column) -%}
    {%- set raw = column.name ~ '__raw' -%}
    {%- set contract_type = column.meta.get('contract_type') -%}
    {%- if column.meta.get('allowed_values') -%}
        {%- set unparseable = 'value not allowed: ' ~ column.name -%}
    {%- elif column.meta.get('normalise') in ('phone', 'contact') -%}
        {%- set unparseable = 'unparseable phone: ' ~ column.name -%}
    {%- else -%}
        {%- set unparseable = 'unparseable ' ~ contract_type ~ ': ' ~ column.name -%}
    {%- endif -%}
    {%- set too_many_places = '[.][0-9]{' ~ (landing_decimal_places() + 1) ~ ',}$' %}
    case
        {%- if column.meta.get('required') %}
        when {{ raw }} is null then 'required value missing: {{ column.name }}'
        {%- endif %}
        when {{ raw }} is not null and {{ column.name }} is null then '{{ unparseable }}'
        {%- if contract_type == 'decimal' %}
        when {{ regexp_contains(column.name ~ '__number', too_many_places) }}
            then 'more than {{ landing_decimal_places() }} decimal places: {{ column.name }}'
        {%- endif %}
        {%- if column.meta.get('positive') %}
        when {{ column.name }} <= 0 then 'not positive: {{ column.name }}'
        {%- elif contract_type in ('integer', 'decimal') %}
        when {{ column.name }} < 0 then 'negative amount: {{ column.name }}'
        {%- endif %}
    end
{%- endmacro %}
