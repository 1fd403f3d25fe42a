{#
    What the landing zone holds, column by column: for every landing table
    of the contract, every column and every kind of row, how many staged
    rows there are and how many have the column filled (not null). The
    kinds of row are the values of each column the contract gives allowed
    values for (transactions by channel and by direction, parties by
    party_type, online_ads by site_category, ...), plus all rows
    (segment_column null). indicator coverage reads it to tell an indicator
    that could not have fired from one that did not.

    The columns and their allowed values are read from the landing sources
    (models/staging/landing/_landing__sources.yml, the contract transcribed),
    so a column added to the contract is profiled without editing this
    model. Counts are of staged rows (stg_<table>: valid and deduplicated),
    not landed ones: a rejected row cannot feed an indicator. One scan per
    table: grouping sets count all kinds of row at once.
#}
{%- set tables = landing_table_names() %}
{%- set columns_by_table = {} %}
{%- set segments_by_table = {} %}
{%- if execute %}
    {%- for table_name in tables %}
        {%- set source_node = graph.sources.get('source.redflags.landing.' ~ table_name) %}
        {%- if source_node is none %}
            {%- do exceptions.raise_compiler_error(
                "int_landing_columns_profiled: landing table '" ~ table_name ~ "' has no source in models/staging/landing/_landing__sources.yml"
            ) %}
        {%- endif %}
        {%- set column_names = [] %}
        {%- set segment_columns = [] %}
        {%- for column in source_node.columns.values() %}
            {%- do column_names.append(column.name) %}
            {%- if column.meta.get('allowed_values') %}
                {%- do segment_columns.append(column.name) %}
            {%- endif %}
        {%- endfor %}
        {%- do columns_by_table.update({table_name: column_names}) %}
        {%- do segments_by_table.update({table_name: segment_columns}) %}
    {%- endfor %}
{%- endif %}

with

{% for table_name in tables %}
{%- set segments = segments_by_table.get(table_name, []) %}
counts_{{ table_name }} as (

    select
        '{{ table_name }}' as table_name,
        {%- if segments %}
        case
            {%- for segment in segments %}
            when grouping({{ segment }}) = 0 then '{{ segment }}'
            {%- endfor %}
        end as segment_column,
        case
            {%- for segment in segments %}
            when grouping({{ segment }}) = 0 then cast({{ segment }} as {{ dbt.type_string() }})
            {%- endfor %}
        end as segment_value,
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as segment_column,
        cast(null as {{ dbt.type_string() }}) as segment_value,
        {%- endif %}
        count(*) as rows_present
        {%- for column_name in columns_by_table.get(table_name, []) %},
        count({{ column_name }}) as filled__{{ column_name }}
        {%- endfor %}
    from {{ ref('stg_' ~ table_name) }}
    {%- if segments %}
    group by grouping sets (
        {%- for segment in segments %}
        ({{ segment }}),
        {%- endfor %}
        ()
    )
    {%- endif %}

),

{% endfor %}
{#-
    The contract's columns as rows, so that each table's counts are
    unpivoted by one join: a union of one branch per column would read the
    counts once per column, and Spark computes a CTE again at every read.
#}
contract_columns as (

    {%- set branches = [] %}
    {%- for table_name in tables %}
        {%- for column_name in columns_by_table.get(table_name, []) %}
            {%- do branches.append((table_name, column_name)) %}
        {%- endfor %}
    {%- endfor %}
    {%- for table_name, column_name in branches %}
    select '{{ table_name }}' as table_name, '{{ column_name }}' as column_name
    {{ 'union all' if not loop.last }}
    {%- else %}
    {#- Parsing only: the graph (and so the column list) is known at execution. #}
    select cast(null as {{ dbt.type_string() }}) as table_name, cast(null as {{ dbt.type_string() }}) as column_name
    {%- endfor %}

),

columns_profiled as (

    {%- for table_name in tables %}
    {%- set column_names = columns_by_table.get(table_name, []) %}
    select
        counts.table_name,
        counts.segment_column,
        counts.segment_value,
        contract_columns.column_name,
        counts.rows_present,
        {%- if column_names %}
        case contract_columns.column_name
            {%- for column_name in column_names %}
            when '{{ column_name }}' then counts.filled__{{ column_name }}
            {%- endfor %}
        end as rows_filled
        {%- else %}
        counts.rows_present as rows_filled
        {%- endif %}
    from counts_{{ table_name }} as counts
    inner join contract_columns
        on counts.table_name = contract_columns.table_name
    {{ 'union all' if not loop.last }}
    {%- endfor %}

),

final as (

    select
        table_name,
        segment_column,
        segment_value,
        column_name,
        cast(rows_present as bigint) as rows_present,
        cast(rows_filled as bigint) as rows_filled
    from columns_profiled

)

select * from final
