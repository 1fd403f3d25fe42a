{#
    Normalise a phone number to E.164 ('+' and 8-15 digits). A trailing '.0'
    after the digits (a number written as a float) is dropped; then spaces,
    dashes, dots, slashes and brackets; a leading 00 becomes '+'; eight
    digits without a country code are Danish (+45); other digit strings are
    taken to start with their country code. Anything else (letters, too few or
    too many digits) yields null, which staging rejects as an unparseable phone.

    Example: {{ normalise_phone('counterparty_phone') }}
      '0045 20 12 34 56' -> '+4520123456', '20-12-34-56' -> '+4520123456',
      '4520123456.0' -> '+4520123456'
#}
{% macro normalise_phone(column) -%}
    {#- A number a spreadsheet or pandas wrote as a float (4520000001.0): its '.0' is no digit. -#}
    {%- set unfloated = 'case when ' ~ regexp_full_match(column, '[+]?[0-9]{8,15}[.]0') ~ ' then substr(' ~ column ~ ', 1, length(' ~ column ~ ') - 2) else ' ~ column ~ ' end' -%}
    {%- set cleaned = regexp_replace_all(unfloated, '[ ./()-]', '') -%}
    case
        when {{ column }} is null then null
        when not {{ regexp_full_match(cleaned, '([+]|00)?[0-9]{8,15}') }} then null
        when {{ cleaned }} like '+%' then {{ cleaned }}
        when {{ cleaned }} like '00%' then concat('+', substr({{ cleaned }}, 3))
        when length({{ cleaned }}) = 8 then concat('+45', {{ cleaned }})
        else concat('+', {{ cleaned }})
    end
{%- endmacro %}
