"""Score the risk mart against the generator's ground truth.

    redflags evaluate --truth data/truth [--db ...] [--json out.json] [--sensitivity]

Ground truth (truth_entities.parquet or .csv: entity_type, entity_id,
scenario_id, scenario, role, expected_indicators) is never read by the models;
only this module reads it. What is scored:

- per indicator: recall on the planted (entity, indicator) pairs (is the entity
  in fct_red_flags with that indicator), how many of the indicator's own
  look-alikes (scenario `lookalike_<ID>_...`) it flags, how many look-alikes of
  any indicator it flags, and what else it flags (other planted entities,
  entities not in the truth at all), with precision = planted pairs found /
  entities flagged;
- per entity: recall of victims and traffickers in alert or watch and in alert,
  and the alert rate (false alerts) among look-alikes and among background
  parties (staged parties that are not in the truth);
- the acceptance criteria of the risk-mart issue, each with its target;
- optionally (it runs dbt, minutes), the threshold sensitivity: every
  indicator's main threshold (MAIN_THRESHOLDS) scaled by 0.5, 0.75, 1.25 and
  1.5, rebuilt in a copy of the warehouse, and scored the same way.

Everything reads the marts through short read-only connections, by default in
the published copy (so it works while a build runs); the mart's logic stays in
SQL, this module only compares sets. The sensitivity runs dbt on a copy of the
working database.
"""
from __future__ import annotations

import json
import math
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import yaml

from redflags.background_evaluation import (
    BackgroundReport,
    background_criteria,
    background_to_dict,
    evaluate_background,
    format_background,
)
from redflags.paths import PROJECT_DIR, WarehousePaths
from redflags.truth_files import read_truth_table

TRUTH_COLUMNS = ["entity_type", "entity_id", "scenario_id", "scenario", "role", "expected_indicators"]
TRUTH_ROLES = ("victim", "trafficker", "benign_lookalike")
# The leaflet's three cases, planted as composite scenarios.
COMPOSITE_SCENARIOS = ("criminal_exploitation_minor", "sexual_exploitation_telegram", "labour_exploitation_pay_limit")
LOOKALIKE_SCENARIO = re.compile(r"^lookalike_([A-Z][0-9]{2})_")
ALERT_OR_WATCH = ("alert", "watch")

# Acceptance criteria of the risk-mart issue.
MULTI_INDICATOR_MIN_RECALL = 0.90
LOOKALIKE_MAX_ALERT_RATE = 0.05
BACKGROUND_MAX_ALERT_RATE = 0.005


# =========================================================================== truth


def load_truth(truth_dir: Path) -> pd.DataFrame:
    """truth_entities.parquet (or .csv) from truth_dir, all columns as text."""
    frame = read_truth_table(truth_dir, "truth_entities", TRUTH_COLUMNS).fillna("").astype(str)
    unknown_roles = sorted(set(frame["role"]) - set(TRUTH_ROLES))
    if unknown_roles:
        raise ValueError(f"ground truth has unknown roles: {', '.join(unknown_roles)}")
    return frame


def _split_ids(text: str) -> list[str]:
    return [part.strip() for part in str(text).split(",") if part.strip()]


def nested_indicators(project_dir: Path = PROJECT_DIR) -> dict[str, str]:
    """indicator -> the indicator it is counted within when both fire (seed indicator_scoring_attributes)."""
    seed = pd.read_csv(project_dir / "seeds" / "indicator_scoring_attributes.csv", dtype=str, keep_default_na=False)
    return {row.indicator_id: row.counted_within for row in seed.itertuples(index=False) if row.counted_within}


def _independent_count(expected: set[str], nested: dict[str, str]) -> int:
    """Expected indicators, one nested in another expected one counted once (F03 within R02)."""
    return len({indicator for indicator in expected if nested.get(indicator) not in expected})


def truth_by_entity(truth: pd.DataFrame) -> pd.DataFrame:
    """One row per (entity_type, entity_id): an entity planted in several scenarios
    is a victim (trafficker) when any of its rows says so, expects the union of
    their indicators, and is a look-alike only when it plays no other role.
    expected_count counts independent indicators: one nested in another that is
    also expected (F03 within R02) is the same observation and counts once."""
    nested = nested_indicators()
    records: dict[tuple[str, str], dict[str, Any]] = {}
    for row in truth.itertuples(index=False):
        key = (row.entity_type, row.entity_id)
        entry = records.setdefault(
            key,
            {"entity_type": row.entity_type, "entity_id": row.entity_id, "roles": set(), "expected": set(),
             "lookalike_of": set(), "scenarios": set(), "composite": False},
        )
        entry["roles"].add(row.role)
        entry["expected"].update(_split_ids(row.expected_indicators))
        entry["scenarios"].add(row.scenario)
        entry["composite"] |= row.scenario in COMPOSITE_SCENARIOS
        match = LOOKALIKE_SCENARIO.match(row.scenario)
        if match and row.role == "benign_lookalike":
            entry["lookalike_of"].add(match.group(1))
    rows = []
    for entry in records.values():
        is_victim = "victim" in entry["roles"]
        is_trafficker = "trafficker" in entry["roles"]
        rows.append({
            "entity_type": entry["entity_type"],
            "entity_id": entry["entity_id"],
            "is_victim": is_victim,
            "is_trafficker": is_trafficker,
            "is_positive": is_victim or is_trafficker,
            "is_lookalike": entry["roles"] == {"benign_lookalike"},
            "is_composite": entry["composite"] and (is_victim or is_trafficker),
            "expected": ",".join(sorted(entry["expected"])),
            "expected_count": _independent_count(entry["expected"], nested),
            "lookalike_of": ",".join(sorted(entry["lookalike_of"])),
            "scenarios": ",".join(sorted(entry["scenarios"])),
        })
    columns = ["entity_type", "entity_id", "is_victim", "is_trafficker", "is_positive", "is_lookalike",
               "is_composite", "expected", "expected_count", "lookalike_of", "scenarios"]
    return pd.DataFrame(rows, columns=columns)


