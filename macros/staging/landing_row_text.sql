{#
    One text value holding a whole row, for fingerprinting rows (duplicate
    detection) and for showing a rejected row as it landed.

    Arguments:
      columns (list of source column nodes)
      suffix (string): '' for the typed columns, '__raw' for the landed text
      with_names (bool): 'name=value | ...' when true, 'value|value' when false
      table_alias (string, optional): qualifies the column names
    Example: {{ landing_row_text(columns, '__raw', with_names=true) }}
#}
{% macro landing_row_text(columns, suffix, with_names=false, table_alias=none) -%}
    concat_ws('{{ " | " if with_names else "|" }}',
        {%- for column in columns %}
        {%- set qualified = (table_alias ~ '.' if table_alias else '') ~ column.name ~ suffix %}
        {%- set value = 'coalesce(cast(' ~ qualified ~ ' as ' ~ dbt.type_string() ~ "), '<null>')" %}
        {% if with_names %}concat('{{ column.name }}=', {{ value }}){% else %}{{ value }}{% endif %}{{ ',' if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}
