"""Per indicator, the benign background groups it still fires on, and what keeps them out of alert.

    .venv/bin/python scripts/benign_group_indicator_counts.py --db data/redflags.duckdb --truth data/truth

The figures quoted in the blind spots of each models/indicators/**/ind_*.yml come from this
script, run on the demo scale for seeds 42 and 7 (`redflags generate --scale demo --seed N`,
then `dbt build`).

For every indicator of marts.dim_indicators it prints:
- its rarity weight per kind of entity, with the share of that kind it fires on, all entities
  counted (intermediate.int_indicator_rarity_weights), and its catalogue default weight;
- the background entities it flags (truth/background_groups, every group but
  'scenario_side_party'), how many of them are in the watch and alert tiers
  (marts.risk_entities), the highest evidence weight any of them reaches, and, for those not
  alerted on their own flags, the first corroboration rule of the risk mart they fail (RISK
  parameters in force from intermediate.int_risk_scoring_parameters): fewer than
  alert_min_indicators counted indicators ("one flag"), evidence below alert_min_evidence, or
  fewer than alert_min_sources families of partners and no control signal;
- one line per benign group it flags: flagged entities of the group's entities, watch, alert;
- a separate line for the planted scenarios' side parties ('scenario_side_party': neither
  background nor truth) when it flags any, and at the end how many side parties any indicator
  flags;
- the benign groups written to come near it (SCENARIOS.md) that it does not flag, with their 0;
- the flagged entities the ground truth lists nowhere (e.g. the author handle of a benign job
  post that gives no owned phone: the generator lists the company, the flag stays on the handle).

Counts are distinct entities; an entity in several groups counts in each group. A diagnostic,
not a test: it asserts nothing.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

from redflags.truth_files import read_truth_table

GROUP_COLUMNS = ["entity_type", "entity_id", "benign_group"]
SIDE_PARTY = "scenario_side_party"
# The indicators each benign group was written to come near (redflags/generator/SCENARIOS.md,
# "What each group looks like in the data"), so that a group an indicator does not flag is
# printed with its 0 as well. A group flagged by an indicator not listed here is printed anyway.
COMES_NEAR = {
    "migrant_worker": ("F12", "F14", "R07", "F09", "B03"),
    "migrant_fixed_monthly_pay": ("F12",),
    "migrant_employer_housing": ("F14", "F08"),
    "migrant_home_sim": ("R07",),
    "migrant_monthly_remittance": ("F09", "F05"),
    "migrant_noted_no_danish": ("B03",),
    "parent_tracking_children": ("R01", "R07"),
    "tracked_child": ("R01",),
    "club_treasurer": ("F04",),
    "salaried_staff_variable_industry": ("F12",),
    "employer_of_salaried_staff": ("F12",),
    "employer_of_migrant_workers": ("F12", "F14"),
    "dividend_director": ("F16",),
    "company_paying_dividend": ("F16",),
    "board_pensioner": ("F16",),
    "company_with_pensioner_on_board": ("F16",),
    "salary_to_own_external_account": ("F08",),
    "employer_of_salary_mover": ("F08",),
    "remitting_siblings": ("F05", "F09"),
    "remitting_siblings_parent": ("F05",),
    "elderly_accompanied_by_relative": ("B01",),
    "relative_speaking_for_elderly": ("B01",),
    "socially_vulnerable_poor_appearance": ("B02",),
    "dane_with_foreign_sim": ("R07",),
    "family_visa_trip": ("F11",),
    "market_trader": ("F10",),
    "bank_switcher": ("F15",),
    "road_trip_rentals": ("R03",),
    "work_trip_rentals_paid_by_employer": ("R03",),
    "employer_paying_work_trip_rentals": ("R03",),
    "retail_chain": ("F10", "F07"),
    "importer_declared_high_risk_country": ("F06",),
    "company_kyc_countries_missing": ("F06",),
    "company_recruiting_in_community_groups": ("R06",),
    "company_job_post_high_wage": ("R05",),
    "company_job_post_whatsapp": ("R05",),
    "employer_housing_address": ("F14",),
    "employer_providing_housing": ("F14", "F08"),
}
RISK_PARAMETERS = (
    "alert_min_indicators",
    "alert_min_evidence",
    "alert_min_sources",
    "watch_min_evidence",
)


def risk_parameters(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    rows = con.sql(
        "select parameter_name, value_in_force from intermediate.int_risk_scoring_parameters"
    ).fetchall()
    values = {name: float(value) for name, value in rows}
    missing = [name for name in RISK_PARAMETERS if name not in values]
    if missing:
        raise ValueError(f"int_risk_scoring_parameters lacks: {', '.join(missing)}")
    return values


def group_sizes(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = con.sql("""
        select benign_group, count(distinct entity_type || ':' || entity_id)
        from background_groups group by benign_group
    """).fetchall()
    return dict(rows)


def side_parties_flagged(con: duckdb.DuckDBPyConnection) -> int:
    return con.sql(f"""
        select count(distinct groups.entity_type || ':' || groups.entity_id)
        from background_groups as groups
        inner join marts.fct_red_flags as flags
            on groups.entity_type = flags.entity_type and groups.entity_id = flags.entity_id
        where groups.benign_group = '{SIDE_PARTY}'
    """).fetchall()[0][0]


def unlisted_flagged(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """indicator_id -> flagged entities the ground truth lists nowhere (neither truth_entities nor
    background_groups), per entity type: e.g. the author handle of a benign post that gives no
    owned phone, which the generator lists only under its company."""
    rows = con.sql("""
        with listed as (
            select entity_type, entity_id from background_groups
            union
            select entity_type, entity_id from truth_entities
        )
        select flags.indicator_id, flags.entity_type, count(distinct flags.entity_id)
        from marts.fct_red_flags as flags
        left join listed
            on flags.entity_type = listed.entity_type and flags.entity_id = listed.entity_id
        where listed.entity_id is null
        group by all
        order by all
    """).fetchall()
    text: dict[str, list[str]] = {}
    for indicator_id, entity_type, count in rows:
        text.setdefault(indicator_id, []).append(f"{entity_type} {count}")
    return {key: ", ".join(value) for key, value in text.items()}


def per_group_counts(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(indicator_id, benign_group, group_entities, flagged, watch, alert), groups it flags only."""
    return con.sql("""
        with groups as (
            select distinct entity_type, entity_id, benign_group from background_groups
        ),
        group_sizes as (
            select benign_group, count(*) as group_entities from groups group by benign_group
        ),
        flagged as (
            select distinct entity_type, entity_id, indicator_id from marts.fct_red_flags
        )
        select
            flagged.indicator_id,
            groups.benign_group,
            group_sizes.group_entities,
            count(*) as flagged,
            count(*) filter (where risk.risk_tier = 'watch') as watch,
            count(*) filter (where risk.risk_tier = 'alert') as alert
        from groups
        inner join flagged
            on groups.entity_type = flagged.entity_type and groups.entity_id = flagged.entity_id
        inner join group_sizes on groups.benign_group = group_sizes.benign_group
        left join marts.risk_entities as risk
            on groups.entity_type = risk.entity_type and groups.entity_id = risk.entity_id
        group by all
        order by flagged.indicator_id, flagged desc, groups.benign_group
    """).fetchall()


