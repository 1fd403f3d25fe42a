{#
    Every entity the data knows, with the kind of entity it is compared
    with when the risk mart asks how rare an indicator is: persons with
    persons, companies with companies, phones with phones. Parties come from
    stg_parties, identifiers from identity resolution, addresses from the
    address registers, beneficiaries from money-transfer bookings; a flagged
    entity no other model lists (an ad's unowned phone, a party whose row was
    rejected) is added with its entity type as kind, so no flag goes without
    a population.
#}

with parties as (

    select
        party_id,
        party_type
    from {{ ref('stg_parties') }}

),

identifiers as (

    select
        identifier_type,
        identifier
    from {{ ref('int_identifiers_resolved_to_parties') }}

),

party_addresses as (

    select
        address_id
    from {{ ref('stg_party_addresses') }}

),

money_transfers as (

    select
        beneficiary_key
    from {{ ref('int_money_transfers_identified') }}
    where beneficiary_key is not null

),

flags as (

    select
        entity_type,
        entity_id
    from {{ ref('fct_red_flags') }}

),

known_entities as (

    select 'party' as entity_type, party_id as entity_id, party_type as entity_kind from parties
    union
    select identifier_type as entity_type, identifier as entity_id, identifier_type as entity_kind from identifiers
    union
    select 'address' as entity_type, address_id as entity_id, 'address' as entity_kind from party_addresses
    union
    select 'beneficiary' as entity_type, beneficiary_key as entity_id, 'beneficiary' as entity_kind from money_transfers

),

flagged_but_unknown as (

    select distinct
        flags.entity_type,
        flags.entity_id,
        flags.entity_type as entity_kind
    from flags
    left join known_entities
        on flags.entity_type = known_entities.entity_type
        and flags.entity_id = known_entities.entity_id
    where known_entities.entity_id is null

),

final as (

    select entity_type, entity_id, entity_kind from known_entities
    union all
    select entity_type, entity_id, entity_kind from flagged_but_unknown

)

select * from final
