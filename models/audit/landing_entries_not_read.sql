{#
    Files and folders in the landing directory that the warehouse does not
    read, recorded by register_landing_tables from the file listing: a file in
    a table folder that is neither .parquet nor .csv, a folder inside a table
    folder, a file or folder beside the table folders that is not a contract
    table. Their rows are in no count of landing_reconciliation (nothing was
    parsed), so this is where a delivery in the wrong place or format shows.
#}
with entries_not_read as (

    select
        table_name,
        entry_path,
        entry_type,
        is_hidden,
        size_bytes,
        reason
    from {{ source('landing_meta', 'entries_not_read') }}

)

select * from entries_not_read
