{#
    Every relationship between two entities that the data shows, for the
    network clusters of the risk mart: one row per pair and link type, hubs
    left out. Not limited to flagged entities (int_entity_links_selected
    does that).

    Link types (a -> b orientation; symmetric types put the smaller key in a):
      shared_phone, shared_email   both parties own the phone / email at
                                   overlapping times (int_identifiers_resolved_to_parties)
      shared_residence             both live at one residence address at overlapping times
      employment                   employer -> worker (int_employer_worker_links)
      company_role                 company -> person holding a role in it
      rental_payer                 payer -> guest of short-term rentals the guest did not pay
      money_flow                   payer -> payee of person-to-person money
                                   (transfer, mobile payment, wallet, money-transfer
                                   service between two accounts in the data)
      accompanied_by               companion -> person observed by frontline staff
      location_sharing, remote_wipe, sextortion_threat
                                   counterpart -> subject of a platform signal

    Every relationship must reach into the lookback period. Hubs link
    nobody: an identifier, residence, company, rental payer, companion,
    money counterparty or signal counterpart shared by more than
    hub_max_parties parties, an employer of more than hub_max_workers
    workers. A money flow is a relationship only when repeated and
    material: money_flow_min_transfers payments and money_flow_min_dkk in
    total (one friend's two small payments are purchases, not a tie).
#}
{%- set hub_max_parties = threshold('RISK', 'hub_max_parties') %}
{%- set hub_max_workers = threshold('RISK', 'hub_max_workers') %}
{%- set money_flow_min_transfers = threshold('RISK', 'money_flow_min_transfers') %}
{%- set money_flow_min_dkk = threshold('RISK', 'money_flow_min_dkk') %}
{%- set open_start = "cast('1900-01-01' as date)" %}
{%- set open_end = "cast('9999-12-31' as date)" %}

with reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

identifier_ownership as (

    select
        identifier_type,
        identifier,
        party_id,
        valid_from,
        valid_to
    from {{ ref('int_identifiers_resolved_to_parties') }}
    where party_id is not null
      and identifier_type in ('phone', 'email')

),

party_addresses as (

    select
        party_id,
        address_id,
        street,
        postcode,
        city,
        valid_from,
        valid_to
    from {{ ref('stg_party_addresses') }}
    where address_type = 'residence'

),

employer_worker_links as (

    select
        employer_party_id,
        worker_party_id,
        linked_from,
        linked_to,
        has_employment,
        has_payroll
    from {{ ref('int_employer_worker_links') }}

),

company_roles as (

    select
        company_party_id,
        person_party_id,
        role,
        valid_from,
        valid_to
    from {{ ref('stg_company_roles') }}
    where company_party_id <> person_party_id

),

rental_bookings as (

    select
        booking_id,
        guest_party_id,
        guest_phone,
        check_in,
        check_out,
        paid_by_account_id
    from {{ ref('stg_rental_bookings') }}
    where paid_by_account_id is not null

),

accounts as (

    select
        account_id,
        party_id
    from {{ ref('stg_accounts') }}

),

transactions as (

    select
        holder_party_id,
        counterparty_party_id,
        direction,
        booked_at,
        booked_date,
        amount_dkk
    from {{ ref('int_transactions_joined_to_holders') }}
    where channel in ('transfer', 'mobile_payment', 'wallet', 'money_transfer_service')
      and holder_party_id is not null
      and counterparty_party_id is not null
      and holder_party_id <> counterparty_party_id

),

frontline_observations as (

    select
        party_id,
        accompanied_by_party_id,
        observed_at
    from {{ ref('stg_frontline_observations') }}
    where accompanied_by_party_id is not null
      and accompanied_by_party_id <> party_id

),

platform_signal_sides as (

    select
        signal_id,
        signal_type,
        observed_date,
        side,
        entity_type,
        entity_id,
        is_on_both_sides
    from {{ ref('int_platform_signals_resolved_to_entities') }}

),

{#- ---------- shared phones and emails ---------- #}

{#- Several pieces of evidence of one owner become one span; an unknown start or end is open. #}
identifier_owners as (

    select
        identifier_type,
        identifier,
        party_id,
        min(coalesce(valid_from, {{ open_start }})) as owned_from,
        max(coalesce(valid_to, {{ open_end }})) as owned_to
    from identifier_ownership
    group by
        identifier_type,
        identifier,
        party_id

),

{#- A switchboard or shared family number owned by many parties links nobody. #}
non_hub_identifiers as (

    select
        identifier_type,
        identifier
    from identifier_owners
    group by
        identifier_type,
        identifier
    having count(*) > 1
       and count(*) <= {{ hub_max_parties }}

),

shared_identifier_pairs as (

    select
        owner_a.identifier_type,
        owner_a.identifier,
        owner_a.party_id as party_id_a,
        owner_b.party_id as party_id_b
    from identifier_owners as owner_a
    inner join non_hub_identifiers
        on owner_a.identifier_type = non_hub_identifiers.identifier_type
        and owner_a.identifier = non_hub_identifiers.identifier
    inner join identifier_owners as owner_b
        on owner_a.identifier_type = owner_b.identifier_type
        and owner_a.identifier = owner_b.identifier
        and owner_a.party_id < owner_b.party_id
    cross join reporting_period
    {#- a recycled number is not shared by its earlier and its later owner #}
    where owner_a.owned_from <= owner_b.owned_to
      and owner_b.owned_from <= owner_a.owned_to
      and least(owner_a.owned_to, owner_b.owned_to) >= reporting_period.lookback_start

),

shared_identifier_links as (

    select
        'party' as entity_type_a,
        party_id_a as entity_id_a,
        'party' as entity_type_b,
        party_id_b as entity_id_b,
        concat('shared_', identifier_type) as link_type,
        concat('both use ', {{ dbt.listagg('identifier', "', '", 'order by identifier') }}) as link_evidence
    from shared_identifier_pairs
    group by
        party_id_a,
        party_id_b,
        identifier_type

),

{#- ---------- shared residence ---------- #}

residents as (

    select
        party_addresses.party_id,
        party_addresses.address_id,
        concat(
            coalesce(party_addresses.street, party_addresses.address_id), ', ',
            coalesce(party_addresses.postcode, ''), ' ', coalesce(party_addresses.city, '')
        ) as address_label,
        party_addresses.valid_from,
        coalesce(party_addresses.valid_to, {{ open_end }}) as valid_to
    from party_addresses
    cross join reporting_period
    where coalesce(party_addresses.valid_to, {{ open_end }}) >= reporting_period.lookback_start
      and party_addresses.valid_from <= reporting_period.as_of_date

),

{#- A block of flats or a shelter with many residents links nobody. #}
non_hub_residences as (

    select
        address_id
    from residents
    group by address_id
    having count(distinct party_id) > 1
       and count(distinct party_id) <= {{ hub_max_parties }}

),

shared_residence_links as (

    select
        'party' as entity_type_a,
        resident_a.party_id as entity_id_a,
        'party' as entity_type_b,
        resident_b.party_id as entity_id_b,
        'shared_residence' as link_type,
        concat('both live at ', min(resident_a.address_label), ' (address ', min(resident_a.address_id), ')') as link_evidence
    from residents as resident_a
    inner join non_hub_residences
        on resident_a.address_id = non_hub_residences.address_id
    inner join residents as resident_b
        on resident_a.address_id = resident_b.address_id
        and resident_a.party_id < resident_b.party_id
    cross join reporting_period
    where resident_a.valid_from <= resident_b.valid_to
      and resident_b.valid_from <= resident_a.valid_to
      and least(resident_a.valid_to, resident_b.valid_to) >= reporting_period.lookback_start
    group by
        resident_a.party_id,
        resident_b.party_id

),

{#- ---------- employment and payroll ---------- #}

employment_in_period as (

    select
        employer_worker_links.employer_party_id,
        employer_worker_links.worker_party_id,
        employer_worker_links.linked_from,
        employer_worker_links.has_employment,
        employer_worker_links.has_payroll
    from employer_worker_links
    cross join reporting_period
    where coalesce(employer_worker_links.linked_to, {{ open_end }}) >= reporting_period.lookback_start
      and employer_worker_links.linked_from <= reporting_period.as_of_date

),

{#- A large employer links nobody: colleagues at a big firm are no close network. #}
non_hub_employers as (

    select
        employer_party_id
    from employment_in_period
    group by employer_party_id
    having count(distinct worker_party_id) <= {{ hub_max_workers }}

),

employment_links as (

    select
        'party' as entity_type_a,
        employment_in_period.employer_party_id as entity_id_a,
        'party' as entity_type_b,
        employment_in_period.worker_party_id as entity_id_b,
        'employment' as link_type,
        concat(
            employment_in_period.worker_party_id, ' works for ', employment_in_period.employer_party_id,
            ' since ', {{ format_date('employment_in_period.linked_from') }},
            ' (', case
                when employment_in_period.has_employment and employment_in_period.has_payroll then 'employment register and payroll'
                when employment_in_period.has_employment then 'employment register'
                else 'payroll'
            end, ')'
        ) as link_evidence
    from employment_in_period
    inner join non_hub_employers
        on employment_in_period.employer_party_id = non_hub_employers.employer_party_id

),

{#- ---------- company roles ---------- #}

roles_in_period as (

    select distinct
        company_roles.company_party_id,
        company_roles.person_party_id,
        company_roles.role
    from company_roles
    cross join reporting_period
    where coalesce(company_roles.valid_to, {{ open_end }}) >= reporting_period.lookback_start
      and company_roles.valid_from <= reporting_period.as_of_date

),

{#- A company with many officers, or a nominee serving many companies, links nobody. #}
non_hub_companies as (

    select
        company_party_id
    from roles_in_period
    group by company_party_id
    having count(distinct person_party_id) <= {{ hub_max_parties }}

),

non_hub_officers as (

    select
        person_party_id
    from roles_in_period
    group by person_party_id
    having count(distinct company_party_id) <= {{ hub_max_parties }}

),

company_role_links as (

    select
        'party' as entity_type_a,
        roles_in_period.company_party_id as entity_id_a,
        'party' as entity_type_b,
        roles_in_period.person_party_id as entity_id_b,
        'company_role' as link_type,
        concat(
            roles_in_period.person_party_id, ' is ',
            {{ dbt.listagg('roles_in_period.role', "', '", 'order by roles_in_period.role') }},
            ' of ', roles_in_period.company_party_id
        ) as link_evidence
    from roles_in_period
    inner join non_hub_companies
        on roles_in_period.company_party_id = non_hub_companies.company_party_id
    inner join non_hub_officers
        on roles_in_period.person_party_id = non_hub_officers.person_party_id
    group by
        roles_in_period.company_party_id,
        roles_in_period.person_party_id

),

{#- ---------- rental payers ---------- #}

{#- A booking without a guest party names its guest through the phone, when exactly one party owns it. #}
sole_phone_owners as (

    select
        identifier as phone,
        min(party_id) as party_id
    from identifier_owners
    where identifier_type = 'phone'
    group by identifier
    having count(*) = 1

),

paid_bookings as (

    select
        rental_bookings.booking_id,
        coalesce(rental_bookings.guest_party_id, sole_phone_owners.party_id) as guest_party_id,
        payer_accounts.party_id as payer_party_id,
        rental_bookings.check_in,
        rental_bookings.check_out
    from rental_bookings
    inner join accounts as payer_accounts
        on rental_bookings.paid_by_account_id = payer_accounts.account_id
    left join sole_phone_owners
        on rental_bookings.guest_party_id is null
        and rental_bookings.guest_phone = sole_phone_owners.phone
    cross join reporting_period
    where rental_bookings.check_out >= reporting_period.lookback_start
      and rental_bookings.check_in <= reporting_period.as_of_date

),

rental_payments as (

    select
        payer_party_id,
        guest_party_id,
        count(*) as booking_count,
        min(check_in) as first_check_in,
        max(check_out) as last_check_out
    from paid_bookings
    where guest_party_id is not null
      and payer_party_id is not null
      and guest_party_id <> payer_party_id
    group by
        payer_party_id,
        guest_party_id

),

{#- A travel agency or an employer booking for many guests links nobody. #}
non_hub_rental_payers as (

    select
        payer_party_id
    from rental_payments
    group by payer_party_id
    having count(*) <= {{ hub_max_parties }}

),

rental_payer_links as (

    select
        'party' as entity_type_a,
        rental_payments.payer_party_id as entity_id_a,
        'party' as entity_type_b,
        rental_payments.guest_party_id as entity_id_b,
        'rental_payer' as link_type,
        concat(
            rental_payments.payer_party_id, ' paid ', cast(rental_payments.booking_count as {{ dbt.type_string() }}),
            ' short-term rental booking(s) of ', rental_payments.guest_party_id,
            ' between ', {{ format_date('rental_payments.first_check_in') }},
            ' and ', {{ format_date('rental_payments.last_check_out') }}
        ) as link_evidence
    from rental_payments
    inner join non_hub_rental_payers
        on rental_payments.payer_party_id = non_hub_rental_payers.payer_party_id

),

{#- ---------- money flows ---------- #}

{#- Both bookings of one payment (out at the payer, in at the payee) become one row. #}
payments as (

    select distinct
        case when direction = 'out' then holder_party_id else counterparty_party_id end as payer_party_id,
        case when direction = 'out' then counterparty_party_id else holder_party_id end as payee_party_id,
        booked_at,
        booked_date,
        amount_dkk
    from transactions

),

money_flows as (

    select
        payer_party_id,
        payee_party_id,
        count(*) as payment_count,
        sum(amount_dkk) as total_dkk,
        min(booked_date) as first_date,
        max(booked_date) as last_date
    from payments
    group by
        payer_party_id,
        payee_party_id

),

{#- A shop, landlord or collection point paid by many parties links nobody. #}
money_counterparties as (

    select payer_party_id as party_id, payee_party_id as counterparty_id from money_flows
    union
    select payee_party_id as party_id, payer_party_id as counterparty_id from money_flows

),

money_hubs as (

    select
        party_id
    from money_counterparties
    group by party_id
    having count(*) > {{ hub_max_parties }}

),

money_flow_links as (

    select
        'party' as entity_type_a,
        money_flows.payer_party_id as entity_id_a,
        'party' as entity_type_b,
        money_flows.payee_party_id as entity_id_b,
        'money_flow' as link_type,
        concat(
            money_flows.payer_party_id, ' paid ', money_flows.payee_party_id, ' ',
            cast(money_flows.payment_count as {{ dbt.type_string() }}), ' time(s), DKK ',
            {{ format_number('money_flows.total_dkk') }}, ' in total, between ',
            {{ format_date('money_flows.first_date') }}, ' and ', {{ format_date('money_flows.last_date') }}
        ) as link_evidence
    from money_flows
    left join money_hubs as payer_hubs
        on money_flows.payer_party_id = payer_hubs.party_id
    left join money_hubs as payee_hubs
        on money_flows.payee_party_id = payee_hubs.party_id
    where payer_hubs.party_id is null
      and payee_hubs.party_id is null
      and (
          money_flows.payment_count >= {{ money_flow_min_transfers }}
          and money_flows.total_dkk >= {{ money_flow_min_dkk }}
      )

),

{#- ---------- frontline companions ---------- #}

companions as (

    select
        frontline_observations.accompanied_by_party_id as companion_party_id,
        frontline_observations.party_id,
        count(*) as observation_count,
        min(cast(frontline_observations.observed_at as date)) as first_date
    from frontline_observations
    cross join reporting_period
    where cast(frontline_observations.observed_at as date) between reporting_period.lookback_start and reporting_period.as_of_date
    group by
        frontline_observations.accompanied_by_party_id,
        frontline_observations.party_id

),

{#- An interpreter or social worker accompanying many people links nobody. #}
non_hub_companions as (

    select
        companion_party_id
    from companions
    group by companion_party_id
    having count(*) <= {{ hub_max_parties }}

),

companion_links as (

    select
        'party' as entity_type_a,
        companions.companion_party_id as entity_id_a,
        'party' as entity_type_b,
        companions.party_id as entity_id_b,
        'accompanied_by' as link_type,
        concat(
            companions.companion_party_id, ' accompanied ', companions.party_id, ' at ',
            cast(companions.observation_count as {{ dbt.type_string() }}),
            ' frontline observation(s) from ', {{ format_date('companions.first_date') }}
        ) as link_evidence
    from companions
    inner join non_hub_companions
        on companions.companion_party_id = non_hub_companions.companion_party_id

),

{#- ---------- platform signals ---------- #}

signal_pairs as (

    select
        counterpart.signal_type,
        counterpart.entity_type as entity_type_a,
        counterpart.entity_id as entity_id_a,
        subject.entity_type as entity_type_b,
        subject.entity_id as entity_id_b,
        count(distinct counterpart.signal_id) as signal_count,
        min(counterpart.observed_date) as first_date,
        max(counterpart.observed_date) as last_date
    from platform_signal_sides as counterpart
    inner join platform_signal_sides as subject
        on counterpart.signal_id = subject.signal_id
        and subject.side = 'subject'
    cross join reporting_period
    where counterpart.side = 'counterpart'
      and not (counterpart.entity_type = subject.entity_type and counterpart.entity_id = subject.entity_id)
      and counterpart.observed_date between reporting_period.lookback_start and reporting_period.as_of_date
    group by
        counterpart.signal_type,
        counterpart.entity_type,
        counterpart.entity_id,
        subject.entity_type,
        subject.entity_id

),

signal_counterparts as (

    select entity_type_a as entity_type, entity_id_a as entity_id, entity_type_b as other_type, entity_id_b as other_id from signal_pairs
    union
    select entity_type_b as entity_type, entity_id_b as entity_id, entity_type_a as other_type, entity_id_a as other_id from signal_pairs

),

signal_hubs as (

    select
        entity_type,
        entity_id
    from signal_counterparts
    group by
        entity_type,
        entity_id
    having count(*) > {{ hub_max_parties }}

),

signal_links as (

    select
        signal_pairs.entity_type_a,
        signal_pairs.entity_id_a,
        signal_pairs.entity_type_b,
        signal_pairs.entity_id_b,
        signal_pairs.signal_type as link_type,
        concat(
            signal_pairs.signal_type, ' by ', signal_pairs.entity_type_a, ' ', signal_pairs.entity_id_a,
            ' on ', signal_pairs.entity_type_b, ' ', signal_pairs.entity_id_b, ': ',
            cast(signal_pairs.signal_count as {{ dbt.type_string() }}), ' platform signal(s) between ',
            {{ format_date('signal_pairs.first_date') }}, ' and ', {{ format_date('signal_pairs.last_date') }}
        ) as link_evidence
    from signal_pairs
    left join signal_hubs as hubs_a
        on signal_pairs.entity_type_a = hubs_a.entity_type
        and signal_pairs.entity_id_a = hubs_a.entity_id
    left join signal_hubs as hubs_b
        on signal_pairs.entity_type_b = hubs_b.entity_type
        and signal_pairs.entity_id_b = hubs_b.entity_id
    where hubs_a.entity_id is null
      and hubs_b.entity_id is null

),

final as (

    select * from shared_identifier_links
    union all
    select * from shared_residence_links
    union all
    select * from employment_links
    union all
    select * from company_role_links
    union all
    select * from rental_payer_links
    union all
    select * from money_flow_links
    union all
    select * from companion_links
    union all
    select * from signal_links

)

select * from final
