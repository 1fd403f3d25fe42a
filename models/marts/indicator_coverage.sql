{#
    What this landing zone lets each indicator see: one row per catalogue
    indicator, whether it could fire on the data (ready, partial, no_data),
    a sentence saying why, the landing columns it needs with the rows
    present and filled in each, and how many flags it raised. It is what
    tells a quiet mart (the indicators ran and found nothing) from an empty
    one (the data to find anything was never sent).

      no_data  a required need has no value on any staged row: the
               indicator cannot fire, whatever its thresholds
      partial  every required need is met, an enriching one is not: the
               indicator runs with the blind spot the seed describes
      ready    every need is met

    Needs and inputs are data (seeds indicator_data_needs and
    indicator_data_inputs); counts come from the staged tables
    (int_landing_columns_profiled).
#}
with catalogue as (

    select
        indicator_id,
        indicator_name,
        category,
        is_core
    from {{ ref('indicator_catalogue') }}

),

needs_checked as (

    select
        indicator_id,
        need,
        requirement,
        purpose,
        when_missing,
        is_met,
        inputs_label,
        inputs_text,
        best_input_label,
        best_input_rows,
        best_input_filled_share
    from {{ ref('int_indicator_needs_checked') }}

),

inputs as (

    select
        indicator_id,
        table_name
    from {{ ref('int_indicator_inputs_checked') }}

),

flags as (

    select
        indicator_id,
        entity_type,
        entity_id
    from {{ ref('fct_red_flags') }}

),

needs_per_indicator as (

    select
        indicator_id,
        count(case when requirement = 'required' then 1 end) as required_needs,
        count(case when requirement = 'required' and is_met then 1 end) as required_needs_met,
        count(case when requirement = 'enriching' then 1 end) as enriching_needs,
        count(case when requirement = 'enriching' and is_met then 1 end) as enriching_needs_met,
        {{ dbt.listagg(
            "case when requirement = 'required' and not is_met then concat('no data on ', purpose, ' (', inputs_label, ')') end",
            "'; '", 'order by need') }} as missing_required_text,
        {{ dbt.listagg(
            "case when requirement = 'enriching' and not is_met then concat('without ', purpose, ' (', inputs_label, '): ', when_missing) end",
            "'; '", 'order by need') }} as missing_enriching_text,
        {{ dbt.listagg(
            "concat(requirement, ' ', need, ': ', inputs_text)",
            "' | '", "order by case when requirement = 'required' then 0 else 1 end, need") }} as needed_inputs
    from needs_checked
    group by indicator_id

),

tables_per_indicator as (

    select
        indicator_id,
        {{ dbt.listagg('table_name', "', '", 'order by table_name') }} as needed_tables
    from (
        select distinct
            indicator_id,
            table_name
        from inputs
    ) as distinct_tables
    group by indicator_id

),

{#- The required need met on the smallest share of rows (by its best input): where the data is thinnest. #}
thinnest_needs as (

    select
        indicator_id,
        best_input_label,
        best_input_rows,
        best_input_filled_share
    from needs_checked
    where requirement = 'required'
      and is_met
    qualify row_number() over (
        partition by indicator_id
        order by best_input_filled_share, need
    ) = 1

),

flags_per_indicator as (

    select
        indicator_id,
        count(*) as flag_count,
        count(distinct concat(entity_type, ':', entity_id)) as entities_flagged
    from flags
    group by indicator_id

),

statuses as (

    select
        catalogue.indicator_id,
        catalogue.indicator_name,
        catalogue.category,
        catalogue.is_core,
        case
            when needs_per_indicator.required_needs_met < needs_per_indicator.required_needs then 'no_data'
            when needs_per_indicator.enriching_needs_met < needs_per_indicator.enriching_needs then 'partial'
            else 'ready'
        end as coverage_status,
        needs_per_indicator.required_needs,
        needs_per_indicator.required_needs_met,
        needs_per_indicator.enriching_needs,
        needs_per_indicator.enriching_needs_met,
        needs_per_indicator.missing_required_text,
        needs_per_indicator.missing_enriching_text,
        needs_per_indicator.needed_inputs,
        tables_per_indicator.needed_tables,
        thinnest_needs.best_input_label as thinnest_input,
        thinnest_needs.best_input_rows as thinnest_input_rows,
        thinnest_needs.best_input_filled_share as thinnest_input_share,
        coalesce(flags_per_indicator.flag_count, 0) as flag_count,
        coalesce(flags_per_indicator.entities_flagged, 0) as entities_flagged
    from catalogue
    left join needs_per_indicator
        on catalogue.indicator_id = needs_per_indicator.indicator_id
    left join tables_per_indicator
        on catalogue.indicator_id = tables_per_indicator.indicator_id
    left join thinnest_needs
        on catalogue.indicator_id = thinnest_needs.indicator_id
    left join flags_per_indicator
        on catalogue.indicator_id = flags_per_indicator.indicator_id

),

final as (

    select
        indicator_id,
        indicator_name,
        category,
        is_core,
        coverage_status,
        case coverage_status
            when 'no_data' then concat('Cannot fire on this data: ', missing_required_text, '.')
            when 'partial' then concat('Runs, but ', missing_enriching_text, '.')
            else concat(
                'Every need has values; the thinnest required one is ', thinnest_input, ', filled on ',
                {{ format_percent('thinnest_input_share') }}, ' of ', {{ format_number('thinnest_input_rows') }}, ' rows.'
            )
        end as coverage_reason,
        needed_tables,
        needed_inputs,
        cast(required_needs as integer) as required_needs,
        cast(required_needs_met as integer) as required_needs_met,
        cast(enriching_needs as integer) as enriching_needs,
        cast(enriching_needs_met as integer) as enriching_needs_met,
        cast(flag_count as integer) as flag_count,
        cast(entities_flagged as integer) as entities_flagged
    from statuses

)

select * from final
