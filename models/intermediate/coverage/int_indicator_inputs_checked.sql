{#
    Every landing column an indicator reads (seed indicator_data_inputs),
    with what this landing zone holds of it: the staged rows of the kind
    the indicator reads (e.g. transactions of channel cash_deposit) and
    how many of them have the column filled. An input whose table, kind of
    row or column holds nothing gets zeros, never a missing row.
#}
with inputs as (

    select
        indicator_id,
        need,
        table_name,
        column_name,
        rows_where_column,
        rows_where_value
    from {{ ref('indicator_data_inputs') }}

),

columns_profiled as (

    select
        table_name,
        segment_column,
        segment_value,
        column_name,
        rows_present,
        rows_filled
    from {{ ref('int_landing_columns_profiled') }}

),

inputs_counted as (

    select
        inputs.indicator_id,
        inputs.need,
        inputs.table_name,
        inputs.column_name,
        inputs.rows_where_column,
        inputs.rows_where_value,
        coalesce(columns_profiled.rows_present, 0) as rows_present,
        coalesce(columns_profiled.rows_filled, 0) as rows_filled
    from inputs
    {#- All rows: the profile row without a segment; a kind of row: the profile row of that value. #}
    left join columns_profiled
        on inputs.table_name = columns_profiled.table_name
        and inputs.column_name = columns_profiled.column_name
        and coalesce(inputs.rows_where_column, '') = coalesce(columns_profiled.segment_column, '')
        and coalesce(inputs.rows_where_value, '') = coalesce(columns_profiled.segment_value, '')

),

final as (

    select
        indicator_id,
        need,
        table_name,
        column_name,
        rows_where_column,
        rows_where_value,
        concat(
            table_name, '.', column_name,
            case
                when rows_where_column is not null then concat(' (rows with ', rows_where_column, ' ', rows_where_value, ')')
                else ''
            end
        ) as input_label,
        rows_present,
        rows_filled,
        case when rows_present > 0 then cast(rows_filled as double) / rows_present end as filled_share,
        rows_filled > 0 as has_values
    from inputs_counted

)

select * from final
