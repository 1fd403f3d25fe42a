{#
    Every mobile payment received inside the lookback period, once, with who
    received it and the phone that paid it (F04 and any other fan-in rule).

    A payment can be seen from either side:
      - booked on the receiving account (direction 'in'): the receiver is the
        account's holder (else the account's phone), the payer is the booking's
        counterparty_phone;
      - booked on a paying account in the data (direction 'out') while the
        receiving account is not in the data: the receiver is known only by the
        counterparty_phone the money went to, the payer is the paying account's
        phone. This is what a bank sees when its customers pay a MobilePay
        number held elsewhere.
    A payment between two accounts that are both in the data is booked twice;
    only the receiving side's booking is kept (an outgoing booking is dropped
    when its counterparty account or the phone it was sent to belongs to an
    account in the data). Top-ups from the receiver's own phone or account are
    not payments from someone else and are left out.
#}

with mobile_payments as (

    select
        txn_id,
        holder_party_id,
        account_phone,
        booked_at,
        booked_date,
        direction,
        amount_dkk,
        counterparty_party_id,
        counterparty_phone
    from {{ ref('int_transactions_joined_to_holders') }}
    where channel = 'mobile_payment'

),

account_phones as (

    select distinct
        phone_number
    from {{ ref('stg_accounts') }}
    where phone_number is not null

),

booked_on_receiving_account as (

    select
        txn_id,
        case when holder_party_id is not null then 'party' else 'phone' end as receiver_entity_type,
        coalesce(holder_party_id, account_phone) as receiver_entity_id,
        holder_party_id as receiver_party_id,
        account_phone as receiver_phone,
        counterparty_phone as payer_phone,
        counterparty_party_id as payer_party_id,
        'receiver' as booked_on,
        booked_at,
        booked_date,
        amount_dkk
    from mobile_payments
    where direction = 'in'
      and coalesce(holder_party_id, account_phone) is not null
      and coalesce(counterparty_phone <> account_phone, true)
      and coalesce(counterparty_party_id <> holder_party_id, true)

),

booked_on_paying_account as (

    select
        mobile_payments.txn_id,
        'phone' as receiver_entity_type,
        mobile_payments.counterparty_phone as receiver_entity_id,
        cast(null as {{ dbt.type_string() }}) as receiver_party_id,
        mobile_payments.counterparty_phone as receiver_phone,
        mobile_payments.account_phone as payer_phone,
        mobile_payments.holder_party_id as payer_party_id,
        'payer' as booked_on,
        mobile_payments.booked_at,
        mobile_payments.booked_date,
        mobile_payments.amount_dkk
    from mobile_payments
    left join account_phones
        on mobile_payments.counterparty_phone = account_phones.phone_number
    where mobile_payments.direction = 'out'
      and mobile_payments.counterparty_phone is not null
      and mobile_payments.counterparty_party_id is null
      and account_phones.phone_number is null

),

final as (

    select * from booked_on_receiving_account
    union all
    select * from booked_on_paying_account

)

select * from final
