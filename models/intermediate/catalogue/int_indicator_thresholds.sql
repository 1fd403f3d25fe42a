{#
    The thresholds in force for this build, one row per indicator and
    threshold, from the same vars the indicator models read through the
    threshold() macro: what dim_indicators shows, and what an investigator
    quotes.
#}
{%- set indicators = var('indicators') %}

with thresholds as (

    {% for indicator_id, entry in indicators.items() %}
    {%- set indicator_loop = loop %}
    {%- for name, default_value in entry['thresholds'].items() %}
    select
        '{{ indicator_id }}' as indicator_id,
        '{{ name }}' as threshold_name,
        cast({{ default_value }} as double) as default_value,
        cast({{ threshold(indicator_id, name) }} as double) as value_in_force
    {{ 'union all' if not (loop.last and indicator_loop.last) }}
    {% endfor -%}
    {% endfor %}

),

final as (

    select
        indicator_id,
        threshold_name,
        default_value,
        value_in_force,
        value_in_force <> default_value as is_overridden
    from thresholds

)

select * from final
