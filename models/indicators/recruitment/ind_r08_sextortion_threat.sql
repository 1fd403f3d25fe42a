{#
    R08 sextortion_threat: a platform reports a threat to publish compromising
    images. Each sextortion_threat signal in the lookback period flags the
    owners of the threatening side (counterpart) as traffickers and the owners
    of the target (subject) as victims; a phone or handle no party owns is
    flagged itself. Fires at min_signals signals per entity and side.
#}
{%- set min_signals = threshold('R08', 'min_signals') %}

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
    where signal_type = 'sextortion_threat'

),

reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

{#- A threat needs another person: a signal whose target belongs only to parties on the threatening side too is left out. #}
threats_against_another_person as (

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
        max(case when side = 'subject' then coalesce(side_phone, side_handle) end) as target_key,
        max(case when side = 'counterpart' then coalesce(side_phone, side_handle) end) as threatening_key
    from signal_entities
    group by
        signal_id

),

{#- A party on both sides is flagged as the threatening side only. #}
flagged_signals as (

    select
        signal_entities.entity_type,
        signal_entities.entity_id,
        case when signal_entities.side = 'counterpart' then 'trafficker' else 'victim' end as role_side,
        signal_entities.signal_id,
        signal_entities.observed_date,
        coalesce(signal_phones.target_key, 'an unidentified target') as target_key,
        coalesce(signal_phones.threatening_key, 'an unidentified sender') as threatening_key
    from signal_entities
    inner join threats_against_another_person
        on signal_entities.signal_id = threats_against_another_person.signal_id
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
        max_by(target_key, observed_date) as last_target_key,
        max_by(threatening_key, observed_date) as last_threatening_key
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
        'R08' as indicator_id,
        role_side,
        least(1.0, 0.5 * signal_count / {{ min_signals }}) as strength,
        window_start,
        window_end,
        cast(signal_count as double) as measure,
        cast({{ min_signals }} as double) as threshold,
        concat(
            cast(signal_count as {{ dbt.type_string() }}), ' platform report(s) of a threat to publish compromising images',
            case when role_side = 'trafficker' then ', made by this side,' else ', made against this side,' end,
            ' between ', {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
            ' (latest: ', last_threatening_key, ' threatened ', last_target_key, ')',
            ' (threshold: ', '{{ min_signals }}', ' signal(s))'
        ) as evidence
    from signals_per_entity

)

select * from final
