{#
    The rejected rows of one landing table, from its base model: where each came
    from, its key as landed, every reason, and the row's raw values.

    Example: {{ rejected_landing_rows('transactions') }}
#}
{% macro rejected_landing_rows(table_name) -%}
    {%- set key = landing_source_table(table_name).meta['key'] -%}

with validated_rows as (

    select * from {{ ref('base_' ~ table_name) }}

),

final as (

    select
        '{{ table_name }}' as table_name,
        _source_file as source_file,
        _source_row as source_row,
        {%- if key | length == 1 %}
        cast({{ key[0] }} as {{ dbt.type_string() }}) as record_key,
        {%- else %}
        concat_ws('|', {% for column in key %}coalesce(cast({{ column }} as {{ dbt.type_string() }}), '<null>'){{ ', ' if not loop.last }}{% endfor %}) as record_key,
        {%- endif %}
        _reject_reason as reject_reason,
        _raw_values as raw_values
    from validated_rows
    where _reject_reason is not null

)

select * from final
{%- endmacro %}