def per_indicator_reasons(con: duckdb.DuckDBPyConnection, risk: dict[str, float]) -> dict[str, tuple]:
    """indicator_id -> (background entities flagged, watch, alert, one flag, weak evidence,
    one family without control, raised to alert by a network, highest evidence weight),
    background = every group but the side parties."""
    rows = con.sql(f"""
        with background as (
            select distinct entity_type, entity_id from background_groups
            where benign_group <> '{SIDE_PARTY}'
        ),
        flagged as (
            select distinct entity_type, entity_id, indicator_id from marts.fct_red_flags
        ),
        scored as (
            select
                flagged.indicator_id,
                risk.risk_tier,
                risk.tier_on_own_flags,
                risk.evidence_weight,
                case
                    when risk.tier_on_own_flags = 'alert' then null
                    when risk.counted_indicator_count < {risk['alert_min_indicators']} then 'one_flag'
                    when risk.evidence_weight < {risk['alert_min_evidence']} then 'weak_evidence'
                    when risk.source_count < {risk['alert_min_sources']}
                         and coalesce(risk.control_signals, '') = '' then 'one_family'
                end as held_back_by
            from background
            inner join flagged
                on background.entity_type = flagged.entity_type and background.entity_id = flagged.entity_id
            inner join marts.risk_entities as risk
                on background.entity_type = risk.entity_type and background.entity_id = risk.entity_id
        )
        select
            indicator_id,
            count(*),
            count(*) filter (where risk_tier = 'watch'),
            count(*) filter (where risk_tier = 'alert'),
            count(*) filter (where held_back_by = 'one_flag'),
            count(*) filter (where held_back_by = 'weak_evidence'),
            count(*) filter (where held_back_by = 'one_family'),
            count(*) filter (where risk_tier = 'alert' and tier_on_own_flags <> 'alert'),
            max(evidence_weight)
        from scored
        group by indicator_id
    """).fetchall()
    return {row[0]: row[1:] for row in rows}


