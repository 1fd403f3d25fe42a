{#
    Who works for whom, and when: one row per employer and worker pair seen in
    the employment register or in payroll (any time, not only the lookback
    period), with the span the pair was linked. An employment without an end
    date, or a register employment still running, leaves linked_to null (still
    linked). Gaps between several employments of one pair are not kept: the
    span runs from the first link to the last.
#}
with employments as (

    select
        employer_party_id,
        employee_party_id,
        start_date,
        end_date
    from {{ ref('stg_employments') }}
    where employer_party_id <> employee_party_id

),

payroll as (

    select
        employer_party_id,
        employee_party_id,
        period_start,
        period_end
    from {{ ref('stg_payroll') }}
    where employer_party_id <> employee_party_id

),

employment_spans as (

    select
        employer_party_id,
        employee_party_id as worker_party_id,
        count(*) as employment_count,
        min(start_date) as first_employment_start,
        {#- null while any employment of the pair is still open #}
        case when count(end_date) = count(*) then max(end_date) end as last_employment_end
    from employments
    group by
        employer_party_id,
        employee_party_id

),

payroll_spans as (

    select
        employer_party_id,
        employee_party_id as worker_party_id,
        count(*) as payslip_count,
        min(period_start) as first_period_start,
        max(period_end) as last_period_end
    from payroll
    group by
        employer_party_id,
        employee_party_id

),

final as (

    select
        coalesce(employment_spans.employer_party_id, payroll_spans.employer_party_id) as employer_party_id,
        coalesce(employment_spans.worker_party_id, payroll_spans.worker_party_id) as worker_party_id,
        case
            when employment_spans.first_employment_start is null then payroll_spans.first_period_start
            when payroll_spans.first_period_start is null then employment_spans.first_employment_start
            when employment_spans.first_employment_start < payroll_spans.first_period_start then employment_spans.first_employment_start
            else payroll_spans.first_period_start
        end as linked_from,
        case
            when employment_spans.employer_party_id is not null and employment_spans.last_employment_end is null then null
            when employment_spans.last_employment_end is null then payroll_spans.last_period_end
            when payroll_spans.last_period_end is null then employment_spans.last_employment_end
            when employment_spans.last_employment_end > payroll_spans.last_period_end then employment_spans.last_employment_end
            else payroll_spans.last_period_end
        end as linked_to,
        employment_spans.employer_party_id is not null as has_employment,
        payroll_spans.employer_party_id is not null as has_payroll,
        coalesce(employment_spans.employment_count, 0) as employment_count,
        coalesce(payroll_spans.payslip_count, 0) as payslip_count,
        employment_spans.first_employment_start,
        employment_spans.last_employment_end,
        payroll_spans.first_period_start,
        payroll_spans.last_period_end
    from employment_spans
    full outer join payroll_spans
        on employment_spans.employer_party_id = payroll_spans.employer_party_id
        and employment_spans.worker_party_id = payroll_spans.worker_party_id

)

select * from final