# =========================================================================== the mart


@dataclass
class MartSnapshot:
    """What evaluation needs from the warehouse, read in one go."""

    catalogue: pd.DataFrame  # indicator_id, indicator_name
    flags: pd.DataFrame  # distinct entity_type, entity_id, indicator_id of fct_red_flags
    tiers: pd.DataFrame  # entity_type, entity_id, risk_tier, risk_score of risk_entities
    background_parties: int
    background_in_watch: int
    background_in_alert: int


# Background parties: the staged parties (marts.landing_coverage) that are not in
# the truth, and those of them the mart tiers. Read from the marts alone, so the
# published copy (which holds no staging schema) scores the same as the working
# database; it assumes every party of the truth was staged, as the generator's
# are (python_tests/test_evaluation.py checks it against stg_parties).
BACKGROUND_QUERY = """
    select
        (select rows_staged from marts.landing_coverage where table_name = 'parties')
            - (select count(*) from truth_parties) as parties,
        count(*) filter (where risk.risk_tier = 'watch') as in_watch,
        count(*) filter (where risk.risk_tier = 'alert') as in_alert
    from marts.risk_entities as risk
    where risk.entity_type = 'party'
      and risk.entity_id not in (select entity_id from truth_parties)
"""


def read_mart(db_path: Path, truth: pd.DataFrame) -> MartSnapshot:
    """Everything evaluation needs, from the marts only (the working database or its published copy)."""
    truth_parties = pd.DataFrame({"entity_id": truth.loc[truth["entity_type"] == "party", "entity_id"].unique()})
    with duckdb.connect(str(db_path), read_only=True) as connection:
        connection.register("truth_parties", truth_parties)
        catalogue = connection.execute(
            "select indicator_id, indicator_name from marts.dim_indicators order by indicator_id"
        ).df()
        flags = connection.execute(
            "select distinct entity_type, entity_id, indicator_id from marts.fct_red_flags"
        ).df()
        tiers = connection.execute(
            "select entity_type, entity_id, risk_tier, risk_score from marts.risk_entities"
        ).df()
        parties, in_watch, in_alert = connection.execute(BACKGROUND_QUERY).fetchone()
    return MartSnapshot(catalogue, flags, tiers, int(parties or 0), int(in_watch), int(in_alert))


# =========================================================================== scores


def _keys(frame: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(frame["entity_type"], frame["entity_id"]))


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def indicator_scores(entities: pd.DataFrame, snapshot: MartSnapshot) -> pd.DataFrame:
    """One row per catalogue indicator: recall on its planted pairs, what it flags besides."""
    flagged_by: dict[str, set[tuple[str, str]]] = {}
    for row in snapshot.flags.itertuples(index=False):
        flagged_by.setdefault(row.indicator_id, set()).add((row.entity_type, row.entity_id))
    planted_by: dict[str, set[tuple[str, str]]] = {}
    lookalikes_of: dict[str, set[tuple[str, str]]] = {}
    for row in entities.itertuples(index=False):
        key = (row.entity_type, row.entity_id)
        if row.is_positive:
            for indicator_id in _split_ids(row.expected):
                planted_by.setdefault(indicator_id, set()).add(key)
        if row.is_lookalike:
            for indicator_id in _split_ids(row.lookalike_of):
                lookalikes_of.setdefault(indicator_id, set()).add(key)
    truth_keys = _keys(entities)
    positives = _keys(entities[entities["is_positive"]])
    lookalikes = _keys(entities[entities["is_lookalike"]])

    rows = []
    indicator_ids = list(snapshot.catalogue["indicator_id"])
    names = dict(zip(snapshot.catalogue["indicator_id"], snapshot.catalogue["indicator_name"]))
    for indicator_id in indicator_ids + sorted(set(flagged_by) - set(indicator_ids)):
        flagged = flagged_by.get(indicator_id, set())
        planted = planted_by.get(indicator_id, set())
        own_lookalikes = lookalikes_of.get(indicator_id, set())
        found = len(planted & flagged)
        rows.append({
            "indicator_id": indicator_id,
            "indicator_name": names.get(indicator_id, "(not in catalogue)"),
            "planted": len(planted),
            "found": found,
            "recall": _ratio(found, len(planted)),
            "own_lookalikes": len(own_lookalikes),
            "own_lookalikes_flagged": len(own_lookalikes & flagged),
            "lookalikes_flagged": len(lookalikes & flagged),
            "flagged": len(flagged),
            "flagged_other_positives": len((flagged & positives) - planted),
            "flagged_not_in_truth": len(flagged - truth_keys),
            "precision": _ratio(found, len(flagged)),
        })
    return pd.DataFrame(rows)


