{#
    R01 location_surveillance: one phone follows the live location of several
    other phones. A location_sharing signal says the subject phone shares its
    live location with the counterpart (the viewer). Fires when one viewer
    follows at least min_tracked_phones distinct other phones within some
    window of window_days days in the lookback period. Flags the viewer's
    owners (trafficker side) and the tracked phones' owners (victim side);
    a phone no party owns is flagged itself.
#}
{%- set window_days = threshold('R01', 'window_days') %}
{%- set min_tracked_phones = threshold('R01', 'min_tracked_phones') %}

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
    where signal_type = 'location_sharing'

),

reporting_period as (

    select
        lookback_start,
        as_of_date
    from {{ ref('int_reporting_period') }}

),

{#- One row per sharing: the viewer and the tracked phone (a handle when the platform gave no phone).
    A sharing between a party's own devices (every owner of the tracked phone also owns the viewer) is
    not surveillance of another person and is left out. #}
sharings as (

    select
        viewer.signal_id,
        viewer.observed_date,
        coalesce(viewer.side_phone, viewer.side_handle) as viewer_key,
        coalesce(tracked.side_phone, tracked.side_handle) as tracked_key
    from signal_entities as viewer
    inner join signal_entities as tracked
        on viewer.signal_id = tracked.signal_id
        and tracked.side = 'subject'
    cross join reporting_period
    where viewer.side = 'counterpart'
      and viewer.observed_date between reporting_period.lookback_start and reporting_period.as_of_date
      and coalesce(viewer.side_phone, viewer.side_handle) <> coalesce(tracked.side_phone, tracked.side_handle)
    group by
        viewer.signal_id,
        viewer.observed_date,
        coalesce(viewer.side_phone, viewer.side_handle),
        coalesce(tracked.side_phone, tracked.side_handle)
    having bool_or(not tracked.is_on_both_sides)

),

{#- Each sharing opens a window; together they cover every window that can qualify. #}
window_members as (

    select
        window_opener.viewer_key,
        window_opener.observed_date as window_start,
        member.signal_id,
        member.observed_date,
        member.tracked_key
    from sharings as window_opener
    inner join sharings as member
        on member.viewer_key = window_opener.viewer_key
        and member.observed_date >= window_opener.observed_date
        and member.observed_date <= {{ dbt.dateadd('day', window_days - 1, 'window_opener.observed_date') }}

),

windows as (

    select
        viewer_key,
        window_start,
        max(observed_date) as window_end,
        count(distinct tracked_key) as tracked_phone_count
    from window_members
    group by
        viewer_key,
        window_start

),

qualifying_members as (

    select
        windows.viewer_key,
        windows.window_start,
        windows.window_end,
        windows.tracked_phone_count,
        window_members.signal_id
    from windows
    inner join window_members
        on windows.viewer_key = window_members.viewer_key
        and windows.window_start = window_members.window_start
    where windows.tracked_phone_count >= {{ min_tracked_phones }}

),

{#- The viewer's owners on the trafficker side, the tracked phones' owners on the victim side; nobody is their own victim. #}
flagged_entities as (

    select
        signal_entities.entity_type,
        signal_entities.entity_id,
        case when signal_entities.side = 'counterpart' then 'trafficker' else 'victim' end as role_side,
        qualifying_members.viewer_key,
        coalesce(signal_entities.side_phone, signal_entities.side_handle) as entity_key,
        qualifying_members.window_start,
        qualifying_members.window_end,
        qualifying_members.tracked_phone_count
    from qualifying_members
    inner join signal_entities
        on qualifying_members.signal_id = signal_entities.signal_id
    where signal_entities.side = 'counterpart'
       or not signal_entities.is_on_both_sides

),

strongest_window as (

    select *
    from flagged_entities
    qualify row_number() over (
        partition by entity_type, entity_id, role_side
        order by tracked_phone_count desc, window_start, viewer_key, entity_key
    ) = 1

),

final as (

    select
        entity_type,
        entity_id,
        'R01' as indicator_id,
        role_side,
        least(1.0, 0.5 * tracked_phone_count / {{ min_tracked_phones }}) as strength,
        window_start,
        window_end,
        cast(tracked_phone_count as double) as measure,
        cast({{ min_tracked_phones }} as double) as threshold,
        case
            when role_side = 'trafficker' then concat(
                'Phone ', viewer_key, ' followed the live location of ', cast(tracked_phone_count as {{ dbt.type_string() }}),
                ' other phones between ', {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
                ' (threshold: ', '{{ min_tracked_phones }}', ' phones in ', '{{ window_days }}', ' days)'
            )
            else concat(
                'Phone ', entity_key, ' shared its live location with phone ', viewer_key,
                ', which followed ', cast(tracked_phone_count as {{ dbt.type_string() }}),
                ' phones between ', {{ format_date('window_start') }}, ' and ', {{ format_date('window_end') }},
                ' (threshold: ', '{{ min_tracked_phones }}', ' phones in ', '{{ window_days }}', ' days)'
            )
        end as evidence
    from strongest_window

)

select * from final
