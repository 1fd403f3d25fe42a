{#
    The links the risk mart's clusters are built from: strong ties between
    two flagged entities only. The relationships of int_entity_links_collected
    (shared non-hub phone, email or residence, employment, company roles,
    rentals paid for another, repeated material money flow, a companion
    seen by frontline staff, platform signals between two people), plus the
    links that tie a flagged phone, email, handle, address or beneficiary to
    its flagged parties (owners, occupants, senders).
    Why both ends flagged: a link is there to let corroborated signals of two
    flagged entities meet. Through an unflagged go-between (a friend who paid
    two people, an unflagged employer of two flagged workers) unrelated
    people would chain into one network and alert each other; between
    unflagged people, the whole population's households and colleagues would.
    Blind spot: flagged entities tied only through an unflagged front man
    stay in separate clusters; each is still scored on its own flags.
    Hubs link nobody here either: a flagged identifier with more than
    hub_max_parties owners, an address with more than hub_max_parties
    occupants in the lookback period, a beneficiary with more than
    hub_max_parties senders.
#}
{%- set hub_max_parties = threshold('RISK', 'hub_max_parties') %}
{%- set open_end = "cast('9999-12-31' as date)" %}

with reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

flags as (

    select
        entity_type,
        entity_id
    from {{ ref('fct_red_flags') }}

),

collected_links as (

    select
        entity_type_a,
        entity_id_a,
        entity_type_b,
        entity_id_b,
        link_type,
        link_evidence
    from {{ ref('int_entity_links_collected') }}

),

identifier_ownership as (

    select
        identifier_type,
        identifier,
        party_id,
        evidence_source
    from {{ ref('int_identifiers_resolved_to_parties') }}
    where party_id is not null

),

party_addresses as (

    select
        party_id,
        address_id,
        address_type,
        valid_from,
        valid_to
    from {{ ref('stg_party_addresses') }}

),

money_transfers as (

    select
        holder_party_id,
        beneficiary_key,
        booked_date,
        amount_dkk
    from {{ ref('int_money_transfers_identified') }}
    where holder_party_id is not null
      and beneficiary_key is not null

),

flagged_entities as (

    select distinct
        entity_type,
        entity_id
    from flags

),

relationship_links as (

    select
        entity_type_a,
        entity_id_a,
        entity_type_b,
        entity_id_b,
        link_type,
        link_evidence
    from collected_links

),

{#- ---------- flagged phones, emails and handles -> their owners ---------- #}

flagged_identifier_owners as (

    select
        flagged_entities.entity_type,
        flagged_entities.entity_id,
        identifier_ownership.party_id,
        {{ dbt.listagg('identifier_ownership.evidence_source', "', '", 'order by identifier_ownership.evidence_source') }} as evidence_sources
    from flagged_entities
    inner join identifier_ownership
        on flagged_entities.entity_type = identifier_ownership.identifier_type
        and flagged_entities.entity_id = identifier_ownership.identifier
    group by
        flagged_entities.entity_type,
        flagged_entities.entity_id,
        identifier_ownership.party_id

),

non_hub_flagged_identifiers as (

    select
        entity_type,
        entity_id
    from flagged_identifier_owners
    group by
        entity_type,
        entity_id
    having count(*) <= {{ hub_max_parties }}

),

identifier_owner_links as (

    select
        flagged_identifier_owners.entity_type as entity_type_a,
        flagged_identifier_owners.entity_id as entity_id_a,
        'party' as entity_type_b,
        flagged_identifier_owners.party_id as entity_id_b,
        'identifier_owner' as link_type,
        concat(
            flagged_identifier_owners.entity_type, ' ', flagged_identifier_owners.entity_id,
            ' belongs to ', flagged_identifier_owners.party_id,
            ' (', flagged_identifier_owners.evidence_sources, ')'
        ) as link_evidence
    from flagged_identifier_owners
    inner join non_hub_flagged_identifiers
        on flagged_identifier_owners.entity_type = non_hub_flagged_identifiers.entity_type
        and flagged_identifier_owners.entity_id = non_hub_flagged_identifiers.entity_id

),

{#- ---------- flagged addresses -> the parties living or registered there ---------- #}

flagged_address_occupants as (

    select
        flagged_entities.entity_id as address_id,
        party_addresses.party_id,
        min(party_addresses.address_type) as address_type,
        min(party_addresses.valid_from) as occupied_from
    from flagged_entities
    inner join party_addresses
        on flagged_entities.entity_type = 'address'
        and flagged_entities.entity_id = party_addresses.address_id
    cross join reporting_period
    where coalesce(party_addresses.valid_to, {{ open_end }}) >= reporting_period.lookback_start
      and party_addresses.valid_from <= reporting_period.as_of_date
    group by
        flagged_entities.entity_id,
        party_addresses.party_id

),

non_hub_flagged_addresses as (

    select
        address_id
    from flagged_address_occupants
    group by address_id
    having count(*) <= {{ hub_max_parties }}

),

address_occupant_links as (

    select
        'address' as entity_type_a,
        flagged_address_occupants.address_id as entity_id_a,
        'party' as entity_type_b,
        flagged_address_occupants.party_id as entity_id_b,
        case when flagged_address_occupants.address_type = 'residence' then 'resident' else flagged_address_occupants.address_type end as link_type,
        concat(
            flagged_address_occupants.party_id, ' has address ', flagged_address_occupants.address_id,
            ' (', flagged_address_occupants.address_type, ') since ',
            {{ format_date('flagged_address_occupants.occupied_from') }}
        ) as link_evidence
    from flagged_address_occupants
    inner join non_hub_flagged_addresses
        on flagged_address_occupants.address_id = non_hub_flagged_addresses.address_id

),

{#- ---------- flagged beneficiaries -> their senders ---------- #}

flagged_beneficiary_senders as (

    select
        flagged_entities.entity_id as beneficiary_key,
        money_transfers.holder_party_id as party_id,
        count(*) as transfer_count,
        sum(money_transfers.amount_dkk) as total_dkk,
        min(money_transfers.booked_date) as first_date,
        max(money_transfers.booked_date) as last_date
    from flagged_entities
    inner join money_transfers
        on flagged_entities.entity_type = 'beneficiary'
        and flagged_entities.entity_id = money_transfers.beneficiary_key
    group by
        flagged_entities.entity_id,
        money_transfers.holder_party_id

),

non_hub_flagged_beneficiaries as (

    select
        beneficiary_key
    from flagged_beneficiary_senders
    group by beneficiary_key
    having count(*) <= {{ hub_max_parties }}

),

beneficiary_sender_links as (

    select
        'beneficiary' as entity_type_a,
        flagged_beneficiary_senders.beneficiary_key as entity_id_a,
        'party' as entity_type_b,
        flagged_beneficiary_senders.party_id as entity_id_b,
        'beneficiary_sender' as link_type,
        concat(
            flagged_beneficiary_senders.party_id, ' sent ',
            cast(flagged_beneficiary_senders.transfer_count as {{ dbt.type_string() }}),
            ' money transfer(s), DKK ', {{ format_number('flagged_beneficiary_senders.total_dkk') }},
            ', to beneficiary ', flagged_beneficiary_senders.beneficiary_key, ' between ',
            {{ format_date('flagged_beneficiary_senders.first_date') }}, ' and ',
            {{ format_date('flagged_beneficiary_senders.last_date') }}
        ) as link_evidence
    from flagged_beneficiary_senders
    inner join non_hub_flagged_beneficiaries
        on flagged_beneficiary_senders.beneficiary_key = non_hub_flagged_beneficiaries.beneficiary_key

),

candidate_links as (

    select * from relationship_links
    union all
    select * from identifier_owner_links
    union all
    select * from address_occupant_links
    union all
    select * from beneficiary_sender_links

),

final as (

    select
        candidate_links.entity_type_a,
        candidate_links.entity_id_a,
        candidate_links.entity_type_b,
        candidate_links.entity_id_b,
        candidate_links.link_type,
        candidate_links.link_evidence
    from candidate_links
    inner join flagged_entities as flagged_a
        on candidate_links.entity_type_a = flagged_a.entity_type
        and candidate_links.entity_id_a = flagged_a.entity_id
    inner join flagged_entities as flagged_b
        on candidate_links.entity_type_b = flagged_b.entity_type
        and candidate_links.entity_id_b = flagged_b.entity_id

)

select * from final
