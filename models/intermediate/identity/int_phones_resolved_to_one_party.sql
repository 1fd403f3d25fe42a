{#
    Every phone that exactly one party owns, by any ownership evidence
    (int_identifiers_resolved_to_parties) at any time, with that party. A
    phone shared by several parties names nobody in particular and is left
    out. Used to name the party behind a payment's counterparty_phone when
    the counterparty account is not in the data (F17,
    int_salary_outflows_traced).
#}
with phone_owners as (

    select
        identifier as phone,
        party_id
    from {{ ref('int_identifiers_resolved_to_parties') }}
    where identifier_type = 'phone'
      and party_id is not null

),

final as (

    select
        phone,
        min(party_id) as party_id
    from phone_owners
    group by phone
    having count(distinct party_id) = 1

)

select * from final
