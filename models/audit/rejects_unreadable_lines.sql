{#
    Lines of landed CSV files that could not be parsed at all (too few or too
    many fields, an unterminated quote, bytes that are not UTF-8 in a UTF-8
    file), recorded by register_landing_tables while it read the files. Their
    values never reached a typed column, so they are not in rejects_<table>.
#}
with unreadable_lines as (

    select
        table_name,
        file_path,
        line_number,
        raw_line,
        reason
    from {{ source('landing_meta', 'unreadable_lines') }}

),

final as (

    select
        table_name,
        file_path,
        line_number,
        raw_line,
        reason
    from unreadable_lines

)

select * from final
