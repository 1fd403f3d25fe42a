{#
    F14 many_workers_one_address: many workers of one employer live at the
    same residence - worse when it is the employer's own address or one of
    its people's.
    A worker lives at an address while a residence record (address_type
    residence) and the employer link (int_employer_worker_links) overlap,
    inside the lookback period. For every address and employer, the rule
    counts the workers living there at the same time (checked on each day a
    worker's stay begins) and fires when at least min_workers_same_employer
    do. People holding a role in the employer are not counted as its
    workers. Flags the address (both sides), the employer (trafficker side)
    and each worker present (victim side); stronger when the address is one
    of the employer's own or of a person holding a role in it.
#}
{%- set min_workers_same_employer = threshold('F14', 'min_workers_same_employer') %}

with reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

party_addresses as (

    select
        party_id,
        address_id,
        street,
        postcode,
        city,
        address_type,
        valid_from,
        valid_to
    from {{ ref('stg_party_addresses') }}

),

employer_worker_links as (

    select
        employer_party_id,
        worker_party_id,
        linked_from,
        linked_to
    from {{ ref('int_employer_worker_links') }}

),

company_roles as (

    select
        company_party_id,
        person_party_id,
        valid_from,
        valid_to
    from {{ ref('stg_company_roles') }}

),

addresses_in_period as (

    select
        party_addresses.party_id,
        party_addresses.address_id,
        party_addresses.address_type,
        party_addresses.valid_from,
        party_addresses.valid_to
    from party_addresses
    cross join reporting_period
    where party_addresses.valid_from <= reporting_period.as_of_date
      and (party_addresses.valid_to is null or party_addresses.valid_to >= reporting_period.lookback_start)

),

residences_in_period as (

    select
        party_id,
        address_id,
        valid_from,
        valid_to
    from addresses_in_period
    where address_type = 'residence'

),

roles_in_period as (

    select distinct
        company_roles.company_party_id,
        company_roles.person_party_id
    from company_roles
    cross join reporting_period
    where company_roles.valid_from <= reporting_period.as_of_date
      and (company_roles.valid_to is null or company_roles.valid_to >= reporting_period.lookback_start)

),

{#- A stay: the days a worker both lived at the address and worked for the employer. #}
worker_stays as (

    select
        residences_in_period.address_id,
        employer_worker_links.employer_party_id,
        employer_worker_links.worker_party_id,
        greatest(residences_in_period.valid_from, employer_worker_links.linked_from, reporting_period.lookback_start) as stay_start,
        least(
            coalesce(residences_in_period.valid_to, reporting_period.as_of_date),
            coalesce(employer_worker_links.linked_to, reporting_period.as_of_date),
            reporting_period.as_of_date
        ) as stay_end
    from residences_in_period
    inner join employer_worker_links
        on residences_in_period.party_id = employer_worker_links.worker_party_id
    cross join reporting_period
    left join roles_in_period
        on employer_worker_links.employer_party_id = roles_in_period.company_party_id
        and employer_worker_links.worker_party_id = roles_in_period.person_party_id
    where roles_in_period.person_party_id is null

),

valid_stays as (

    select *
    from worker_stays
    where stay_start <= stay_end

),

{#- Only address and employer pairs that could reach the threshold go into the self-join. #}
candidate_groups as (

    select
        address_id,
        employer_party_id
    from valid_stays
    group by
        address_id,
        employer_party_id
    having count(distinct worker_party_id) >= {{ min_workers_same_employer }}

),

candidate_stays as (

    select valid_stays.*
    from valid_stays
    inner join candidate_groups
        on valid_stays.address_id = candidate_groups.address_id
        and valid_stays.employer_party_id = candidate_groups.employer_party_id

),

{#- Head count at the start of every stay: the moments when the count can rise. #}
workers_present as (

    select
        opening.address_id,
        opening.employer_party_id,
        opening.stay_start as present_on,
        present.worker_party_id,
        present.stay_end
    from candidate_stays as opening
    inner join candidate_stays as present
        on opening.address_id = present.address_id
        and opening.employer_party_id = present.employer_party_id
        and present.stay_start <= opening.stay_start
        and present.stay_end >= opening.stay_start

),

head_counts as (

    select
        address_id,
        employer_party_id,
        present_on,
        count(distinct worker_party_id) as worker_count,
        min(stay_end) as together_until
    from workers_present
    group by
        address_id,
        employer_party_id,
        present_on

),

crowded_moments as (

    select *
    from head_counts
    where worker_count >= {{ min_workers_same_employer }}
    qualify row_number() over (
        partition by address_id, employer_party_id
        order by worker_count desc, present_on
    ) = 1

),

{#- The employer's own addresses and those of the people holding a role in it. #}
employer_side_addresses as (

    select distinct
        roles_in_period.company_party_id as employer_party_id,
        addresses_in_period.address_id,
        'the home of a person holding a role in the employer' as link_text
    from roles_in_period
    inner join addresses_in_period
        on roles_in_period.person_party_id = addresses_in_period.party_id

    union all

    select distinct
        party_id as employer_party_id,
        address_id,
        'an address of the employer itself' as link_text
    from addresses_in_period

),

employer_side_links as (

    select
        employer_party_id,
        address_id,
        min(link_text) as link_text
    from employer_side_addresses
    group by
        employer_party_id,
        address_id

),

address_labels as (

    select
        address_id,
        max(concat(coalesce(street, ''), ', ', coalesce(postcode, ''), ' ', coalesce(city, ''))) as address_label
    from party_addresses
    group by address_id

),

crowded_addresses as (

    select
        crowded_moments.address_id,
        crowded_moments.employer_party_id,
        crowded_moments.present_on as window_start,
        crowded_moments.together_until as window_end,
        crowded_moments.worker_count,
        employer_side_links.link_text,
        least(
            1.0,
            0.5 * cast(crowded_moments.worker_count as double) / {{ min_workers_same_employer }}
            + case when employer_side_links.address_id is not null then 0.25 else 0.0 end
        ) as strength,
        concat(
            cast(crowded_moments.worker_count as {{ dbt.type_string() }}), ' workers of employer ',
            crowded_moments.employer_party_id, ' lived at address ', crowded_moments.address_id,
            ' (', coalesce(address_labels.address_label, ''), ') at the same time, from ',
            {{ format_date('crowded_moments.present_on') }}, ' to at least ', {{ format_date('crowded_moments.together_until') }},
            case when employer_side_links.address_id is not null
                then concat('; the address is ', employer_side_links.link_text) else '' end,
            ' (threshold: ', '{{ min_workers_same_employer }}', ' workers of one employer)'
        ) as evidence
    from crowded_moments
    left join employer_side_links
        on crowded_moments.employer_party_id = employer_side_links.employer_party_id
        and crowded_moments.address_id = employer_side_links.address_id
    left join address_labels
        on crowded_moments.address_id = address_labels.address_id

),

address_flags as (

    select
        'address' as entity_type,
        address_id as entity_id,
        'both' as role_side,
        strength,
        window_start,
        window_end,
        worker_count,
        evidence
    from crowded_addresses
    qualify row_number() over (
        partition by address_id
        order by strength desc, worker_count desc, employer_party_id
    ) = 1

),

employer_flags as (

    select
        'party' as entity_type,
        employer_party_id as entity_id,
        'trafficker' as role_side,
        strength,
        window_start,
        window_end,
        worker_count,
        evidence
    from crowded_addresses
    qualify row_number() over (
        partition by employer_party_id
        order by strength desc, worker_count desc, address_id
    ) = 1

),

worker_flags as (

    select
        'party' as entity_type,
        workers_present.worker_party_id as entity_id,
        'victim' as role_side,
        crowded_addresses.strength,
        crowded_addresses.window_start,
        crowded_addresses.window_end,
        crowded_addresses.worker_count,
        concat('One of ', crowded_addresses.evidence) as evidence
    from crowded_addresses
    inner join workers_present
        on crowded_addresses.address_id = workers_present.address_id
        and crowded_addresses.employer_party_id = workers_present.employer_party_id
        and crowded_addresses.window_start = workers_present.present_on
    qualify row_number() over (
        partition by workers_present.worker_party_id
        order by crowded_addresses.strength desc, crowded_addresses.worker_count desc, crowded_addresses.address_id
    ) = 1

),

flags as (

    select * from address_flags
    union all
    select * from employer_flags
    union all
    select * from worker_flags

),

final as (

    select
        entity_type,
        entity_id,
        'F14' as indicator_id,
        role_side,
        strength,
        window_start,
        window_end,
        cast(worker_count as double) as measure,
        cast({{ min_workers_same_employer }} as double) as threshold,
        evidence
    from flags

)

select * from final
