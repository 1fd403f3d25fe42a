{#
    R04 remote_wipe: an end-to-end encrypted conversation was deleted
    remotely from another person's phone. Each remote_wipe signal in the
    lookback period flags the owners of the triggering side (counterpart) as
    traffickers and the owners of the wiped phone (subject) as victims; a
    phone or handle no party owns is flagged itself. Fires at min_signals
    signals per entity and side. "From another person's phone" (a wipe of a
    phone only its own triggering party owns is left out; nobody is their
    own victim) is int_platform_signal_roles_assigned's rule, shared with
    R01 and R08.
#}
{%- set min_signals = threshold('R04', 'min_signals') %}

with signal_roles as (

    select
        signal_id,
        observed_date,
        role_side,
        entity_type,
        entity_id,
        coalesce(subject_key, 'an unidentified phone') as wiped_key,
        coalesce(counterpart_key, 'an unidentified device') as triggering_key
    from {{ ref('int_platform_signal_roles_assigned') }}
    where signal_type = 'remote_wipe'

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
    from signal_roles
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
        least(1.0, 0.5 * cast(signal_count as double) / {{ min_signals }}) as strength,
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
