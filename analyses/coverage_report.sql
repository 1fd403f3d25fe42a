{#
    What this build's data let each indicator see, worst first: the
    indicators that could not fire (no_data), those that ran without part
    of their data (partial), then the ready ones, each with the reason, the
    landing tables it reads and the flags it raised. Core indicators (a
    bank's own data is enough) without data come first of all.

        dbt compile --select coverage_report

    Vars: coverage_not_ready_only (default false: every indicator).
#}
{%- set not_ready_only = var('coverage_not_ready_only', false) %}

with indicator_coverage as (

    select
        indicator_id,
        indicator_name,
        category,
        is_core,
        coverage_status,
        coverage_reason,
        needed_tables,
        required_needs,
        required_needs_met,
        enriching_needs,
        enriching_needs_met,
        flag_count
    from {{ ref('indicator_coverage') }}

),

final as (

    select
        indicator_id,
        indicator_name,
        category,
        is_core,
        coverage_status,
        coverage_reason,
        needed_tables,
        concat(
            cast(required_needs_met as {{ dbt.type_string() }}), ' of ', cast(required_needs as {{ dbt.type_string() }}),
            ' required, ',
            cast(enriching_needs_met as {{ dbt.type_string() }}), ' of ', cast(enriching_needs as {{ dbt.type_string() }}),
            ' enriching'
        ) as needs_met,
        flag_count,
        case coverage_status when 'no_data' then 0 when 'partial' then 1 else 2 end as status_order
    from indicator_coverage
    {%- if not_ready_only %}
    where coverage_status <> 'ready'
    {%- endif %}

)

select * from final
order by
    status_order,
    is_core desc,
    indicator_id
