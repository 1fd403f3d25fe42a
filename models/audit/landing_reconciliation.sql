{#
    One row per landing table: what landed, what was staged, rejected and
    collapsed as exact duplicates, each counted from its own model so that the
    test on this model (landed = staged + rejected + collapsed) can fail.
#}
{%- set tables = landing_table_names() %}

with

{% for table_name in tables %}
counts_{{ table_name }} as (

    select
        '{{ table_name }}' as table_name,
        (select count(*) from {{ source('landing', table_name) }}) as rows_landed,
        (select count(*) from {{ ref('stg_' ~ table_name) }}) as rows_staged,
        (select count(*) from {{ ref('rejects_' ~ table_name) }}) as rows_rejected,
        (select count(*) from {{ ref('base_' ~ table_name) }} where _is_exact_duplicate) as exact_duplicates_collapsed

),

{% endfor %}
final as (

    {% for table_name in tables %}
    select * from counts_{{ table_name }}
    {{ 'union all' if not loop.last }}
    {% endfor %}

)

select * from final
