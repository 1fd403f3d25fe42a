{#
    What landed, table by table, and which indicators read each table: the
    companion of indicator_coverage for a reader who asks what a partner
    sent. One row per landing table of the contract, with the counts of
    audit.landing_reconciliation and the indicators whose needs read it
    (seed indicator_data_inputs).
#}
with reconciliation as (

    select
        table_name,
        files_landed,
        rows_landed,
        rows_staged,
        rows_rejected,
        exact_duplicates_collapsed,
        lines_unreadable
    from {{ ref('landing_reconciliation') }}

),

inputs as (

    select
        indicator_id,
        table_name
    from {{ ref('int_indicator_inputs_checked') }}

),

coverage as (

    select
        indicator_id,
        coverage_status
    from {{ ref('indicator_coverage') }}

),

indicators_per_table as (

    select distinct
        table_name,
        indicator_id
    from inputs

),

readers_per_table as (

    select
        indicators_per_table.table_name,
        count(*) as indicators_reading,
        count(case when coverage.coverage_status = 'no_data' then 1 end) as indicators_reading_without_data,
        {{ dbt.listagg('indicators_per_table.indicator_id', "','", 'order by indicators_per_table.indicator_id') }} as indicator_ids_reading
    from indicators_per_table
    left join coverage
        on indicators_per_table.indicator_id = coverage.indicator_id
    group by indicators_per_table.table_name

),

final as (

    select
        reconciliation.table_name,
        cast(reconciliation.files_landed as integer) as files_landed,
        cast(reconciliation.rows_landed as bigint) as rows_landed,
        cast(reconciliation.rows_staged as bigint) as rows_staged,
        cast(reconciliation.rows_rejected as bigint) as rows_rejected,
        cast(reconciliation.exact_duplicates_collapsed as bigint) as exact_duplicates_collapsed,
        cast(reconciliation.lines_unreadable as bigint) as lines_unreadable,
        reconciliation.rows_staged = 0 as is_empty,
        cast(coalesce(readers_per_table.indicators_reading, 0) as integer) as indicators_reading,
        cast(coalesce(readers_per_table.indicators_reading_without_data, 0) as integer) as indicators_reading_without_data,
        readers_per_table.indicator_ids_reading
    from reconciliation
    left join readers_per_table
        on reconciliation.table_name = readers_per_table.table_name

)

select * from final
