{#
    R07 many_prepaid_phones: one party uses many prepaid numbers without
    contract ("a number of top-up cards without a contract"), or several
    prepaid numbers with different country codes ("several phone numbers even
    with different country codes"). Fires on the party when, inside some
    window of window_days days in the lookback period,
      (a) at least min_prepaid_numbers of its prepaid numbers are active, or
      (b) at least min_prepaid_numbers_across_codes of its prepaid numbers are
          active and they carry at least min_country_codes country codes.
    A card replaced every few weeks stays counted for the window it was
    active in, so numbers that change often add up the same way as numbers
    held at once.

    Country codes alone never fire: a Danish number beside one home-country
    number is what anyone living away from home has, and a person's origin
    is not a red flag. Postpaid numbers and numbers known only from contacts
    (a home SIM the bank was told about) are listed in the evidence but do
    not count.

    A party's numbers: every phone int_identifiers_resolved_to_parties gives
    it (contacts, subscriptions, wallet accounts, rental bookings), in use
    from the earliest to the latest day of that evidence (open-ended when any
    of it is). Its prepaid numbers: prepaid subscriptions it holds, and
    anonymous prepaid subscriptions (no subscriber) of a number it owns
    through other evidence, active from activation to deactivation.
#}
{%- set window_days = threshold('R07', 'window_days') %}
{%- set min_prepaid_numbers = threshold('R07', 'min_prepaid_numbers') %}
{%- set min_country_codes = threshold('R07', 'min_country_codes') %}
{%- set min_prepaid_numbers_across_codes = threshold('R07', 'min_prepaid_numbers_across_codes') %}

with identifiers as (

    select
        identifier,
        party_id,
        valid_from,
        valid_to
    from {{ ref('int_identifiers_resolved_to_parties') }}
    where identifier_type = 'phone'
      and party_id is not null

),

prepaid_subscriptions as (

    select
        phone_number,
        subscriber_party_id,
        cast(activated_at as date) as activated_date,
        cast(deactivated_at as date) as deactivated_date
    from {{ ref('stg_phone_subscriptions') }}
    where contract_type = 'prepaid'

),

reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

{#- Unknown start (null) means in use since before the evidence; unknown end means still in use. #}
party_phones as (

    select
        party_id,
        identifier as phone,
        case when count(*) = count(valid_from) then min(valid_from) end as in_use_from,
        case when count(*) = count(valid_to) then max(valid_to) end as in_use_to
    from identifiers
    group by
        party_id,
        identifier

),

{#- Anonymous prepaid cards count for the parties that use them according to other evidence (contacts, wallets, bookings). #}
party_prepaid_numbers as (

    select
        subscriber_party_id as party_id,
        phone_number as phone,
        activated_date as in_use_from,
        deactivated_date as in_use_to
    from prepaid_subscriptions
    where subscriber_party_id is not null

    union all

    select
        party_phones.party_id,
        prepaid_subscriptions.phone_number as phone,
        prepaid_subscriptions.activated_date as in_use_from,
        prepaid_subscriptions.deactivated_date as in_use_to
    from prepaid_subscriptions
    inner join party_phones
        on prepaid_subscriptions.phone_number = party_phones.phone
    where prepaid_subscriptions.subscriber_party_id is null

),

numbers_in_use as (

    select
        party_id,
        phone,
        false as is_prepaid,
        in_use_from,
        in_use_to
    from party_phones

    union all

    select
        party_id,
        phone,
        true as is_prepaid,
        in_use_from,
        in_use_to
    from party_prepaid_numbers

),

{#-
    ITU E.164 country codes are prefix-free: 1 (NANP) and 7 (Russia,
    Kazakhstan) are one digit; the two-digit codes are the list below; every
    other code has three digits. Taken from the ITU-T E.164 assigned-code list;
    NANP countries (+1) all count as one code.
#}
numbers_in_period as (

    select
        numbers_in_use.party_id,
        numbers_in_use.phone,
        case
            when substr(numbers_in_use.phone, 2, 1) in ('1', '7') then substr(numbers_in_use.phone, 1, 2)
            when substr(numbers_in_use.phone, 2, 2) in (
                '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47',
                '48', '49', '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65',
                '66', '81', '82', '84', '86', '90', '91', '92', '93', '94', '95', '98'
            ) then substr(numbers_in_use.phone, 1, 3)
            else substr(numbers_in_use.phone, 1, 4)
        end as country_code,
        numbers_in_use.is_prepaid,
        numbers_in_use.in_use_from,
        numbers_in_use.in_use_to
    from numbers_in_use
    cross join reporting_period
    where (numbers_in_use.in_use_from is null or numbers_in_use.in_use_from <= reporting_period.as_of_date)
      and (numbers_in_use.in_use_to is null or numbers_in_use.in_use_to >= reporting_period.lookback_start)

),

{#-
    The set of numbers in use during a window only grows when a number's
    start enters it, so the windows ending on a start day (or on the first
    full window of the period) cover every window that can qualify.
#}
window_ends as (

    select distinct
        numbers_in_period.party_id,
        least(
            greatest(
                coalesce(numbers_in_period.in_use_from, reporting_period.lookback_start),
                cast({{ dbt.dateadd('day', window_days - 1, 'reporting_period.lookback_start') }} as date)
            ),
            reporting_period.as_of_date
        ) as window_end
    from numbers_in_period
    cross join reporting_period

),

windows as (

    select
        window_ends.party_id,
        greatest(
            cast({{ dbt.dateadd('day', 1 - window_days, 'window_ends.window_end') }} as date),
            reporting_period.lookback_start
        ) as window_start,
        window_ends.window_end
    from window_ends
    cross join reporting_period

),

window_numbers as (

    select
        windows.party_id,
        windows.window_start,
        windows.window_end,
        numbers_in_period.phone,
        numbers_in_period.country_code,
        numbers_in_period.is_prepaid
    from windows
    inner join numbers_in_period
        on windows.party_id = numbers_in_period.party_id
        and (numbers_in_period.in_use_from is null or numbers_in_period.in_use_from <= windows.window_end)
        and (numbers_in_period.in_use_to is null or numbers_in_period.in_use_to >= windows.window_start)

),

counts_per_window as (

    select
        party_id,
        window_start,
        window_end,
        count(distinct case when is_prepaid then phone end) as prepaid_number_count,
        count(distinct case when is_prepaid then country_code end) as prepaid_country_code_count,
        count(distinct case when not is_prepaid then phone end) as number_count,
        count(distinct case when not is_prepaid then country_code end) as country_code_count
    from window_numbers
    group by
        party_id,
        window_start,
        window_end

),

{#- Each branch's count relative to its threshold; a branch that is not met scores 0. #}
branch_ratios as (

    select
        *,
        cast(prepaid_number_count as double) / {{ min_prepaid_numbers }} as many_prepaid_ratio,
        case
            when prepaid_country_code_count >= {{ min_country_codes }}
                then cast(prepaid_number_count as double) / {{ min_prepaid_numbers_across_codes }}
            else 0.0
        end as across_codes_ratio
    from counts_per_window

),

strongest_window as (

    select
        branch_ratios.*,
        many_prepaid_ratio >= across_codes_ratio as many_prepaid_is_main
    from branch_ratios
    where prepaid_number_count >= {{ min_prepaid_numbers }}
       or (
           prepaid_number_count >= {{ min_prepaid_numbers_across_codes }}
           and prepaid_country_code_count >= {{ min_country_codes }}
       )
    qualify row_number() over (
        partition by party_id
        order by
            greatest(many_prepaid_ratio, across_codes_ratio) desc,
            window_start
    ) = 1

),

{#- The country codes of the prepaid cards that made the window qualify, for the evidence. #}
distinct_window_country_codes as (

    select distinct
        window_numbers.party_id,
        window_numbers.country_code
    from window_numbers
    inner join strongest_window
        on window_numbers.party_id = strongest_window.party_id
        and window_numbers.window_start = strongest_window.window_start
        and window_numbers.window_end = strongest_window.window_end
    where window_numbers.is_prepaid

),

window_country_codes as (

    select
        party_id,
        {{ dbt.listagg('country_code', "', '", 'order by country_code') }} as country_code_list
    from distinct_window_country_codes
    group by
        party_id

),

final as (

    select
        'party' as entity_type,
        strongest_window.party_id as entity_id,
        'R07' as indicator_id,
        'trafficker' as role_side,
        least(1.0, 0.5 * greatest(strongest_window.many_prepaid_ratio, strongest_window.across_codes_ratio)) as strength,
        strongest_window.window_start,
        strongest_window.window_end,
        cast(strongest_window.prepaid_number_count as double) as measure,
        cast(case
            when strongest_window.many_prepaid_is_main then {{ min_prepaid_numbers }}
            else {{ min_prepaid_numbers_across_codes }}
        end as double) as threshold,
        concat(
            'Had ', cast(strongest_window.prepaid_number_count as {{ dbt.type_string() }}),
            ' prepaid cards active with ', cast(strongest_window.prepaid_country_code_count as {{ dbt.type_string() }}),
            ' country code(s) (', coalesce(window_country_codes.country_code_list, ''), '), among ',
            cast(strongest_window.number_count as {{ dbt.type_string() }}), ' phone number(s) in use with ',
            cast(strongest_window.country_code_count as {{ dbt.type_string() }}), ' country code(s),',
            ' between ', {{ format_date('strongest_window.window_start') }}, ' and ', {{ format_date('strongest_window.window_end') }},
            ' (threshold: ', '{{ min_prepaid_numbers }}', ' prepaid cards, or ', '{{ min_prepaid_numbers_across_codes }}',
            ' prepaid cards with ', '{{ min_country_codes }}', ' country codes, in ', '{{ window_days }}', ' days)'
        ) as evidence
    from strongest_window
    left join window_country_codes
        on strongest_window.party_id = window_country_codes.party_id

)

select * from final
