{#
    The rejected rows of one landing table, from its base model: where each came
    from, its key as landed, every reason, and the row's raw values.

    Example: {{ rejected_landing_rows('transactions') }}
#}
{% macro rejected_landing_rows(table_name) -%}

with validated_rows as (

    select * from {{ ref('base_' ~ table_name) }}

),

final as (

    select
        '{{ table_name }}' as table_name,
        _source_file as source_file,
        _source_row as source_row,
        _raw_key as record_key,
        _reject_reason as reject_reason,
        _raw_values as raw_values
    from validated_rows
    where _reject_reason is not null

)

select * from final
{%- endmacro %}
