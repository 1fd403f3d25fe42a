{#
    The links of the risk network, one row per link between two entities,
    with the cluster both ends belong to: what an analyst reads to see who a
    flagged entity is connected to and how. Relationships touching at least
    one flagged entity, plus the ties of flagged phones, emails, handles,
    addresses and beneficiaries to their parties (int_entity_links_selected);
    hubs are left out (int_entity_links_collected).
#}
with selected_links as (

    select
        entity_type_a,
        entity_id_a,
        entity_type_b,
        entity_id_b,
        link_type,
        link_evidence
    from {{ ref('int_entity_links_selected') }}

),

clusters as (

    select
        entity_type,
        entity_id,
        cluster_id
    from {{ ref('int_entity_clusters_labelled') }}

),

final as (

    select
        selected_links.entity_type_a,
        selected_links.entity_id_a,
        selected_links.entity_type_b,
        selected_links.entity_id_b,
        selected_links.link_type,
        selected_links.link_evidence,
        clusters.cluster_id
    from selected_links
    left join clusters
        on selected_links.entity_type_a = clusters.entity_type
        and selected_links.entity_id_a = clusters.entity_id

)

select * from final
