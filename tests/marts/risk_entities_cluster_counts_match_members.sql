{#
    cluster_size and cluster_indicator_count of every risk_entities row
    agree with the cluster's flagged members: the number of risk_entities
    rows sharing its cluster_id, and the distinct indicators fct_red_flags
    holds for them, an indicator nested in another on the same entity (seed
    indicator_scoring_attributes) not counted. Returns every row where they
    do not.
#}
with mart as (

    select
        entity_type,
        entity_id,
        cluster_id,
        cluster_size,
        cluster_indicator_count
    from {{ ref('risk_entities') }}

),

all_flags as (

    select distinct
        entity_type,
        entity_id,
        indicator_id
    from {{ ref('fct_red_flags') }}

),

nesting as (

    select
        indicator_id,
        counted_within
    from {{ ref('indicator_scoring_attributes') }}
    where counted_within is not null

),

flags as (

    select
        all_flags.entity_type,
        all_flags.entity_id,
        all_flags.indicator_id
    from all_flags
    left join nesting
        on all_flags.indicator_id = nesting.indicator_id
    left join all_flags as container
        on all_flags.entity_type = container.entity_type
        and all_flags.entity_id = container.entity_id
        and nesting.counted_within = container.indicator_id
    where container.indicator_id is null

),

members as (

    select
        cluster_id,
        count(*) as member_count
    from mart
    group by cluster_id

),

member_indicators as (

    select
        mart.cluster_id,
        count(distinct flags.indicator_id) as indicator_count
    from mart
    inner join flags
        on mart.entity_type = flags.entity_type
        and mart.entity_id = flags.entity_id
    group by mart.cluster_id

)

select
    mart.entity_type,
    mart.entity_id,
    mart.cluster_id,
    mart.cluster_size,
    members.member_count,
    mart.cluster_indicator_count,
    member_indicators.indicator_count as member_indicator_count
from mart
inner join members
    on mart.cluster_id = members.cluster_id
inner join member_indicators
    on mart.cluster_id = member_indicators.cluster_id
where mart.cluster_size <> members.member_count
   or mart.cluster_indicator_count <> member_indicators.indicator_count
