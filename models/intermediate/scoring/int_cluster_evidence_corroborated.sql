{#
    One row per network cluster of flagged entities (int_entity_clusters_labelled,
    built from strong ties between flagged entities only): what the cluster
    shows together, and whether it is a close network that can raise its
    members' tier. A close network holds network_min_cluster_size to
    network_max_cluster_size entities. It raises members to alert when it
    shows alert_min_cluster_indicators distinct counted indicators from
    alert_min_sources families of partners or with a control signal, and at
    least one member is alerted on its own flags; to watch on the same
    terms with watch_min_cluster_indicators. A network carries
    corroboration, it does not create it: flagged colleagues, neighbours or
    relatives none of whom is alerted on their own flags raise nobody.
#}
{%- set alert_min_sources = threshold('RISK', 'alert_min_sources') %}
{%- set alert_min_cluster_indicators = threshold('RISK', 'alert_min_cluster_indicators') %}
{%- set watch_min_cluster_indicators = threshold('RISK', 'watch_min_cluster_indicators') %}
{%- set network_min_cluster_size = threshold('RISK', 'network_min_cluster_size') %}
{%- set network_max_cluster_size = threshold('RISK', 'network_max_cluster_size') %}

{%- if alert_min_cluster_indicators < 2 or network_min_cluster_size < 2 %}
    {%- do exceptions.raise_compiler_error(
        "int_cluster_evidence_corroborated: alert_min_cluster_indicators and network_min_cluster_size must be at least 2 (one red flag alone is never an alert)"
    ) %}
{%- endif %}

with clusters as (

    select
        entity_type,
        entity_id,
        cluster_id
    from {{ ref('int_entity_clusters_labelled') }}
    where is_flagged

),

indicators as (

    select
        entity_type,
        entity_id,
        indicator_id,
        evidence_source,
        control_over
    from {{ ref('int_entity_indicators_weighted') }}
    where is_counted

),

entities as (

    select
        entity_type,
        entity_id,
        is_alert_on_own_flags
    from {{ ref('int_entity_evidence_corroborated') }}

),

members as (

    select
        clusters.cluster_id,
        entities.entity_type,
        entities.entity_id,
        entities.is_alert_on_own_flags
    from entities
    inner join clusters
        on entities.entity_type = clusters.entity_type
        and entities.entity_id = clusters.entity_id

),

member_indicators as (

    select
        members.cluster_id,
        indicators.indicator_id,
        indicators.evidence_source,
        indicators.control_over
    from members
    inner join indicators
        on members.entity_type = indicators.entity_type
        and members.entity_id = indicators.entity_id

),

cluster_members as (

    select
        cluster_id,
        count(*) as cluster_size,
        sum(case when is_alert_on_own_flags then 1 else 0 end) as members_alert_on_own_flags
    from members
    group by cluster_id

),

cluster_signals as (

    select
        cluster_id,
        count(distinct indicator_id) as cluster_indicator_count,
        count(distinct evidence_source) as cluster_source_count,
        count(distinct control_over) as cluster_control_signal_count
    from member_indicators
    group by cluster_id

),

final as (

    select
        cluster_members.cluster_id,
        cluster_members.cluster_size,
        cluster_members.members_alert_on_own_flags,
        cluster_signals.cluster_indicator_count,
        cluster_signals.cluster_source_count,
        cluster_signals.cluster_control_signal_count,
        cluster_members.cluster_size between {{ network_min_cluster_size }} and {{ network_max_cluster_size }} as is_close_network,
        cluster_members.cluster_size between {{ network_min_cluster_size }} and {{ network_max_cluster_size }}
            and cluster_signals.cluster_indicator_count >= {{ alert_min_cluster_indicators }}
            and (cluster_signals.cluster_source_count >= {{ alert_min_sources }} or cluster_signals.cluster_control_signal_count > 0)
            and cluster_members.members_alert_on_own_flags > 0 as raises_to_alert,
        cluster_members.cluster_size between {{ network_min_cluster_size }} and {{ network_max_cluster_size }}
            and cluster_signals.cluster_indicator_count >= {{ watch_min_cluster_indicators }}
            and (cluster_signals.cluster_source_count >= {{ alert_min_sources }} or cluster_signals.cluster_control_signal_count > 0)
            and cluster_members.members_alert_on_own_flags > 0 as raises_to_watch
    from cluster_members
    inner join cluster_signals
        on cluster_members.cluster_id = cluster_signals.cluster_id

)

select * from final
