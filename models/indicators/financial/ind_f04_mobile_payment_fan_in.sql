{#
    F04 mobile_payment_fan_in: one mobile-payment receiver is paid by many
    different phone numbers, mostly at amounts inside the typical price band of
    paid sexual services. Fires on the receiver (the receiving account's holder,
    or the receiving phone when the account is not in the data) when, inside
    some window of window_days days, at least min_distinct_payers different
    phones pay it and at least min_in_band_share of its mobile payments lie
    between band_min_dkk and band_max_dkk.
#}
{%- set window_days = threshold('F04', 'window_days') %}
{%- set min_distinct_payers = threshold('F04', 'min_distinct_payers') %}
{%- set band_min_dkk = threshold('F04', 'band_min_dkk') %}
{%- set band_max_dkk = threshold('F04', 'band_max_dkk') %}
{%- set min_in_band_share = threshold('F04', 'min_in_band_share') %}

with mobile_payments_received as (

    select
        receiver_entity_type,
        receiver_entity_id,
        booked_date,
        amount_dkk,
        payer_phone
    from {{ ref('int_mobile_payments_received') }}

),

receipts as (

    select
        receiver_entity_type,
        receiver_entity_id,
        booked_date,
        amount_dkk,
        payer_phone,
        case
            when amount_dkk >= {{ band_min_dkk }} and amount_dkk <= {{ band_max_dkk }} then 1
            else 0
        end as is_in_band
    from mobile_payments_received

),

receipts_per_day as (

    select
        receiver_entity_type,
        receiver_entity_id,
        booked_date,
        count(*) as receipt_count,
        sum(is_in_band) as in_band_count
    from receipts
    group by
        receiver_entity_type,
        receiver_entity_id,
        booked_date

),

{#- Each day with a receipt opens a window. Receipt counts roll over the daily
    rows in one pass; only the windows that can still qualify (enough receipts
    for enough payers, enough of them in the band) go on to the costlier count
    of distinct payers. #}
receipts_per_window as (

    select
        receiver_entity_type,
        receiver_entity_id,
        booked_date as window_start,
        max(booked_date) over receiver_window as window_end,
        sum(receipt_count) over receiver_window as receipt_count,
        sum(in_band_count) over receiver_window as in_band_count
    from receipts_per_day
    window receiver_window as (
        partition by receiver_entity_type, receiver_entity_id
        order by booked_date
        range between current row and interval {{ window_days - 1 }} day following
    )

),

candidate_windows as (

    select *
    from receipts_per_window
    where receipt_count >= {{ min_distinct_payers }}
      and in_band_count >= {{ min_in_band_share }} * receipt_count

),

payers_per_window as (

    select
        candidate_windows.receiver_entity_type,
        candidate_windows.receiver_entity_id,
        candidate_windows.window_start,
        candidate_windows.window_end,
        candidate_windows.receipt_count,
        candidate_windows.in_band_count,
        cast(candidate_windows.in_band_count as double) / candidate_windows.receipt_count as in_band_share,
        count(distinct receipts.payer_phone) as distinct_payers
    from candidate_windows
    inner join receipts
        on receipts.receiver_entity_type = candidate_windows.receiver_entity_type
        and receipts.receiver_entity_id = candidate_windows.receiver_entity_id
        and receipts.booked_date >= candidate_windows.window_start
        and receipts.booked_date <= candidate_windows.window_end
    group by
        candidate_windows.receiver_entity_type,
        candidate_windows.receiver_entity_id,
        candidate_windows.window_start,
        candidate_windows.window_end,
        candidate_windows.receipt_count,
        candidate_windows.in_band_count

),

strongest_window as (

    select *
    from payers_per_window
    where distinct_payers >= {{ min_distinct_payers }}
    qualify row_number() over (
        partition by receiver_entity_type, receiver_entity_id
        order by distinct_payers desc, in_band_share desc, window_start
    ) = 1

),

final as (

    select
        receiver_entity_type as entity_type,
        receiver_entity_id as entity_id,
        'F04' as indicator_id,
        'both' as role_side,
        least(1.0, 0.5 * cast(distinct_payers as double) / {{ min_distinct_payers }}) as strength,
        window_start,
        window_end,
        cast(distinct_payers as double) as measure,
        cast({{ min_distinct_payers }} as double) as threshold,
        concat(
            'Received ', cast(receipt_count as {{ dbt.type_string() }}),
            ' mobile payments from ', cast(distinct_payers as {{ dbt.type_string() }}),
            ' different numbers between ', {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ', ', {{ format_percent('in_band_share') }},
            ' of them between DKK ', {{ format_number(band_min_dkk) }}, ' and ', {{ format_number(band_max_dkk) }},
            ' (threshold: ', '{{ min_distinct_payers }}', ' payers, ', {{ format_percent(min_in_band_share) }},
            ' in the band, within ', '{{ window_days }}', ' days)'
        ) as evidence
    from strongest_window

)

select * from final
