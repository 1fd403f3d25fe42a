{#
    A network cluster: one row per member - flagged (with its tier, score
    and indicators) or not (an unflagged party or identifier that ties
    flagged ones together) - with the links it has inside the cluster and
    the evidence of each.

        dbt compile --select cluster_members_and_links --vars '{cluster_id: "party:PA6A0S3QEB"}'

    Vars: cluster_id (default: the cluster of var entity_id, else of the
    highest-scored entity of risk_entities).
#}
{%- set cluster_id = var('cluster_id', none) %}
{%- set entity_id = var('entity_id', none) %}

with risk_entities as (

    select
        entity_type,
        entity_id,
        display_name,
        risk_tier,
        risk_score,
        likely_role,
        indicator_ids,
        cluster_id
    from {{ ref('risk_entities') }}

),

entity_links as (

    select
        entity_type_a,
        entity_id_a,
        entity_type_b,
        entity_id_b,
        link_type,
        link_evidence,
        cluster_id
    from {{ ref('entity_links') }}

),

chosen_cluster as (

    {%- if cluster_id is not none %}
    select '{{ cluster_id | string | replace("'", "''") }}' as cluster_id
    {%- else %}
    select
        cluster_id
    from risk_entities
    {%- if entity_id is not none %}
    where entity_id = '{{ entity_id | string | replace("'", "''") }}'
    {%- endif %}
    qualify row_number() over (order by risk_score desc, entity_type, entity_id) = 1
    {%- endif %}

),

cluster_links as (

    select entity_links.*
    from entity_links
    inner join chosen_cluster
        on entity_links.cluster_id = chosen_cluster.cluster_id

),

{#- Each link seen from both of its ends. #}
link_ends as (

    select
        entity_type_a as entity_type,
        entity_id_a as entity_id,
        concat(link_type, ' with ', entity_type_b, ' ', entity_id_b, ': ', link_evidence) as link_text
    from cluster_links
    union all
    select
        entity_type_b as entity_type,
        entity_id_b as entity_id,
        concat(link_type, ' with ', entity_type_a, ' ', entity_id_a, ': ', link_evidence) as link_text
    from cluster_links

),

links_per_member as (

    select
        entity_type,
        entity_id,
        count(*) as link_count,
        {{ dbt.listagg('link_text', "' | '", 'order by link_text') }} as links
    from link_ends
    group by
        entity_type,
        entity_id

),

flagged_members as (

    select
        risk_entities.entity_type,
        risk_entities.entity_id
    from risk_entities
    inner join chosen_cluster
        on risk_entities.cluster_id = chosen_cluster.cluster_id

),

members as (

    select entity_type, entity_id from flagged_members
    union
    select entity_type, entity_id from links_per_member

),

final as (

    select
        chosen_cluster.cluster_id,
        members.entity_type,
        members.entity_id,
        risk_entities.display_name,
        risk_entities.risk_tier is not null as is_flagged,
        risk_entities.risk_tier,
        risk_entities.risk_score,
        risk_entities.likely_role,
        risk_entities.indicator_ids,
        coalesce(links_per_member.link_count, 0) as link_count,
        links_per_member.links
    from members
    cross join chosen_cluster
    left join risk_entities
        on members.entity_type = risk_entities.entity_type
        and members.entity_id = risk_entities.entity_id
    left join links_per_member
        on members.entity_type = links_per_member.entity_type
        and members.entity_id = links_per_member.entity_id

)

select * from final
order by
    is_flagged desc,
    risk_score desc,
    entity_type,
    entity_id
