{#
    Every firing red flag: the union of the indicator models, with the
    catalogue's name, category and "identifies" joined on.

    The models come from the var `indicators` (dbt must know every ref() before
    it can read its graph). At execution the graph is checked against that list,
    both ways, so that a model tagged indicator can never be left out silently.
#}
{%- set indicator_models = [] %}
{%- for indicator_id, entry in var('indicators').items() %}
    {%- do indicator_models.append(entry['model']) %}
{%- endfor %}

{%- if execute %}
    {%- set tagged_models = [] %}
    {%- for node in graph.nodes.values() %}
        {%- if node.resource_type == 'model' and 'indicator' in node.tags %}
            {%- do tagged_models.append(node.name) %}
        {%- endif %}
    {%- endfor %}
    {%- set unlisted = tagged_models | reject('in', indicator_models) | list %}
    {%- set untagged = indicator_models | reject('in', tagged_models) | list %}
    {%- if unlisted or untagged %}
        {%- do exceptions.raise_compiler_error(
            "fct_red_flags: models tagged indicator but missing from var indicators: " ~ (unlisted | join(', ') or 'none')
            ~ "; listed in var indicators but not tagged indicator: " ~ (untagged | join(', ') or 'none')
        ) %}
    {%- endif %}
{%- endif %}

with flags as (

    {% for model_name in indicator_models %}
    select
        entity_type,
        entity_id,
        indicator_id,
        role_side,
        strength,
        window_start,
        window_end,
        measure,
        threshold,
        evidence
    from {{ ref(model_name) }}
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

catalogue as (

    select
        indicator_id,
        indicator_name,
        category,
        identifies,
        default_weight
    from {{ ref('indicator_catalogue') }}

),

final as (

    select
        {{ dbt.hash("concat_ws('|', flags.indicator_id, flags.entity_type, flags.entity_id, flags.role_side)") }} as flag_id,
        flags.entity_type,
        flags.entity_id,
        flags.indicator_id,
        catalogue.indicator_name,
        catalogue.category,
        catalogue.identifies,
        catalogue.default_weight,
        flags.role_side,
        cast(flags.strength as double) as strength,
        flags.window_start,
        flags.window_end,
        cast(flags.measure as double) as measure,
        cast(flags.threshold as double) as threshold,
        flags.evidence
    from flags
    left join catalogue
        on flags.indicator_id = catalogue.indicator_id

)

select * from final
