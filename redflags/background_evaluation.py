"""How the mart treats innocent people: the benign background, scored by group.

The generator writes every background entity (not in truth_entities) to
truth/background_groups with its benign group (migrant_worker,
parent_tracking_children, club_treasurer, ..., ordinary) and, for persons,
whether the person is Danish. From the mart's tiers and flags this module
reports, for `redflags evaluate`:

- background parties in alert, and in alert or watch, per 1,000;
- per indicator, the background entities it flags (a rule whose flags fall
  mostly on background entities has low precision);
- per benign group, the share in watch and in alert;
- disparity: the alert (and alert-or-watch) rate of benign non-Danish persons
  divided by that of benign Danish persons. Nationality is never a scoring
  input; this is where we check that the scoring does not rediscover it.

The targets are the issue's ("Innocent people stay out of alert"): at most 1
background party in 1,000 in alert and 10 in alert or watch; disparity at
most 1.5 in alert and 2 in alert or watch.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from redflags.truth_files import read_truth_table

BACKGROUND_GROUPS = "background_groups"
BACKGROUND_COLUMNS = ["entity_type", "entity_id", "benign_group", "is_danish"]

MAX_ALERT_PER_1000 = 1.0
MAX_ALERT_OR_WATCH_PER_1000 = 10.0
MAX_ALERT_DISPARITY = 1.5
MAX_ALERT_OR_WATCH_DISPARITY = 2.0


@dataclass
class Disparity:
    """Rate of benign non-Danish persons over rate of benign Danish persons in a tier set."""

    tiers: str
    non_danish: int
    non_danish_in: int
    danish: int
    danish_in: int

    @property
    def non_danish_rate(self) -> float:
        return self.non_danish_in / self.non_danish if self.non_danish else 0.0

    @property
    def danish_rate(self) -> float:
        return self.danish_in / self.danish if self.danish else 0.0

    @property
    def ratio(self) -> float | None:
        """None when neither group has anybody in the tiers (no disparity to measure)."""
        if self.non_danish_in == 0 and self.danish_in == 0:
            return None
        if self.danish_in == 0:
            return float("inf")
        return self.non_danish_rate / self.danish_rate


@dataclass
class BackgroundReport:
    parties: int
    parties_in_alert: int
    parties_in_watch: int
    per_group: pd.DataFrame
    per_indicator: pd.DataFrame
    alert_disparity: Disparity
    alert_or_watch_disparity: Disparity

    @property
    def alert_per_1000(self) -> float:
        return 1000 * self.parties_in_alert / self.parties if self.parties else 0.0

    @property
    def alert_or_watch_per_1000(self) -> float:
        return 1000 * (self.parties_in_alert + self.parties_in_watch) / self.parties if self.parties else 0.0


def load_background_groups(truth_dir: Path) -> pd.DataFrame:
    """truth/background_groups.parquet (or .csv), with is_danish as a nullable boolean."""
    frame = read_truth_table(truth_dir, BACKGROUND_GROUPS, BACKGROUND_COLUMNS).copy()
    frame["is_danish"] = frame["is_danish"].map(
        lambda value: None if value in (None, "") or pd.isna(value) else str(value).lower() in ("true", "1")
    )
    return frame


def _disparity(persons: pd.DataFrame, in_tiers: pd.Series, tiers: str) -> Disparity:
    danish = persons["is_danish"] == True  # noqa: E712 - nullable column, None is neither
    non_danish = persons["is_danish"] == False  # noqa: E712
    return Disparity(
        tiers=tiers,
        non_danish=int(non_danish.sum()), non_danish_in=int((non_danish & in_tiers).sum()),
        danish=int(danish.sum()), danish_in=int((danish & in_tiers).sum()),
    )


def evaluate_background(groups: pd.DataFrame, tiers: pd.DataFrame, flags: pd.DataFrame) -> BackgroundReport:
    """groups: load_background_groups; tiers: entity_type, entity_id, risk_tier (the mart);
    flags: entity_type, entity_id, indicator_id (fct_red_flags, distinct)."""
    scored = groups.merge(tiers[["entity_type", "entity_id", "risk_tier"]], on=["entity_type", "entity_id"], how="left")
    scored["risk_tier"] = scored["risk_tier"].fillna("none")
    # An entity in several groups has a row in each: groups count rows, rates count entities.
    entities = scored.drop_duplicates(["entity_type", "entity_id"])
    in_alert = entities["risk_tier"] == "alert"
    in_watch = entities["risk_tier"] == "watch"
    parties = entities["entity_type"] == "party"

    per_group = (
        scored.assign(in_alert=scored["risk_tier"] == "alert", in_watch=scored["risk_tier"] == "watch",
                      in_mart=scored["risk_tier"] != "none")
        .groupby("benign_group", as_index=False)
        .agg(entities=("entity_id", "size"), in_mart=("in_mart", "sum"), in_watch=("in_watch", "sum"),
             in_alert=("in_alert", "sum"))
    )
    per_group["watch_share"] = per_group["in_watch"] / per_group["entities"]
    per_group["alert_share"] = per_group["in_alert"] / per_group["entities"]
    per_group = per_group.sort_values(["alert_share", "watch_share", "benign_group"], ascending=[False, False, True])

    background_keys = groups[["entity_type", "entity_id"]].drop_duplicates().assign(is_background=True)
    flagged = flags[["entity_type", "entity_id", "indicator_id"]].drop_duplicates().merge(
        background_keys, on=["entity_type", "entity_id"], how="left")
    flagged["is_background"] = flagged["is_background"].fillna(False).astype(bool)
    per_indicator = (
        flagged.groupby("indicator_id", as_index=False)
        .agg(flagged=("entity_id", "size"), background_flagged=("is_background", "sum"))
    )
    per_indicator["background_share"] = per_indicator["background_flagged"] / per_indicator["flagged"]
    per_indicator = per_indicator.sort_values("indicator_id").reset_index(drop=True)

    persons = entities[parties & entities["is_danish"].notna()]
    return BackgroundReport(
        parties=int(parties.sum()),
        parties_in_alert=int((parties & in_alert).sum()),
        parties_in_watch=int((parties & in_watch).sum()),
        per_group=per_group.reset_index(drop=True),
        per_indicator=per_indicator,
        alert_disparity=_disparity(persons, persons["risk_tier"] == "alert", "alert"),
        alert_or_watch_disparity=_disparity(persons, persons["risk_tier"].isin(["alert", "watch"]), "alert or watch"),
    )


def _ratio_text(disparity: Disparity) -> str:
    ratio = disparity.ratio
    text = "n/a (nobody in these tiers)" if ratio is None else ("inf" if ratio == float("inf") else f"{ratio:.2f}")
    return (f"{text}: non-Danish {disparity.non_danish_in}/{disparity.non_danish:,} "
            f"({disparity.non_danish_rate:.3%}) vs Danish {disparity.danish_in}/{disparity.danish:,} "
            f"({disparity.danish_rate:.3%})")


def background_criteria(report: BackgroundReport) -> list[tuple[str, float | None, str, bool | None]]:
    """(name, value, target, passed) for the issue's background and fairness targets."""
    def within(value: float | None, bound: float) -> bool:
        return value is None or value <= bound

    return [
        ("background parties in alert per 1,000", report.alert_per_1000, f"<= {MAX_ALERT_PER_1000:g}",
         report.alert_per_1000 <= MAX_ALERT_PER_1000 if report.parties else None),
        ("background parties in alert or watch per 1,000", report.alert_or_watch_per_1000,
         f"<= {MAX_ALERT_OR_WATCH_PER_1000:g}",
         report.alert_or_watch_per_1000 <= MAX_ALERT_OR_WATCH_PER_1000 if report.parties else None),
        ("disparity in alert (benign non-Danish / Danish persons)", report.alert_disparity.ratio,
         f"<= {MAX_ALERT_DISPARITY:g}", within(report.alert_disparity.ratio, MAX_ALERT_DISPARITY)),
        ("disparity in alert or watch (benign non-Danish / Danish persons)", report.alert_or_watch_disparity.ratio,
         f"<= {MAX_ALERT_OR_WATCH_DISPARITY:g}",
         within(report.alert_or_watch_disparity.ratio, MAX_ALERT_OR_WATCH_DISPARITY)),
    ]


