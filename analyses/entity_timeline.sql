{#
    An entity's red flags in time order, each with its evidence: what an
    investigator reads first about a party, phone, address, ...

        dbt compile --select entity_timeline --vars '{entity_id: PA6A0S3QEB}'

    Vars: entity_id (default: the highest-scored entity of risk_entities),
    entity_type (optional: party, phone, email, address, beneficiary or
    handle; ids of different types rarely collide).
#}
{%- set entity_id = var('entity_id', none) %}
{%- set entity_type = var('entity_type', none) %}

with risk_entities as (

    select
        entity_type,
        entity_id,
        display_name,
        risk_tier,
        risk_score,
        likely_role,
        cluster_id
    from {{ ref('risk_entities') }}

),

flags as (

    select
        entity_type,
        entity_id,
        indicator_id,
        indicator_name,
        category,
        role_side,
        strength,
        window_start,
        window_end,
        measure,
        threshold,
        evidence
    from {{ ref('fct_red_flags') }}

),

{#- The entity asked for, else the one an analyst would open first. #}
chosen_entity as (

    select
        entity_type,
        entity_id,
        display_name,
        risk_tier,
        risk_score,
        likely_role,
        cluster_id
    from risk_entities
    {%- if entity_id is not none %}
    where entity_id = '{{ entity_id | string | replace("'", "''") }}'
    {%- if entity_type is not none %}
      and entity_type = '{{ entity_type | string | replace("'", "''") }}'
    {%- endif %}
    {%- else %}
    qualify row_number() over (order by risk_score desc, entity_type, entity_id) = 1
    {%- endif %}

),

final as (

    select
        chosen_entity.entity_type,
        chosen_entity.entity_id,
        chosen_entity.display_name,
        chosen_entity.risk_tier,
        chosen_entity.risk_score,
        chosen_entity.likely_role,
        chosen_entity.cluster_id,
        flags.window_start,
        flags.window_end,
        flags.indicator_id,
        flags.indicator_name,
        flags.category,
        flags.role_side,
        flags.strength,
        flags.measure,
        flags.threshold,
        flags.evidence
    from chosen_entity
    inner join flags
        on chosen_entity.entity_type = flags.entity_type
        and chosen_entity.entity_id = flags.entity_id

)

select * from final
order by
    entity_type,
    entity_id,
    window_start,
    window_end,
    indicator_id,
    role_side
