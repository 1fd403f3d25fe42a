{#
    risk_entities has exactly the entities of fct_red_flags, each with the
    number of distinct indicators fct_red_flags holds for it: no flagged
    entity is lost, none is invented. Returns every entity where the two
    disagree.
#}
with flagged as (

    select
        entity_type,
        entity_id,
        count(distinct indicator_id) as indicator_count
    from {{ ref('fct_red_flags') }}
    group by
        entity_type,
        entity_id

),

mart as (

    select
        entity_type,
        entity_id,
        indicator_count
    from {{ ref('risk_entities') }}

)

select
    coalesce(flagged.entity_type, mart.entity_type) as entity_type,
    coalesce(flagged.entity_id, mart.entity_id) as entity_id,
    flagged.indicator_count as flagged_indicator_count,
    mart.indicator_count as mart_indicator_count
from flagged
full outer join mart
    on flagged.entity_type = mart.entity_type
    and flagged.entity_id = mart.entity_id
where flagged.entity_id is null
   or mart.entity_id is null
   or flagged.indicator_count <> mart.indicator_count
