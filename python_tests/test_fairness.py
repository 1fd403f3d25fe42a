"""Nobody is alerted for being foreign, and innocent people stay out of the tiers,
on a realistic population: the demo scale's benign background (migrant workers,
tracking parents, treasurers, dividend-paid directors, chains ...) generated on
seed 7, a seed the scoring parameters were not tuned on (they were chosen on
seed 42), built as a user builds it and scored with `redflags evaluate`'s
background report. Fails when the issue's bounds are exceeded; the bounds are
in redflags/background_evaluation.py."""
from __future__ import annotations

import pytest

from redflags.background_evaluation import (
    MAX_ALERT_DISPARITY,
    MAX_ALERT_OR_WATCH_DISPARITY,
    MAX_ALERT_OR_WATCH_PER_1000,
    MAX_ALERT_PER_1000,
    load_background_groups,
)
from redflags.cli import main as redflags
from redflags.evaluation import evaluate, load_truth
from redflags.generator import generate
from redflags.paths import WarehousePaths

REPORTING_SEED = 7


@pytest.fixture(scope="module")
def demo_evaluation(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("fairness")
    paths = WarehousePaths(landing_dir=root / "landing", db_path=root / "redflags.duckdb", truth_dir=root / "truth",
                           publish_dir=root / "published")
    generate(paths.landing_dir, paths.truth_dir, seed=REPORTING_SEED, scale="demo")
    assert redflags(["build", "--landing", str(paths.landing_dir), "--db", str(paths.db_path),
                     "--publish", str(paths.published_dir)]) == 0
    groups = load_background_groups(paths.truth_dir)
    return evaluate(paths.published_db, load_truth(paths.truth_dir), groups)


def test_the_background_is_realistic_enough_to_be_flagged(demo_evaluation) -> None:
    """The bounds below mean something only if ordinary people do trip the rules."""
    background = demo_evaluation.background
    flagged = background.per_group.set_index("benign_group")["in_mart"]
    assert background.parties > 3_000
    assert flagged.drop("ordinary", errors="ignore").sum() > 200, flagged.to_dict()
    for group in ("migrant_worker", "parent_tracking_children", "club_treasurer", "salaried_staff_variable_industry"):
        assert flagged[group] > 0, f"no {group} was flagged: the background no longer tests the scoring"


def test_disparity_between_benign_non_danish_and_danish_persons_stays_within_bounds(demo_evaluation) -> None:
    background = demo_evaluation.background
    for disparity, bound in ((background.alert_disparity, MAX_ALERT_DISPARITY),
                             (background.alert_or_watch_disparity, MAX_ALERT_OR_WATCH_DISPARITY)):
        assert disparity.non_danish > 300 and disparity.danish > 2_000
        # None: nobody benign in these tiers, so no disparity; inf (only non-Danish) fails.
        assert disparity.ratio is None or disparity.ratio <= bound, (
            f"{disparity.tiers}: non-Danish {disparity.non_danish_in}/{disparity.non_danish}, "
            f"Danish {disparity.danish_in}/{disparity.danish}, ratio {disparity.ratio}")


def test_background_parties_stay_out_of_alert_and_watch(demo_evaluation) -> None:
    background = demo_evaluation.background
    assert background.alert_per_1000 <= MAX_ALERT_PER_1000
    assert background.alert_or_watch_per_1000 <= MAX_ALERT_OR_WATCH_PER_1000


def test_the_planted_cases_are_still_found_on_the_same_data(demo_evaluation) -> None:
    failed = [criterion for criterion in demo_evaluation.criteria if criterion.passed is False]
    assert not failed, [(criterion.name, criterion.value, criterion.detail) for criterion in failed]
    recall = demo_evaluation.per_indicator.set_index("indicator_id")["recall"]
    assert (recall >= 0.98).all(), recall[recall < 0.98].to_dict()