def _group_row(group: str, members: pd.DataFrame, tiers: dict[tuple[str, str], str]) -> dict[str, Any]:
    member_tiers = [tiers.get(key) for key in _keys(members)]
    count = len(member_tiers)
    in_mart = sum(tier is not None for tier in member_tiers)
    in_watch = sum(tier == "watch" for tier in member_tiers)
    in_alert = sum(tier == "alert" for tier in member_tiers)
    return {
        "group": group,
        "entities": count,
        "in_mart": in_mart,
        "in_watch": in_watch,
        "in_alert": in_alert,
        "alert_or_watch_rate": _ratio(in_watch + in_alert, count),
        "alert_rate": _ratio(in_alert, count),
    }


ENTITY_GROUPS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "victims": lambda e: e["is_victim"],
    "traffickers": lambda e: e["is_trafficker"],
    "planted, 2+ expected indicators": lambda e: e["is_positive"] & (e["expected_count"] >= 2),
    "planted, 1 expected indicator": lambda e: e["is_positive"] & (e["expected_count"] == 1),
    "composite-scenario members": lambda e: e["is_composite"],
    "look-alikes": lambda e: e["is_lookalike"],
}


def entity_scores(entities: pd.DataFrame, snapshot: MartSnapshot) -> pd.DataFrame:
    """One row per population: how many are in the mart, in watch, in alert."""
    tiers = dict(zip(zip(snapshot.tiers["entity_type"], snapshot.tiers["entity_id"]), snapshot.tiers["risk_tier"]))
    rows = [_group_row(group, entities[select(entities)], tiers) for group, select in ENTITY_GROUPS.items()]
    background = snapshot.background_parties
    rows.append({
        "group": "background parties",
        "entities": background,
        "in_mart": None,
        "in_watch": snapshot.background_in_watch,
        "in_alert": snapshot.background_in_alert,
        "alert_or_watch_rate": _ratio(snapshot.background_in_watch + snapshot.background_in_alert, background),
        "alert_rate": _ratio(snapshot.background_in_alert, background),
    })
    return pd.DataFrame(rows)


@dataclass
class Criterion:
    name: str
    value: float | None
    target: str
    passed: bool | None  # None: nothing planted to judge
    detail: str = ""


def _listed(keys: Iterable[tuple[str, ...]], limit: int = 8) -> str:
    keys = sorted(keys)
    shown = ", ".join(" ".join(key) for key in keys[:limit])
    return shown + (f" and {len(keys) - limit} more" if len(keys) > limit else "")


def acceptance_criteria(entities: pd.DataFrame, snapshot: MartSnapshot) -> list[Criterion]:
    tiers = dict(zip(zip(snapshot.tiers["entity_type"], snapshot.tiers["entity_id"]), snapshot.tiers["risk_tier"]))
    flagged = set(zip(snapshot.flags["entity_type"], snapshot.flags["entity_id"], snapshot.flags["indicator_id"]))
    criteria = []

    composite = _keys(entities[entities["is_composite"]])
    not_alert = {key for key in composite if tiers.get(key) != "alert"}
    criteria.append(Criterion(
        "composite-scenario victims and traffickers in alert",
        _ratio(len(composite) - len(not_alert), len(composite)), "= 100%",
        (not not_alert) if composite else None,
        f"not in alert: {_listed(not_alert)}" if not_alert else "",
    ))

    multi = _keys(entities[ENTITY_GROUPS["planted, 2+ expected indicators"](entities)])
    multi_missed = {key for key in multi if tiers.get(key) not in ALERT_OR_WATCH}
    multi_rate = _ratio(len(multi) - len(multi_missed), len(multi))
    criteria.append(Criterion(
        "planted victims/traffickers with 2+ expected indicators in alert or watch",
        multi_rate, f">= {MULTI_INDICATOR_MIN_RECALL:.0%}",
        (multi_rate >= MULTI_INDICATOR_MIN_RECALL) if multi else None,
        f"below watch: {_listed(multi_missed)}" if multi_missed else "",
    ))

    singles = entities[ENTITY_GROUPS["planted, 1 expected indicator"](entities)]
    single_missed = {
        (row.entity_type, row.entity_id, row.expected)
        for row in singles.itertuples(index=False)
        if (row.entity_type, row.entity_id) not in tiers
        or any((row.entity_type, row.entity_id, indicator) not in flagged for indicator in _split_ids(row.expected))
    }
    criteria.append(Criterion(
        "planted single-indicator positives in the mart with their flag",
        _ratio(len(singles) - len(single_missed), len(singles)), "= 100%",
        (not single_missed) if len(singles) else None,
        f"missing: {_listed(single_missed)}" if single_missed else "",
    ))

    lookalikes = _keys(entities[entities["is_lookalike"]])
    lookalike_alerts = {key for key in lookalikes if tiers.get(key) == "alert"}
    lookalike_rate = _ratio(len(lookalike_alerts), len(lookalikes))
    criteria.append(Criterion(
        "planted look-alikes in alert", lookalike_rate, f"<= {LOOKALIKE_MAX_ALERT_RATE:.0%}",
        (lookalike_rate <= LOOKALIKE_MAX_ALERT_RATE) if lookalikes else None,
        f"in alert: {_listed(lookalike_alerts)}" if lookalike_alerts else "",
    ))

    background_rate = _ratio(snapshot.background_in_alert, snapshot.background_parties)
    criteria.append(Criterion(
        "background parties in alert", background_rate, f"<= {BACKGROUND_MAX_ALERT_RATE:.1%}",
        (background_rate <= BACKGROUND_MAX_ALERT_RATE) if snapshot.background_parties else None,
        f"{snapshot.background_in_alert} of {snapshot.background_parties:,}",
    ))
    return criteria


