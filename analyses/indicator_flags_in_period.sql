{#
    The flags one indicator raised whose window overlaps a period, with the
    flagged entity's name, tier and score: how an indicator behaves, and
    whom it points at, over a month or a quarter.

        dbt compile --select indicator_flags_in_period \
            --vars '{indicator_id: F04, period_start: 2025-01-01, period_end: 2025-03-31}'

    Vars: indicator_id (default: every indicator), period_start and
    period_end (dates, each optional: an open end).
#}
{%- set indicator_id = var('indicator_id', none) %}
{%- set period_start = var('period_start', none) %}
{%- set period_end = var('period_end', none) %}

with flags as (

    select
        flag_id,
        entity_type,
        entity_id,
        indicator_id,
        indicator_name,
        role_side,
        strength,
        window_start,
        window_end,
        measure,
        threshold,
        evidence
    from {{ ref('fct_red_flags') }}

),

risk_entities as (

    select
        entity_type,
        entity_id,
        display_name,
        risk_tier,
        risk_score
    from {{ ref('risk_entities') }}

),

flags_in_period as (

    select *
    from flags
    where true
    {%- if indicator_id is not none %}
      and indicator_id = '{{ indicator_id | string | replace("'", "''") }}'
    {%- endif %}
    {%- if period_start is not none %}
      and window_end >= cast('{{ period_start | string | replace("'", "''") }}' as date)
    {%- endif %}
    {%- if period_end is not none %}
      and window_start <= cast('{{ period_end | string | replace("'", "''") }}' as date)
    {%- endif %}

),

final as (

    select
        flags_in_period.indicator_id,
        flags_in_period.indicator_name,
        flags_in_period.window_start,
        flags_in_period.window_end,
        flags_in_period.entity_type,
        flags_in_period.entity_id,
        risk_entities.display_name,
        risk_entities.risk_tier,
        risk_entities.risk_score,
        flags_in_period.role_side,
        flags_in_period.strength,
        flags_in_period.measure,
        flags_in_period.threshold,
        flags_in_period.evidence,
        flags_in_period.flag_id
    from flags_in_period
    left join risk_entities
        on flags_in_period.entity_type = risk_entities.entity_type
        and flags_in_period.entity_id = risk_entities.entity_id

)

select * from final
order by
    indicator_id,
    window_start,
    strength desc,
    entity_type,
    entity_id,
    role_side
