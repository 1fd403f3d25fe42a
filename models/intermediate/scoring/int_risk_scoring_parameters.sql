{#
    The risk mart's scoring parameters in force for this build, one row per
    parameter: the default (var risk_scoring in dbt_project.yml) and the value
    read through threshold('RISK', name), i.e. after
    --vars '{threshold_overrides: {RISK: {...}}}'. What an analyst quotes when
    asked why an entity is in a tier; risk_entities reads the same values.
#}
{%- set parameters = var('risk_scoring') %}

with parameters as (

    {% for name, default_value in parameters.items() %}
    select
        '{{ name }}' as parameter_name,
        cast({{ default_value }} as double) as default_value,
        cast({{ threshold('RISK', name) }} as double) as value_in_force
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

final as (

    select
        parameter_name,
        default_value,
        value_in_force,
        value_in_force <> default_value as is_overridden
    from parameters

)

select * from final
