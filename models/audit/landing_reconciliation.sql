{#
    One row per landing table: what the files hold, and where each of their
    records went, each counted from its own model so that the test on this
    model can fail. rows_landed is counted from the files themselves (the
    non-blank lines after each CSV header, each Parquet file's row count in its
    metadata), not from what the parser returned: a file that was not read
    shows up as a gap.
#}
{%- set tables = landing_table_names() %}

with landing_files as (

    select
        table_name,
        rows_in_file,
        line_breaks_inside_values
    from {{ source('landing_meta', 'files') }}

),

unreadable_lines as (

    select
        table_name,
        line_number
    from {{ ref('rejects_unreadable_lines') }}

),

files_per_table as (

    select
        table_name,
        count(*) as files_landed,
        cast(sum(rows_in_file) as bigint) as lines_or_rows_in_files,
        cast(sum(line_breaks_inside_values) as bigint) as line_breaks_inside_values
    from landing_files
    group by table_name

),

unreadable_per_table as (

    select
        table_name,
        count(*) as lines_unreadable
    from unreadable_lines
    group by table_name

),

{% for table_name in tables %}
counts_{{ table_name }} as (

    select
        '{{ table_name }}' as table_name,
        (select count(*) from {{ ref('stg_' ~ table_name) }}) as rows_staged,
        (select count(*) from {{ ref('rejects_' ~ table_name) }}) as rows_rejected,
        (select count(*) from {{ ref('base_' ~ table_name) }} where _is_exact_duplicate) as exact_duplicates_collapsed

),

{% endfor %}
model_counts as (

    {% for table_name in tables %}
    select * from counts_{{ table_name }}
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

final as (

    select
        model_counts.table_name,
        coalesce(files_per_table.files_landed, 0) as files_landed,
        coalesce(files_per_table.lines_or_rows_in_files, 0)
            - coalesce(files_per_table.line_breaks_inside_values, 0) as rows_landed,
        coalesce(files_per_table.line_breaks_inside_values, 0) as line_breaks_inside_values,
        model_counts.rows_staged,
        model_counts.rows_rejected,
        model_counts.exact_duplicates_collapsed,
        coalesce(unreadable_per_table.lines_unreadable, 0) as lines_unreadable
    from model_counts
    left join files_per_table
        on model_counts.table_name = files_per_table.table_name
    left join unreadable_per_table
        on model_counts.table_name = unreadable_per_table.table_name

)

select * from final
