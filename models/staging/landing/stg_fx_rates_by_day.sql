{#
    The landed rate in force on each day, per currency: the latest fx_rates
    rate on or before the day, from a currency's first landed rate to the run
    date (later timestamps are rejected in staging). Staging converts amounts
    with it and falls back to the reference seed fx_rates_to_dkk for a
    currency or a day it does not cover.
#}
with landed_rates as (

    select
        rate_date,
        currency,
        dkk_per_unit
    from {{ ref('stg_fx_rates') }}

),

currency_spans as (

    select
        currency,
        min(rate_date) as first_rate_date,
        greatest(max(rate_date), current_date) as last_day
    from landed_rates
    group by currency

),

days as (

    {{ date_series_per_row('currency_spans', 'currency', 'first_rate_date', 'last_day', 'rate_day') }}

),

latest_rate_dates as (

    select
        days.currency,
        days.rate_day,
        max(landed_rates.rate_date) as rate_date
    from days
    inner join landed_rates
        on days.currency = landed_rates.currency
        and landed_rates.rate_date <= days.rate_day
    group by
        days.currency,
        days.rate_day

),

final as (

    select
        latest_rate_dates.currency,
        latest_rate_dates.rate_day,
        latest_rate_dates.rate_date,
        landed_rates.dkk_per_unit
    from latest_rate_dates
    inner join landed_rates
        on latest_rate_dates.currency = landed_rates.currency
        and latest_rate_dates.rate_date = landed_rates.rate_date

)

select * from final
