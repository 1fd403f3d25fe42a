{#
    Normalise a phone number to E.164 ('+' and 8-15 digits). Spaces, dashes,
    dots, slashes and brackets are dropped; a leading 00 becomes '+'; eight
    digits without a country code are Danish (+45); other digit strings are
    taken to start with their country code. Anything else (letters, too few or
    too many digits) yields null, which staging rejects as an unparseable phone.

    Example: {{ normalise_phone('counterparty_phone') }}
      '0045 20 12 34 56' -> '+4520123456', '20-12-34-56' -> '+4520123456'
#}
{% macro normalise_phone(column) -%}
    {%- set cleaned = regexp_replace_all(column, '[ ./()-]', '') -%}
    case
        when {{ column }} is null then null
        when not {{ regexp_full_match(cleaned, '([+]|00)?[0-9]{8,15}') }} then null
        when {{ cleaned }} like '+%' then {{ cleaned }}
        when {{ cleaned }} like '00%' then concat('+', substr({{ cleaned }}, 3))
        when length({{ cleaned }}) = 8 then concat('+45', {{ cleaned }})
        else concat('+', {{ cleaned }})
    end
{%- endmacro %}
