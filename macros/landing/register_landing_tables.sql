{#
    Register every landing table as a view over the files in its folder, before
    any model runs (on-run-start in dbt_project.yml).

    Why not dbt-duckdb's external_location: one table may arrive as several files
    in either format, in any of the dialects the contract allows, and a partner
    that has not delivered yet leaves the folder missing or empty.

    Steps (DuckDB):
      1. redflags_landing_inventory (redflags/landing_files.py, via the dbt
         plugin) lists the files of every table folder without glob patterns,
         and says per CSV file its delimiter, line ending, header and whether it
         is empty. A landing directory that does not exist or holds no table
         folder stops the run here, before any model overwrites anything.
      2. Per CSV file, DuckDB counts its lines and checks its UTF-8; a file that
         is not UTF-8 is transcoded (Windows-1252, else Latin-1) and read from a
         UTF-8 copy. Lines that cannot be parsed go to
         landing_meta.unreadable_lines; an unterminated quote rejects its own
         line and the file is read on from the next one.
      3. Per table, a view landing.<table> with the contract's columns as text,
         _source_file, _source_row (1-based record number in the file, header
         and unreadable lines not counted) and _delimiter.
      4. landing_meta.files: one row per file with what was found and how it was
         read (format, encoding, delimiter, lines or rows in the file);
         landing_meta.entries_not_read: every file or folder the warehouse does
         not read (not .parquet or .csv, a folder inside a table folder, a
         folder that is not a contract table), with the reason.
    Every path reaches SQL as a quoted literal with its glob characters escaped
    (landing_path_literal); nothing from a file name is spliced in as code.
#}
{% macro register_landing_tables() -%}
    {{ return(adapter.dispatch('register_landing_tables', 'redflags')()) }}
{%- endmacro %}

{% macro duckdb__register_landing_tables() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set source_tables = landing_source_tables() -%}
    {%- set inventory = landing_inventory(source_tables | map(attribute='name') | list) -%}
    {%- set work_dir = landing_work_dir() -%}
    {%- do run_query('create schema if not exists landing') -%}
    {%- do run_query('create schema if not exists landing_meta') -%}
    {%- do run_query(landing_meta_ddl()) -%}
    {%- if inventory['not_read'] -%}
        {%- do run_query('insert into landing_meta.entries_not_read values\n' ~ landing_entries_not_read_rows(inventory['not_read'], landing_string_literal) | join(',\n')) -%}
    {%- endif -%}
    {%- for source_table in source_tables -%}
        {%- set listed = inventory['tables'][loop.index0] -%}
        {%- set selects = [] -%}
        {%- for files in landing_parquet_files_by_schema(listed['files']) -%}
            {%- do selects.append(landing_parquet_select(source_table, files)) -%}
        {%- endfor -%}
        {%- for file in listed['files'] -%}
            {%- set relation = 'landing_meta.' ~ source_table.name ~ '__file_' ~ loop.index -%}
            {%- if file['file_format'] == 'parquet' -%}
                {#- Read above, with the files of the same columns. -#}
            {%- elif file['is_empty'] -%}
                {%- do landing_record_file(source_table.name, file, 'n/a', 0, 0) -%}
            {%- else -%}
                {%- do selects.append(landing_csv_read(source_table, file, relation, work_dir)) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if selects | length == 0 -%}
            {%- do selects.append(landing_empty_select(source_table)) -%}
        {%- endif -%}
        {%- do run_query('create or replace view landing.' ~ source_table.name ~ ' as ' ~ (selects | join('\nunion all\n'))) -%}
    {%- endfor -%}
    select 1
{%- endmacro %}


{# A SQL string literal holding a file path, with DuckDB's glob characters escaped ([ * ? as [[] [*] [?]). #}
{% macro landing_path_literal(path) -%}
    {%- set escaped = path | replace('[', '[[]') | replace('*', '[*]') | replace('?', '[?]') -%}
    {{- landing_string_literal(escaped) -}}
{%- endmacro %}


{# A SQL string literal: the value between single quotes, each quote doubled. #}
{% macro landing_string_literal(value) -%}
    {{- "'" ~ (value | string | replace("'", "''")) ~ "'" -}}
{%- endmacro %}


{#
    The inventory of the landing directory: tables (one entry per table in the
    order given) and not_read (the entries it does not read); stops the run
    with the inventory's message when the directory is not a landing zone. A
    relative landing_dir is relative to the project.
#}
{% macro landing_inventory(table_names) -%}
    {%- set project_dir = flags.PROJECT_DIR or '' -%}
    {%- set call -%}
        select redflags_landing_inventory(
            {{ landing_string_literal(var('landing_dir')) }},
            {{ landing_string_literal(tojson(table_names)) }},
            {{ landing_string_literal(project_dir) }}
        )
    {%- endset -%}
    {%- set inventory = fromjson(run_query(call).columns[0].values()[0]) -%}
    {%- if inventory['error'] -%}
        {%- do exceptions.raise_compiler_error('Landing zone: ' ~ inventory['error']) -%}
    {%- endif -%}
    {{ return(inventory) }}
{%- endmacro %}


{#
    Where UTF-8 copies of non-UTF-8 files and the tails of broken files go:
    beside the warehouse file, as an absolute path. The landing views name
    these copies, and the profile's path may be relative to the folder dbt
    runs in (redflags/paths.py), which is not where later readers run.
#}
{% macro landing_work_dir() -%}
    {%- set query -%}
        select path from duckdb_databases() where database_name = {{ landing_string_literal(target.database) }}
    {%- endset -%}
    {%- set database_paths = run_query(query).columns[0].values() -%}
    {%- if not database_paths or not database_paths[0] -%}
        {%- do exceptions.raise_compiler_error("Landing zone: the warehouse '" ~ target.database ~ "' is no database file (in memory?); the landing work folder is kept beside the warehouse file") -%}
    {%- endif -%}
    {{ return(database_paths[0].rsplit('/', 1)[0] ~ '/.redflags_landing_work') }}
{%- endmacro %}


{% macro landing_meta_ddl() -%}
    create or replace table landing_meta.files (
        table_name varchar,
        file_path varchar,
        file_format varchar,
        encoding varchar,
        delimiter varchar,
        size_bytes bigint,
        empty_reason varchar,
        rows_in_file bigint,
        line_breaks_inside_values bigint,
        file_fingerprint varchar
    );
    create or replace table landing_meta.entries_not_read (
        table_name varchar,
        entry_path varchar,
        entry_type varchar,
        is_hidden boolean,
        size_bytes bigint,
        reason varchar
    );
    create or replace table landing_meta.unreadable_lines (
        table_name varchar,
        file_path varchar,
        line_number bigint,
        raw_line varchar,
        reason varchar
    );
{%- endmacro %}


{#
    The value rows of landing_meta.entries_not_read for the inventory's
    not_read entries; `literal` is the engine's string-literal macro.
#}
{% macro landing_entries_not_read_rows(entries, literal) -%}
    {%- set rows = [] -%}
    {%- for entry in entries -%}
        {%- do rows.append('(' ~ [
            literal(entry['table_name']) if entry['table_name'] is not none else 'null',
            literal(entry['path']),
            literal(entry['entry_type']),
            'true' if entry['is_hidden'] else 'false',
            entry['size_bytes'] if entry['size_bytes'] is not none else 'null',
            literal(entry['reason']),
        ] | join(', ') ~ ')') -%}
    {%- endfor -%}
    {{ return(rows) }}
{%- endmacro %}


{% macro landing_record_file(table_name, file, encoding, rows_in_file, line_breaks_inside_values) -%}
    {%- set statement -%}
        insert into landing_meta.files values (
            {{ landing_string_literal(table_name) }},
            {{ landing_string_literal(file['path']) }},
            {{ landing_string_literal(file['file_format']) }},
            {{ landing_string_literal(encoding) }},
            {{ landing_string_literal(file['delimiter']) if file['delimiter'] is not none else 'null' }},
            {{ file['size_bytes'] }},
            {{ landing_string_literal(file['empty_reason']) if file['empty_reason'] else 'null' }},
            {{ rows_in_file }},
            {{ line_breaks_inside_values }},
            {{ landing_string_literal(file['fingerprint']) }}
        )
    {%- endset -%}
    {%- do run_query(statement) -%}
{%- endmacro %}


{#
    landing_projections for a CSV file read with positional columns c1, c2, ...
    (both engines read CSV that way): a header name maps to its column, the
    first one where a name repeats.
#}
{% macro landing_csv_projections(source_table, file) -%}
    {%- set present = {} -%}
    {%- for name in file['header'] -%}
        {%- if name not in present -%}
            {%- do present.update({name: 'c' ~ loop.index}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(landing_projections(source_table, file, present)) }}
{%- endmacro %}


{#
    The contract's columns of one file, as text, in the contract's order. An
    optional column absent from the file is null; a required one stops the run
    with an error naming table, column and file. `present` maps a lower-case
    column name to the expression reading it.
#}
{% macro landing_projections(source_table, file, present) -%}
    {%- set projections = [] -%}
    {%- for column in source_table.columns.values() -%}
        {%- if column.name in present -%}
            {%- do projections.append('cast(' ~ present[column.name] ~ ' as string) as ' ~ column.name) -%}
        {%- elif column.meta.get('required') -%}
            {%- do exceptions.raise_compiler_error(
                "Landing table '" ~ source_table.name ~ "': required column '" ~ column.name
                ~ "' is missing from file " ~ file['path'] ~ " (columns found: " ~ (present.keys() | list | join(', ')) ~ ")"
            ) -%}
        {%- else -%}
            {%- do projections.append('cast(null as string) as ' ~ column.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(projections) }}
{%- endmacro %}


{% macro landing_empty_select(source_table) -%}
    {%- set projections = [] -%}
    {%- for column in source_table.columns.values() -%}
        {%- do projections.append('cast(null as string) as ' ~ column.name) -%}
    {%- endfor -%}
    select {{ projections | join(', ') }},
        cast(null as string) as _source_file,
        cast(null as bigint) as _source_row,
        cast(null as string) as _delimiter
    where false
{%- endmacro %}


{#
    The Parquet files of one table folder in groups of files with the same
    columns (names and types, in order), each group in the order its first
    file was listed. Each file's columns are in file['columns'] (name, type).

    Why groups: one read_parquet over a list of files reads them in one
    parallel scan; a view of one select per file scans them one after the
    other (typing 10 million bookings in 7 files: about 1 s more of 9 s).
#}
{% macro landing_parquet_files_by_schema(files) -%}
    {%- set groups = {} -%}
    {%- for file in files if file['file_format'] == 'parquet' -%}
        {%- set described = [] -%}
        {%- for column in run_query('describe select * from read_parquet(' ~ landing_path_literal(file['path']) ~ ')').rows -%}
            {%- do described.append([column[0], column[1]]) -%}
        {%- endfor -%}
        {%- do file.update({'columns': described}) -%}
        {%- do groups.setdefault(tojson(described), []).append(file) -%}
    {%- endfor -%}
    {{ return(groups.values() | list) }}
{%- endmacro %}


{#
    Parquet files with the same columns (landing_parquet_files_by_schema), in
    one read. Their columns are matched case-insensitively; a TIMESTAMP WITH
    TIME ZONE becomes text with its offset, which staging converts to Danish
    local time; a FLOAT or DOUBLE becomes the text its writer meant
    (landing_float_text). _source_file is the path DuckDB read, which is the
    listed path (the literal escapes glob characters, so each names one file),
    in a column named so that it is none of the files' own.
#}
{% macro landing_parquet_select(source_table, files) -%}
    {%- set present = {} -%}
    {%- for name, column_type in files[0]['columns'] -%}
        {%- set expression = adapter.quote(name) -%}
        {%- if column_type in ('DOUBLE', 'FLOAT') -%}
            {%- set expression = landing_float_text(expression, column_type) -%}
        {%- endif -%}
        {%- do present.update({name | lower: expression}) -%}
    {%- endfor -%}
    {#- DuckDB refuses a file-name column named as one of the file's (in any case); a file has fewer clashes than columns. -#}
    {%- set file_column = namespace(name='_redflags_landed_file') -%}
    {%- for _ in present if file_column.name in present -%}
        {%- set file_column.name = file_column.name ~ '_' -%}
    {%- endfor -%}
    {%- set described_file = files[0] if files | length == 1 else {'path': files[0]['path'] ~ ' (and ' ~ (files | length - 1) ~ ' more file(s) with the same columns)'} -%}
    {%- set projections = landing_projections(source_table, described_file, present) -%}
    {%- set paths = [] -%}
    {%- for file in files -%}
        {%- set rows_in_file = run_query('select coalesce(sum(num_rows), 0) from parquet_file_metadata(' ~ landing_path_literal(file['path']) ~ ')').columns[0].values()[0] -%}
        {%- do landing_record_file(source_table.name, file, 'parquet', rows_in_file, 0) -%}
        {%- do paths.append(landing_path_literal(file['path'])) -%}
    {%- endfor -%}
    {%- set reader = 'read_parquet([' ~ paths | join(', ') ~ '], file_row_number = true, filename = ' ~ landing_string_literal(file_column.name) ~ ')' -%}
    {{- 'select ' ~ projections | join(', ') ~ ', ' ~ file_column.name ~ ' as _source_file, file_row_number + 1 as _source_row, cast(null as string) as _delimiter from ' ~ reader -}}
{%- endmacro %}


{# The landing source's table nodes, sorted by name. #}
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
