{#
    The typed, normalised value of one landing column, from its text form
    <column>__raw (trimmed, empty as null; numbers from <column>__number, the
    text in plain notation, see landing_number_text). A value that cannot be typed becomes
    null; landing_column_problems then names the problem.

    Arguments:
      column (source column node): its meta carries contract_type, allowed_values
        and normalise (phone, email, handle, upper, contact).
    Example: {{ landing_typed_value(column) }}
#}
{% macro landing_typed_value(column) -%}
    {%- set raw = column.name ~ '__raw' -%}
    {%- set contract_type = column.meta.get('contract_type') -%}
    {%- set normalise = column.meta.get('normalise') -%}
    {%- if column.meta.get('allowed_values') -%}
        {#- Enumerations match case-insensitively and take the contract's spelling. -#}
        case lower({{ raw }})
            {%- for value in column.meta['allowed_values'] %}
            when '{{ value | lower }}' then '{{ value }}'
            {%- endfor %}
        end
    {%- elif contract_type == 'string' and normalise == 'phone' -%}
        {{ normalise_phone(raw) }}
    {%- elif contract_type == 'string' and normalise == 'email' -%}
        lower({{ raw }})
    {%- elif contract_type == 'string' and normalise == 'handle' -%}
        lower(regexp_replace({{ raw }}, '^@+', ''))
    {%- elif contract_type == 'string' and normalise == 'upper' -%}
        upper({{ raw }})
    {%- elif contract_type == 'string' and normalise == 'contact' -%}
        {#- party_contacts.contact_value: a phone or an email, by contact_type. -#}
        case
            when lower(contact_type__raw) = 'phone' then {{ normalise_phone(raw) }}
            else lower({{ raw }})
        end
    {%- elif contract_type == 'string' -%}
        {{ raw }}
    {%- elif contract_type == 'integer' -%}
        {{ dbt.safe_cast(column.name ~ '__number', 'bigint') }}
    {%- elif contract_type == 'decimal' -%}
        {#- Kept as landed, up to landing_decimal_places(); more is a reject, never a rounding. -#}
        {{ dbt.safe_cast(column.name ~ '__number', landing_decimal_type()) }}
    {%- elif contract_type == 'boolean' -%}
        case
            when lower({{ raw }}) in ('true', 't', '1', 'yes', 'y') then true
            when lower({{ raw }}) in ('false', 'f', '0', 'no', 'n') then false
        end
    {%- elif contract_type == 'date' -%}
        {#- A timestamp where a date is due keeps its (Danish local) day. -#}
        coalesce({{ dbt.safe_cast(raw, 'date') }}, cast({{ landing_local_timestamp(raw) }} as date))
    {%- elif contract_type == 'timestamp' -%}
        {{ landing_local_timestamp(raw) }}
    {%- else -%}
        {%- do exceptions.raise_compiler_error("Landing column '" ~ column.name ~ "' has unknown contract_type '" ~ contract_type ~ "'") -%}
    {%- endif -%}
{%- endmacro %}
