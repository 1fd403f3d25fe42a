{#
    R08 sextortion_threat: a platform reports a threat to publish compromising
    images. Each sextortion_threat signal in the lookback period flags the
    owners of the threatening side (counterpart) as traffickers and the owners
    of the target (subject) as victims; a phone or handle no party owns is
    flagged itself. Fires at min_signals signals per entity and side. A
    threat needs another person (a signal whose target only the threatening
    party owns is left out; nobody is their own victim):
    int_platform_signal_roles_assigned's rule, shared with R01 and R04.
#}
{%- set min_signals = threshold('R08', 'min_signals') %}

with signal_roles as (

    select
        signal_id,
        observed_date,
        role_side,
        entity_type,
        entity_id,
        coalesce(subject_key, 'an unidentified target') as target_key,
        coalesce(counterpart_key, 'an unidentified sender') as threatening_key
    from {{ ref('int_platform_signal_roles_assigned') }}
    where signal_type = 'sextortion_threat'

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
        'R08' as indicator_id,
        role_side,
        least(1.0, 0.5 * cast(signal_count as double) / {{ min_signals }}) as strength,
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
