{#
    Fails with one row per listed column that holds nulls, naming the column
    and how many rows: the not-null test of a whole model in one query.

    Why not dbt's not_null on each column: a production build runs every
    data test as its own node, and at about 500 single-column tests the
    per-node cost was a fifth of a 10-million-booking build. One scan per
    model finds the same nulls.

    Arguments:
      columns (list of strings): the columns that must never be null.
    Example:
      data_tests:
        - columns_not_null:
            arguments:
              columns: [txn_id, account_id, booked_at]
#}
{% test columns_not_null(model, columns) %}

with null_counts as (

    select
        {%- for column in columns %}
        count(*) - count({{ column }}) as null_rows_{{ loop.index }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ model }}

),

per_column as (

    {%- for column in columns %}
    select
        '{{ column }}' as column_name,
        null_rows_{{ loop.index }} as null_rows
    from null_counts
    {{ 'union all' if not loop.last }}
    {%- endfor %}

)

select * from per_column
where null_rows > 0

{% endtest %}
