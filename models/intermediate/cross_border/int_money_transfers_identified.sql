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

{#-
    The distinct names as booked, read in their own narrow scans: matching
    the patterns once per name and joining back on the name as booked is
    several times cheaper than a LIKE join (or even lower()) over millions
    of bookings, and reading them apart keeps the wide scan above single-use
    (an engine may otherwise materialise it).
#}
merchant_names as (

    select merchant_name as booked_name
    from {{ ref('int_transactions_joined_to_holders') }}
    where direction = 'out'
      and merchant_name is not null
    group by merchant_name

),

counterparty_names as (

    select counterparty_name as booked_name
    from {{ ref('int_transactions_joined_to_holders') }}
    where direction = 'out'
      and counterparty_name is not null
    group by counterparty_name

),

money_transfer_services as (

    select
        merchant_pattern,
        service_name
    from {{ ref('money_transfer_services') }}

),

distinct_names as (

    select booked_name from merchant_names

    union

    select booked_name from counterparty_names

),

{#- A name can contain two patterns: one service per name, the first by name. #}
service_names as (

    select
        distinct_names.booked_name,
        min(money_transfer_services.service_name) as service_name
    from distinct_names
    inner join money_transfer_services
        on lower(distinct_names.booked_name) like concat('%', money_transfer_services.merchant_pattern, '%')
    group by distinct_names.booked_name

),

money_transfers as (

    select
        outgoing.*,
        coalesce(merchant_service.service_name, counterparty_service.service_name) as service_name,
        counterparty_service.booked_name is not null as counterparty_is_service,
        case
            when outgoing.channel = 'money_transfer_service' then 'channel'
            else 'name'
        end as identified_by
    from outgoing
    left join service_names as merchant_service
        on outgoing.merchant_name = merchant_service.booked_name
    left join service_names as counterparty_service
        on outgoing.counterparty_name = counterparty_service.booked_name
    where outgoing.channel = 'money_transfer_service'
       or merchant_service.booked_name is not null
       or counterparty_service.booked_name is not null

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
