{#
    One row per indicator and need (seed indicator_data_needs): is it met
    on this landing zone? A need lists one or more inputs (seed
    indicator_data_inputs); it is met when any of them has a value on at
    least one staged row (a need such as "money transfers" can be seen on
    the channel or in the merchant name). What a missing need costs is the
    seed's requirement: required (the indicator cannot fire) or enriching
    (it runs with a blind spot, said in when_missing).
#}
with needs as (

    select
        indicator_id,
        need,
        requirement,
        purpose,
        when_missing
    from {{ ref('indicator_data_needs') }}

),

inputs_checked as (

    select
        indicator_id,
        need,
        input_label,
        rows_present,
        rows_filled,
        filled_share,
        has_values
    from {{ ref('int_indicator_inputs_checked') }}

),

{#- '1,234 of 1,300 rows filled (95%)', or why there is nothing to count. #}
inputs_described as (

    select
        indicator_id,
        need,
        input_label,
        has_values,
        concat(
            input_label, ': ',
            case
                when rows_present = 0 then 'no rows'
                else concat(
                    {{ format_number('rows_filled') }}, ' of ', {{ format_number('rows_present') }},
                    ' rows filled (', {{ format_percent('filled_share') }}, ')'
                )
            end
        ) as input_text
    from inputs_checked

),

inputs_per_need as (

    select
        indicator_id,
        need,
        count(*) as input_count,
        max(case when has_values then 1 else 0 end) = 1 as is_met,
        {{ dbt.listagg('input_label', "' or '", 'order by input_label') }} as inputs_label,
        {{ dbt.listagg('input_text', "'; '", 'order by input_label') }} as inputs_text
    from inputs_described
    group by
        indicator_id,
        need

),

{#- Of the inputs with values, the one filled on the largest share of its rows: how well the need is met. #}
best_inputs as (

    select
        indicator_id,
        need,
        input_label,
        rows_present,
        filled_share
    from inputs_checked
    where has_values
    qualify row_number() over (
        partition by indicator_id, need
        order by filled_share desc, input_label
    ) = 1

),

final as (

    select
        needs.indicator_id,
        needs.need,
        needs.requirement,
        needs.purpose,
        needs.when_missing,
        coalesce(inputs_per_need.input_count, 0) as input_count,
        coalesce(inputs_per_need.is_met, false) as is_met,
        inputs_per_need.inputs_label,
        inputs_per_need.inputs_text,
        best_inputs.input_label as best_input_label,
        best_inputs.rows_present as best_input_rows,
        best_inputs.filled_share as best_input_filled_share
    from needs
    left join inputs_per_need
        on needs.indicator_id = inputs_per_need.indicator_id
        and needs.need = inputs_per_need.need
    left join best_inputs
        on needs.indicator_id = best_inputs.indicator_id
        and needs.need = best_inputs.need

)

select * from final
