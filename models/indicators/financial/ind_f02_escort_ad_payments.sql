{#
    F02 escort_ad_payments: a party pays escort or sex-ad sites again and again.
    Fires on the party whose payments to the seed's escort-ad merchants reach
    min_payments inside any window of window_days days in the lookback period.
#}
{%- set window_days = threshold('F02', 'window_days') %}
{%- set min_payments = threshold('F02', 'min_payments') %}

with outgoing_payments as (

    select
        txn_id,
        holder_party_id,
        booked_date,
        amount_dkk,
        merchant_name
    from {{ ref('int_transactions_joined_to_holders') }}
    where direction = 'out'
      and holder_party_id is not null
      and merchant_name is not null

),

escort_ad_merchants as (

    select
        merchant_pattern,
        site_name
    from {{ ref('escort_ad_merchants') }}

),

escort_ad_payments as (

    select
        outgoing_payments.txn_id,
        outgoing_payments.holder_party_id as party_id,
        outgoing_payments.booked_date,
        outgoing_payments.amount_dkk,
        escort_ad_merchants.site_name
    from outgoing_payments
    inner join escort_ad_merchants
        on lower(outgoing_payments.merchant_name) like concat('%', escort_ad_merchants.merchant_pattern, '%')

),

{#- Each payment opens a window; together they cover every window that can qualify. #}
payments_per_window as (

    select
        window_opener.party_id,
        window_opener.txn_id as opening_txn_id,
        window_opener.booked_date as window_start,
        max(payment.booked_date) as window_end,
        count(*) as payment_count,
        sum(payment.amount_dkk) as total_dkk,
        count(distinct payment.site_name) as site_count
    from escort_ad_payments as window_opener
    inner join escort_ad_payments as payment
        on payment.party_id = window_opener.party_id
        and payment.booked_date >= window_opener.booked_date
        and payment.booked_date <= {{ dbt.dateadd('day', window_days - 1, 'window_opener.booked_date') }}
    group by
        window_opener.party_id,
        window_opener.txn_id,
        window_opener.booked_date

),

strongest_window as (

    select *
    from payments_per_window
    where payment_count >= {{ min_payments }}
    qualify row_number() over (
        partition by party_id
        order by payment_count desc, window_start, opening_txn_id
    ) = 1

),

final as (

    select
        'party' as entity_type,
        party_id as entity_id,
        'F02' as indicator_id,
        'trafficker' as role_side,
        least(1.0, 0.5 * cast(payment_count as double) / {{ min_payments }}) as strength,
        window_start,
        window_end,
        cast(payment_count as double) as measure,
        cast({{ min_payments }} as double) as threshold,
        concat(
            'Paid escort-ad sites ', cast(payment_count as {{ dbt.type_string() }}),
            ' times between ', {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' (', cast(site_count as {{ dbt.type_string() }}), ' site(s), DKK ', {{ format_number('total_dkk') }}, ' in all)',
            ' (threshold: ', '{{ min_payments }}', ' payments in ', '{{ window_days }}', ' days)'
        ) as evidence
    from strongest_window

)

select * from final
