{#
    A landed number's text in plain notation (digits, optional '-', '.' as the
    decimal mark). Semicolon-delimited files are Danish exports, where numbers
    may be written 1.234,56: there a comma is the decimal mark and a dot
    followed by groups of three digits is a thousands separator (so 1.234 is
    one thousand two hundred and thirty-four, and 12.50 stays twelve and a
    half). Other files and Parquet are read as they are.

    Arguments:
      raw (string): the trimmed text, e.g. 'amount__raw'
      delimiter (string): the column holding the file's CSV delimiter
    Example: {{ landing_number_text('amount__raw', '_delimiter') }}
#}
{% macro landing_number_text(raw, delimiter) -%}
    case
        when {{ delimiter }} = ';' and {{ regexp_full_match(raw, '-?[0-9]{1,3}([.][0-9]{3})*(,[0-9]+)?|-?[0-9]+,[0-9]+') }}
            then replace(replace({{ raw }}, '.', ''), ',', '.')
        else {{ raw }}
    end
{%- endmacro %}
