{#
    F15 accounts_opened_closed_together: a party has several accounts that
    were opened at nearly the same time and closed at nearly the same time
    (identities used for a burst of accounts, then dropped). Fires on the
    party when at least min_accounts of its accounts were opened within
    max_open_spread_days of each other and closed within max_close_spread_days
    of each other, the closings falling inside the lookback period.
#}
{%- set min_accounts = threshold('F15', 'min_accounts') %}
{%- set max_open_spread_days = threshold('F15', 'max_open_spread_days') %}
{%- set max_close_spread_days = threshold('F15', 'max_close_spread_days') %}

with accounts as (

    select
        account_id,
        party_id,
        provider,
        account_type,
        opened_at,
        closed_at
    from {{ ref('stg_accounts') }}
    where closed_at is not null

),

reporting_period as (

    select
        as_of_date,
        lookback_start
    from {{ ref('int_reporting_period') }}

),

{#- An account closed after the as-of date was still open on it. #}
closed_accounts as (

    select
        accounts.account_id,
        accounts.party_id,
        accounts.provider,
        accounts.account_type,
        cast(accounts.opened_at as date) as opened_date,
        cast(accounts.closed_at as date) as closed_date
    from accounts
    cross join reporting_period
    where cast(accounts.closed_at as date) <= reporting_period.as_of_date

),

{#- Only parties with enough closed accounts can have enough closed together. #}
candidate_accounts as (

    select closed_accounts.*
    from closed_accounts
    where party_id in (
        select party_id
        from closed_accounts
        group by party_id
        having count(*) >= {{ min_accounts }}
    )

),

open_anchors as (

    select distinct
        party_id,
        opened_date as open_anchor_date
    from candidate_accounts

),

close_anchors as (

    select distinct
        party_id,
        closed_date as close_anchor_date
    from candidate_accounts

),

{#-
    Each pair of an opening day and a closing day of the party anchors a
    cluster: the accounts opened in [opening day, + max_open_spread_days] and
    closed in [closing day, + max_close_spread_days]. Every group of accounts
    that meets both spreads falls in the cluster of its earliest opening and
    earliest closing.
#}
account_clusters as (

    select
        open_anchors.party_id,
        open_anchors.open_anchor_date,
        close_anchors.close_anchor_date,
        count(*) as account_count,
        min(member.opened_date) as first_opened_date,
        max(member.opened_date) as last_opened_date,
        min(member.closed_date) as first_closed_date,
        max(member.closed_date) as last_closed_date
    from open_anchors
    inner join close_anchors
        on open_anchors.party_id = close_anchors.party_id
    inner join candidate_accounts as member
        on member.party_id = open_anchors.party_id
        and member.opened_date >= open_anchors.open_anchor_date
        and member.opened_date <= {{ dbt.dateadd('day', max_open_spread_days, 'open_anchors.open_anchor_date') }}
        and member.closed_date >= close_anchors.close_anchor_date
        and member.closed_date <= {{ dbt.dateadd('day', max_close_spread_days, 'close_anchors.close_anchor_date') }}
    group by
        open_anchors.party_id,
        open_anchors.open_anchor_date,
        close_anchors.close_anchor_date

),

strongest_cluster as (

    select account_clusters.*
    from account_clusters
    cross join reporting_period
    where account_clusters.account_count >= {{ min_accounts }}
      and account_clusters.last_closed_date >= reporting_period.lookback_start
    qualify row_number() over (
        partition by account_clusters.party_id
        order by
            account_clusters.account_count desc,
            account_clusters.last_closed_date desc,
            account_clusters.open_anchor_date,
            account_clusters.close_anchor_date
    ) = 1

),

cluster_members as (

    select
        strongest_cluster.party_id,
        concat(member.provider, ' ', member.account_type) as account_label
    from strongest_cluster
    inner join candidate_accounts as member
        on member.party_id = strongest_cluster.party_id
        and member.opened_date >= strongest_cluster.open_anchor_date
        and member.opened_date <= {{ dbt.dateadd('day', max_open_spread_days, 'strongest_cluster.open_anchor_date') }}
        and member.closed_date >= strongest_cluster.close_anchor_date
        and member.closed_date <= {{ dbt.dateadd('day', max_close_spread_days, 'strongest_cluster.close_anchor_date') }}

),

member_lists as (

    select
        party_id,
        {{ dbt.listagg('account_label', "', '", 'order by account_label') }} as account_list
    from cluster_members
    group by party_id

),

final as (

    select
        'party' as entity_type,
        strongest_cluster.party_id as entity_id,
        'F15' as indicator_id,
        'both' as role_side,
        least(1.0, 0.5 * cast(strongest_cluster.account_count as double) / {{ min_accounts }}) as strength,
        strongest_cluster.first_opened_date as window_start,
        strongest_cluster.last_closed_date as window_end,
        cast(strongest_cluster.account_count as double) as measure,
        cast({{ min_accounts }} as double) as threshold,
        concat(
            cast(strongest_cluster.account_count as {{ dbt.type_string() }}), ' accounts (', member_lists.account_list, ')',
            ' opened between ', {{ format_date('strongest_cluster.first_opened_date') }},
            ' and ', {{ format_date('strongest_cluster.last_opened_date') }},
            ' and closed between ', {{ format_date('strongest_cluster.first_closed_date') }},
            ' and ', {{ format_date('strongest_cluster.last_closed_date') }},
            ' (threshold: ', '{{ min_accounts }}', ' accounts opened within ', '{{ max_open_spread_days }}',
            ' days and closed within ', '{{ max_close_spread_days }}', ' days of each other)'
        ) as evidence
    from strongest_cluster
    inner join member_lists
        on strongest_cluster.party_id = member_lists.party_id

)

select * from final