@dataclass
class Evaluation:
    per_indicator: pd.DataFrame
    per_entity: pd.DataFrame
    criteria: list[Criterion]
    background: BackgroundReport | None = None  # when the truth has background_groups

    @property
    def passed(self) -> bool:
        return all(criterion.passed is not False for criterion in self.criteria)


def evaluate_snapshot(truth: pd.DataFrame, snapshot: MartSnapshot,
                      background_groups: pd.DataFrame | None = None) -> Evaluation:
    entities = truth_by_entity(truth)
    criteria = acceptance_criteria(entities, snapshot)
    background = None
    if background_groups is not None:
        background = evaluate_background(background_groups, snapshot.tiers, snapshot.flags)
        criteria += [Criterion(name, value, target, passed)
                     for name, value, target, passed in background_criteria(background)]
    return Evaluation(
        per_indicator=indicator_scores(entities, snapshot),
        per_entity=entity_scores(entities, snapshot),
        criteria=criteria,
        background=background,
    )


def evaluate(db_path: Path, truth: pd.DataFrame, background_groups: pd.DataFrame | None = None) -> Evaluation:
    """Score the warehouse at db_path against the truth frame (see load_truth) and,
    when given, the benign background groups (see load_background_groups)."""
    return evaluate_snapshot(truth, read_mart(Path(db_path), truth), background_groups)


# =========================================================================== threshold sensitivity


@dataclass(frozen=True)
class MainThreshold:
    """The threshold(s) that decide whether an indicator fires, as the model
    compares them: '>=' (measure at least the threshold: a larger value is
    stricter), '>' (measure above it: larger is stricter) or '<=' (measure at
    most the threshold, as for max_relative_spread: larger is LOOSER). Several
    names are scaled together when an indicator has parallel branches."""

    names: tuple[str, ...]
    comparison: str

    @property
    def larger_is_stricter(self) -> bool:
        return self.comparison in (">=", ">")


# Each indicator's main threshold. Mostly the count or share that defines "many"
# or "mostly"; window lengths and amount bands are left alone. R05's max_ name
# is an "above" rule (promised pay above the plausible maximum), F12's is a real
# "at most" rule (pay spread at most 0.5%): scaling F12 up loosens it.
MAIN_THRESHOLDS: dict[str, MainThreshold] = {
    "B01": MainThreshold(("min_observations",), ">="),
    "B02": MainThreshold(("min_observations",), ">="),
    "B03": MainThreshold(("min_observations",), ">="),
    "F01": MainThreshold(("min_offhours_payments",), ">="),
    "F02": MainThreshold(("min_payments",), ">="),
    "F03": MainThreshold(("min_ads",), ">="),
    "F04": MainThreshold(("min_distinct_payers",), ">="),
    "F05": MainThreshold(("min_distinct_cities",), ">="),
    "F06": MainThreshold(("min_cross_border_share",), ">="),
    "F07": MainThreshold(("min_near_threshold_deposits", "min_low_value_count"), ">="),
    "F08": MainThreshold(("min_returned_share",), ">="),
    "F09": MainThreshold(("min_mts_transfers",), ">="),
    "F10": MainThreshold(("min_distinct_cities",), ">="),
    "F11": MainThreshold(("min_travel_payments",), ">="),
    "F12": MainThreshold(("max_relative_spread",), "<="),
    "F13": MainThreshold(("min_extra_workers",), ">="),
    "F14": MainThreshold(("min_workers_same_employer",), ">="),
    "F15": MainThreshold(("min_accounts",), ">="),
    "F16": MainThreshold(("min_companies_in_window",), ">="),
    "F17": MainThreshold(("min_months",), ">="),
    "R01": MainThreshold(("min_tracked_phones",), ">="),
    "R02": MainThreshold(("min_escort_ads", "min_dating_ads"), ">="),
    "R03": MainThreshold(("min_distinct_addresses",), ">="),
    "R04": MainThreshold(("min_signals",), ">="),
    "R05": MainThreshold(("max_plausible_monthly_pay_dkk",), ">"),
    "R06": MainThreshold(("min_groups",), ">="),
    "R07": MainThreshold(("min_prepaid_numbers",), ">="),
    "R08": MainThreshold(("min_signals",), ">="),
}
SENSITIVITY_FACTORS = (0.5, 0.75, 1.25, 1.5)
THRESHOLD_CALL = re.compile(r"threshold\(\s*['\"]([A-Z][0-9]{2})['\"]\s*,\s*['\"](\w+)['\"]\s*\)")


def scaled_threshold(default: float, factor: float, comparison: str) -> float:
    """default * factor; a whole-number threshold stays whole, rounded so that
    the rule is the one the scaled value means on whole-number measures
    (count >= 7.5 is count >= 8; spread <= 10.5 days is <= 10)."""
    value = default * factor
    if isinstance(default, int) and not isinstance(default, bool):
        return int(math.ceil(value - 1e-9) if comparison in (">=", "<") else math.floor(value + 1e-9))
    return round(value, 10)