def background_to_dict(report: BackgroundReport) -> dict:
    def disparity(d: Disparity) -> dict:
        ratio = d.ratio
        return {"ratio": None if ratio is None else (str(ratio) if ratio == float("inf") else ratio),
                "non_danish": d.non_danish, "non_danish_in": d.non_danish_in, "danish": d.danish, "danish_in": d.danish_in}

    return {
        "parties": report.parties,
        "parties_in_alert": report.parties_in_alert,
        "parties_in_watch": report.parties_in_watch,
        "alert_per_1000": report.alert_per_1000,
        "alert_or_watch_per_1000": report.alert_or_watch_per_1000,
        "alert_disparity": disparity(report.alert_disparity),
        "alert_or_watch_disparity": disparity(report.alert_or_watch_disparity),
        "per_group": report.per_group.to_dict("records"),
        "per_indicator": report.per_indicator.to_dict("records"),
    }


def format_background(report: BackgroundReport) -> str:
    lines = [
        "Benign background (truth/background_groups)",
        f"  parties: {report.parties:,}; in alert {report.parties_in_alert} ({report.alert_per_1000:.2f} per 1,000), "
        f"in alert or watch {report.parties_in_alert + report.parties_in_watch} "
        f"({report.alert_or_watch_per_1000:.2f} per 1,000)",
        f"  disparity in alert: {_ratio_text(report.alert_disparity)}",
        f"  disparity in alert or watch: {_ratio_text(report.alert_or_watch_disparity)}",
        "  per benign group:",
        f"    {'group':<36}{'entities':>9}{'in mart':>9}{'watch':>7}{'alert':>7}{'watch %':>9}{'alert %':>9}",
    ]
    for row in report.per_group.itertuples(index=False):
        lines.append(f"    {row.benign_group:<36}{row.entities:>9,}{row.in_mart:>9,}{row.in_watch:>7,}{row.in_alert:>7,}"
                     f"{row.watch_share:>9.2%}{row.alert_share:>9.2%}")
    lines.append("  per indicator (entities flagged, of them background):")
    for row in report.per_indicator.itertuples(index=False):
        lines.append(f"    {row.indicator_id}  {row.flagged:>6,}  background {row.background_flagged:>6,} "
                     f"({row.background_share:.0%})")
    for name, value, target, passed in background_criteria(report):
        status = {True: "PASS", False: "FAIL", None: "n/a "}[passed]
        shown = "n/a" if value is None else ("inf" if value == float("inf") else f"{value:.2f}")
        lines.append(f"  [{status}] {name}: {shown} (target {target})")
    return "\n".join(lines)
