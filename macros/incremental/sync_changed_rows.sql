{#
    A custom incremental strategy (incremental_strategy='sync_changed_rows')
    for a model whose incremental run selects only what changed since the last
    build: new and changed rows, and one row per row that is gone, holding just
    its key and a null `_row_fingerprint` (a real row's fingerprint is never
    null). Every stored row with a key in the batch is deleted; the batch's
    real rows are inserted. The unique key is one column.

    dbt-duckdb's delete+insert would insert the markers of removed rows, and
    its merge needs a flag column that would then land in the table.

    Example: {{ config(materialized='incremental', incremental_strategy='sync_changed_rows', unique_key='txn_id') }}
#}
{% macro get_incremental_sync_changed_rows_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set unique_key = arg_dict['unique_key'] -%}
    {%- set column_list = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- if unique_key is not string -%}
        {{ exceptions.raise_compiler_error("sync_changed_rows takes one unique_key column, got " ~ unique_key) }}
    {%- endif %}

    delete from {{ target }}
    where {{ unique_key }} in (select {{ unique_key }} from {{ source }});

    insert into {{ target }} ({{ column_list }})
    select {{ column_list }}
    from {{ source }}
    where _row_fingerprint is not null
{%- endmacro %}
