{#
    Landing registration on Spark (dispatched from register_landing_tables).

    Spark SQL cannot list a folder or call Python from a macro, so the files
    are listed before dbt starts: `redflags build --target spark` (or
    `redflags landing-inventory` before a plain `dbt build --target spark`)
    writes the inventory of redflags/landing_files.py (spark_inventory) to
    the JSON file named by REDFLAGS_LANDING_INVENTORY, and this macro reads
    it through Spark's text source. Then, as on DuckDB:
      - Parquet: each file is selected directly (columns matched
        case-insensitively, every value as text, _source_row from the row's
        index in the file); rows_in_file comes from its footer.
      - CSV: each non-empty file is parsed with the delimiter the inventory
        found in its header (quote and escape '"', records across lines,
        every column as text) into landing_meta.<table>__file_<n>; records
        whose field count differs from the header (or whose undecodable bytes
        Spark read as U+FFFD) go to landing_meta.unreadable_lines with their
        line number and raw text. A file that is not UTF-8 is read from the
        UTF-8 copy the inventory made. rows_in_file counts the file's
        non-blank lines after the header, from a plain line read.
      - A missing or empty folder, or an empty file, is an empty table.
    landing.<table> is a view over the union; landing_meta.files says per
    file what was read and how, landing_meta.entries_not_read what was not.

    Not as on DuckDB (README "Apache Spark"): an unterminated quote swallows
    the rest of its file as one malformed record; the lines after it are not
    read, which audit.landing_reconciliation reports as a gap (the build
    fails rather than losing them silently).
    Paths reach SQL only as escaped string literals (spark_string_literal,
    spark_path_literal); nothing from a file name is spliced in as code.
#}
{% macro spark__register_landing_tables() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set source_tables = landing_source_tables() -%}
    {%- set inventory_document = spark_landing_inventory() -%}
    {%- set inventory = inventory_document['tables'] -%}
    {%- do run_query('create schema if not exists landing') -%}
    {%- do run_query('create schema if not exists landing_meta') -%}
    {%- for statement in spark_landing_meta_ddl() -%}
        {%- do run_query(statement) -%}
    {%- endfor -%}
    {%- if inventory_document['not_read'] -%}
        {%- do run_query('insert into landing_meta.entries_not_read values\n' ~ landing_entries_not_read_rows(inventory_document['not_read'], spark_string_literal) | join(',\n')) -%}
    {%- endif -%}
    {%- set file_rows = [] -%}
    {%- for source_table in source_tables -%}
        {%- if source_table.name not in inventory -%}
            {%- do exceptions.raise_compiler_error('Landing inventory ' ~ spark_landing_inventory_path() ~ ' has no entry for table ' ~ source_table.name ~ '; list the landing zone again (redflags landing-inventory)') -%}
        {%- endif -%}
        {%- set selects = [] -%}
        {%- for file in inventory[source_table.name]['files'] -%}
            {%- set relation = 'landing_meta.' ~ source_table.name ~ '__file_' ~ loop.index -%}
            {%- if file['file_format'] == 'parquet' -%}
                {%- do selects.append(spark_landing_parquet_select(source_table, file)) -%}
                {%- do file_rows.append(spark_landing_file_row(source_table.name, file, 'parquet', file['rows_in_file'], 0)) -%}
            {%- elif file['is_empty'] -%}
                {%- do file_rows.append(spark_landing_file_row(source_table.name, file, 'n/a', 0, 0)) -%}
            {%- else -%}
                {%- set read = spark_landing_csv_read(source_table, file, relation) -%}
                {%- do selects.append(read['select']) -%}
                {%- do file_rows.append(spark_landing_file_row(source_table.name, file, file['encoding'], read['rows_in_file'], read['line_breaks'])) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if selects | length == 0 -%}
            {%- do selects.append(landing_empty_select(source_table)) -%}
        {%- endif -%}
        {%- do run_query('create or replace view landing.' ~ source_table.name ~ ' as ' ~ (selects | join('\nunion all\n'))) -%}
    {%- endfor -%}
    {%- if file_rows -%}
        {%- do run_query('insert into landing_meta.files values\n' ~ file_rows | join(',\n')) -%}
    {%- endif -%}
    select 1
{%- endmacro %}


{# Where the inventory file is: REDFLAGS_LANDING_INVENTORY, else landing_inventory.json in REDFLAGS_SPARK_DIR. #}
{% macro spark_landing_inventory_path() -%}
    {{ return(env_var('REDFLAGS_LANDING_INVENTORY', env_var('REDFLAGS_SPARK_DIR', 'data/spark') ~ '/landing_inventory.json')) }}
{%- endmacro %}


{#
    The inventory: tables (a dict table name -> entry) and not_read (the
    entries the warehouse does not read); stops the run with the
    inventory's message when the landing directory is not a landing zone, and
    when the inventory is missing or was made for another landing directory.
#}
{% macro spark_landing_inventory() -%}
    {%- set path = spark_landing_inventory_path() -%}
    {%- set hint = ' (redflags build --target spark writes it; before a plain dbt run: redflags landing-inventory --landing DIR)' -%}
    {%- set listed = run_query('select value from text.' ~ spark_path_identifier(path)) -%}
    {%- if listed.rows | length != 1 -%}
        {%- do exceptions.raise_compiler_error('Landing inventory ' ~ path ~ ' is not one line of JSON' ~ hint) -%}
    {%- endif -%}
    {%- set document = fromjson(listed.rows[0][0]) -%}
    {%- if document['error'] -%}
        {%- do exceptions.raise_compiler_error('Landing zone: ' ~ document['error']) -%}
    {%- endif -%}
    {%- set wanted = var('landing_dir') | string -%}
    {%- if wanted.startswith('/') and wanted.rstrip('/') != document['landing_dir'] -%}
        {%- do exceptions.raise_compiler_error('Landing inventory ' ~ path ~ ' lists ' ~ document['landing_dir'] ~ ', not the landing directory ' ~ wanted ~ hint) -%}
    {%- endif -%}
    {#- The version redflags/landing_files.py writes (INVENTORY_VERSION). -#}
    {%- if document['version'] != 2 -%}
        {%- do exceptions.raise_compiler_error('Landing inventory ' ~ path ~ ' was written by another version of redflags' ~ hint) -%}
    {%- endif -%}
    {%- set tables = {} -%}
    {%- for table in document['tables'] -%}
        {%- do tables.update({table['name']: table}) -%}
    {%- endfor -%}
    {{ return({'tables': tables, 'not_read': document['not_read']}) }}
{%- endmacro %}


{#- A Spark SQL string literal: backslash and single quote escaped (Spark reads backslash escapes). -#}
{% macro spark_string_literal(value) -%}
    {{- "'" ~ (value | string | replace('\\', '\\\\') | replace("'", "\\'")) ~ "'" -}}
{%- endmacro %}

{#- A file path as a literal for a data source path: Hadoop glob characters escaped with a backslash. -#}
{% macro spark_path_literal(path) -%}
    {%- set escaped = namespace(text=path | string) -%}
    {%- for character in ['\\', '{', '}', '[', ']', '*', '?'] -%}
        {%- set escaped.text = escaped.text | replace(character, '\\' ~ character) -%}
    {%- endfor -%}
    {{- spark_string_literal(escaped.text) -}}
{%- endmacro %}

{#- A file path as the quoted identifier of format.`path` (backticks doubled; glob characters escaped). -#}
{% macro spark_path_identifier(path) -%}
    {%- set escaped = namespace(text=path | string) -%}
    {%- for character in ['\\', '{', '}', '[', ']', '*', '?'] -%}
        {%- set escaped.text = escaped.text | replace(character, '\\' ~ character) -%}
    {%- endfor -%}
    {{- '`' ~ (escaped.text | replace('`', '``')) ~ '`' -}}
{%- endmacro %}


{% macro spark_landing_meta_ddl() -%}
    {{ return([
        'drop table if exists landing_meta.files',
        'create table landing_meta.files (table_name string, file_path string, file_format string, encoding string, delimiter string, size_bytes bigint, empty_reason string, rows_in_file bigint, line_breaks_inside_values bigint, file_fingerprint string) using parquet',
        'drop table if exists landing_meta.entries_not_read',
        'create table landing_meta.entries_not_read (table_name string, entry_path string, entry_type string, is_hidden boolean, size_bytes bigint, reason string) using parquet',
        'drop table if exists landing_meta.unreadable_lines',
        'create table landing_meta.unreadable_lines (table_name string, file_path string, line_number bigint, raw_line string, reason string) using parquet',
    ]) }}
{%- endmacro %}


{% macro spark_landing_file_row(table_name, file, encoding, rows_in_file, line_breaks_inside_values) -%}
    {{- return('(' ~ [
        spark_string_literal(table_name),
        spark_string_literal(file['path']),
        spark_string_literal(file['file_format']),
        spark_string_literal(encoding),
        spark_string_literal(file['delimiter']) if file['delimiter'] is not none else 'cast(null as string)',
        'cast(' ~ file['size_bytes'] ~ ' as bigint)',
        spark_string_literal(file['empty_reason']) if file['empty_reason'] else 'cast(null as string)',
        'cast(' ~ rows_in_file ~ ' as bigint)',
        'cast(' ~ line_breaks_inside_values ~ ' as bigint)',
        spark_string_literal(file['fingerprint']),
    ] | join(', ') ~ ')') -}}
{%- endmacro %}


{#
    One Parquet file, columns from its footer (the inventory). A timestamp
    with a time zone becomes text with its offset (as on DuckDB), so staging
    converts it to Danish local time; doubles are written without Spark's
    scientific notation for large values, as DuckDB writes them.
#}
{% macro spark_landing_parquet_select(source_table, file) -%}
    {%- set present = {} -%}
    {%- for column in file['columns'] -%}
        {%- set quoted = '`' ~ (column['name'] | replace('`', '``')) ~ '`' -%}
        {%- if column['type'].startswith('timestamp') and 'tz=' in column['type'] -%}
            {%- set expression = "date_format(" ~ quoted ~ ", 'yyyy-MM-dd HH:mm:ss.SSSSSSXXX')" -%}
        {%- elif column['type'] in ('double', 'float') -%}
            {%- set expression = landing_float_text(quoted, column['type']) -%}
        {%- else -%}
            {%- set expression = quoted -%}
        {%- endif -%}
        {%- do present.update({column['name'] | lower: expression}) -%}
    {%- endfor -%}
    {%- set projections = landing_projections(source_table, file, present) -%}
    {{- 'select ' ~ projections | join(', ') ~ ', ' ~ spark_string_literal(file['path']) ~ ' as _source_file, _metadata.row_index + 1 as _source_row, cast(null as string) as _delimiter from parquet.' ~ spark_path_identifier(file['path']) -}}
{%- endmacro %}


{#
    One non-empty CSV file: parse it, keep the well-formed records in
    `relation` and the others in landing_meta.unreadable_lines. Returns
    {'select': the select for the landing view, 'rows_in_file', 'line_breaks'}.
#}
{% macro spark_landing_csv_read(source_table, file, relation) -%}
    {%- set parsed_view = 'redflags_csv_' ~ relation | replace('.', '_') -%}
    {%- set csv_columns = [] -%}
    {%- for name in file['header'] -%}
        {%- do csv_columns.append('c' ~ loop.index ~ ' string') -%}
    {%- endfor -%}
    {%- set projections = landing_csv_projections(source_table, file) -%}
    {%- set column_count = file['header'] | length -%}
    {%- set delimiter = spark_string_literal(file['delimiter']) -%}
    {%- do run_query(
        'create or replace temporary view ' ~ parsed_view ~ ' (' ~ csv_columns | join(', ') ~ ', _corrupt_record string) using csv options ('
        ~ 'path ' ~ spark_path_literal(file['read_path']) ~ ', header \'true\', sep ' ~ delimiter
        ~ ', quote \'"\', escape \'"\', multiLine \'true\', mode \'PERMISSIVE\', columnNameOfCorruptRecord \'_corrupt_record\''
        ~ ', encoding \'UTF-8\', ignoreLeadingWhiteSpace \'false\', ignoreTrailingWhiteSpace \'false\')'
    ) -%}
    {%- set values = [] -%}
    {%- for index in range(1, column_count + 1) -%}
        {%- do values.append('coalesce(c' ~ index ~ ", '')") -%}
    {%- endfor -%}
    {%- set record_text = 'concat(' ~ values | join(', ') ~ ')' -%}
    {#- Spark decodes an undecodable byte as U+FFFD: such a record is unreadable, as on DuckDB. -#}
    {%- set undecodable = "instr(" ~ record_text ~ ", '\\uFFFD') > 0" if file['has_undecodable_lines'] else 'false' -%}
    {%- set parsed -%}
        select
            *,
            monotonically_increasing_id() as _record_id,
            _corrupt_record is not null or {{ undecodable }} as _is_unreadable,
            length({{ record_text }}) - length(replace({{ record_text }}, '\n', '')) as _line_breaks
        from {{ parsed_view }}
    {%- endset -%}
    {#- One table of every record (Spark cannot query the corrupt-record column of a file alone):
        the landing view reads the well-formed ones, landing_meta.unreadable_lines the others. -#}
    {%- do run_query('drop table if exists ' ~ relation) -%}
    {%- set create -%}
        create table {{ relation }} using parquet as
        with parsed as ({{ parsed }})
        select
            {{ projections | join(',\n            ') }},
            {{ spark_string_literal(file['path']) }} as _source_file,
            case when not _is_unreadable then row_number() over (partition by _is_unreadable order by _record_id) end as _source_row,
            {{ delimiter }} as _delimiter,
            case when not _is_unreadable then _line_breaks else 0 end as _line_breaks,
            _is_unreadable,
            _corrupt_record,
            _record_id
        from parsed
    {%- endset -%}
    {%- do run_query(create) -%}
    {%- do run_query(spark_landing_unreadable_insert(source_table.name, file, relation, column_count)) -%}
    {%- set counts = run_query(
        'select (select count(*) from text.' ~ spark_path_identifier(file['read_path']) ~ " where trim(value) <> '') - 1, "
        ~ '(select coalesce(sum(_line_breaks), 0) from ' ~ relation ~ ')'
    ).rows[0] -%}
    {%- set view_columns = [] -%}
    {%- for column in source_table.columns.values() -%}
        {%- do view_columns.append(column.name) -%}
    {%- endfor -%}
    {{ return({
        'select': 'select ' ~ view_columns | join(', ') ~ ', _source_file, _source_row, _delimiter from ' ~ relation ~ ' where not _is_unreadable',
        'rows_in_file': counts[0],
        'line_breaks': counts[1],
    }) }}
{%- endmacro %}


{#
    The unreadable records of one CSV file as rows of
    landing_meta.unreadable_lines. Spark does not say on which line a
    malformed record stood: the n-th unreadable record whose first line reads
    X is matched with the n-th line of the file that reads X (an undecodable
    record with the n-th line that is not valid UTF-8). The reason compares
    the line's field count (split on the delimiter) with the header's.
#}
{% macro spark_landing_unreadable_insert(table_name, file, relation, column_count) -%}
    {%- set delimiter_pattern = spark_string_literal('\\Q' ~ file['delimiter'] ~ '\\E') -%}
    insert into landing_meta.unreadable_lines
    with unreadable as (
        select
            _record_id,
            _corrupt_record is null as is_undecodable,
            split(replace(coalesce(_corrupt_record, ''), '\r', ''), '\n')[0] as first_line
        from {{ relation }}
        where _is_unreadable
    ),

    numbered_unreadable as (
        select
            *,
            row_number() over (
                partition by is_undecodable, case when is_undecodable then '' else first_line end
                order by _record_id
            ) as occurrence
        from unreadable
    ),

    file_lines as (
        select
            value,
            is_valid_utf8(value) as is_valid,
            row_number() over (order by monotonically_increasing_id()) as line_number
        from text.{{ spark_path_identifier(file['read_path']) }}
    ),

    numbered_lines as (
        select
            *,
            row_number() over (partition by value order by line_number) as occurrence_of_text,
            row_number() over (partition by is_valid order by line_number) as occurrence_of_validity
        from file_lines
        where line_number > 1
    )

    select
        {{ spark_string_literal(table_name) }} as table_name,
        {{ spark_string_literal(file['path']) }} as file_path,
        numbered_lines.line_number,
        case when numbered_unreadable.is_undecodable then make_valid_utf8(numbered_lines.value) else numbered_unreadable.first_line end as raw_line,
        case
            when numbered_unreadable.is_undecodable then 'undecodable bytes (not UTF-8)'
            when size(split(numbered_unreadable.first_line, {{ delimiter_pattern }})) < {{ column_count }} then 'too few fields'
            when size(split(numbered_unreadable.first_line, {{ delimiter_pattern }})) > {{ column_count }} then 'too many fields'
            else 'unterminated or stray quote'
        end
        || ': the record does not parse as {{ column_count }} fields' as reason
    from numbered_unreadable
    left join numbered_lines
        on (
            not numbered_unreadable.is_undecodable
            and numbered_lines.value = numbered_unreadable.first_line
            and numbered_lines.occurrence_of_text = numbered_unreadable.occurrence
        )
        or (
            numbered_unreadable.is_undecodable
            and not numbered_lines.is_valid
            and numbered_lines.occurrence_of_validity = numbered_unreadable.occurrence
        )
{%- endmacro %}
