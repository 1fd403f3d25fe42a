{#
    Register every landing table as a view over the files in its folder, before
    any model runs (on-run-start in dbt_project.yml).

    Why not dbt-duckdb's external_location: one table may arrive as several files
    in either format, and a partner that has not delivered yet leaves the folder
    missing or empty; a single read_parquet/read_csv call fails on both.

    Per table folder <landing_dir>/<table>/:
      - every *.parquet and *.csv file is read; CSV strictly as text, so that
        industry codes, postcodes and 00-prefixed phones keep their form;
      - only the contract's columns are kept (extra columns are ignored), cast to
        text, plus _source_file and _source_row (1-based data row in the file);
      - an optional column absent from a file is null; a required column absent
        from a file stops the run with an error naming table, column and file;
      - no files: an empty view with the contract's columns.
    Staging then types and validates the text (validate_landing_table).
#}
{% macro register_landing_tables() -%}
    {{ return(adapter.dispatch('register_landing_tables', 'redflags')()) }}
{%- endmacro %}

{% macro duckdb__register_landing_tables() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set landing_dir = var('landing_dir').rstrip('/') -%}
    {%- do run_query('create schema if not exists landing') -%}
    {%- for source_table in landing_source_tables() -%}
        {%- set view_sql = landing_table_select(landing_dir, source_table) -%}
        {%- do run_query('create or replace view landing.' ~ source_table.name ~ ' as ' ~ view_sql) -%}
    {%- endfor -%}
    select 1
{%- endmacro %}


{# The landing source's table nodes, in the order the sources YAML lists them. #}
{% macro landing_source_tables() -%}
    {%- set tables = [] -%}
    {#- The graph is only filled in at execution; parsing needs no columns. -#}
    {%- if not execute -%}
        {{ return(tables) }}
    {%- endif -%}
    {%- for node in graph.sources.values() -%}
        {%- if node.source_name == 'landing' -%}
            {%- do tables.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(tables | sort(attribute='name')) }}
{%- endmacro %}


{# The select that unions every file of one landing table, or an empty select. #}
{% macro landing_table_select(landing_dir, source_table) -%}
    {%- set folder = landing_dir ~ '/' ~ source_table.name -%}
    {%- set columns = source_table.columns.values() | list -%}
    {%- set files_query -%}
        select file from glob('{{ folder }}/*.parquet')
        union all
        select file from glob('{{ folder }}/*.csv')
        order by file
    {%- endset -%}
    {%- set files = run_query(files_query).columns[0].values() -%}
    {%- set selects = [] -%}
    {%- for file in files -%}
        {%- set reader = landing_file_reader(file) -%}
        {%- set present = landing_file_columns(reader) -%}
        {%- set projections = [] -%}
        {%- for column in columns -%}
            {%- if column.name in present -%}
                {%- do projections.append('cast("' ~ column.name ~ '" as varchar) as ' ~ column.name) -%}
            {%- elif column.meta.get('required') -%}
                {%- do exceptions.raise_compiler_error(
                    "Landing table '" ~ source_table.name ~ "': required column '" ~ column.name
                    ~ "' is missing from file " ~ file ~ " (columns found: " ~ (present | join(', ')) ~ ")"
                ) -%}
            {%- else -%}
                {%- do projections.append('cast(null as varchar) as ' ~ column.name) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do selects.append(
            'select ' ~ projections | join(', ')
            ~ ", '" ~ file ~ "' as _source_file, "
            ~ landing_file_row_number(file) ~ ' as _source_row from ' ~ reader
        ) -%}
    {%- endfor -%}
    {%- if selects | length == 0 -%}
        {%- set projections = [] -%}
        {%- for column in columns -%}
            {%- do projections.append('cast(null as varchar) as ' ~ column.name) -%}
        {%- endfor -%}
        {%- do selects.append(
            'select ' ~ projections | join(', ')
            ~ ', cast(null as varchar) as _source_file, cast(null as bigint) as _source_row where false'
        ) -%}
    {%- endif -%}
    {{ return(selects | join('\nunion all\n')) }}
{%- endmacro %}


{# A table function reading one landing file. CSV is read as text, never sniffed for types. #}
{% macro landing_file_reader(file) -%}
    {%- if file.endswith('.parquet') -%}
        read_parquet('{{ file }}', file_row_number = true)
    {%- else -%}
        read_csv('{{ file }}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
    {%- endif -%}
{%- endmacro %}


{# The column names one landing file carries, lower-cased. #}
{% macro landing_file_columns(reader) -%}
    {%- set described = run_query('describe select * from ' ~ reader) -%}
    {%- set names = [] -%}
    {%- for name in described.columns[0].values() -%}
        {%- do names.append(name | lower) -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}


{#
    1-based data row of a record within its file. Parquet exposes it; DuckDB's
    CSV reader does not, and keeps rows in file order, so it is counted.
#}
{% macro landing_file_row_number(file) -%}
    {%- if file.endswith('.parquet') -%}
        file_row_number + 1
    {%- else -%}
        row_number() over ()
    {%- endif -%}
{%- endmacro %}
