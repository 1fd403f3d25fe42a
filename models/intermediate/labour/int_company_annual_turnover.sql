{#
    Each company's turnover over the lookback period, annualised (times
    365 / lookback_days), from two sources:
      - the bank's view: incoming bookings on accounts the company holds,
        except transfers between the company's own accounts;
      - the tax view: reported_revenue of its monthly tax filings, each month
        prorated to its days inside the lookback period.
    annual_turnover_dkk is the larger of the two: either source can be
    incomplete (a company banking elsewhere has no bookings here; a company
    hiding income under-reports revenue), and turnover seen in either is
    turnover the business really handled.
#}
with company_credits as (

    select
        holder_party_id as company_party_id,
        amount_dkk
    from {{ ref('int_transactions_joined_to_holders') }}
    where direction = 'in'
      and holder_party_type = 'company'
      and (counterparty_party_id is null or counterparty_party_id <> holder_party_id)

),

tax_filings as (

    select
        company_party_id,
        period_month,
        reported_revenue
    from {{ ref('stg_tax_filings') }}
    where reported_revenue is not null

),

reporting_period as (

    select
        lookback_start,
        as_of_date,
        lookback_days
    from {{ ref('int_reporting_period') }}

),

inflow_per_company as (

    select
        company_party_id,
        count(*) as credit_count,
        sum(amount_dkk) as inflow_in_period_dkk
    from company_credits
    group by company_party_id

),

filing_months as (

    select
        tax_filings.company_party_id,
        tax_filings.reported_revenue,
        tax_filings.period_month as month_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'tax_filings.period_month')) }} as date) as month_end,
        reporting_period.lookback_start,
        reporting_period.as_of_date
    from tax_filings
    cross join reporting_period

),

filing_months_in_period as (

    select
        company_party_id,
        reported_revenue,
        cast({{ dbt.datediff(
            'case when month_start > lookback_start then month_start else lookback_start end',
            'case when month_end < as_of_date then month_end else as_of_date end',
            'day') }} + 1 as double)
            / ({{ dbt.datediff('month_start', 'month_end', 'day') }} + 1) as share_in_lookback
    from filing_months
    where month_end >= lookback_start
      and month_start <= as_of_date

),

revenue_per_company as (

    select
        company_party_id,
        count(*) as filing_count,
        sum(reported_revenue * share_in_lookback) as reported_revenue_in_period_dkk
    from filing_months_in_period
    group by company_party_id

),

combined as (

    select
        coalesce(inflow_per_company.company_party_id, revenue_per_company.company_party_id) as company_party_id,
        coalesce(inflow_per_company.credit_count, 0) as credit_count,
        coalesce(revenue_per_company.filing_count, 0) as filing_count,
        cast(coalesce(inflow_per_company.inflow_in_period_dkk, 0) as double) as inflow_in_period_dkk,
        cast(coalesce(revenue_per_company.reported_revenue_in_period_dkk, 0) as double) as reported_revenue_in_period_dkk
    from inflow_per_company
    full outer join revenue_per_company
        on inflow_per_company.company_party_id = revenue_per_company.company_party_id

),

final as (

    select
        combined.company_party_id,
        combined.credit_count,
        combined.filing_count,
        combined.inflow_in_period_dkk * 365.0 / reporting_period.lookback_days as annual_inflow_dkk,
        combined.reported_revenue_in_period_dkk * 365.0 / reporting_period.lookback_days as annual_reported_revenue_dkk,
        greatest(combined.inflow_in_period_dkk, combined.reported_revenue_in_period_dkk)
            * 365.0 / reporting_period.lookback_days as annual_turnover_dkk,
        case
            when combined.inflow_in_period_dkk >= combined.reported_revenue_in_period_dkk then 'bank_inflow'
            else 'reported_revenue'
        end as turnover_source
    from combined
    cross join reporting_period

)

select * from final
