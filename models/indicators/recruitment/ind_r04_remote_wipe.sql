{#
    R04 remote_wipe: an end-to-end encrypted conversation was deleted
    remotely from another person's phone. Each remote_wipe signal in the
    lookback period flags the owners of the triggering side (counterpart) as
    traffickers and the owners of the wiped phone (subject) as victims; a
    phone or handle no party owns is flagged itself. Fires at min_signals
    signals per entity and side.
#}
{%- set min_signals = threshold('R04', 'min_signals') %}

with signal_entities as (

    select
        signal_id,
        observed_date,
        side,
        side_phone,
        side_handle,
        entity_type,
        entity_id,
        is_on_both_sides
    from {{ ref('int_platform_signals_resolved_to_entities') }}
    where signal_type = 'remote_wipe'

),

reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

{#- "From another person's phone": a wipe whose wiped phone belongs only to parties on the triggering side too (a lost phone wiped by its owner) is left out. #}
wipes_of_another_persons_phone as (

    select
        signal_entities.signal_id
    from signal_entities
    cross join reporting_period
    where signal_entities.side = 'subject'
      and signal_entities.observed_date between reporting_period.lookback_start and reporting_period.as_of_date
    group by
        signal_entities.signal_id
    having bool_or(not signal_entities.is_on_both_sides)

),

{#- Both sides' phones per signal, for the evidence sentence. #}
signal_phones as (

    select
        signal_id,
        max(case when side = 'subject' then coalesce(side_phone, side_handle) end) as wiped_key,
        max(case when side = 'counterpart' then coalesce(side_phone, side_handle) end) as triggering_key
    from signal_entities
    group by
        signal_id

),

{#- A party on both sides is flagged as the triggering side only. #}
flagged_signals as (

    select
        signal_entities.entity_type,
        signal_entities.entity_id,
        case when signal_entities.side = 'counterpart' then 'trafficker' else 'victim' end as role_side,
        signal_entities.signal_id,
        signal_entities.observed_date,
        coalesce(signal_phones.wiped_key, 'an unidentified phone') as wiped_key,
        coalesce(signal_phones.triggering_key, 'an unidentified device') as triggering_key
    from signal_entities
    inner join wipes_of_another_persons_phone
        on signal_entities.signal_id = wipes_of_another_persons_phone.signal_id
    inner join signal_phones
        on signal_entities.signal_id = signal_phones.signal_id
    where signal_entities.side = 'counterpart'
       or not signal_entities.is_on_both_sides

),

signals_per_entity as (

    select
        entity_type,
        entity_id,
        role_side,
        count(distinct signal_id) as signal_count,
        min(observed_date) as window_start,
        max(observed_date) as window_end,
        max_by(wiped_key, observed_date) as last_wiped_key,
        max_by(triggering_key, observed_date) as last_triggering_key
    from flagged_signals
    group by
        entity_type,
        entity_id,
        role_side
    having count(distinct signal_id) >= {{ min_signals }}

),

final as (

    select
        entity_type,
        entity_id,
        'R04' as indicator_id,
        role_side,
        least(1.0, 0.5 * signal_count / {{ min_signals }}) as strength,
        window_start,
        window_end,
        cast(signal_count as double) as measure,
        cast({{ min_signals }} as double) as threshold,
        concat(
            cast(signal_count as {{ dbt.type_string() }}), ' remote wipe(s) of an encrypted conversation',
            case when role_side = 'trafficker' then ' triggered on another person''s phone' else ' on their phone, triggered by another person' end,
            ' between ', {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' (latest: ', last_wiped_key, ' wiped from ', last_triggering_key, ')',
            ' (threshold: ', '{{ min_signals }}', ' signal(s))'
        ) as evidence
    from signals_per_entity

)

select * from final
