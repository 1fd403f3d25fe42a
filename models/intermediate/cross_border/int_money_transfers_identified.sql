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

{#-
    Match the patterns once per distinct name, not once per booking: the same
    merchant and counterparty names recur millions of times at large scale,
    and the LIKE join is then a nested loop over every booking.
#}
distinct_names as (

    select distinct lower(merchant_name) as name_lower
    from outgoing
    where merchant_name is not null

    union

    select distinct lower(counterparty_name) as name_lower
    from outgoing
    where counterparty_name is not null

),

{#- A name can contain two patterns: one service per name, the first by name. #}
service_names as (

    select
        distinct_names.name_lower,
        min(money_transfer_services.service_name) as service_name
    from distinct_names
    inner join money_transfer_services
        on distinct_names.name_lower like concat('%', money_transfer_services.merchant_pattern, '%')
    group by distinct_names.name_lower

),

money_transfers as (

    select
        outgoing.*,
        coalesce(merchant_service.service_name, counterparty_service.service_name) as service_name,
        counterparty_service.name_lower is not null as counterparty_is_service,
        case
            when outgoing.channel = 'money_transfer_service' then 'channel'
            else 'name'
        end as identified_by
    from outgoing
    left join service_names as merchant_service
        on lower(outgoing.merchant_name) = merchant_service.name_lower
    left join service_names as counterparty_service
        on lower(outgoing.counterparty_name) = counterparty_service.name_lower
    where outgoing.channel = 'money_transfer_service'
       or merchant_service.name_lower is not null
       or counterparty_service.name_lower is not null

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
