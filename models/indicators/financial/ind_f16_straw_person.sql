{#
    F16 straw_person: a low-income worker, or a person frontline staff saw
    being spoken for or in poor condition, appears as owner, director,
    founder or signatory of a business with substantial turnover, or of
    several businesses set up in a short time.
    A person holding a role during the lookback period is a possible straw
    person when
      - income known and low: payslips in the period and an annual pay rate
        (int_party_annual_income.annual_pay_rate_dkk: pay over the days the
        payslips cover) of at most max_person_annual_income_dkk; or
      - frontline flags: an observation in the period in which a third party
        spoke for the person or the person looked to a third party before
        answering, or the person looked poor or malnourished.
    No payslips is unknown income, not income 0: a director paid in dividends
    or a pensioner on a board has none, and is not a straw person for it.
    And then
      - turnover: the company's annual turnover (int_company_annual_turnover)
        is at least min_company_annual_turnover_dkk, or
      - serial roles: roles in at least min_companies_in_window distinct
        companies began within some window_days days of the lookback period.
    Flags the person (both sides: an exploited worker whose identity is used,
    or a willing front) and the company or companies (trafficker side).
#}
{%- set max_person_annual_income_dkk = threshold('F16', 'max_person_annual_income_dkk') %}
{%- set min_company_annual_turnover_dkk = threshold('F16', 'min_company_annual_turnover_dkk') %}
{%- set min_companies_in_window = threshold('F16', 'min_companies_in_window') %}
{%- set window_days = threshold('F16', 'window_days') %}

with reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

company_roles as (

    select
        company_party_id,
        person_party_id,
        role,
        valid_from,
        valid_to
    from {{ ref('stg_company_roles') }}
    where role in ('owner', 'director', 'founder', 'signatory')

),

parties as (

    select
        party_id,
        party_type
    from {{ ref('stg_parties') }}

),

annual_income as (

    select
        party_id,
        annual_pay_rate_dkk
    from {{ ref('int_party_annual_income') }}

),

frontline_observations as (

    select
        party_id,
        observed_date,
        third_party_spoke,
        looked_to_third_party,
        poor_appearance,
        malnourished
    from {{ ref('int_frontline_observations_limited_to_period') }}

),

company_turnover as (

    select
        company_party_id,
        annual_turnover_dkk,
        turnover_source
    from {{ ref('int_company_annual_turnover') }}

),

{#- "Little or no local language" is left out: it tells where a person comes
    from, not whether someone else runs their company. #}
frontline_flags as (

    select
        party_id,
        max(observed_date) as last_flagged_date,
        bool_or(third_party_spoke or looked_to_third_party) as was_spoken_for,
        bool_or(poor_appearance or malnourished) as looked_poor
    from frontline_observations
    where third_party_spoke
       or looked_to_third_party
       or poor_appearance
       or malnourished
    group by party_id

),

{#- Roles held by persons (not holding companies) at some time in the lookback period. #}
roles_in_period as (

    select
        company_roles.company_party_id,
        company_roles.person_party_id,
        company_roles.role,
        company_roles.valid_from,
        greatest(company_roles.valid_from, reporting_period.lookback_start) as held_from,
        least(coalesce(company_roles.valid_to, reporting_period.as_of_date), reporting_period.as_of_date) as held_to,
        company_roles.valid_from >= reporting_period.lookback_start as began_in_period
    from company_roles
    cross join reporting_period
    left join parties
        on company_roles.person_party_id = parties.party_id
    where company_roles.valid_from <= reporting_period.as_of_date
      and (company_roles.valid_to is null or company_roles.valid_to >= reporting_period.lookback_start)
      and coalesce(parties.party_type, 'person') = 'person'

),

{#- A role holder without payslips and without frontline flags is left out: unknown income is no low income. #}
possible_straw_persons as (

    select
        roles_in_period.*,
        concat(
            case
                when annual_income.annual_pay_rate_dkk is null then 'no payslips, income unknown'
                else concat('paid at a rate of DKK ', {{ format_number('annual_income.annual_pay_rate_dkk') }}, ' a year')
            end,
            case
                when frontline_flags.party_id is null then ''
                else concat(
                    '; frontline staff saw the person ',
                    case
                        when frontline_flags.was_spoken_for and frontline_flags.looked_poor
                            then 'spoken for by a third party and in poor condition'
                        when frontline_flags.was_spoken_for then 'spoken for by a third party'
                        else 'in poor condition'
                    end,
                    ', last on ', {{ format_date('frontline_flags.last_flagged_date') }}
                )
            end
        ) as person_text
    from roles_in_period
    left join annual_income
        on roles_in_period.person_party_id = annual_income.party_id
    left join frontline_flags
        on roles_in_period.person_party_id = frontline_flags.party_id
    where annual_income.annual_pay_rate_dkk <= {{ max_person_annual_income_dkk }}
       or frontline_flags.party_id is not null

),

{#- One row per person and company; several roles in one company are listed together. #}
person_company_roles as (

    select
        person_party_id,
        company_party_id,
        min(role) as first_role,
        max(role) as last_role,
        min(valid_from) as first_valid_from,
        min(held_from) as held_from,
        max(held_to) as held_to,
        max(case when began_in_period then 1 else 0 end) = 1 as began_in_period,
        max(person_text) as person_text
    from possible_straw_persons
    group by
        person_party_id,
        company_party_id

),

turnover_matches as (

    select
        person_company_roles.person_party_id,
        person_company_roles.company_party_id,
        person_company_roles.held_from as window_start,
        person_company_roles.held_to as window_end,
        cast(company_turnover.annual_turnover_dkk as double) as measure,
        cast({{ min_company_annual_turnover_dkk }} as double) as threshold,
        least(1.0, 0.5 * cast(company_turnover.annual_turnover_dkk as double) / {{ min_company_annual_turnover_dkk }}) as strength,
        concat(
            'Person ', person_company_roles.person_party_id, ' (', person_company_roles.person_text, ') is ',
            person_company_roles.first_role,
            case when person_company_roles.last_role <> person_company_roles.first_role
                then concat(' and ', person_company_roles.last_role) else '' end,
            ' of company ', person_company_roles.company_party_id, ' with an annual turnover of DKK ',
            {{ format_number('company_turnover.annual_turnover_dkk') }},
            case when company_turnover.turnover_source = 'bank_inflow' then ' (incoming payments)' else ' (reported revenue)' end,
            ' between ', {{ format_date('person_company_roles.held_from') }}, ' and ', {{ format_date('person_company_roles.held_to') }},
            ' (thresholds: turnover at least DKK ', {{ format_number(min_company_annual_turnover_dkk) }},
            ', pay at most DKK ', {{ format_number(max_person_annual_income_dkk) }}, ' a year, or frontline flags)'
        ) as evidence
    from person_company_roles
    inner join company_turnover
        on person_company_roles.company_party_id = company_turnover.company_party_id
    where company_turnover.annual_turnover_dkk >= {{ min_company_annual_turnover_dkk }}

),

role_starts as (

    select
        person_party_id,
        company_party_id,
        first_valid_from as role_start,
        person_text
    from person_company_roles
    where began_in_period

),

{#- Each role start opens a window of window_days days. #}
roles_per_window as (

    select
        window_opener.person_party_id,
        window_opener.company_party_id as opening_company_party_id,
        window_opener.role_start as window_start,
        max(role_start.role_start) as window_end,
        count(distinct role_start.company_party_id) as company_count,
        max(window_opener.person_text) as person_text
    from role_starts as window_opener
    inner join role_starts as role_start
        on window_opener.person_party_id = role_start.person_party_id
        and role_start.role_start >= window_opener.role_start
        and role_start.role_start <= {{ dbt.dateadd('day', window_days - 1, 'window_opener.role_start') }}
    group by
        window_opener.person_party_id,
        window_opener.company_party_id,
        window_opener.role_start

),

strongest_serial_window as (

    select *
    from roles_per_window
    where company_count >= {{ min_companies_in_window }}
    qualify row_number() over (
        partition by person_party_id
        order by company_count desc, window_start, opening_company_party_id
    ) = 1

),

serial_window_companies as (

    select
        strongest_serial_window.person_party_id,
        role_starts.company_party_id,
        strongest_serial_window.window_start,
        strongest_serial_window.window_end,
        strongest_serial_window.company_count,
        strongest_serial_window.person_text
    from strongest_serial_window
    inner join role_starts
        on strongest_serial_window.person_party_id = role_starts.person_party_id
        and role_starts.role_start between strongest_serial_window.window_start and strongest_serial_window.window_end

),

serial_matches as (

    select
        person_party_id,
        window_start,
        window_end,
        cast(max(company_count) as double) as measure,
        cast({{ min_companies_in_window }} as double) as threshold,
        least(1.0, 0.5 * cast(max(company_count) as double) / {{ min_companies_in_window }}) as strength,
        concat(
            'Person ', person_party_id, ' (', max(person_text), ') took roles in ', cast(max(company_count) as {{ dbt.type_string() }}), ' companies between ',
            {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }}, ' (',
            {{ dbt.listagg('company_party_id', "', '", 'order by company_party_id') }},
            ') (threshold: ', '{{ min_companies_in_window }}', ' companies within ', '{{ window_days }}',
            ' days; pay at most DKK ', {{ format_number(max_person_annual_income_dkk) }}, ' a year, or frontline flags)'
        ) as evidence
    from serial_window_companies
    group by
        person_party_id,
        window_start,
        window_end

),

flags as (

    select
        'party' as entity_type,
        person_party_id as entity_id,
        'both' as role_side,
        strength,
        window_start,
        window_end,
        measure,
        threshold,
        evidence
    from turnover_matches

    union all

    select
        'party' as entity_type,
        company_party_id as entity_id,
        'trafficker' as role_side,
        strength,
        window_start,
        window_end,
        measure,
        threshold,
        evidence
    from turnover_matches

    union all

    select
        'party' as entity_type,
        person_party_id as entity_id,
        'both' as role_side,
        strength,
        window_start,
        window_end,
        measure,
        threshold,
        evidence
    from serial_matches

    union all

    select
        'party' as entity_type,
        serial_window_companies.company_party_id as entity_id,
        'trafficker' as role_side,
        serial_matches.strength,
        serial_matches.window_start,
        serial_matches.window_end,
        serial_matches.measure,
        serial_matches.threshold,
        serial_matches.evidence
    from serial_matches
    inner join serial_window_companies
        on serial_matches.person_party_id = serial_window_companies.person_party_id

),

final as (

    select
        entity_type,
        entity_id,
        'F16' as indicator_id,
        role_side,
        strength,
        window_start,
        window_end,
        measure,
        threshold,
        evidence
    from flags
    qualify row_number() over (
        partition by entity_type, entity_id, role_side
        order by strength desc, window_start, evidence
    ) = 1

)

select * from final
