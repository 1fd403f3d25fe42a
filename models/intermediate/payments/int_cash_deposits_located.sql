{#
    Every cash deposit inside the lookback period on an account with a known
    holder, with where it was made: the branch, ATM or agent (location_id) and
    its city. location_city_key is the city compared across deposits: lower
    case, trimmed, inner spaces collapsed, and the Danish letters written the
    way Danish place names are transliterated (aa, ae, oe), so that 'Århus' and
    'Aarhus ' are one city. Deposits without a location are kept (they still
    count as deposits) with null location columns.
#}

with cash_deposits as (

    select
        txn_id,
        account_id,
        holder_party_id,
        holder_party_type,
        booked_at,
        booked_date,
        amount_dkk,
        location_id,
        location_city
    from {{ ref('int_transactions_joined_to_holders') }}
    where channel = 'cash_deposit'
      and direction = 'in'
      and holder_party_id is not null

),

final as (

    select
        txn_id,
        account_id,
        holder_party_id,
        holder_party_type,
        booked_at,
        booked_date,
        amount_dkk,
        nullif(trim(location_id), '') as location_id,
        nullif(trim(location_city), '') as location_city,
        nullif(
            replace(replace(replace(
                {{ regexp_replace_all('lower(trim(location_city))', ' +', ' ') }},
                'å', 'aa'), 'æ', 'ae'), 'ø', 'oe'),
            ''
        ) as location_city_key
    from cash_deposits

)

select * from final
