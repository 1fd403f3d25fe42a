{#
    Read one non-empty CSV landing file into a table of the contract's columns
    as text; return the select over that table for the landing view.

    The file's lines are counted first (rows_in_file in landing_meta.files: the
    non-blank lines after the header, from a plain line read that no CSV rule
    can shorten), and its UTF-8 is checked: a file with undecodable bytes and no
    valid non-ASCII character anywhere is a Windows-1252 file and is read from a
    UTF-8 copy; a UTF-8 file with a few undecodable lines keeps those lines as
    unreadable. The parse is strict (RFC 4180 quoting, no type sniffing, the
    header's column count): a line it cannot parse becomes a row of
    landing_meta.unreadable_lines with its line number, raw text and reason,
    and the other lines are read. An unterminated quote would swallow the rest
    of the file as one value, so its line alone is rejected and the file is read
    on from a copy of the lines after it (at most max_segments times).

    Arguments:
      source_table: the landing source node (columns with meta.required)
      file: the inventory entry (path, delimiter, line_ending, header)
      relation: the table to create, e.g. landing_meta.transactions__file_1
      work_dir: folder for UTF-8 copies and tails
#}
{% macro landing_csv_read(source_table, file, relation, work_dir, max_segments=1000) -%}
    {%- set line_check = landing_csv_line_check(file) -%}
    {%- set read_path = file['path'] -%}
    {%- set encoding = 'UTF-8' -%}
    {%- if line_check['undecodable_lines'] > 0 and line_check['non_ascii_lines'] == 0 -%}
        {%- set call = 'select redflags_transcode_to_utf8(' ~ landing_string_literal(file['path']) ~ ', ' ~ landing_string_literal(work_dir) ~ ')' -%}
        {%- set copy = fromjson(run_query(call).columns[0].values()[0]) -%}
        {%- set read_path = copy['path'] -%}
        {%- set encoding = copy['encoding'] -%}
    {%- endif -%}

    {%- set csv_columns = [] -%}
    {%- for name in file['header'] -%}
        {%- do csv_columns.append("'c" ~ loop.index ~ "': 'varchar'") -%}
    {%- endfor -%}
    {%- set projections = landing_csv_projections(source_table, file) -%}

    {%- set state = {'path': read_path, 'line_offset': 0, 'records': 0, 'done': false} -%}
    {%- for segment in range(max_segments) if not state['done'] -%}
        {%- set swallowed = landing_csv_parse_segment(relation, segment, state['records'], projections, csv_columns, file, state['path']) -%}
        {%- if swallowed is not none -%}
            {#- Reject the unterminated quote's line alone, parse again only the lines before it, go on after it. -#}
            {%- do run_query(landing_csv_unreadable_insert(source_table.name, file['path'], state['line_offset'], swallowed)) -%}
            {%- set head = run_query('select redflags_csv_head(' ~ landing_string_literal(state['path']) ~ ', ' ~ swallowed ~ ', ' ~ landing_string_literal(work_dir) ~ ')').columns[0].values()[0] -%}
            {%- do landing_csv_parse_segment(relation, segment, state['records'], projections, csv_columns, file, head) -%}
            {%- do run_query(landing_csv_unreadable_insert(source_table.name, file['path'], state['line_offset'])) -%}
            {%- set tail = run_query('select redflags_csv_tail(' ~ landing_string_literal(state['path']) ~ ', ' ~ swallowed ~ ', ' ~ landing_string_literal(work_dir) ~ ')').columns[0].values()[0] -%}
            {%- do state.update({'path': tail, 'line_offset': state['line_offset'] + swallowed - 1}) -%}
        {%- else -%}
            {%- do run_query(landing_csv_unreadable_insert(source_table.name, file['path'], state['line_offset'])) -%}
            {%- do state.update({'done': true}) -%}
        {%- endif -%}
        {%- do state.update({'records': run_query('select count(*) from ' ~ relation).columns[0].values()[0]}) -%}
    {%- endfor -%}
    {%- if not state['done'] -%}
        {%- do exceptions.raise_compiler_error(
            "Landing file " ~ file['path'] ~ " has more than " ~ max_segments ~ " unterminated quotes; it is not a CSV file"
        ) -%}
    {%- endif -%}

    {%- set line_breaks = run_query('select coalesce(sum(_line_breaks), 0) from ' ~ relation).columns[0].values()[0] -%}
    {%- do landing_record_file(source_table.name, file, encoding, line_check['data_lines'], line_breaks) -%}
    {%- set view_columns = [] -%}
    {%- for column in source_table.columns.values() -%}
        {%- do view_columns.append(column.name) -%}
    {%- endfor -%}
    {{- 'select ' ~ view_columns | join(', ') ~ ', _source_file, _source_row, _delimiter from ' ~ relation -}}
{%- endmacro %}


{#
    Parse one segment of a CSV file (the whole file, or the lines after an
    unterminated quote) into `relation` (created for the first segment,
    appended to after its first records_before rows for the others, so a
    segment parsed again replaces its own rows); record numbers go on from
    records_before. Returns the segment's line number of the first unterminated quote
    that swallowed later lines, or none. The parse's rejects stay in the
    temporary table redflags_csv_rejects for landing_csv_unreadable_insert.
#}
{% macro landing_csv_parse_segment(relation, segment, records_before, projections, csv_columns, file, path) -%}
    {%- do run_query('drop table if exists redflags_csv_rejects; drop table if exists redflags_csv_scans') -%}
    {%- set parsed -%}
        select
            {{ projections | join(',\n            ') }},
            {{ landing_string_literal(file['path']) }} as _source_file,
            row_number() over () + {{ records_before }} as _source_row,
            {{ landing_string_literal(file['delimiter']) }} as _delimiter,
            {{ landing_csv_line_breaks_in_record(csv_columns | length) }} as _line_breaks
        from read_csv(
            {{ landing_path_literal(path) }},
            auto_detect = false,
            header = true,
            delim = {{ landing_string_literal(file['delimiter']) }},
            quote = '"',
            escape = '"',
            columns = { {{ csv_columns | join(', ') }} },
            store_rejects = true,
            rejects_table = 'redflags_csv_rejects',
            rejects_scan = 'redflags_csv_scans'
        )
    {%- endset -%}
    {%- if segment == 0 -%}
        {%- do run_query('create or replace table ' ~ relation ~ ' as ' ~ parsed) -%}
    {%- else -%}
        {%- do run_query('delete from ' ~ relation ~ ' where _source_row > ' ~ records_before ~ '; insert into ' ~ relation ~ ' ' ~ parsed) -%}
    {%- endif -%}
    {{ return(run_query(
        "select min(line) from redflags_csv_rejects where error_type = 'UNQUOTED VALUE' and contains(trim(csv_line, chr(10) || chr(13)), chr(10))"
    ).columns[0].values()[0]) }}
{%- endmacro %}


{#
    The lines of one CSV file read as plain text (no delimiter, no quoting):
    data_lines (non-blank lines after the header), undecodable_lines (lines
    that are not valid UTF-8) and non_ascii_lines (valid lines holding a
    character beyond ASCII).
#}
{% macro landing_csv_line_check(file) -%}
    {%- do run_query('drop table if exists redflags_line_rejects; drop table if exists redflags_line_scans') -%}
    {%- set counted -%}
        select
            count(line) as readable_lines,
            count(*) filter (where regexp_matches(line, '[^\x01-\x7f]')) as non_ascii_lines
        from read_csv(
            {{ landing_path_literal(file['path']) }},
            auto_detect = false,
            header = false,
            delim = '',
            quote = '',
            escape = '',
            columns = {'line': 'varchar'},
            store_rejects = true,
            rejects_table = 'redflags_line_rejects',
            rejects_scan = 'redflags_line_scans'
        )
    {%- endset -%}
    {%- set counts = run_query(counted).rows[0] -%}
    {%- set undecodable = run_query('select count(distinct line) from redflags_line_rejects').columns[0].values()[0] -%}
    {#- The header is one of the lines read; the inventory saw that it exists. -#}
    {{ return({
        'data_lines': counts[0] + undecodable - 1,
        'undecodable_lines': undecodable,
        'non_ascii_lines': counts[1],
    }) }}
{%- endmacro %}


{#
    Append the parse's rejected lines to landing_meta.unreadable_lines: one row
    per line (or only `only_line`), its number in the original file, its first
    physical line as raw text, and a reason in words with DuckDB's message.
#}
{% macro landing_csv_unreadable_insert(table_name, file_path, line_offset, only_line=none) -%}
    insert into landing_meta.unreadable_lines
    select
        {{ landing_string_literal(table_name) }} as table_name,
        {{ landing_string_literal(file_path) }} as file_path,
        line + {{ line_offset }} as line_number,
        split_part(trim(min(csv_line), chr(10) || chr(13)), chr(10), 1) as raw_line,
        case min(error_type)
            when 'MISSING COLUMNS' then 'too few fields'
            when 'TOO MANY COLUMNS' then 'too many fields'
            when 'UNQUOTED VALUE' then 'unterminated or stray quote'
            when 'INVALID ENCODING' then 'undecodable bytes (not UTF-8)'
            when 'LINE SIZE OVER MAXIMUM' then 'line too long'
            else lower(min(error_type))
        end || ': ' || min(error_message) as reason
    from redflags_csv_rejects
    {%- if only_line is not none %}
    where line = {{ only_line }}
    {%- endif %}
    group by line
{%- endmacro %}


{#
    Line breaks inside the quoted values of one record (columns c1..cN): a
    record spanning two of the file's lines is one row, so the lines counted in
    the file are reconciled with the records read through this count.
#}
{% macro landing_csv_line_breaks_in_record(column_count) -%}
    {%- set values = [] -%}
    {%- for index in range(1, column_count + 1) -%}
        {%- do values.append('coalesce(c' ~ index ~ ", '')") -%}
    {%- endfor -%}
    {%- set record = 'concat(' ~ values | join(', ') ~ ')' -%}
    length({{ record }}) - length(replace({{ record }}, chr(10), ''))
{%- endmacro %}
