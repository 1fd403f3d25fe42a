"""The benign background, scored by group, on a hand-made mart (numbers worked out
in the comments): rates per 1,000, per-group shares, per-indicator background
flags and the Danish / non-Danish disparity."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from redflags.background_evaluation import (
    background_criteria,
    evaluate_background,
    format_background,
    load_background_groups,
)

GROUPS = pd.DataFrame(
    [
        ("party", "P1", "ordinary", True),
        ("party", "P2", "ordinary", True),
        ("party", "P3", "migrant_worker", False),
        ("party", "P4", "migrant_worker", False),
        ("party", "P5", "parent_tracking_children", True),
        ("party", "C1", "retail_chain", None),
    ],
    columns=["entity_type", "entity_id", "benign_group", "is_danish"],
)
TIERS = pd.DataFrame(
    [("party", "P2", "watch"), ("party", "P3", "alert"), ("party", "C1", "watch"), ("party", "PLANTED", "alert")],
    columns=["entity_type", "entity_id", "risk_tier"],
)
FLAGS = pd.DataFrame(
    [("party", "P2", "F07"), ("party", "P3", "F09"), ("party", "P3", "B03"), ("party", "C1", "F10"),
     ("party", "PLANTED", "F09")],
    columns=["entity_type", "entity_id", "indicator_id"],
)


def test_background_rates_groups_indicators_and_disparity() -> None:
    report = evaluate_background(GROUPS, TIERS, FLAGS)
    # Six background parties (the planted one is not background): 1 alert, 2 watch.
    assert (report.parties, report.parties_in_alert, report.parties_in_watch) == (6, 1, 2)
    assert report.alert_per_1000 == pytest.approx(1000 / 6)
    assert report.alert_or_watch_per_1000 == pytest.approx(500)
    groups = report.per_group.set_index("benign_group")
    assert groups.loc["migrant_worker", ["entities", "in_alert", "in_watch"]].tolist() == [2, 1, 0]
    assert groups.loc["migrant_worker", "alert_share"] == 0.5
    assert groups.loc["ordinary", ["entities", "in_watch"]].tolist() == [2, 1]
    indicators = report.per_indicator.set_index("indicator_id")
    # F09 flags P3 (background) and PLANTED: half its flags fall on the background.
    assert indicators.loc["F09", ["flagged", "background_flagged"]].tolist() == [2, 1]
    assert indicators.loc["F09", "background_share"] == 0.5
    # Persons only (C1 is a company): non-Danish P3, P4; Danish P1, P2, P5.
    alert = report.alert_disparity
    assert (alert.non_danish, alert.non_danish_in, alert.danish, alert.danish_in) == (2, 1, 3, 0)
    assert alert.ratio == float("inf")
    either = report.alert_or_watch_disparity
    assert either.ratio == pytest.approx((1 / 2) / (1 / 3))


def test_criteria_fail_above_the_bounds_and_pass_when_nobody_is_tiered() -> None:
    passed = {name: ok for name, _, _, ok in background_criteria(evaluate_background(GROUPS, TIERS, FLAGS))}
    # 166.7 and 500 per 1,000 and an infinite alert disparity fail; 1.5 in alert or watch is within 2.
    assert passed == {
        "background parties in alert per 1,000": False,
        "background parties in alert or watch per 1,000": False,
        "disparity in alert (benign non-Danish / Danish persons)": False,
        "disparity in alert or watch (benign non-Danish / Danish persons)": True,
    }
    quiet = evaluate_background(GROUPS, TIERS.iloc[0:0], FLAGS.iloc[0:0])
    assert all(passed for _, _, _, passed in background_criteria(quiet))
    assert quiet.alert_disparity.ratio is None
    assert "n/a (nobody in these tiers)" in format_background(quiet)


def test_background_groups_load_from_parquet_and_csv(tmp_path: Path) -> None:
    GROUPS.to_parquet(tmp_path / "background_groups.parquet", index=False)
    (tmp_path / "csv").mkdir()
    GROUPS.to_csv(tmp_path / "csv" / "background_groups.csv", index=False)
    from_parquet, from_csv = load_background_groups(tmp_path), load_background_groups(tmp_path / "csv")
    assert from_parquet["is_danish"].tolist() == [True, True, False, False, True, None]
    assert from_csv["is_danish"].tolist() == from_parquet["is_danish"].tolist()
    with pytest.raises(FileNotFoundError, match="background_groups"):
        load_background_groups(tmp_path / "nowhere")


def test_an_entity_in_several_groups_counts_once_in_the_rates() -> None:
    groups = pd.concat([GROUPS, pd.DataFrame([("party", "P3", "parent_tracking_children", False)], columns=GROUPS.columns)])
    report = evaluate_background(groups, TIERS, FLAGS)
    assert (report.parties, report.parties_in_alert) == (6, 1)
    assert report.alert_disparity.non_danish == 2
    assert report.per_group.set_index("benign_group").loc["parent_tracking_children", "entities"] == 2
    assert report.per_indicator.set_index("indicator_id").loc["F09", ["flagged", "background_flagged"]].tolist() == [2, 1]
