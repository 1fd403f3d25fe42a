{#
    F07 structuring_low_value: suspiciously low transactions and cash deposits.
    Two variants, each inside some window of window_days days, on the account
    holder:
      (a) cash deposits just under the reporting threshold (at least
          just_under_fraction of cash_threshold_dkk, below it), at least
          min_near_threshold_deposits of them, made at min_locations or more
          different branches/ATMs;
      (b) at least min_low_value_count outgoing transfers of at most
          low_value_max_dkk each that add up to min_low_value_total_dkk or more.
    One row per holder: the strongest qualifying window of either variant; the
    evidence says which.
#}
{%- set window_days = threshold('F07', 'window_days') %}
{%- set cash_threshold_dkk = threshold('F07', 'cash_threshold_dkk') %}
{%- set just_under_fraction = threshold('F07', 'just_under_fraction') %}
{%- set min_near_threshold_deposits = threshold('F07', 'min_near_threshold_deposits') %}
{%- set min_locations = threshold('F07', 'min_locations') %}
{%- set low_value_max_dkk = threshold('F07', 'low_value_max_dkk') %}
{%- set min_low_value_count = threshold('F07', 'min_low_value_count') %}
{%- set min_low_value_total_dkk = threshold('F07', 'min_low_value_total_dkk') %}
{#- Money leaving for someone else. Card purchases are left out on purpose:
    a household's ordinary card spending easily reaches 30 purchases under
    DKK 1,000 a month. #}
{%- set transfer_channels = ['transfer', 'mobile_payment', 'wallet', 'money_transfer_service'] %}

with cash_deposits as (

    select
        txn_id,
        holder_party_id,
        booked_date,
        amount_dkk,
        location_id
    from {{ ref('int_cash_deposits_located') }}

),

outgoing_transfers as (

    select
        holder_party_id,
        booked_date,
        amount_dkk,
        counterparty_party_id
    from {{ ref('int_transactions_joined_to_holders') }}
    where direction = 'out'
      and holder_party_id is not null
      and channel in ('{{ transfer_channels | join("', '") }}')

),

{# ---------------- variant (a): cash deposits just under the threshold ---------------- #}

near_threshold_deposits as (

    select *
    from cash_deposits
    where amount_dkk >= {{ cash_threshold_dkk }} * {{ just_under_fraction }}
      and amount_dkk < {{ cash_threshold_dkk }}

),

near_threshold_deposit_days as (

    select distinct
        holder_party_id,
        booked_date
    from near_threshold_deposits

),

{#- Each day with a near-threshold deposit opens a window. #}
near_threshold_deposits_per_window as (

    select
        window_opener.holder_party_id,
        window_opener.booked_date as window_start,
        max(deposit.booked_date) as window_end,
        count(*) as deposit_count,
        count(distinct deposit.location_id) as location_count,
        sum(deposit.amount_dkk) as total_dkk
    from near_threshold_deposit_days as window_opener
    inner join near_threshold_deposits as deposit
        on deposit.holder_party_id = window_opener.holder_party_id
        and deposit.booked_date >= window_opener.booked_date
        and deposit.booked_date <= {{ dbt.dateadd('day', window_days - 1, 'window_opener.booked_date') }}
    group by
        window_opener.holder_party_id,
        window_opener.booked_date

),

near_threshold_flags as (

    select
        holder_party_id,
        'a' as variant,
        window_start,
        window_end,
        cast(deposit_count as double) as measure,
        cast({{ min_near_threshold_deposits }} as double) as threshold,
        least(1.0, 0.5 * cast(deposit_count as double) / {{ min_near_threshold_deposits }}) as strength,
        concat(
            'Variant (a): deposited cash just under the DKK ', {{ format_number(cash_threshold_dkk) }},
            ' reporting threshold ', cast(deposit_count as {{ dbt.type_string() }}),
            ' times at ', cast(location_count as {{ dbt.type_string() }}),
            ' different branches or ATMs between ', {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' (DKK ', {{ format_number('total_dkk') }}, ' in all)',
            ' (threshold: ', '{{ min_near_threshold_deposits }}', ' deposits of DKK ',
            {{ format_number(cash_threshold_dkk * just_under_fraction) }}, ' to ', {{ format_number(cash_threshold_dkk) }},
            ' at ', '{{ min_locations }}', ' or more locations within ', '{{ window_days }}', ' days)'
        ) as evidence
    from near_threshold_deposits_per_window
    where deposit_count >= {{ min_near_threshold_deposits }}
      and location_count >= {{ min_locations }}

),

{# ---------------- variant (b): many low-value transfers adding up ---------------- #}

low_value_transfers_per_day as (

    select
        holder_party_id,
        booked_date,
        count(*) as transfer_count,
        sum(amount_dkk) as total_dkk
    from outgoing_transfers
    where amount_dkk > 0
      and amount_dkk <= {{ low_value_max_dkk }}
      {#- Moving money between one's own accounts hides nothing. #}
      and coalesce(counterparty_party_id <> holder_party_id, true)
    group by
        holder_party_id,
        booked_date

),

{#- Each day with a low-value transfer opens a window; counts and totals roll
    over the daily rows in one pass. #}
low_value_transfers_per_window as (

    select
        holder_party_id,
        booked_date as window_start,
        max(booked_date) over holder_window as window_end,
        sum(transfer_count) over holder_window as transfer_count,
        sum(total_dkk) over holder_window as total_dkk
    from low_value_transfers_per_day
    window holder_window as (
        partition by holder_party_id
        order by booked_date
        range between current row and interval {{ window_days - 1 }} day following
    )

),

low_value_flags as (

    select
        holder_party_id,
        'b' as variant,
        window_start,
        window_end,
        cast(transfer_count as double) as measure,
        cast({{ min_low_value_count }} as double) as threshold,
        least(1.0, 0.5 * cast(transfer_count as double) / {{ min_low_value_count }}) as strength,
        concat(
            'Variant (b): sent ', cast(transfer_count as {{ dbt.type_string() }}),
            ' transfers of at most DKK ', {{ format_number(low_value_max_dkk) }},
            ' adding up to DKK ', {{ format_number('total_dkk') }},
            ' between ', {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' (threshold: ', '{{ min_low_value_count }}', ' transfers and DKK ', {{ format_number(min_low_value_total_dkk) }},
            ' in all within ', '{{ window_days }}', ' days)'
        ) as evidence
    from low_value_transfers_per_window
    where transfer_count >= {{ min_low_value_count }}
      and total_dkk >= {{ min_low_value_total_dkk }}

),

flags as (

    select * from near_threshold_flags
    union all
    select * from low_value_flags

),

strongest_window as (

    select *
    from flags
    qualify row_number() over (
        partition by holder_party_id
        order by measure / threshold desc, variant, window_start
    ) = 1

),

final as (

    select
        'party' as entity_type,
        holder_party_id as entity_id,
        'F07' as indicator_id,
        'both' as role_side,
        strength,
        window_start,
        window_end,
        measure,
        threshold,
        evidence
    from strongest_window

)

select * from final
