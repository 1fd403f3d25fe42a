{#
    Both ends of every link of entity_links are in one cluster: an invariant
    of int_entity_clusters_labelled's connected components, whatever the
    data. A failure names the link and is a bug in the project, not in the
    partner's data.
#}
with links as (

    select
        entity_type_a,
        entity_id_a,
        entity_type_b,
        entity_id_b,
        link_type
    from {{ ref('entity_links') }}

),

clusters as (

    select
        entity_type,
        entity_id,
        cluster_id
    from {{ ref('int_entity_clusters_labelled') }}

)

select
    links.entity_type_a,
    links.entity_id_a,
    links.entity_type_b,
    links.entity_id_b,
    links.link_type,
    cluster_a.cluster_id as cluster_id_a,
    cluster_b.cluster_id as cluster_id_b
from links
left join clusters as cluster_a
    on links.entity_type_a = cluster_a.entity_type
    and links.entity_id_a = cluster_a.entity_id
left join clusters as cluster_b
    on links.entity_type_b = cluster_b.entity_type
    and links.entity_id_b = cluster_b.entity_id
where cluster_a.cluster_id is null
   or cluster_b.cluster_id is null
   or cluster_a.cluster_id <> cluster_b.cluster_id
