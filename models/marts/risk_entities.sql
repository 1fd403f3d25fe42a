{#
    One row per flagged entity: its indicators, which way they point, its
    network cluster, a score that adds up from its flags, a tier that means
    corroboration (not a count) and the reasons in words.

    The corroboration is worked out upstream: int_entity_evidence_corroborated
    (the entity's own flags: rarity-weighted evidence, families of partners,
    control signals) and int_cluster_evidence_corroborated (a close network
    of flagged entities tied by strong links). Every point traces to a row
    of int_entity_indicators_weighted, i.e. of fct_red_flags; nationality
    and sex are never read (python_tests/test_marts_scoring_inputs.py and
    tests/marts/scoring_models_never_read_personal_attributes.sql).

    Score (0-100): the points of the entity's counted indicators, plus
    category_bonus_points per category beyond the first, plus
    network_bonus_points per indicator only other members of a close network
    carry (at most network_bonus_cap).
#}
{%- set category_bonus_points = threshold('RISK', 'category_bonus_points') %}
{%- set network_bonus_points = threshold('RISK', 'network_bonus_points') %}
{%- set network_bonus_cap = threshold('RISK', 'network_bonus_cap') %}
{%- set alert_min_evidence = threshold('RISK', 'alert_min_evidence') %}
{%- set watch_min_evidence = threshold('RISK', 'watch_min_evidence') %}
{%- set evidence_max_flags = threshold('RISK', 'evidence_max_flags') %}

with reporting_period as (

    select
        as_of_date
    from {{ ref('int_reporting_period') }}

),

entities as (

    select * from {{ ref('int_entity_evidence_corroborated') }}

),

indicators as (

    select
        entity_type,
        entity_id,
        indicator_id,
        role_side,
        strength,
        rarity_weight,
        evidence_source,
        control_over,
        is_counted,
        counted_within,
        points,
        evidence
    from {{ ref('int_entity_indicators_weighted') }}

),

clusters as (

    select
        entity_type,
        entity_id,
        cluster_id
    from {{ ref('int_entity_clusters_labelled') }}

),

cluster_evidence as (

    select * from {{ ref('int_cluster_evidence_corroborated') }}

),

network_texts as (

    select
        entity_type,
        entity_id,
        network_indicator_count,
        network_indicator_ids,
        links_text
    from {{ ref('int_entity_network_evidence_described') }}

),

parties as (

    select
        party_id,
        full_name
    from {{ ref('stg_parties') }}

),

party_addresses as (

    select
        address_id,
        street,
        postcode,
        city,
        valid_from
    from {{ ref('stg_party_addresses') }}

),

{#- ---------- the entity's own flags in words ---------- #}

ranked_reasons as (

    select
        entity_type,
        entity_id,
        row_number() over (
            partition by entity_type, entity_id
            order by points desc, indicator_id
        ) as reason_rank,
        concat(
            indicator_id, ' (',
            case when role_side = 'both' then 'victim or trafficker' else concat(role_side, ' side') end,
            ', strength ', {{ format_number('strength', 2) }},
            ', rarity weight ', {{ format_number('rarity_weight', 2) }},
            case
                when is_counted then concat(', ', {{ format_number('points', 1) }}, ' points')
                else concat(', counted within ', counted_within)
            end,
            '): ', evidence
        ) as reason_text
    from indicators

),

reasons as (

    select
        entity_type,
        entity_id,
        {{ dbt.listagg('reason_text', "'; '", 'order by reason_rank') }} as reasons_text
    from ranked_reasons
    where reason_rank <= {{ evidence_max_flags }}
    group by
        entity_type,
        entity_id

),

{#- Every indicator's weight and where it comes from, for explain: 'F08 1.00 (bank, control: money)'. #}
indicator_weights as (

    select
        entity_type,
        entity_id,
        {{ dbt.listagg(
            "concat(indicator_id, ' ', " ~ format_number('rarity_weight', 2) ~ ", ' (', evidence_source,
                case when control_over is not null then concat(', control: ', control_over) else '' end,
                case when is_counted then '' else concat(', counted within ', counted_within) end, ')')",
            "', '",
            'order by indicator_id'
        ) }} as indicator_weights
    from indicators
    group by
        entity_type,
        entity_id

),

{#- ---------- tier and score ---------- #}

tiered_entities as (

    select
        entities.*,
        coalesce(clusters.cluster_id, concat(entities.entity_type, ':', entities.entity_id)) as cluster_id,
        coalesce(cluster_evidence.cluster_size, 1) as cluster_size,
        coalesce(cluster_evidence.cluster_indicator_count, entities.counted_indicator_count) as cluster_indicator_count,
        coalesce(cluster_evidence.cluster_source_count, entities.source_count) as cluster_source_count,
        coalesce(cluster_evidence.members_alert_on_own_flags, 0) as members_alert_on_own_flags,
        coalesce(cluster_evidence.is_close_network, false) as is_close_network,
        coalesce(cluster_evidence.raises_to_alert, false) as network_raises_to_alert,
        coalesce(cluster_evidence.raises_to_watch, false) as network_raises_to_watch,
        coalesce(network_texts.network_indicator_count, 0) as network_indicator_count,
        network_texts.network_indicator_ids,
        network_texts.links_text,
        case
            when entities.is_alert_on_own_flags then 'alert'
            when entities.is_watch_on_own_flags then 'watch'
            else 'info'
        end as tier_on_own_flags,
        {{ category_bonus_points }} * (entities.category_count - 1) as category_bonus,
        case
            when coalesce(cluster_evidence.is_close_network, false)
                then least({{ network_bonus_cap }}, {{ network_bonus_points }} * coalesce(network_texts.network_indicator_count, 0))
            else 0
        end as network_bonus
    from entities
    left join clusters
        on entities.entity_type = clusters.entity_type
        and entities.entity_id = clusters.entity_id
    left join cluster_evidence
        on clusters.cluster_id = cluster_evidence.cluster_id
    left join network_texts
        on entities.entity_type = network_texts.entity_type
        and entities.entity_id = network_texts.entity_id

),

scored_entities as (

    select
        *,
        case
            when is_alert_on_own_flags or network_raises_to_alert then 'alert'
            when is_watch_on_own_flags or network_raises_to_watch then 'watch'
            else 'info'
        end as risk_tier,
        least(100.0, indicator_points + category_bonus + network_bonus) as unrounded_score,
        concat(
            cast(counted_indicator_count as {{ dbt.type_string() }}), ' counted indicator(s), evidence ',
            {{ format_number('evidence_weight', 2) }}, ' from ',
            case
                when source_count = 0 then 'no family of partners'
                else concat(cast(source_count as {{ dbt.type_string() }}), ' family(ies) of partners (', evidence_sources, ')')
            end,
            case when control_signal_count > 0 then concat(', control signal: ', control_signals) else ', no control signal' end
        ) as own_flags_text
    from tiered_entities

),

display_addresses as (

    select
        address_id,
        concat(coalesce(street, address_id), ', ', coalesce(postcode, ''), ' ', coalesce(city, '')) as address_label
    from party_addresses
    qualify row_number() over (partition by address_id order by valid_from desc, street) = 1

),

final as (

    select
        scored_entities.entity_type,
        scored_entities.entity_id,
        coalesce(
            case
                when scored_entities.entity_type = 'party' then parties.full_name
                when scored_entities.entity_type = 'address' then display_addresses.address_label
                when scored_entities.entity_type = 'handle' then concat('@', scored_entities.entity_id)
            end,
            scored_entities.entity_id
        ) as display_name,
        cast(scored_entities.indicator_count as integer) as indicator_count,
        cast(scored_entities.counted_indicator_count as integer) as counted_indicator_count,
        scored_entities.indicator_ids,
        cast(scored_entities.category_count as integer) as category_count,
        cast(scored_entities.victim_signals as integer) as victim_signals,
        cast(scored_entities.trafficker_signals as integer) as trafficker_signals,
        case
            when scored_entities.victim_signals > scored_entities.trafficker_signals then 'victim'
            when scored_entities.trafficker_signals > scored_entities.victim_signals then 'trafficker'
            when scored_entities.victim_signals > 0 then 'both'
            else 'undetermined'
        end as likely_role,
        indicator_weights.indicator_weights,
        {{ round_half_up("scored_entities.evidence_weight", 2) }} as evidence_weight,
        cast(scored_entities.source_count as integer) as source_count,
        coalesce(scored_entities.evidence_sources, '') as evidence_sources,
        coalesce(scored_entities.control_signals, '') as control_signals,
        {{ round_half_up("scored_entities.unrounded_score", 1) }} as risk_score,
        scored_entities.risk_tier,
        scored_entities.tier_on_own_flags,
        case
            when scored_entities.is_alert_on_own_flags
                then concat('alert on its own flags: ', scored_entities.own_flags_text,
                            ' (alert needs evidence ', {{ format_number(alert_min_evidence, 2) }},
                            ' from two families or with a control signal)')
            when scored_entities.risk_tier = 'alert'
                then concat('alert through its close network: cluster ', scored_entities.cluster_id, ' of ',
                            cast(scored_entities.cluster_size as {{ dbt.type_string() }}), ' flagged entities tied by strong links shows ',
                            cast(scored_entities.cluster_indicator_count as {{ dbt.type_string() }}), ' indicators from ',
                            cast(scored_entities.cluster_source_count as {{ dbt.type_string() }}), ' family(ies) of partners, ',
                            cast(scored_entities.members_alert_on_own_flags as {{ dbt.type_string() }}),
                            ' member(s) alerted on their own flags; its own flags (', scored_entities.tier_on_own_flags, '): ',
                            scored_entities.own_flags_text)
            when scored_entities.is_watch_on_own_flags
                then concat('watch on its own flags: ', scored_entities.own_flags_text,
                            '; not alert: needs evidence ', {{ format_number(alert_min_evidence, 2) }},
                            ' from two families of partners or with a control signal')
            when scored_entities.risk_tier = 'watch'
                then concat('watch through its close network: cluster ', scored_entities.cluster_id, ' of ',
                            cast(scored_entities.cluster_size as {{ dbt.type_string() }}), ' flagged entities shows ',
                            cast(scored_entities.cluster_indicator_count as {{ dbt.type_string() }}), ' indicators; its own flags: ',
                            scored_entities.own_flags_text)
            when scored_entities.counted_indicator_count < 2
                then 'info: one indicator alone is never evidence (the leaflet)'
            else concat('info: ', scored_entities.own_flags_text, '; watch needs evidence ', {{ format_number(watch_min_evidence, 2) }})
        end as tier_reason,
        scored_entities.cluster_id,
        cast(scored_entities.cluster_size as integer) as cluster_size,
        cast(scored_entities.cluster_indicator_count as integer) as cluster_indicator_count,
        concat(
            reasons.reasons_text,
            case
                when scored_entities.indicator_count > {{ evidence_max_flags }}
                    then concat('; +', cast(scored_entities.indicator_count - {{ evidence_max_flags }} as {{ dbt.type_string() }}), ' more flag(s) in fct_red_flags')
                else ''
            end,
            case
                when scored_entities.category_count > 1
                    then concat(' | categories: ', scored_entities.categories_text, ' (+', {{ format_number('scored_entities.category_bonus', 1) }}, ' points)')
                else ''
            end,
            case
                when scored_entities.network_indicator_count > 0 and not scored_entities.is_close_network
                    then concat(' | network: cluster ', scored_entities.cluster_id, ' of ',
                                cast(scored_entities.cluster_size as {{ dbt.type_string() }}),
                                ' flagged entities is wider than a close network: no network points, no tier from it')
                when scored_entities.network_indicator_count > 0
                    then concat(' | network: ', scored_entities.network_indicator_ids, ' only on others in cluster ',
                                scored_entities.cluster_id, ' (+', {{ format_number('scored_entities.network_bonus', 1) }},
                                ' points); linked ', coalesce(scored_entities.links_text, 'through the cluster'))
                else ''
            end
        ) as evidence_summary,
        scored_entities.first_flagged_at,
        scored_entities.last_flagged_at,
        reporting_period.as_of_date
    from scored_entities
    inner join reasons
        on scored_entities.entity_type = reasons.entity_type
        and scored_entities.entity_id = reasons.entity_id
    inner join indicator_weights
        on scored_entities.entity_type = indicator_weights.entity_type
        and scored_entities.entity_id = indicator_weights.entity_id
    left join parties
        on scored_entities.entity_type = 'party'
        and scored_entities.entity_id = parties.party_id
    left join display_addresses
        on scored_entities.entity_type = 'address'
        and scored_entities.entity_id = display_addresses.address_id
    cross join reporting_period

)

select * from final
