{#
    F01 off_hours_or_unexpected_customers: a company is paid outside the time of
    known business operations, or by an unexpected kind of customer. Inside some
    window of window_days days, on the company's incoming customer payments
    (card and mobile or wallet payments, whose time is when a customer paid):
      (a) similar payments at odd hours: at least min_offhours_payments of them
          fall outside its business hours (int_company_business_hours_assigned:
          own hours, else the industry's), they are at least min_offhours_share
          of all its payments, their amounts are similar (coefficient of
          variation at most max_amount_cv), and they come from at least
          min_distinct_payers different payers (customers, not a few clients);
      (b) only men, late: a company in an industry with a mixed clientele
          (seed mixed_clientele_industries: beauty and massage) takes at
          least min_offhours_share of its payments outside
          its hours, and among the people identified as paying it then
          (at least min_identified_payers of them) at least
          min_male_payer_share are men.
    A payer is identified when the payment's counterparty account belongs to a
    person party, or else its counterparty phone belongs to exactly one person
    (int_identifiers_resolved_to_parties), and that person's sex is recorded. Sex is used only here, as the sex of a
    business's payers; it never scores the payer.
    One row per company: the strongest qualifying window of either variant.
#}
{%- set window_days = threshold('F01', 'window_days') %}
{%- set min_offhours_payments = threshold('F01', 'min_offhours_payments') %}
{%- set min_offhours_share = threshold('F01', 'min_offhours_share') %}
{%- set max_amount_cv = threshold('F01', 'max_amount_cv') %}
{%- set min_identified_payers = threshold('F01', 'min_identified_payers') %}
{%- set min_male_payer_share = threshold('F01', 'min_male_payer_share') %}
{%- set min_distinct_payers = threshold('F01', 'min_distinct_payers') %}
{#- Payments a customer makes at the counter or on the phone when buying:
    their time is the time of the purchase. Bank transfers are left out: a
    transfer's time is when the payer did their banking (households pay a
    cleaner's invoice in the evening), not when the service was bought.
    Cash deposits are the company's own, salary and direct debits are booked
    in batches at bank processing times. #}
{%- set customer_payment_channels = ['card', 'mobile_payment', 'wallet'] %}

with incoming_payments as (

    select
        txn_id,
        holder_party_id as company_party_id,
        booked_at,
        booked_date,
        amount_dkk,
        channel,
        counterparty_party_id,
        counterparty_phone,
        counterparty_name
    from {{ ref('int_transactions_joined_to_holders') }}
    where direction = 'in'
      and holder_party_type = 'company'
      and channel in ('{{ customer_payment_channels | join("', '") }}')
      and amount_dkk > 0
      {#- A transfer from the company's own other account is no customer. #}
      and coalesce(counterparty_party_id <> holder_party_id, true)

),

card_acquirers as (

    select
        lower(trim(name_prefix)) as name_prefix
    from {{ ref('card_acquirers') }}

),

mixed_clientele_industries as (

    select
        nace_prefix
    from {{ ref('mixed_clientele_industries') }}

),

business_hours as (

    select
        party_id,
        industry_code,
        hours_source,
        matched_nace_prefix,
        opens_at,
        closes_at,
        opens_minute,
        closes_minute
    from {{ ref('int_company_business_hours_assigned') }}

),

persons as (

    select
        party_id,
        sex
    from {{ ref('stg_parties') }}
    where party_type = 'person'

),

phone_owners as (

    select
        identifier as phone,
        party_id
    from {{ ref('int_identifiers_resolved_to_parties') }}
    where identifier_type = 'phone'
      and party_id is not null

),

{#- A paying phone identifies a person only when it belongs to exactly one
    person: a shared or recycled number names nobody in particular. #}
phones_of_one_person as (

    select
        phone_owners.phone,
        min(phone_owners.party_id) as party_id
    from phone_owners
    inner join persons
        on phone_owners.party_id = persons.party_id
    group by phone_owners.phone
    having count(distinct phone_owners.party_id) = 1

),

{#- Card acquirers and payment services pay out a business's takings in
    daily batches: the time of a settlement says nothing about when customers
    paid. A counterparty name is a settlement when, lower case and trimmed, it
    is an acquirer's name_prefix or starts with it and a space ('Nets Denmark
    A/S' is, 'Kennets Rengøring' is not). Matched once per distinct name. #}
counterparty_names as (

    select distinct
        counterparty_name
    from incoming_payments
    where counterparty_name is not null

),

settlement_names as (

    select distinct
        counterparty_names.counterparty_name
    from counterparty_names
    inner join card_acquirers
        on lower(trim(counterparty_names.counterparty_name)) = card_acquirers.name_prefix
        or substring(lower(trim(counterparty_names.counterparty_name)), 1, length(card_acquirers.name_prefix) + 1)
            = concat(card_acquirers.name_prefix, ' ')

),

{#- A payout of card takings by an acquirer is no customer payment. #}
customer_payments as (

    select
        incoming_payments.*
    from incoming_payments
    left join settlement_names
        on incoming_payments.counterparty_name = settlement_names.counterparty_name
    where settlement_names.counterparty_name is null

),

timed_payments as (

    select
        customer_payments.txn_id,
        customer_payments.company_party_id,
        customer_payments.booked_date,
        customer_payments.amount_dkk,
        customer_payments.counterparty_party_id,
        customer_payments.counterparty_phone,
        customer_payments.counterparty_name,
        cast(extract(hour from customer_payments.booked_at) as integer) * 60
            + cast(extract(minute from customer_payments.booked_at) as integer) as minute_of_day,
        business_hours.opens_minute,
        business_hours.closes_minute
    from customer_payments
    inner join business_hours
        on customer_payments.company_party_id = business_hours.party_id

),

classified_payments as (

    select
        txn_id,
        company_party_id,
        booked_date,
        cast(amount_dkk as double) as amount_dkk,
        counterparty_party_id,
        counterparty_phone,
        {#- Who paid: the paying account's holder, else the paying phone, else the name booked. #}
        coalesce(
            counterparty_party_id,
            counterparty_phone,
            nullif(lower(trim(counterparty_name)), '')
        ) as payer_key,
        case
            {#- Equal opening and closing times: open around the clock. #}
            when opens_minute = closes_minute then false
            when opens_minute < closes_minute
                then minute_of_day < opens_minute or minute_of_day >= closes_minute
            {#- Open across midnight, e.g. 18:00-02:00. #}
            else minute_of_day >= closes_minute and minute_of_day < opens_minute
        end as is_off_hours
    from timed_payments

),

payments_per_day as (

    select
        company_party_id,
        booked_date,
        count(*) as payment_count,
        count_if(is_off_hours) as offhours_count,
        sum(case when is_off_hours then amount_dkk else 0 end) as offhours_dkk,
        sum(case when is_off_hours then amount_dkk * amount_dkk else 0 end) as offhours_dkk_squared
    from classified_payments
    group by
        company_party_id,
        booked_date

),

{#- Each day with a payment opens a window; counts and sums roll over the
    daily rows in one pass. #}
payments_per_window as (

    select
        company_party_id,
        booked_date as window_start,
        max(booked_date) over company_window as window_end,
        sum(payment_count) over company_window as payment_count,
        sum(offhours_count) over company_window as offhours_count,
        sum(offhours_dkk) over company_window as offhours_dkk,
        sum(offhours_dkk_squared) over company_window as offhours_dkk_squared
    from payments_per_day
    window company_window as (
        partition by company_party_id
        order by booked_date
        range between current row and interval {{ window_days - 1 }} day following
    )

),

window_measures as (

    select
        company_party_id,
        window_start,
        window_end,
        payment_count,
        offhours_count,
        cast(offhours_count as double) / payment_count as offhours_share,
        offhours_dkk / nullif(offhours_count, 0) as offhours_mean_dkk,
        {#- Sample coefficient of variation of the off-hours amounts, from the
            rolling sums: sd = sqrt((sum(x^2) - sum(x)^2 / n) / (n - 1)). #}
        case
            when offhours_count > 1 and offhours_dkk > 0
                then sqrt(greatest(0.0,
                        (offhours_dkk_squared - offhours_dkk * offhours_dkk / offhours_count) / (offhours_count - 1)
                     )) / (offhours_dkk / offhours_count)
        end as offhours_amount_cv
    from payments_per_window

),

{# ---------------- variant (a): many similar payments at odd hours ---------------- #}

similar_offhours_windows as (

    select *
    from window_measures
    where offhours_count >= {{ min_offhours_payments }}
      and offhours_share >= {{ min_offhours_share }}
      and offhours_amount_cv <= {{ max_amount_cv }}

),

{#- Distinct payers only for the few windows that already qualify: a rolling
    distinct count needs the payments themselves. A payment naming no payer
    (a card payment usually carries no payer in the data) counts as a payer
    of its own: the minimum bites where payers are named. #}
payers_per_similar_window as (

    select
        similar_offhours_windows.company_party_id,
        similar_offhours_windows.window_start,
        count(distinct payment.payer_key) + count_if(payment.payer_key is null) as distinct_payers
    from similar_offhours_windows
    inner join classified_payments as payment
        on payment.company_party_id = similar_offhours_windows.company_party_id
        and payment.booked_date >= similar_offhours_windows.window_start
        and payment.booked_date <= similar_offhours_windows.window_end
    where payment.is_off_hours
    group by
        similar_offhours_windows.company_party_id,
        similar_offhours_windows.window_start

),

similar_offhours_flags as (

    select
        similar_offhours_windows.company_party_id,
        'a' as variant,
        similar_offhours_windows.window_start,
        similar_offhours_windows.window_end,
        cast(similar_offhours_windows.offhours_count as double) as measure,
        cast({{ min_offhours_payments }} as double) as threshold,
        similar_offhours_windows.payment_count,
        similar_offhours_windows.offhours_count,
        similar_offhours_windows.offhours_share,
        similar_offhours_windows.offhours_mean_dkk,
        similar_offhours_windows.offhours_amount_cv,
        payers_per_similar_window.distinct_payers,
        cast(null as bigint) as identified_payers,
        cast(null as double) as male_payer_share
    from similar_offhours_windows
    inner join payers_per_similar_window
        on similar_offhours_windows.company_party_id = payers_per_similar_window.company_party_id
        and similar_offhours_windows.window_start = payers_per_similar_window.window_start
    where payers_per_similar_window.distinct_payers >= {{ min_distinct_payers }}

),

{# ---------------- variant (b): only men, late, in a mixed-clientele industry ---------------- #}

mixed_clientele_companies as (

    select distinct
        business_hours.party_id
    from business_hours
    inner join mixed_clientele_industries
        on business_hours.industry_code like concat(mixed_clientele_industries.nace_prefix, '%')

),

identified_offhours_payments as (

    select
        classified_payments.company_party_id,
        classified_payments.booked_date,
        persons.party_id as payer_party_id,
        persons.sex as payer_sex
    from classified_payments
    inner join mixed_clientele_companies
        on classified_payments.company_party_id = mixed_clientele_companies.party_id
    {#- The payer: the holder of the paying account when that account is in
        the data, else the one person owning the paying phone. #}
    left join phones_of_one_person
        on classified_payments.counterparty_party_id is null
        and classified_payments.counterparty_phone = phones_of_one_person.phone
    inner join persons
        on coalesce(classified_payments.counterparty_party_id, phones_of_one_person.party_id) = persons.party_id
    where classified_payments.is_off_hours
      and persons.sex is not null

),

{#- Only windows that meet the share and hold enough off-hours payments for
    enough payers go on to the count of distinct payers. #}
late_windows as (

    select window_measures.*
    from window_measures
    inner join mixed_clientele_companies
        on window_measures.company_party_id = mixed_clientele_companies.party_id
    where window_measures.offhours_share >= {{ min_offhours_share }}
      and window_measures.offhours_count >= {{ min_identified_payers }}

),

payers_per_late_window as (

    select
        late_windows.company_party_id,
        late_windows.window_start,
        late_windows.window_end,
        late_windows.payment_count,
        late_windows.offhours_count,
        late_windows.offhours_share,
        late_windows.offhours_mean_dkk,
        late_windows.offhours_amount_cv,
        count(distinct payment.payer_party_id) as identified_payers,
        count(distinct case when payment.payer_sex = 'M' then payment.payer_party_id end) as male_payers
    from late_windows
    inner join identified_offhours_payments as payment
        on payment.company_party_id = late_windows.company_party_id
        and payment.booked_date >= late_windows.window_start
        and payment.booked_date <= late_windows.window_end
    group by
        late_windows.company_party_id,
        late_windows.window_start,
        late_windows.window_end,
        late_windows.payment_count,
        late_windows.offhours_count,
        late_windows.offhours_share,
        late_windows.offhours_mean_dkk,
        late_windows.offhours_amount_cv

),

male_late_flags as (

    select
        company_party_id,
        'b' as variant,
        window_start,
        window_end,
        cast(identified_payers as double) as measure,
        cast({{ min_identified_payers }} as double) as threshold,
        payment_count,
        offhours_count,
        offhours_share,
        offhours_mean_dkk,
        offhours_amount_cv,
        cast(null as bigint) as distinct_payers,
        identified_payers,
        cast(male_payers as double) / identified_payers as male_payer_share
    from payers_per_late_window
    where identified_payers >= {{ min_identified_payers }}
      and male_payers >= {{ min_male_payer_share }} * identified_payers

),

flags as (

    select * from similar_offhours_flags
    union all
    select * from male_late_flags

),

strongest_window as (

    select *
    from flags
    qualify row_number() over (
        partition by company_party_id
        order by measure / threshold desc, variant, window_start
    ) = 1

),

described_flags as (

    select
        strongest_window.*,
        concat(
            business_hours.opens_at, '-', business_hours.closes_at,
            case business_hours.hours_source
                when 'own' then ', its own hours'
                when 'industry' then concat(', the default for NACE ', business_hours.matched_nace_prefix)
                else ', the general default'
            end
        ) as hours_text
    from strongest_window
    inner join business_hours
        on strongest_window.company_party_id = business_hours.party_id

),

final as (

    select
        'party' as entity_type,
        company_party_id as entity_id,
        'F01' as indicator_id,
        'trafficker' as role_side,
        least(1.0, 0.5 * cast(measure as double) / threshold) as strength,
        window_start,
        window_end,
        measure,
        threshold,
        case variant
            when 'a' then concat(
                'Variant (a): received ', cast(offhours_count as {{ dbt.type_string() }}),
                ' payments outside its business hours (', hours_text, ') between ',
                {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
                ', ', {{ format_percent('offhours_share') }}, ' of its ', cast(payment_count as {{ dbt.type_string() }}),
                ' incoming card and mobile payments, at similar amounts (mean DKK ', {{ format_number('offhours_mean_dkk') }},
                ', coefficient of variation ', {{ format_number('offhours_amount_cv', 2) }}, ') from ',
                cast(distinct_payers as {{ dbt.type_string() }}), ' different payers',
                ' (threshold: ', '{{ min_offhours_payments }}', ' payments, ', {{ format_percent(min_offhours_share) }},
                ' of all, variation at most ', '{{ max_amount_cv }}', ', ', '{{ min_distinct_payers }}',
                ' payers, within ', '{{ window_days }}', ' days)'
            )
            else concat(
                'Variant (b): in a mixed-clientele industry, ', {{ format_percent('male_payer_share') }},
                ' of the ', cast(identified_payers as {{ dbt.type_string() }}),
                ' identified customers paying outside its business hours (', hours_text, ') between ',
                {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }}, ' were men;',
                ' ', {{ format_percent('offhours_share') }}, ' of its ', cast(payment_count as {{ dbt.type_string() }}),
                ' incoming card and mobile payments came outside its hours',
                ' (threshold: ', '{{ min_identified_payers }}', ' identified payers, ', {{ format_percent(min_male_payer_share) }},
                ' men, ', {{ format_percent(min_offhours_share) }}, ' outside hours, within ', '{{ window_days }}', ' days)'
            )
        end as evidence
    from described_flags

)

select * from final
