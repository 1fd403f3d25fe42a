{#
    A model's grain and its required columns in one test: fails with one row
    per column that holds nulls (with the number of rows) and one row if any
    combination of the grain's columns occurs more than once (with the number
    of such combinations).

    Why one test and not dbt's unique beside columns_not_null: every data
    test is a node, and in a production build a node costs about as much as
    the query it runs (README, Performance). The grain's columns must also be
    listed in `columns`, so a null key fails as a null, as a primary key would.

    Arguments:
      grain (list of strings): the columns that identify a row.
      columns (list of strings): the columns that must never be null.
    Example:
      data_tests:
        - grain_and_not_null:
            arguments:
              grain: [party_id, contact_type, contact_value]
              columns: [party_id, contact_type, contact_value, source]
#}
{% test grain_and_not_null(model, grain, columns) %}

{%- set missing = grain | reject('in', columns) | list -%}
{%- if missing -%}
    {{ exceptions.raise_compiler_error("grain_and_not_null on " ~ model ~ ": grain column(s) " ~ missing | join(', ') ~ " must also be listed in columns") }}
{%- endif %}

with null_columns as (

    {#- The not-null part is columns_not_null's own query: one row per column holding nulls. #}
    {{ test_columns_not_null(model, columns) }}

),

repeated_grain as (

    select count(*) as repeated_keys
    from (
        select {{ grain | join(', ') }}
        from {{ model }}
        group by {{ grain | join(', ') }}
        having count(*) > 1
    ) as repeats

),

problems as (

    select
        'null' as problem,
        column_name as column_names,
        null_rows as failing_count
    from null_columns
    union all
    select
        'grain repeats' as problem,
        '{{ grain | join(', ') }}' as column_names,
        repeated_keys as failing_count
    from repeated_grain

)

select * from problems
where failing_count > 0

{% endtest %}
