{#
    The one full scan of stg_transactions that indicators share: every booking
    inside the lookback period with the holder of its account and, when the
    other side is an account in the data, that account's holder.

    Incremental on DuckDB: writing ten million rows costs several times more
    than computing them, so a run computes every row, compares each with the
    stored one by its fingerprint, and writes only the bookings that are new,
    changed (a replaced file, a new FX rate, a holder's account changed) or
    gone (a removed file, a conflicting copy, the lookback moved on). Gone
    bookings leave the batch as their txn_id with a null fingerprint; the
    sync_changed_rows strategy deletes them. Spark builds it as a table.
#}
{{ config(
    materialized=('table' if target.type == 'spark' else 'incremental'),
    incremental_strategy='sync_changed_rows',
    unique_key='txn_id',
    on_schema_change='sync_all_columns'
) }}

{#- The columns after txn_id, in order. #}
{%- set booking_columns = [
    'account_id',
    'holder_party_id',
    'holder_party_type',
    'account_type',
    'account_provider',
    'account_phone',
    'booked_at',
    'booked_date',
    'direction',
    'amount_dkk',
    'channel',
    'counterparty_account_id',
    'counterparty_party_id',
    'counterparty_name',
    'counterparty_phone',
    'counterparty_country',
    'merchant_name',
    'merchant_category_code',
    'location_city',
    'location_id',
    'reference'
] -%}

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

joined as (

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

),

fingerprinted as (

    select
        joined.*,
        {{ row_fingerprint(['txn_id'] + booking_columns) }} as _row_fingerprint
    from joined

),
{%- if is_incremental() %}

stored as (

    select
        txn_id,
        _row_fingerprint
    from {{ this }}

),

{#-
    A scalar subquery, not a join: DuckDB then always holds the narrow stored
    side in memory. With a join its optimizer may choose to hold the ten
    million computed rows instead, which spills.
#}
compared as (

    select
        fingerprinted.*,
        (
            select stored._row_fingerprint
            from stored
            where stored.txn_id = fingerprinted.txn_id
        ) as _stored_fingerprint
    from fingerprinted

),

new_or_changed as (

    select
        txn_id,
        {%- for column in booking_columns %}
        {{ column }},
        {%- endfor %}
        _row_fingerprint
    from compared
    where _stored_fingerprint is distinct from _row_fingerprint

),

{#- Read again for the key alone: sharing transactions_in_period would keep all its columns. #}
booking_keys_in_period as (

    select bookings.txn_id
    from {{ ref('stg_transactions') }} as bookings
    cross join reporting_period
    where cast(bookings.booked_at as date) between reporting_period.lookback_start and reporting_period.as_of_date

),

gone as (

    select stored.txn_id
    from stored
    where not exists (
        select 1
        from booking_keys_in_period
        where booking_keys_in_period.txn_id = stored.txn_id
    )

),

final as (

    select * from new_or_changed
    union all
    select
        txn_id,
        {%- for column in booking_columns %}
        null as {{ column }},
        {%- endfor %}
        null as _row_fingerprint
    from gone

)
{%- else %}

final as (

    select * from fingerprinted

)
{%- endif %}

select * from final
