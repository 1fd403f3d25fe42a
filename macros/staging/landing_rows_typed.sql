{#
    Step 1 of validating a landing table (see validate_landing_table): every
    landed row typed, normalised and checked on its own against the contract,
    the column metadata of the landing source (contract_type, required,
    allowed_values, normalise, positive; table meta ordered_pairs).

    Returns one row per landed row with
      - every contract column typed and normalised (same names),
      - _source_file, _source_row: where the row came from,
      - _file_fingerprint: the file's size and modification time when staged,
      - _row_problem: every problem the row has on its own, joined with '; ',
        null for a good row: 'required value missing: c', 'unparseable <type>: c',
        'value not allowed: c', 'negative amount: c', 'not positive: c',
        'more than 10 decimal places: c', 'end before start: end < start',
      - _raw_values: the row as it landed, 'column=value | ...', on rows with
        a problem only,
      - _raw_key: on rows with a problem, the key as landed (composite keys
        '|'-joined, a missing part empty), so that a reject can be found in
        its file,
      - _staging_version: a hash of this SQL before any file filter, so rows
        typed by another contract or another version of these macros are
        recognised and typed again,
      - _key_may_repeat: true when, as the row was typed, its key was already
        in the table or came twice in the same run. Of the rows of a key that
        lands more than once, the last typed is always marked, so
        landing_key_verdicts needs to count only the keys of marked rows, not
        every key of the table (a mark may outlive the other row: that only
        makes a key counted for nothing).

    Incremental (the model is materialized incrementally, append): a run
    types only the files not yet staged with the same fingerprint and version.
    Before it, the pre-hook delete_unstaged_landing_rows removes the rows of
    files that changed, disappeared or were typed by another version, so a
    file replaced under the same name is typed again and the table always
    holds exactly the landing zone's files. What depends on more than the row
    (the run time, the FX rates landed, other rows with the same key) is
    decided downstream, on every run, so an incremental run gives the rows a
    full rebuild would.

    Example: {{ landing_rows_typed('transactions') }}
#}
{% macro landing_rows_typed(table_name) -%}
    {%- set staging_version = landing_staging_version(table_name) -%}
    {%- set key = landing_source_table(table_name).meta['key'] -%}

{#- Read again for the keys alone (landing_key_repeat_ctes), never stored whole. #}
with landed as {{ cte_not_materialized() }} (

    select * from {{ source('landing', table_name) }}
    {%- if is_incremental() %}
    {%- set pending_files = landing_files_to_stage(table_name, staging_version) %}
    {#- Literal paths: the optimizer drops the landing view's other files before reading them. #}
    where {% if pending_files %}_source_file in ({% for path in pending_files %}{{ landing_string_literal(path) }}{{ ', ' if not loop.last }}{% endfor %}){% else %}false{% endif %}
    {%- endif %}

),

landing_files as (

    select
        file_path,
        file_fingerprint
    from {{ source('landing_meta', 'files') }}
    where table_name = '{{ table_name }}'

),

{{ landing_typing_ctes(table_name) }},

{{ landing_key_repeat_ctes(table_name) }}

select
    final.*,
    landing_files.file_fingerprint as _file_fingerprint,
    '{{ staging_version }}' as _staging_version,
    (
        keys_repeated_in_run.{{ key[0] }} is not null
        {%- if is_incremental() %}
        or keys_typed_before.{{ key[0] }} is not null
        {%- endif %}
    ) as _key_may_repeat
from final
left join landing_files
    on final._source_file = landing_files.file_path
left join keys_repeated_in_run
    on {% for column in key %}final.{{ column }} = keys_repeated_in_run.{{ column }}{{ ' and ' if not loop.last }}{% endfor %}
{%- if is_incremental() %}
left join keys_typed_before
    on {% for column in key %}final.{{ column }} = keys_typed_before.{{ column }}{{ ' and ' if not loop.last }}{% endfor %}
{%- endif %}
{%- endmacro %}


{#
    The keys of landing_rows_typed's `final` rows that may land more than
    once: keys_repeated_in_run (twice among the rows typed now) and, on an
    incremental run, keys_typed_before (already in the table, after the
    pre-hook removed the rows of changed files). The table is probed with
    the new rows' keys only: a day's file costs a lookup, not a count of
    every key.
#}
{% macro landing_key_repeat_ctes(table_name) -%}
    {%- set key = landing_source_table(table_name).meta['key'] -%}
keys_repeated_in_run as (

    select {{ key | join(', ') }}
    from final
    where {% for column in key %}{{ column }} is not null{{ ' and ' if not loop.last }}{% endfor %}
    group by {{ key | join(', ') }}
    having count(*) > 1

)
{%- if is_incremental() %},

keys_typed_now as (

    select distinct {{ key | join(', ') }}
    from final

),

keys_typed_before as (

    select distinct
        {%- for column in key %}
        typed_before.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ this }} as typed_before
    inner join keys_typed_now
        on {% for column in key %}typed_before.{{ column }} = keys_typed_now.{{ column }}{{ ' and ' if not loop.last }}{% endfor %}

)
{%- endif %}
{%- endmacro %}


{#
    The typing CTEs of landing_rows_typed, from `landed` to `final`. Kept apart
    so that their text, which holds every rule and the contract, can be hashed
    into the staging version.
#}
{% macro landing_typing_ctes(table_name) -%}
    {%- set source_table = landing_source_table(table_name) -%}
    {%- set columns = source_table.columns.values() | list -%}
    {%- set key = source_table.meta['key'] -%}
trimmed as (

    select
        _source_file,
        _source_row,
        _delimiter,
        {%- for column in columns %}
        nullif(trim({{ column.name }}), '') as {{ column.name }}__raw{{ ',' if not loop.last }}
        {%- endfor %}
    from landed

),

numbers_in_plain_notation as (

    select
        trimmed.*,
        {%- for column in columns if column.meta.get('contract_type') in ('integer', 'decimal') %}
        {{ landing_number_text(column.name ~ '__raw', '_delimiter') }} as {{ column.name }}__number,
        {%- endfor %}
        1 as _numbers_normalised
    from trimmed

),

typed as (

    select
        numbers_in_plain_notation.*,
        {%- for column in columns %}
        {{ landing_typed_value(column) }} as {{ column.name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from numbers_in_plain_notation

),

checked as (

    select
        typed.*,
        nullif(concat_ws('; ',
            {%- for column in columns %}
            {{ landing_column_problems(column) }},
            {%- endfor %}
            {%- for pair in source_table.meta.get('ordered_pairs', []) %}
            case when {{ pair[1] }} < {{ pair[0] }} then 'end before start: {{ pair[1] }} < {{ pair[0] }}' end,
            {%- endfor %}
            cast(null as {{ dbt.type_string() }})
        ), '') as _row_problem
    from typed

),

final as (

    select
        {%- for column in columns %}
        {{ column.name }},
        {%- endfor %}
        _source_file,
        _source_row,
        _row_problem,
        case
            when _row_problem is not null then {{ landing_row_text(columns, '__raw', with_names=true) }}
        end as _raw_values,
        {#- Only where the row has a problem: a second copy of every key would double the cost of writing the table. #}
        case
            when _row_problem is not null then
                {%- if key | length == 1 %} {{ key[0] }}__raw
                {%- else %} concat_ws('|', {% for column in key %}coalesce({{ column }}__raw, ''){{ ', ' if not loop.last }}{% endfor %})
                {%- endif %}
        end as _raw_key
    from checked

)
{%- endmacro %}


{#
    A hash of the typing SQL of one table: it changes with the contract and
    with the macros that type. The label names the last column added outside
    those macros (_key_may_repeat): rows typed before it lack the column and
    must be typed again.
#}
{% macro landing_staging_version(table_name) -%}
    {{ return(local_md5(landing_typing_ctes(table_name) ~ ' with _key_may_repeat')) }}
{%- endmacro %}


{#
    The files of one landing table that the incremental run must type: in the
    landing zone now, and not in the typed table with the same fingerprint
    and staging version.
#}
{% macro landing_files_to_stage(table_name, staging_version) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set query -%}
        select files.file_path
        from {{ source('landing_meta', 'files') }} as files
        where files.table_name = '{{ table_name }}'
          and not exists (
              select 1
              from (select distinct _source_file, _file_fingerprint, _staging_version from {{ this }}) as staged
              where staged._source_file = files.file_path
                and staged._file_fingerprint = files.file_fingerprint
                and staged._staging_version = '{{ staging_version }}'
          )
        order by files.file_path
    {%- endset -%}
    {{ return(run_query(query).columns[0].values() | list) }}
{%- endmacro %}


{#
    Pre-hook of the typed landing models (dbt_project.yml): on an incremental
    run, delete the rows of files that are no longer in the landing zone as
    they were staged (changed, replaced or removed) or that another staging
    version typed. A full build has nothing to delete.
#}
{% macro delete_unstaged_landing_rows() -%}
    {%- if is_incremental() -%}
        {%- set table_name = this.identifier | replace('base_', '', 1) | replace('_typed', '') -%}
        delete from {{ this }} as staged
        where staged._staging_version <> '{{ landing_staging_version(table_name) }}'
           or not exists (
               select 1
               from landing_meta.files as files
               where files.table_name = '{{ table_name }}'
                 and files.file_path = staged._source_file
                 and files.file_fingerprint = staged._file_fingerprint
           )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
