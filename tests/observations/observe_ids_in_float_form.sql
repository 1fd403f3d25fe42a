{#
    Observation (warn): identifier columns holding an integer written as a
    float, such as '1001.0' - what pandas or a spreadsheet writes for an
    integer column with a missing value. The warehouse keeps an id as it
    landed (Parquet floats are already read as '1001', landing_float_text), so
    '1001.0' in one extract does not match '1001' in another: accounts lose
    their holder and one person becomes two entities. One row per table and
    column, with the number of such values and an example; the fix is at the
    partner's export (write ids as text or integers). It reads the typed
    landing tables (every landed row, stored), not the staging views, which
    would type the whole landing zone again.
#}
{{ config(severity='warn', tags=['observation']) }}

{%- set id_columns = [] %}
{%- for table_name in landing_table_names() %}
-- depends_on: {{ ref('base_' ~ table_name ~ '_typed') }}
{%- for column in landing_source_table(table_name).columns.values() %}
{%- if column.name.endswith('_id') and column.meta.get('contract_type') == 'string' %}
{%- do id_columns.append((table_name, column.name)) %}
{%- endif %}
{%- endfor %}
{%- endfor %}

{%- if id_columns %}
with ids_in_float_form as (
    {%- for table_name, column_name in id_columns %}

    select
        '{{ table_name }}' as table_name,
        '{{ column_name }}' as column_name,
        count(*) as values_in_float_form,
        min({{ column_name }}) as example_value
    from {{ ref('base_' ~ table_name ~ '_typed') }}
    where {{ column_name }} like '%.0'
        and {{ regexp_full_match(column_name, '-?[0-9]+[.]0+') }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}

)

select *
from ids_in_float_form
where values_in_float_form > 0
{%- else %}
{#- Parsing: the source graph, and so the columns, is not available yet. #}
select 1 as placeholder where 1 = 0
{%- endif %}