def indicator_settings(project_dir: Path = PROJECT_DIR) -> dict[str, dict[str, Any]]:
    """The var `indicators` of dbt_project.yml: each indicator's model and default thresholds."""
    project = yaml.safe_load((project_dir / "dbt_project.yml").read_text())
    return project["vars"]["indicators"]


def threshold_references(models_dir: Path) -> dict[str, set[tuple[str, str]]]:
    """Per model (file stem), the (indicator, threshold) pairs it reads through threshold()."""
    references: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(models_dir.rglob("*.sql")):
        found = set(THRESHOLD_CALL.findall(path.read_text()))
        if found:
            references[path.stem] = found
    return references


@dataclass
class SensitivityPlan:
    """Which dbt runs one factor needs. Indicators are independent, so all run
    in one invocation, except where a model reads another indicator's main
    threshold (F17 reads F08's min_returned_share): those go to a later batch
    in which the other indicator is not scaled."""

    batches: list[list[str]]
    models: dict[str, str]
    base: dict[str, dict[str, Any]]  # thresholds the build used: defaults, then its overrides
    build_overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    def main_values(self, indicator_id: str, factor: float) -> dict[str, Any]:
        main = MAIN_THRESHOLDS[indicator_id]
        return {name: scaled_threshold(self.base[indicator_id][name], factor, main.comparison) for name in main.names}

    def overrides(self, batch: Sequence[str], factor: float) -> dict[str, dict[str, Any]]:
        """The build's own overrides (so the copy is rebuilt as the warehouse was),
        with the main thresholds of the batch's indicators scaled."""
        overrides = {indicator_id: dict(values) for indicator_id, values in self.build_overrides.items()}
        for indicator_id in batch:
            overrides.setdefault(indicator_id, {}).update(self.main_values(indicator_id, factor))
        return overrides


def plan_sensitivity(
    settings: dict[str, dict[str, Any]],
    references: dict[str, set[tuple[str, str]]],
    build_overrides: dict[str, dict[str, Any]] | None = None,
) -> SensitivityPlan:
    build_overrides = build_overrides or {}
    models = {indicator_id: entry["model"] for indicator_id, entry in settings.items()}
    defaults = {
        indicator_id: {**(entry.get("thresholds") or {}), **build_overrides.get(indicator_id, {})}
        for indicator_id, entry in settings.items()
    }
    skipped: dict[str, str] = {}
    candidates = []
    for indicator_id in sorted(settings):
        main = MAIN_THRESHOLDS.get(indicator_id)
        if main is None:
            skipped[indicator_id] = "no main threshold named in MAIN_THRESHOLDS"
            continue
        unknown = [name for name in main.names if name not in defaults[indicator_id]]
        if unknown:
            skipped[indicator_id] = f"main threshold {', '.join(unknown)} is not in the catalogue var"
            continue
        candidates.append(indicator_id)

    main_pairs = {(i, name) for i in candidates for name in MAIN_THRESHOLDS[i].names}
    indicator_models = set(models.values())
    for model, pairs in references.items():
        if model in indicator_models:
            continue
        for indicator_id, name in sorted(pairs & main_pairs):
            if indicator_id in candidates:
                candidates.remove(indicator_id)
                skipped[indicator_id] = (
                    f"{name} is also read by {model}, which the sensitivity runs do not rebuild"
                )

    def reads_main_of(reader: str, owner: str) -> bool:
        return any(
            (owner, name) in references.get(models[reader], set()) for name in MAIN_THRESHOLDS[owner].names
        )

    batches: list[list[str]] = []
    for indicator_id in candidates:
        for batch in batches:
            if not any(reads_main_of(indicator_id, other) or reads_main_of(other, indicator_id) for other in batch):
                batch.append(indicator_id)
                break
        else:
            batches.append([indicator_id])
    return SensitivityPlan(
        batches=batches, models=models, base=defaults, build_overrides=build_overrides, skipped=skipped
    )


