{#
    Outgoing transfers sent through a money-transfer service (Western Union,
    MoneyGram, Ria and the like): booked on the money_transfer_service channel,
    or on any channel with a merchant or counterparty name that contains a
    pattern of the seed money_transfer_services (a card payment at a Western
    Union agent, a bank transfer to Ria). Shared by F05 (beneficiaries) and F09
    (reliance on money-transfer services).
#}
with outgoing as (

    select
        txn_id,
        account_id,
        holder_party_id,
        booked_date,
        amount_dkk,
        channel,
        counterparty_account_id,
        counterparty_name,
        counterparty_country,
        merchant_name,
        location_city
    from {{ ref('int_transactions_joined_to_holders') }}
    where direction = 'out'

),

money_transfer_services as (

    select
        merchant_pattern,
        service_name
    from {{ ref('money_transfer_services') }}

),

{#- A name can contain two patterns: one row per transaction, the first service by name. #}
service_name_matches as (

    select
        outgoing.txn_id,
        min(money_transfer_services.service_name) as service_name,
        max(case
            when lower(outgoing.counterparty_name) like concat('%', money_transfer_services.merchant_pattern, '%') then 1
            else 0
        end) as counterparty_is_service
    from outgoing
    inner join money_transfer_services
        on lower(outgoing.merchant_name) like concat('%', money_transfer_services.merchant_pattern, '%')
        or lower(outgoing.counterparty_name) like concat('%', money_transfer_services.merchant_pattern, '%')
    group by outgoing.txn_id

),

money_transfers as (

    select
        outgoing.*,
        service_name_matches.service_name,
        coalesce(service_name_matches.counterparty_is_service, 0) = 1 as counterparty_is_service,
        case
            when outgoing.channel = 'money_transfer_service' then 'channel'
            else 'name'
        end as identified_by
    from outgoing
    left join service_name_matches
        on outgoing.txn_id = service_name_matches.txn_id
    where outgoing.channel = 'money_transfer_service'
       or service_name_matches.txn_id is not null

),

{#-
    The beneficiary: the counterparty account when it is in the data, else the
    receiving person by country and name (lower case, whitespace collapsed).
    A counterparty name that is the service itself ('Western Union') says
    nothing about who receives the money: no key then, or every customer of the
    service would share one beneficiary.
#}
keyed as (

    select
        *,
        lower(trim({{ regexp_replace_all('counterparty_name', '[ \\t\\r\\n]+', ' ') }})) as normalised_name
    from money_transfers

),

final as (

    select
        txn_id,
        account_id,
        holder_party_id,
        booked_date,
        amount_dkk,
        channel,
        service_name,
        identified_by,
        counterparty_account_id,
        counterparty_name,
        counterparty_country,
        merchant_name,
        case
            when counterparty_account_id is not null then counterparty_account_id
            when counterparty_is_service then null
            when counterparty_country is null or normalised_name is null or normalised_name = '' then null
            else concat(upper(counterparty_country), ':', normalised_name)
        end as beneficiary_key,
        location_city,
        nullif(lower(trim(location_city)), '') as sending_city
    from keyed

)

select * from final
