{#
    Seed loading on Spark. dbt-spark's spark__load_csv_rows binds each value
    with `'%s' % value`: the session cursor pastes it into the SQL unescaped,
    so a seed value holding an apostrophe (the leaflet's Yousef case) or a
    backslash ends the literal early and the insert fails with
    PARSE_SYNTAX_ERROR. This override (the project comes first in the dbt
    dispatch search order, dbt_project.yml) writes every value as a Spark
    string literal with backslash and quote escaped, and casts it to the
    column's type, for every connection method alike (no bindings).
#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set batch_size = get_batch_size() -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set column_types = [] -%}
    {%- for column_name in agate_table.column_names -%}
        {%- do column_types.append(column_override.get(column_name, adapter.convert_type(agate_table, loop.index0))) -%}
    {%- endfor -%}

    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set rows_sql = [] -%}
        {%- for row in chunk -%}
            {%- set values = [] -%}
            {%- for value in row -%}
                {%- do values.append('cast(' ~ spark_seed_literal(value) ~ ' as ' ~ column_types[loop.index0] ~ ')') -%}
            {%- endfor -%}
            {%- do rows_sql.append('(' ~ values | join(', ') ~ ')') -%}
        {%- endfor -%}
        {%- set sql = 'insert into ' ~ this.render() ~ ' values\n' ~ rows_sql | join(',\n') -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}


{#
    One seed value as Spark SQL: null, a number as written, a boolean, or a
    string literal with backslash and single quote escaped (Spark reads
    backslash escapes in literals; a doubled quote is two adjacent literals).
    Dates and timestamps arrive from agate as Python values and are written
    in ISO form for the cast.
#}
{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is sameas true or value is sameas false -%}
        {{ 'true' if value else 'false' }}
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        {%- set text = value.isoformat() if value.isoformat is defined else value | string -%}
        '{{ text | replace('\\', '\\\\') | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}