def build_overrides_in_force(db_path: Path, settings: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The threshold overrides the warehouse was built with (its --vars), read back
    from the models that record the values in force, so that the copy is rebuilt
    the same way; {} when the build recorded none (or the models are absent)."""
    risk_defaults = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"].get("risk_scoring") or {}
    queries = {
        "indicators": "select indicator_id, threshold_name, value_in_force from intermediate.int_indicator_thresholds "
                      "where is_overridden",
        "RISK": "select 'RISK', parameter_name, value_in_force from intermediate.int_risk_scoring_parameters "
                "where is_overridden",
    }
    overrides: dict[str, dict[str, Any]] = {}
    with duckdb.connect(str(db_path), read_only=True) as connection:
        for query in queries.values():
            try:
                rows = connection.execute(query).fetchall()
            except duckdb.Error:
                continue
            for indicator_id, name, value in rows:
                default = risk_defaults.get(name) if indicator_id == "RISK" else settings.get(indicator_id, {}).get(
                    "thresholds", {}
                ).get(name)
                if isinstance(default, int) and not isinstance(default, bool) and float(value).is_integer():
                    value = int(value)
                overrides.setdefault(indicator_id, {})[name] = value
    return overrides


def _failed_models(target_path: Path) -> set[str]:
    results_file = target_path / "run_results.json"
    if not results_file.is_file():
        return set()
    results = json.loads(results_file.read_text()).get("results", [])
    return {
        result["unique_id"].split(".")[-1]
        for result in results
        if result.get("status") not in ("success", "pass")
    }


@dataclass
class SensitivityResult:
    factors: list[float]
    per_indicator: pd.DataFrame  # indicator_id, threshold, comparison, factor, value, recall, ...
    overall: pd.DataFrame  # factor, victims/traffickers alert recall, look-alike/background alert rates
    skipped: dict[str, str]
    elapsed_seconds: float
    build_overrides: dict[str, dict[str, Any]] = field(default_factory=dict)


def _overall_row(factor: float, evaluation: Evaluation, marts_built: bool) -> dict[str, Any]:
    groups = evaluation.per_entity.set_index("group")

    def rate(group: str, column: str) -> float | None:
        return groups.loc[group, column] if marts_built else None

    return {
        "factor": factor,
        "victims_alert_or_watch": rate("victims", "alert_or_watch_rate"),
        "victims_alert": rate("victims", "alert_rate"),
        "traffickers_alert_or_watch": rate("traffickers", "alert_or_watch_rate"),
        "traffickers_alert": rate("traffickers", "alert_rate"),
        "lookalikes_alert": rate("look-alikes", "alert_rate"),
        "background_alert": rate("background parties", "alert_rate"),
    }


def _indicator_rows(
    factor: float, evaluation: Evaluation, plan: SensitivityPlan, indicator_ids: Iterable[str],
    values: dict[str, dict[str, Any]], failed: set[str],
) -> list[dict[str, Any]]:
    scores = evaluation.per_indicator.set_index("indicator_id")
    rows = []
    for indicator_id in indicator_ids:
        main = MAIN_THRESHOLDS[indicator_id]
        score = scores.loc[indicator_id] if indicator_id in scores.index else None
        # every indicator's flags are read back through fct_red_flags, rebuilt in the last run
        ok = plan.models[indicator_id] not in failed and "fct_red_flags" not in failed and score is not None
        rows.append({
            "indicator_id": indicator_id,
            "threshold": ",".join(main.names),
            "comparison": main.comparison,
            "factor": factor,
            "value": ",".join(f"{value:g}" for value in values[indicator_id].values()),
            "run_failed": not ok,
            "planted": int(score["planted"]) if ok else None,
            "found": int(score["found"]) if ok else None,
            "recall": score["recall"] if ok else None,
            "own_lookalikes": int(score["own_lookalikes"]) if ok else None,
            "own_lookalikes_flagged": int(score["own_lookalikes_flagged"]) if ok else None,
            "lookalikes_flagged": int(score["lookalikes_flagged"]) if ok else None,
            "flagged_not_in_truth": int(score["flagged_not_in_truth"]) if ok else None,
            "flagged": int(score["flagged"]) if ok else None,
        })
    return rows


def run_sensitivity(
    paths: WarehousePaths,
    truth: pd.DataFrame,
    baseline: Evaluation | None = None,
    factors: Sequence[float] = SENSITIVITY_FACTORS,
    work_dir: Path | None = None,
    log: Callable[[str], None] = print,
) -> SensitivityResult:
    """Rebuild the indicator models (and the marts after them) with every main
    threshold scaled, per factor, in a COPY of the warehouse, and score each.

    One dbt invocation per factor and batch (usually one batch plus a small one
    for F17), not one per indicator and factor: indicators are independent
    models, so scaling all of them at once and reading each one's own flags
    gives the same per-indicator numbers at a fraction of the cost. The
    per-entity columns (alert recall, false alerts) are for all main thresholds
    scaled together. The copy is rebuilt with the overrides the warehouse was
    built with (read back from int_indicator_thresholds and
    int_risk_scoring_parameters) and scales the thresholds in force. Models of
    type external are excluded, so nothing is published from the copy. The real
    warehouse is only read; the copy is deleted.
    """
    from redflags.dbt_runner import run_dbt

    started = time.perf_counter()
    db_path = Path(paths.db_path).resolve()
    settings = indicator_settings()
    plan = plan_sensitivity(
        settings, threshold_references(PROJECT_DIR / "models"), build_overrides_in_force(db_path, settings)
    )
    if plan.build_overrides:
        log(f"  the warehouse was built with overrides, kept in every run: {json.dumps(plan.build_overrides)}")
    planned = [indicator_id for batch in plan.batches for indicator_id in batch]
    indicator_rows: list[dict[str, Any]] = []
    overall_rows: list[dict[str, Any]] = []
    if baseline is None:
        baseline = evaluate(db_path, truth)
    built = {indicator_id: plan.main_values(indicator_id, 1.0) for indicator_id in planned}
    indicator_rows += _indicator_rows(1.0, baseline, plan, planned, built, set())
    overall_rows.append(_overall_row(1.0, baseline, True))

    work_dir = Path(work_dir or db_path.parent)
    work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="redflags_sensitivity_", dir=work_dir) as scratch:
        scratch_dir = Path(scratch)
        copy_path = scratch_dir / db_path.name
        shutil.copy2(db_path, copy_path)
        wal = db_path.with_name(db_path.name + ".wal")
        if wal.exists():
            shutil.copy2(wal, copy_path.with_name(copy_path.name + ".wal"))
        copy_paths = WarehousePaths(landing_dir=paths.landing_dir, db_path=copy_path, truth_dir=paths.truth_dir)
        target_path, log_path = scratch_dir / "target", scratch_dir / "logs"
        for factor in factors:
            factor_started = time.perf_counter()
            failed: set[str] = set()
            values: dict[str, dict[str, Any]] = {}
            for number, batch in enumerate(plan.batches):
                overrides = plan.overrides(batch, factor)
                values.update({indicator_id: plan.main_values(indicator_id, factor) for indicator_id in batch})
                selection = [plan.models[indicator_id] for indicator_id in batch]
                last = number == len(plan.batches) - 1
                if last:
                    selection.append("fct_red_flags+")  # the marts, with every batch's flags in place
                (target_path / "run_results.json").unlink(missing_ok=True)
                succeeded = run_dbt(
                    [
                        "run", "--quiet",
                        "--select", *selection,
                        "--exclude", "config.materialized:external",
                        "--vars", json.dumps({"threshold_overrides": overrides}),
                        "--target-path", str(target_path),
                        "--log-path", str(log_path),
                    ],
                    copy_paths,
                )
                if not succeeded:
                    # no run_results.json: dbt stopped before running anything
                    failed |= _failed_models(target_path) or {
                        plan.models[indicator_id] for indicator_id in batch
                    } | ({"fct_red_flags"} if last else set())
            evaluation = evaluate(copy_path, truth)
            indicator_rows += _indicator_rows(factor, evaluation, plan, planned, values, failed)
            # After a failed run the copy mixes this factor's flags with stale ones: no per-entity row.
            overall_rows.append(_overall_row(factor, evaluation, marts_built=not failed))
            log(f"  threshold factor {factor:g}: {len(plan.batches)} dbt run(s) in {time.perf_counter() - factor_started:.0f} s"
                + (f"; FAILED: {', '.join(sorted(failed))} (models changed since the build? "
                   "run 'redflags build' again)" if failed else ""))

    per_indicator = pd.DataFrame(indicator_rows).sort_values(["indicator_id", "factor"]).reset_index(drop=True)
    overall = pd.DataFrame(overall_rows).sort_values("factor").reset_index(drop=True)
    return SensitivityResult(
        factors=sorted({1.0, *factors}),
        per_indicator=per_indicator,
        overall=overall,
        skipped=plan.skipped,
        elapsed_seconds=time.perf_counter() - started,
        build_overrides=plan.build_overrides,
    )


# =========================================================================== output


def _percent(value: float | None, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.{decimals}%}"


def format_indicator_table(per_indicator: pd.DataFrame) -> str:
    header = (
        f"{'id':<4} {'indicator':<38}{'planted':>8}{'found':>6}{'recall':>8}"
        f"{'own LA':>8}{'any LA':>7}{'flagged':>8}{'other+':>7}{'untruth':>8}{'precision':>10}"
    )
    lines = [header, "-" * len(header)]
    for row in per_indicator.itertuples(index=False):
        lines.append(
            f"{row.indicator_id:<4} {row.indicator_name[:37]:<38}{row.planted:>8}{row.found:>6}{_percent(row.recall):>8}"
            f"{f'{row.own_lookalikes_flagged}/{row.own_lookalikes}':>8}{row.lookalikes_flagged:>7}{row.flagged:>8}"
            f"{row.flagged_other_positives:>7}{row.flagged_not_in_truth:>8}{_percent(row.precision):>10}"
        )
    lines.append(
        "own LA: the indicator's own look-alikes it flags / planted; any LA: look-alikes of any indicator it flags; "
        "other+: other planted entities it flags; untruth: flagged entities not in the truth; "
        "precision: planted pairs found / entities flagged"
    )
    return "\n".join(lines)


def format_entity_table(per_entity: pd.DataFrame) -> str:
    header = f"{'population':<34}{'entities':>9}{'in mart':>9}{'watch':>7}{'alert':>7}{'alert|watch %':>15}{'alert %':>9}"
    lines = [header, "-" * len(header)]
    for row in per_entity.itertuples(index=False):
        in_mart = "-" if row.in_mart is None or pd.isna(row.in_mart) else f"{int(row.in_mart):,}"
        lines.append(
            f"{row.group:<34}{row.entities:>9,}{in_mart:>9}{row.in_watch:>7,}{row.in_alert:>7,}"
            f"{_percent(row.alert_or_watch_rate, 1):>15}{_percent(row.alert_rate, 1):>9}"
        )
    return "\n".join(lines)


def format_criteria(criteria: Sequence[Criterion]) -> str:
    lines = []
    for criterion in criteria:
        status = {True: "PASS", False: "FAIL", None: "n/a "}[criterion.passed]
        if "per 1,000" in criterion.name or "disparity" in criterion.name:
            # A rate per 1,000 or a ratio, not a share.
            value = criterion.value
            shown = "n/a" if value is None else ("inf" if value == float("inf") else f"{value:.2f}")
        else:
            shown = _percent(criterion.value, 1 if "background" in criterion.name else 0)
        line = f"  [{status}] {criterion.name}: {shown} (target {criterion.target})"
        if criterion.detail:
            line += f"; {criterion.detail}"
        lines.append(line)
    return "\n".join(lines)


def format_indicator_summary(per_indicator: pd.DataFrame) -> str:
    """Two lines on the per-indicator table, for the demo."""
    judged = per_indicator[per_indicator["planted"] > 0]
    complete = int((judged["found"] == judged["planted"]).sum())
    line = (f"Per indicator: {complete} of {len(judged)} indicators flag every planted (entity, indicator) pair "
            f"({int(judged['found'].sum())} of {int(judged['planted'].sum())} pairs); "
            f"their own look-alikes flagged: {int(per_indicator['own_lookalikes_flagged'].sum())} "
            f"of {int(per_indicator['own_lookalikes'].sum())}")
    short = judged[judged["found"] < judged["planted"]]
    if len(short):
        line += "\n  below full recall: " + ", ".join(
            f"{row.indicator_id} {row.found}/{row.planted}" for row in short.itertuples(index=False)
        )
    return line


def format_evaluation(evaluation: Evaluation, summary_only: bool = False) -> str:
    parts = []
    if summary_only:
        parts += [format_indicator_summary(evaluation.per_indicator), ""]
    else:
        parts += ["Per indicator (planted (entity, indicator) pairs in fct_red_flags)", format_indicator_table(evaluation.per_indicator), ""]
    parts += ["Per entity (marts.risk_entities tiers)", format_entity_table(evaluation.per_entity), ""]
    if evaluation.background is not None:
        parts += [format_background(evaluation.background), ""]
    parts += ["Acceptance criteria", format_criteria(evaluation.criteria)]
    return "\n".join(parts)


def format_sensitivity(result: SensitivityResult) -> str:
    factors = result.factors
    cell_width = 21
    header = f"{'id':<4} {'main threshold':<52}" + "".join(
        f"{('x' + format(factor, 'g') + (' (built)' if factor == 1.0 else '')):>{cell_width}}" for factor in factors
    )
    lines = [
        "Threshold sensitivity: each cell is 'value  recall  own look-alikes flagged/planted  flagged not in truth'.",
        "A '>=' or '>' threshold gets stricter as the factor grows; a '<=' threshold (F12's spread) gets looser.",
        header,
        "-" * len(header),
    ]
    for indicator_id, rows in result.per_indicator.groupby("indicator_id", sort=True):
        rows = rows.set_index("factor")
        first = rows.iloc[0]
        cells = []
        for factor in factors:
            if factor not in rows.index:
                cells.append(f"{'-':>{cell_width}}")
                continue
            row = rows.loc[factor]
            if row["run_failed"]:
                cells.append(f"{row['value'] + ' run failed':>{cell_width}}")
                continue
            cell = (f"{row['value']} {_percent(row['recall'])} "
                    f"{int(row['own_lookalikes_flagged'])}/{int(row['own_lookalikes'])} {int(row['flagged_not_in_truth'])}")
            cells.append(f"{cell:>{cell_width}}")
        label = f"{first['threshold'].replace(',', '+')} {first['comparison']}"
        lines.append(f"{indicator_id:<4} {label[:51]:<52}" + "".join(cells))
    for indicator_id, reason in sorted(result.skipped.items()):
        lines.append(f"{indicator_id:<4} not scaled: {reason}")
    lines += ["", "All main thresholds scaled together (risk_entities rebuilt in the copy):"]
    overall_header = (f"{'factor':>8}{'victims a|w':>13}{'victims a':>11}{'traffickers a|w':>17}{'traffickers a':>15}"
                      f"{'look-alikes a':>15}{'background a':>14}")
    lines += [overall_header, "-" * len(overall_header)]
    for row in result.overall.itertuples(index=False):
        lines.append(
            f"{row.factor:>8g}{_percent(row.victims_alert_or_watch):>13}{_percent(row.victims_alert):>11}"
            f"{_percent(row.traffickers_alert_or_watch):>17}{_percent(row.traffickers_alert):>15}"
            f"{_percent(row.lookalikes_alert, 1):>15}{_percent(row.background_alert, 2):>14}"
        )
    lines.append(f"(a = alert, a|w = alert or watch; {result.elapsed_seconds:.0f} s)")
    return "\n".join(lines)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return json.loads(frame.to_json(orient="records"))


def evaluation_to_dict(
    evaluation: Evaluation, sensitivity: SensitivityResult | None = None, **context: Any
) -> dict[str, Any]:
    document: dict[str, Any] = {
        **{name: str(value) for name, value in context.items()},
        "passed": evaluation.passed,
        "criteria": [criterion.__dict__ for criterion in evaluation.criteria],
        "per_indicator": _records(evaluation.per_indicator),
        "per_entity": _records(evaluation.per_entity),
        "background": None if evaluation.background is None else background_to_dict(evaluation.background),
        "sensitivity": None,
    }
    if sensitivity is not None:
        document["sensitivity"] = {
            "factors": sensitivity.factors,
            "main_thresholds": {
                indicator_id: {"names": list(main.names), "comparison": main.comparison,
                               "larger_is_stricter": main.larger_is_stricter}
                for indicator_id, main in MAIN_THRESHOLDS.items()
            },
            "per_indicator": _records(sensitivity.per_indicator),
            "overall": _records(sensitivity.overall),
            "skipped": sensitivity.skipped,
            "build_overrides": sensitivity.build_overrides,
            "elapsed_seconds": round(sensitivity.elapsed_seconds, 1),
        }
    return document


def write_json(path: Path, document: dict[str, Any]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
    return path