def rarity_weights(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.sql("""
        select indicator_id, entity_kind, rarity_weight, flagged_entities, comparable_entities
        from intermediate.int_indicator_rarity_weights
        order by indicator_id, entity_kind
    """).fetchall()
    text: dict[str, list[str]] = {}
    for indicator_id, kind, weight, flagged, comparable in rows:
        text.setdefault(indicator_id, []).append(
            f"{kind} {weight:.2f} (fires on {flagged} of {comparable}, {100 * flagged / comparable:.2f} %)"
        )
    return {key: ", ".join(value) for key, value in text.items()}


def report(db: Path, truth_dir: Path) -> str:
    groups = read_truth_table(truth_dir, "background_groups", GROUP_COLUMNS)
    truth = read_truth_table(truth_dir, "truth_entities", ["entity_type", "entity_id"])
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.register("background_groups", groups)
        con.register("truth_entities", truth)
        risk = risk_parameters(con)
        indicators = con.sql(
            "select indicator_id, indicator_name, default_weight from marts.dim_indicators order by indicator_id"
        ).fetchall()
        counts = per_group_counts(con)
        reasons = per_indicator_reasons(con, risk)
        weights = rarity_weights(con)
        sizes = group_sizes(con)
        side_parties = side_parties_flagged(con)
        unlisted = unlisted_flagged(con)
    finally:
        con.close()

    lines = [
        f"{db}  (alert on own flags needs >= {risk['alert_min_indicators']:g} counted indicators, "
        f"evidence >= {risk['alert_min_evidence']:g}, >= {risk['alert_min_sources']:g} families of "
        f"partners or a control signal; watch needs evidence >= {risk['watch_min_evidence']:g})",
        "",
    ]
    for indicator_id, name, default_weight in indicators:
        lines.append(
            f"{indicator_id} {name}: default weight {default_weight:g}; rarity weight "
            f"{weights.get(indicator_id, 'n/a (fires on nothing)')}"
        )
        background = reasons.get(indicator_id)
        if background is None:
            lines.append("  background entities flagged: 0")
        else:
            total, watch, alert, one_flag, weak, one_family, by_network, top_evidence = background
            lines.append(
                f"  background entities flagged: {total} (watch {watch}, alert {alert}; highest evidence "
                f"{top_evidence:.2f}); not alerted on own flags because: one counted indicator {one_flag}, "
                f"evidence below {risk['alert_min_evidence']:g} {weak}, one family of partners and no "
                f"control signal {one_family}; raised to alert by a network {by_network}"
            )
        flagged_groups = set()
        for row in counts:
            row_indicator, group, group_entities, flagged, watch, alert = row
            if row_indicator != indicator_id:
                continue
            flagged_groups.add(group)
            label = f"{group} (planted scenarios' side parties, not background)" if group == SIDE_PARTY else group
            lines.append(
                f"    {label:<40} {flagged:>4} of {group_entities:<5} watch {watch}  alert {alert}"
            )
        for group in sorted(COMES_NEAR):
            if indicator_id in COMES_NEAR[group] and group not in flagged_groups and group in sizes:
                lines.append(f"    {group:<40} {0:>4} of {sizes[group]:<5} (written to come near it)")
        if indicator_id in unlisted:
            lines.append(f"  flagged but listed neither in truth_entities nor in background_groups: {unlisted[indicator_id]}")
        lines.append("")
    lines.append(f"planted scenarios' side parties ({SIDE_PARTY}) flagged by any indicator: {side_parties}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="data/redflags.duckdb")
    parser.add_argument("--truth", default="data/truth")
    args = parser.parse_args()
    print(report(Path(args.db), Path(args.truth)))


if __name__ == "__main__":
    main()
