{#
    F12 identical_pay_in_variable_industry: a worker in a job paid by the
    hour in construction, hospitality or cleaning (seed
    variable_pay_industries) whose gross pay is the same in every pay
    period, where overtime, holidays and sick leave would make it vary.
    Every run of min_periods consecutive payslips of one worker from one
    employer whose relative spread (max - min) / average of gross pay is at
    most max_relative_spread qualifies; overlapping qualifying runs are merged
    and the longest kept. The job decides whether pay should vary, not the
    industry alone: a spell is left out when every employment of the pair in
    it has a salaried title (seed job_titles_by_pay_basis: management or
    office work: a bookkeeper or site manager of a building firm is paid a
    fixed salary). A title that is missing or matches no word counts as the
    industry's usual hourly job. Flags the worker (victim side) and, more
    weakly, the employer (trafficker side). People holding a role in the
    employer (owner-directors paying themselves a fixed salary) are not
    workers here. The hours on the payslips are reported, not required: a
    paper salary records the same hours every month as readily as none.
#}
{%- set min_periods = threshold('F12', 'min_periods') | int %}
{%- set max_relative_spread = threshold('F12', 'max_relative_spread') %}

with payslips as (

    select
        payslip_id,
        employer_party_id,
        employee_party_id,
        period_start,
        period_end,
        gross_pay_dkk,
        hours_worked
    from {{ ref('int_payslips_limited_to_period') }}

),

employers as (

    select
        party_id,
        industry_code
    from {{ ref('stg_parties') }}
    where industry_code is not null

),

variable_pay_industries as (

    select
        nace_prefix,
        industry
    from {{ ref('variable_pay_industries') }}

),

company_roles as (

    select distinct
        company_party_id,
        person_party_id
    from {{ ref('stg_company_roles') }}

),

employments as (

    select
        employer_party_id,
        employee_party_id,
        start_date,
        end_date,
        job_title
    from {{ ref('stg_employments') }}

),

job_title_words as (

    select
        lower(trim(title_pattern)) as title_pattern,
        job_group
    from {{ ref('job_titles_by_pay_basis') }}

),

{#- '81.2' must match '81.21' and '81.22' but not '81.3': a prefix match on the dotted code. #}
variable_pay_employers as (

    select
        employers.party_id as employer_party_id,
        employers.industry_code,
        max(variable_pay_industries.industry) as industry
    from employers
    inner join variable_pay_industries
        on employers.industry_code like concat(variable_pay_industries.nace_prefix, '%')
    group by
        employers.party_id,
        employers.industry_code

),

workers_payslips as (

    select
        payslips.*,
        variable_pay_employers.industry_code,
        variable_pay_employers.industry,
        row_number() over (
            partition by payslips.employer_party_id, payslips.employee_party_id
            order by payslips.period_start, payslips.payslip_id
        ) as period_number
    from payslips
    inner join variable_pay_employers
        on payslips.employer_party_id = variable_pay_employers.employer_party_id
    left join company_roles
        on payslips.employer_party_id = company_roles.company_party_id
        and payslips.employee_party_id = company_roles.person_party_id
    where company_roles.person_party_id is null
      and payslips.gross_pay_dkk > 0

),

{#- Each payslip opens a run of min_periods consecutive payslips of the same pair. #}
runs_of_min_periods as (

    select
        employer_party_id,
        employee_party_id,
        industry_code,
        industry,
        period_number,
        period_start,
        lead(period_end, {{ min_periods - 1 }}) over pair_periods as run_end,
        count(*) over run_frame as periods_in_run,
        min(gross_pay_dkk) over run_frame as min_gross_dkk,
        max(gross_pay_dkk) over run_frame as max_gross_dkk,
        avg(gross_pay_dkk) over run_frame as avg_gross_dkk
    from workers_payslips
    window
        pair_periods as (
            partition by employer_party_id, employee_party_id
            order by period_number
        ),
        run_frame as (
            partition by employer_party_id, employee_party_id
            order by period_number
            rows between current row and {{ min_periods - 1 }} following
        )

),

qualifying_runs as (

    select
        *,
        {#- consecutive qualifying openers share this key: one island of identical pay #}
        period_number - row_number() over (
            partition by employer_party_id, employee_party_id
            order by period_number
        ) as island_key
    from runs_of_min_periods
    where periods_in_run = {{ min_periods }}
      and (max_gross_dkk - min_gross_dkk) / avg_gross_dkk <= {{ max_relative_spread }}

),

identical_pay_spells as (

    select
        employer_party_id,
        employee_party_id,
        max(industry_code) as industry_code,
        max(industry) as industry,
        min(period_number) as first_period_number,
        max(period_number) + {{ min_periods - 1 }} as last_period_number,
        max(period_number) - min(period_number) + {{ min_periods }} as identical_periods,
        min(period_start) as window_start,
        max(run_end) as window_end
    from qualifying_runs
    group by
        employer_party_id,
        employee_party_id,
        island_key

),

{#- The pair's employments during the spell and the job group their title
    falls in: management wins over a trade word (a cleaning manager
    manages), a trade word over an office word (an office cleaner cleans). #}
spell_employments as (

    select
        identical_pay_spells.employer_party_id,
        identical_pay_spells.employee_party_id,
        identical_pay_spells.window_start,
        employments.job_title,
        min(case job_title_words.job_group
            when 'management' then 1
            when 'trade' then 2
            when 'office' then 3
        end) as job_group_rank
    from identical_pay_spells
    inner join employments
        on identical_pay_spells.employer_party_id = employments.employer_party_id
        and identical_pay_spells.employee_party_id = employments.employee_party_id
        and employments.start_date <= identical_pay_spells.window_end
        and (employments.end_date is null or employments.end_date >= identical_pay_spells.window_start)
    left join job_title_words
        on lower(trim(employments.job_title)) like concat('%', job_title_words.title_pattern, '%')
    group by
        identical_pay_spells.employer_party_id,
        identical_pay_spells.employee_party_id,
        identical_pay_spells.window_start,
        employments.job_title

),

spell_jobs as (

    select
        employer_party_id,
        employee_party_id,
        window_start,
        min(job_title) as job_title,
        count(*) = count_if(job_group_rank in (1, 3)) as is_salaried_job
    from spell_employments
    group by
        employer_party_id,
        employee_party_id,
        window_start

),

{#- Spells in jobs paid by the hour (or of unknown kind), with the pay and
    hours recorded over the whole spell, for the evidence. #}
spell_pay as (

    select
        identical_pay_spells.employer_party_id,
        identical_pay_spells.employee_party_id,
        identical_pay_spells.industry_code,
        identical_pay_spells.industry,
        identical_pay_spells.identical_periods,
        identical_pay_spells.window_start,
        identical_pay_spells.window_end,
        spell_jobs.job_title,
        min(workers_payslips.gross_pay_dkk) as min_gross_dkk,
        max(workers_payslips.gross_pay_dkk) as max_gross_dkk,
        count(workers_payslips.hours_worked) as periods_with_hours,
        min(workers_payslips.hours_worked) as min_hours,
        max(workers_payslips.hours_worked) as max_hours,
        avg(workers_payslips.hours_worked) as avg_hours
    from identical_pay_spells
    inner join workers_payslips
        on identical_pay_spells.employer_party_id = workers_payslips.employer_party_id
        and identical_pay_spells.employee_party_id = workers_payslips.employee_party_id
        and workers_payslips.period_number between identical_pay_spells.first_period_number and identical_pay_spells.last_period_number
    left join spell_jobs
        on identical_pay_spells.employer_party_id = spell_jobs.employer_party_id
        and identical_pay_spells.employee_party_id = spell_jobs.employee_party_id
        and identical_pay_spells.window_start = spell_jobs.window_start
    where not coalesce(spell_jobs.is_salaried_job, false)
    group by
        identical_pay_spells.employer_party_id,
        identical_pay_spells.employee_party_id,
        identical_pay_spells.industry_code,
        identical_pay_spells.industry,
        identical_pay_spells.identical_periods,
        identical_pay_spells.window_start,
        identical_pay_spells.window_end,
        spell_jobs.job_title

),

strongest_spell_per_pair as (

    select
        *,
        concat(
            case when min_gross_dkk = max_gross_dkk
                then concat('gross pay of DKK ', {{ format_number('min_gross_dkk', 2) }})
                else concat('gross pay between DKK ', {{ format_number('min_gross_dkk', 2) }}, ' and DKK ', {{ format_number('max_gross_dkk', 2) }})
            end,
            ' in each of ', cast(identical_periods as {{ dbt.type_string() }}), ' consecutive pay periods between ',
            {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' from employer ', employer_party_id, ' (NACE ', industry_code, ', ', industry, ', where pay normally varies)',
            ', job ', case when job_title is null then 'not registered' else concat('"', job_title, '"') end,
            ', ',
            case
                when periods_with_hours = 0 then 'no hours recorded'
                when max_hours - min_hours > {{ max_relative_spread }} * avg_hours
                    then concat('hours recorded between ', {{ format_number('min_hours', 2) }}, ' and ', {{ format_number('max_hours', 2) }},
                        ' while the pay stayed the same')
                else concat({{ format_number('min_hours', 2) }}, ' hours recorded')
            end,
            case when periods_with_hours > 0 and periods_with_hours < identical_periods
                then concat(' in ', cast(periods_with_hours as {{ dbt.type_string() }}), ' of the periods') else '' end,
            ' (threshold: ', '{{ min_periods }}', ' periods within a spread of ', {{ format_number(max_relative_spread * 100, 1) }}, '%)'
        ) as pattern_text
    from spell_pay
    qualify row_number() over (
        partition by employer_party_id, employee_party_id
        order by identical_periods desc, window_start
    ) = 1

),

worker_flags as (

    select
        'party' as entity_type,
        employee_party_id as entity_id,
        'victim' as role_side,
        least(1.0, 0.5 * cast(identical_periods as double) / {{ min_periods }}) as strength,
        window_start,
        window_end,
        identical_periods,
        concat('Identical pay: ', pattern_text) as evidence
    from strongest_spell_per_pair
    qualify row_number() over (
        partition by employee_party_id
        order by identical_periods desc, window_start, employer_party_id
    ) = 1

),

{#- The employer is a weaker lead: half the worker's strength (a fixed salary may be one worker's own arrangement, and job titles are often missing). #}
employer_flags as (

    select
        'party' as entity_type,
        employer_party_id as entity_id,
        'trafficker' as role_side,
        0.5 * least(1.0, 0.5 * cast(identical_periods as double) / {{ min_periods }}) as strength,
        window_start,
        window_end,
        identical_periods,
        concat(
            'Pays ', cast(count(*) over (partition by employer_party_id) as {{ dbt.type_string() }}),
            ' worker(s) identical pay; longest, worker ', employee_party_id, ': ', pattern_text
        ) as evidence
    from strongest_spell_per_pair
    qualify row_number() over (
        partition by employer_party_id
        order by identical_periods desc, window_start, employee_party_id
    ) = 1

),

flags as (

    select * from worker_flags
    union all
    select * from employer_flags

),

final as (

    select
        entity_type,
        entity_id,
        'F12' as indicator_id,
        role_side,
        strength,
        window_start,
        window_end,
        cast(identical_periods as double) as measure,
        cast({{ min_periods }} as double) as threshold,
        evidence
    from flags

)

select * from final
