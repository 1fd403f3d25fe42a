{#
    R01 location_surveillance: one phone follows the live location of several
    other phones. A location_sharing signal says the subject phone shares its
    live location with the counterpart (the viewer). Fires when one viewer
    follows at least min_tracked_phones distinct other phones within some
    window of window_days days in the lookback period. Flags the viewer's
    owners (trafficker side) and the tracked phones' owners (victim side);
    a phone no party owns is flagged itself. Sharings between a party's own
    devices are left out and nobody is their own victim:
    int_platform_signal_roles_assigned's rule, shared with R04 and R08.
#}
{%- set window_days = threshold('R01', 'window_days') %}
{%- set min_tracked_phones = threshold('R01', 'min_tracked_phones') %}
{%- set max_household_residents = threshold('R01', 'max_household_residents') %}

with signal_roles as (

    select
        signal_id,
        observed_date,
        role_side,
        entity_type,
        entity_id,
        entity_key,
        subject_key,
        counterpart_key
    from {{ ref('int_platform_signal_roles_assigned') }}
    where signal_type = 'location_sharing'

),

residences as (

    select
        party_id,
        address_id,
        valid_from,
        valid_to
    from {{ ref('stg_party_addresses') }}
    where address_type = 'residence'

),

{#- Sharings whose viewer's owner and tracked owner live at one residence that day. #}
shared_residences as (

    select distinct
        viewer.signal_id,
        viewer.observed_date,
        viewer_home.address_id
    from signal_roles as viewer
    inner join signal_roles as tracked
        on viewer.signal_id = tracked.signal_id
        and tracked.role_side = 'victim'
        and tracked.entity_type = 'party'
    inner join residences as viewer_home
        on viewer.entity_id = viewer_home.party_id
        and viewer_home.valid_from <= viewer.observed_date
        and (viewer_home.valid_to is null or viewer_home.valid_to >= viewer.observed_date)
    inner join residences as tracked_home
        on tracked.entity_id = tracked_home.party_id
        and viewer_home.address_id = tracked_home.address_id
        and tracked_home.valid_from <= viewer.observed_date
        and (tracked_home.valid_to is null or tracked_home.valid_to >= viewer.observed_date)
    where viewer.role_side = 'trafficker'
      and viewer.entity_type = 'party'

),

household_sharings as (

    select distinct
        shared_residences.signal_id
    from shared_residences
    inner join residences as resident
        on shared_residences.address_id = resident.address_id
        and resident.valid_from <= shared_residences.observed_date
        and (resident.valid_to is null or resident.valid_to >= shared_residences.observed_date)
    group by
        shared_residences.signal_id,
        shared_residences.address_id
    having count(distinct resident.party_id) <= {{ max_household_residents }}

),

{#- One row per sharing: the viewer and the tracked phone (a handle when the
    platform gave no phone). A sharing between a party's own devices never
    gets here (int_platform_signal_roles_assigned); one phone "sharing" with
    itself is no surveillance either, nor is a sharing within a household. #}
sharings as (

    select distinct
        signal_roles.signal_id,
        signal_roles.observed_date,
        signal_roles.counterpart_key as viewer_key,
        signal_roles.subject_key as tracked_key
    from signal_roles
    left join household_sharings
        on signal_roles.signal_id = household_sharings.signal_id
    where signal_roles.counterpart_key <> signal_roles.subject_key
      and household_sharings.signal_id is null

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

{#- The viewer's owners on the trafficker side, the tracked phones' owners on the victim side. #}
flagged_entities as (

    select
        signal_roles.entity_type,
        signal_roles.entity_id,
        signal_roles.role_side,
        qualifying_members.viewer_key,
        signal_roles.entity_key,
        qualifying_members.window_start,
        qualifying_members.window_end,
        qualifying_members.tracked_phone_count
    from qualifying_members
    inner join signal_roles
        on qualifying_members.signal_id = signal_roles.signal_id

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
        least(1.0, 0.5 * cast(tracked_phone_count as double) / {{ min_tracked_phones }}) as strength,
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
