{#
    The indicator catalogue as this build applied it: one row per catalogue
    indicator with its thresholds in force (int_indicator_thresholds, i.e.
    after --vars threshold_overrides), whether any was overridden, how many
    entities it flagged, and where its defaults come from.

    threshold_source is the "Threshold(s): ..." paragraph of the indicator
    model's own documentation (its YAML description, read from the dbt graph
    at compile time), so the source of a default is written down once, next
    to the SQL that applies it; an override is named in front of it.
#}
{%- set sources = {} %}
{#- In unit tests the graph has no nodes: the fallback text stands. #}
{%- if execute and graph.get('nodes') %}
    {%- set model_names = {} %}
    {%- for indicator_id, entry in var('indicators').items() %}
        {%- do model_names.update({entry['model']: indicator_id}) %}
    {%- endfor %}
    {%- for node in graph.nodes.values() %}
        {%- if node.resource_type == 'model' and node.name in model_names %}
            {#- A folded YAML description keeps its paragraphs on separate lines. #}
            {%- set found = [] %}
            {%- for paragraph in (node.description or '').split('\n') %}
                {%- if paragraph.strip().startswith('Threshold') and not found %}
                    {%- do found.append(paragraph.split() | join(' ')) %}
                {%- endif %}
            {%- endfor %}
            {%- if found %}
                {%- do sources.update({model_names[node.name]: found[0]}) %}
            {%- endif %}
        {%- endif %}
    {%- endfor %}
{%- endif %}

with catalogue as (

    select
        indicator_id,
        indicator_name,
        category,
        identifies,
        description,
        default_weight
    from {{ ref('indicator_catalogue') }}

),

thresholds as (

    select
        indicator_id,
        threshold_name,
        default_value,
        value_in_force,
        is_overridden
    from {{ ref('int_indicator_thresholds') }}

),

flags as (

    select
        indicator_id,
        entity_type,
        entity_id
    from {{ ref('fct_red_flags') }}

),

{#- Whole numbers print without decimals: window_days=90, min_in_band_share=0.7. #}
thresholds_formatted as (

    select
        indicator_id,
        threshold_name,
        is_overridden,
        concat(
            threshold_name, '=',
            case
                when value_in_force = floor(value_in_force) then cast(cast(value_in_force as bigint) as {{ dbt.type_string() }})
                else cast(value_in_force as {{ dbt.type_string() }})
            end
        ) as threshold_text,
        concat(
            threshold_name, ' ',
            case
                when value_in_force = floor(value_in_force) then cast(cast(value_in_force as bigint) as {{ dbt.type_string() }})
                else cast(value_in_force as {{ dbt.type_string() }})
            end,
            ' (default ',
            case
                when default_value = floor(default_value) then cast(cast(default_value as bigint) as {{ dbt.type_string() }})
                else cast(default_value as {{ dbt.type_string() }})
            end,
            ')'
        ) as override_text
    from thresholds

),

thresholds_per_indicator as (

    select
        indicator_id,
        {{ dbt.listagg('threshold_text', "', '", 'order by threshold_name') }} as thresholds_in_force,
        max(case when is_overridden then 1 else 0 end) = 1 as thresholds_overridden,
        {{ dbt.listagg('case when is_overridden then override_text end', "', '", 'order by threshold_name') }} as overrides_text
    from thresholds_formatted
    group by indicator_id

),

entities_per_indicator as (

    select
        indicator_id,
        count(distinct concat(entity_type, ':', entity_id)) as entities_flagged
    from flags
    group by indicator_id

),

{#- The documented source of each indicator's defaults, from its model's YAML. #}
documented_sources as (

    {% for indicator_id, entry in var('indicators').items() %}
    select
        '{{ indicator_id }}' as indicator_id,
        '{{ sources.get(indicator_id, "Catalogue default (contract/indicators.yml); the model documentation names no source.") | replace("'", "''") }}' as documented_source
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

final as (

    select
        catalogue.indicator_id,
        catalogue.indicator_name,
        catalogue.category,
        catalogue.identifies,
        catalogue.description,
        catalogue.default_weight,
        thresholds_per_indicator.thresholds_in_force,
        coalesce(thresholds_per_indicator.thresholds_overridden, false) as thresholds_overridden,
        cast(coalesce(entities_per_indicator.entities_flagged, 0) as integer) as entities_flagged,
        concat(
            case
                when thresholds_per_indicator.thresholds_overridden
                    then concat('Overridden for this build (--vars threshold_overrides): ', thresholds_per_indicator.overrides_text, '. ')
                else ''
            end,
            coalesce(documented_sources.documented_source, 'Not in var indicators: no thresholds.')
        ) as threshold_source
    from catalogue
    left join thresholds_per_indicator
        on catalogue.indicator_id = thresholds_per_indicator.indicator_id
    left join entities_per_indicator
        on catalogue.indicator_id = entities_per_indicator.indicator_id
    left join documented_sources
        on catalogue.indicator_id = documented_sources.indicator_id

)

select * from final
