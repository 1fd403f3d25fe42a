{#
    The one full scan of stg_transactions that indicators share: every booking
    inside the lookback period with the holder of its account and, when the
    other side is an account in the data, that account's holder.
#}
with transactions as (

    select
        txn_id,
        account_id,
        booked_at,
        direction,
        amount_dkk,
        channel,
        counterparty_account_id,
        counterparty_name,
        counterparty_phone,
        counterparty_country,
        merchant_name,
        merchant_category_code,
        location_city,
        location_id,
        reference
    from {{ ref('stg_transactions') }}

),

accounts as (

    select
        account_id,
        party_id,
        provider,
        account_type,
        phone_number
    from {{ ref('stg_accounts') }}

),

parties as (

    select
        party_id,
        party_type
    from {{ ref('stg_parties') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

transactions_in_period as (

    select transactions.*
    from transactions
    cross join reporting_period
    where cast(transactions.booked_at as date) between reporting_period.lookback_start and reporting_period.as_of_date

),

final as (

    select
        transactions_in_period.txn_id,
        transactions_in_period.account_id,
        holder_account.party_id as holder_party_id,
        holder.party_type as holder_party_type,
        holder_account.account_type,
        holder_account.provider as account_provider,
        holder_account.phone_number as account_phone,
        transactions_in_period.booked_at,
        cast(transactions_in_period.booked_at as date) as booked_date,
        transactions_in_period.direction,
        transactions_in_period.amount_dkk,
        transactions_in_period.channel,
        transactions_in_period.counterparty_account_id,
        counterparty_account.party_id as counterparty_party_id,
        transactions_in_period.counterparty_name,
        transactions_in_period.counterparty_phone,
        transactions_in_period.counterparty_country,
        transactions_in_period.merchant_name,
        transactions_in_period.merchant_category_code,
        transactions_in_period.location_city,
        transactions_in_period.location_id,
        transactions_in_period.reference
    from transactions_in_period
    left join accounts as holder_account
        on transactions_in_period.account_id = holder_account.account_id
    left join parties as holder
        on holder_account.party_id = holder.party_id
    left join accounts as counterparty_account
        on transactions_in_period.counterparty_account_id = counterparty_account.account_id

)

select * from final
