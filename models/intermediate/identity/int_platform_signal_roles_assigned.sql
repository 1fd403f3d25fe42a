{#
    The platform signals of the lookback period that one person directed at
    another, with the role each entity they point to plays: the counterpart
    side (the viewer, who triggered the wipe, who threatened) on the
    trafficker side, the subject side (the tracked phone, the wiped phone,
    the target) on the victim side. Shared by the signal-based indicators
    (R01, R04, R08), which keep only their own rule.

    "Another person": a signal whose subject entities all also stand on the
    counterpart side (a party tracking, wiping or threatening its own other
    phone) is left out whole. A party on both sides of a kept signal is on
    the trafficker side only: nobody is their own victim.
#}
with signal_entities as (

    select
        signal_id,
        signal_type,
        observed_date,
        side,
        side_phone,
        side_handle,
        entity_type,
        entity_id,
        is_on_both_sides
    from {{ ref('int_platform_signals_resolved_to_entities') }}

),

reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

signals_against_another_person as (

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

{#- Each side's phone (else handle) as reported, to name the signal in evidence. #}
signal_keys as (

    select
        signal_id,
        max(case when side = 'subject' then coalesce(side_phone, side_handle) end) as subject_key,
        max(case when side = 'counterpart' then coalesce(side_phone, side_handle) end) as counterpart_key
    from signal_entities
    group by
        signal_id

),

final as (

    select
        signal_entities.signal_id,
        signal_entities.signal_type,
        signal_entities.observed_date,
        signal_entities.side,
        case when signal_entities.side = 'counterpart' then 'trafficker' else 'victim' end as role_side,
        signal_entities.entity_type,
        signal_entities.entity_id,
        coalesce(signal_entities.side_phone, signal_entities.side_handle) as entity_key,
        signal_keys.subject_key,
        signal_keys.counterpart_key
    from signal_entities
    inner join signals_against_another_person
        on signal_entities.signal_id = signals_against_another_person.signal_id
    inner join signal_keys
        on signal_entities.signal_id = signal_keys.signal_id
    where signal_entities.side = 'counterpart'
       or not signal_entities.is_on_both_sides

)

select * from final
