"""Scoring the mart against ground truth: per indicator, per entity, the
acceptance criteria, the threshold-sensitivity plan, the CLI and the demo.

Unit tests use the hand-made fixture warehouse (python_tests/mart_fixture.py),
whose expected numbers are worked out by hand in the comments. The end-to-end
tests assert the risk-mart issue's acceptance criteria on the tiny build and
run the threshold sensitivity on a copy of it.
"""
from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from mart_fixture import PROJECT_DIR, build_fixture_warehouse, execute, truth_frame, write_lock_held, write_truth
from redflags import cli
from redflags.evaluation import (
    MAIN_THRESHOLDS,
    MainThreshold,
    evaluate,
    format_evaluation,
    indicator_settings,
    load_truth,
    plan_sensitivity,
    run_sensitivity,
    scaled_threshold,
    threshold_references,
    truth_by_entity,
)
from redflags.publish import publish_marts

MARTS_READY = (PROJECT_DIR / "models" / "marts" / "risk_entities.sql").exists()
e2e = pytest.mark.skipif(not MARTS_READY, reason="models/marts/risk_entities.sql does not exist yet")


@pytest.fixture()
def fixture_db(tmp_path: Path) -> Path:
    return build_fixture_warehouse(tmp_path / "warehouse.duckdb")


def _criterion(evaluation, words: str):
    matches = [criterion for criterion in evaluation.criteria if words in criterion.name]
    assert len(matches) == 1, [criterion.name for criterion in evaluation.criteria]
    return matches[0]


# ----------------------------------------------------------------------------- truth


def test_truth_loads_the_same_from_parquet_and_csv(tmp_path: Path) -> None:
    write_truth(tmp_path / "parquet", "parquet")
    write_truth(tmp_path / "csv", "csv")
    from_parquet = load_truth(tmp_path / "parquet")
    from_csv = load_truth(tmp_path / "csv")
    pd.testing.assert_frame_equal(from_parquet, from_csv)
    assert from_csv.loc[from_csv.entity_id == "PL1", "expected_indicators"].item() == ""


def test_truth_errors_name_the_problem(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="truth_entities"):
        load_truth(tmp_path)
    truth_frame().drop(columns="role").to_csv(tmp_path / "truth_entities.csv", index=False)
    with pytest.raises(ValueError, match="role"):
        load_truth(tmp_path)


def test_an_entity_planted_twice_keeps_its_strongest_role_and_all_indicators() -> None:
    truth = pd.concat([
        truth_frame(),
        pd.DataFrame([("party", "PV1", "F04-look-9", "lookalike_F04_food_truck", "benign_lookalike", ""),
                      ("party", "PV1", "F04-pos-9", "F04_mobile_payment_fan_in", "trafficker", "F04")],
                     columns=truth_frame().columns),
    ])
    entities = truth_by_entity(truth).set_index("entity_id")
    assert len(entities) == 6
    vera = entities.loc["PV1"]
    assert vera.is_victim and vera.is_trafficker and not vera.is_lookalike and vera.is_composite
    assert vera.expected == "B01,B02,F04,R01" and vera.expected_count == 4
    assert entities.loc["PL1"].is_lookalike and entities.loc["PL1"].lookalike_of == "F04"
    assert entities.loc["PL2"].lookalike_of == "B01"


# ----------------------------------------------------------------------------- scores


def test_per_indicator_scores(fixture_db: Path) -> None:
    scores = evaluate(fixture_db, truth_frame()).per_indicator.set_index("indicator_id")
    assert list(scores.index) == ["B01", "B02", "F04", "R01"]
    # B01: planted on PV1 and PT1, both flagged; its look-alike PL2 is not.
    assert scores.loc["B01", ["planted", "found", "own_lookalikes", "own_lookalikes_flagged", "flagged"]].tolist() == [2, 2, 1, 0, 2]
    # F04: planted on PS1 and PV2, both found; flags its own look-alike PL1 too.
    f04 = scores.loc["F04"]
    assert (f04.planted, f04.found, f04.own_lookalikes_flagged, f04.lookalikes_flagged, f04.flagged) == (2, 2, 1, 1, 3)
    assert f04.precision == pytest.approx(2 / 3)
    # R01: planted on PV1, PT1, PV2; PV2 missed; also flags PB1 and an unowned phone, neither in the truth.
    r01 = scores.loc["R01"]
    assert (r01.planted, r01.found, r01.flagged, r01.flagged_not_in_truth) == (3, 2, 4, 2)
    assert r01.recall == pytest.approx(2 / 3) and r01.precision == pytest.approx(0.5)


def test_per_entity_scores(fixture_db: Path) -> None:
    groups = evaluate(fixture_db, truth_frame()).per_entity.set_index("group")
    # victims PV1 (alert), PV2 (watch); traffickers PT1 (alert), PS1 (info)
    assert groups.loc["victims", ["entities", "in_watch", "in_alert"]].tolist() == [2, 1, 1]
    assert groups.loc["victims", "alert_or_watch_rate"] == 1.0
    assert groups.loc["traffickers", "alert_or_watch_rate"] == 0.5
    assert groups.loc["traffickers", "alert_rate"] == 0.5
    # look-alikes PL1 (info, in the mart) and PL2 (not in the mart)
    assert groups.loc["look-alikes", ["entities", "in_mart", "in_alert"]].tolist() == [2, 1, 0]
    # background: PB1-PB4; PB1 is info
    assert groups.loc["background parties", ["entities", "in_watch", "in_alert"]].tolist() == [4, 0, 0]
    assert groups.loc["composite-scenario members", ["entities", "in_alert"]].tolist() == [2, 2]
    assert groups.loc["planted, 2+ expected indicators", "entities"] == 3


def test_acceptance_criteria_pass_on_the_fixture(fixture_db: Path) -> None:
    evaluation = evaluate(fixture_db, truth_frame())
    assert evaluation.passed
    assert [criterion.passed for criterion in evaluation.criteria] == [True] * 5


BROKEN = {
    "composite member only in watch": (
        "update marts.risk_entities set risk_tier = 'watch' where entity_id = 'PT1'",
        "composite-scenario", "PT1",
    ),
    "multi-indicator victim in info": (
        "update marts.risk_entities set risk_tier = 'info' where entity_id in ('PV2', 'PT1')",
        "2+ expected indicators", "PV2",
    ),
    "single-indicator positive lost its flag": (
        "delete from marts.fct_red_flags where entity_id = 'PS1'",
        "single-indicator", "PS1 F04",
    ),
    "look-alike alerted": (
        "update marts.risk_entities set risk_tier = 'alert' where entity_id = 'PL1'",
        "look-alikes in alert", "PL1",
    ),
    "background party alerted": (
        "update marts.risk_entities set risk_tier = 'alert' where entity_id = 'PB1'",
        "background parties", "1 of 4",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_criterion_fails_and_names_the_entities(fixture_db: Path, case: str) -> None:
    statement, criterion_words, named = BROKEN[case]
    execute(fixture_db, statement)
    evaluation = evaluate(fixture_db, truth_frame())
    criterion = _criterion(evaluation, criterion_words)
    assert criterion.passed is False
    assert named in criterion.detail
    assert not evaluation.passed
    assert "[FAIL] " + criterion.name in format_evaluation(evaluation)


# ----------------------------------------------------------------------------- sensitivity plan


@pytest.mark.parametrize(
    ("default", "factor", "comparison", "expected"),
    [
        (10, 0.75, ">=", 8),       # count >= 7.5 is count >= 8
        (10, 1.25, ">=", 13),
        (3, 0.5, ">=", 2),
        (1, 0.5, ">=", 1),         # a single-signal rule cannot get looser than one signal
        (1, 1.5, ">=", 2),
        (14, 0.75, "<=", 10),      # nights <= 10.5 is nights <= 10
        (40000, 1.25, ">", 50000),
        (0.6, 1.5, ">=", 0.9),
        (0.005, 1.5, "<=", 0.0075),
    ],
)
def test_scaled_threshold(default, factor, comparison, expected) -> None:
    value = scaled_threshold(default, factor, comparison)
    assert value == pytest.approx(expected)
    assert isinstance(value, int) == isinstance(default, int)


def test_every_indicator_has_a_main_threshold_that_exists() -> None:
    settings = indicator_settings()
    assert sorted(MAIN_THRESHOLDS) == sorted(settings)
    for indicator_id, main in MAIN_THRESHOLDS.items():
        for name in main.names:
            assert name in settings[indicator_id]["thresholds"], f"{indicator_id}.{name} is not a threshold of the catalogue"


def test_every_main_threshold_is_read_by_its_own_model() -> None:
    settings = indicator_settings()
    references = threshold_references(PROJECT_DIR / "models")
    for indicator_id, main in MAIN_THRESHOLDS.items():
        read = references.get(settings[indicator_id]["model"], set())
        for name in main.names:
            assert (indicator_id, name) in read, f"{settings[indicator_id]['model']} does not read {indicator_id}.{name}"


def test_plan_separates_a_model_that_reads_another_indicators_main_threshold() -> None:
    settings = {
        "F04": {"model": "ind_f04", "thresholds": {"min_distinct_payers": 10}},
        "F08": {"model": "ind_f08", "thresholds": {"min_returned_share": 0.6}},
        "F17": {"model": "ind_f17", "thresholds": {"min_months": 3}},
        "B01": {"model": "ind_b01", "thresholds": {"renamed": 1}},
        "F10": {"model": "ind_f10", "thresholds": {"min_distinct_cities": 3}},
    }
    references = {
        "ind_f04": {("F04", "min_distinct_payers")},
        "ind_f08": {("F08", "min_returned_share")},
        "ind_f17": {("F17", "min_months"), ("F08", "min_returned_share")},
        "ind_f10": {("F10", "min_distinct_cities")},
        "int_cash_deposits_located": {("F10", "min_distinct_cities")},
    }
    plan = plan_sensitivity(settings, references)
    assert plan.batches == [["F04", "F08"], ["F17"]]
    assert "renamed" not in plan.skipped["B01"] and "min_observations" in plan.skipped["B01"]
    assert "int_cash_deposits_located" in plan.skipped["F10"]
    assert plan.overrides(["F04", "F08"], 0.5) == {"F04": {"min_distinct_payers": 5}, "F08": {"min_returned_share": 0.3}}


def test_plan_keeps_the_builds_own_overrides_and_scales_the_value_in_force() -> None:
    settings = {"F04": {"model": "ind_f04", "thresholds": {"min_distinct_payers": 10, "band_min_dkk": 500}}}
    references = {"ind_f04": {("F04", "min_distinct_payers"), ("F04", "band_min_dkk")}}
    build = {"F04": {"min_distinct_payers": 8, "band_min_dkk": 400}, "RISK": {"alert_min_indicators": 4}}
    plan = plan_sensitivity(settings, references, build)
    assert plan.main_values("F04", 1.0) == {"min_distinct_payers": 8}
    assert plan.overrides(["F04"], 0.5) == {
        "F04": {"min_distinct_payers": 4, "band_min_dkk": 400},
        "RISK": {"alert_min_indicators": 4},
    }
    assert build["F04"]["min_distinct_payers"] == 8, "the plan must not change the build's overrides"


def test_plan_on_the_project_puts_every_indicator_in_few_runs() -> None:
    plan = plan_sensitivity(indicator_settings(), threshold_references(PROJECT_DIR / "models"))
    planned = [indicator_id for batch in plan.batches for indicator_id in batch]
    assert sorted(planned) == sorted(MAIN_THRESHOLDS), plan.skipped
    assert len(plan.batches) <= 3
    batch_of = {indicator_id: number for number, batch in enumerate(plan.batches) for indicator_id in batch}
    assert batch_of["F17"] != batch_of["F08"], "F17 reads F08's min_returned_share: they must not be scaled together"


def test_main_threshold_direction() -> None:
    assert MainThreshold(("x",), ">=").larger_is_stricter
    assert MainThreshold(("x",), ">").larger_is_stricter
    assert not MainThreshold(("x",), "<=").larger_is_stricter
    assert not MAIN_THRESHOLDS["F12"].larger_is_stricter and MAIN_THRESHOLDS["R05"].larger_is_stricter


# ----------------------------------------------------------------------------- CLI and demo


def test_evaluate_command_prints_and_writes_json(
    fixture_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    truth_dir = tmp_path / "truth"
    write_truth(truth_dir)
    out = tmp_path / "reports" / "evaluation.json"
    assert cli.main(["evaluate", "--truth", str(truth_dir), "--db", str(fixture_db), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Per indicator" in printed and "Per entity" in printed and "[PASS]" in printed
    document = json.loads(out.read_text())
    assert document["passed"] is True and document["sensitivity"] is None
    assert [row["indicator_id"] for row in document["per_indicator"]] == ["B01", "B02", "F04", "R01"]
    assert {row["group"] for row in document["per_entity"]} >= {"victims", "traffickers", "look-alikes", "background parties"}
    assert len(document["criteria"]) == 5


def test_evaluate_check_fails_on_a_missed_criterion(fixture_db: Path, tmp_path: Path) -> None:
    write_truth(tmp_path / "truth")
    execute(fixture_db, "update marts.risk_entities set risk_tier = 'alert' where entity_id = 'PL1'")
    arguments = ["evaluate", "--truth", str(tmp_path / "truth"), "--db", str(fixture_db)]
    assert cli.main(arguments) == 0
    assert cli.main([*arguments, "--check"]) == 1
    assert cli.main(["evaluate", "--truth", str(tmp_path / "nowhere"), "--db", str(fixture_db)]) == 2


def test_demo_ends_with_the_alert_list_and_the_evaluation_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo's last steps, with generation and dbt replaced by the fixture."""
    import redflags.dbt_runner
    import redflags.generator

    db = tmp_path / "warehouse.duckdb"

    def fake_generate(landing_dir, truth_dir, **options):
        Path(landing_dir).mkdir(parents=True, exist_ok=True)
        write_truth(Path(truth_dir))
        return {"parties": 10}

    def fake_dbt(command, paths):
        build_fixture_warehouse(paths.db_path)
        return redflags.dbt_runner.DbtRun(success=True)

    monkeypatch.setattr(redflags.generator, "generate", fake_generate)
    monkeypatch.setattr(redflags.dbt_runner, "invoke_dbt", fake_dbt)
    monkeypatch.setenv("REDFLAGS_PUBLISH_DIR", str(tmp_path / "published"))
    status = cli.command_demo(argparse.Namespace(
        landing=str(tmp_path / "landing"), db=str(db), truth=str(tmp_path / "truth"), scale="tiny"
    ))
    assert status == 0
    output = capsys.readouterr().out
    alert_list = output.index("Top 2 alerts by score")
    assert output.index("Great Expectations:") < alert_list < output.index("Acceptance criteria")
    assert output.index("party PV1") < output.index("party PT1")
    assert "Per indicator: 3 of 4 indicators flag every planted" in output


# ----------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def tiny_evaluation(tiny_build):
    return evaluate(tiny_build.db_path, load_truth(tiny_build.truth_dir))


CRITERIA = [
    "composite-scenario victims and traffickers in alert",
    "planted victims/traffickers with 2+ expected indicators in alert or watch",
    "planted single-indicator positives in the mart with their flag",
    "planted look-alikes in alert",
    "background parties in alert",
]


@e2e
@pytest.mark.parametrize("name", CRITERIA)
def test_acceptance_criterion_on_the_tiny_build(tiny_evaluation, name: str) -> None:
    criterion = _criterion(tiny_evaluation, name)
    assert criterion.passed is True, f"{criterion.name}: {criterion.value} (target {criterion.target}) {criterion.detail}"


@e2e
def test_every_indicator_is_scored_on_the_tiny_build(tiny_evaluation) -> None:
    scores = tiny_evaluation.per_indicator.set_index("indicator_id")
    assert sorted(scores.index) == sorted(MAIN_THRESHOLDS)
    assert (scores["planted"] >= 2).all(), scores[scores["planted"] < 2]


def _table_digest(db_path: Path, table: str) -> str:
    import duckdb

    with duckdb.connect(str(db_path), read_only=True) as connection:
        rows = connection.execute(f"select * from {table} order by all").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@e2e
def test_threshold_sensitivity_on_a_copy_of_the_tiny_build(tiny_build, tmp_path: Path) -> None:
    """Two factors (the full four take the same time per factor): the real
    warehouse is untouched and flags move monotonically with the threshold."""
    truth = load_truth(tiny_build.truth_dir)
    before = _table_digest(tiny_build.db_path, "marts.fct_red_flags")
    result = run_sensitivity(tiny_build, truth, factors=(0.5, 1.5), work_dir=tmp_path, log=lambda line: None)
    assert _table_digest(tiny_build.db_path, "marts.fct_red_flags") == before
    assert list(tmp_path.iterdir()) == [], "the copy of the warehouse was left behind"

    rows = result.per_indicator
    assert not rows["run_failed"].any(), rows[rows["run_failed"]]
    assert set(rows["indicator_id"]) == set(MAIN_THRESHOLDS)
    flagged = rows.pivot(index="indicator_id", columns="factor", values="flagged")
    for indicator_id, main in MAIN_THRESHOLDS.items():
        looser, stricter = (0.5, 1.5) if main.larger_is_stricter else (1.5, 0.5)
        counts = flagged.loc[indicator_id]
        assert counts[looser] >= counts[1.0] >= counts[stricter], f"{indicator_id}: {counts.to_dict()}"
    assert list(result.overall["factor"]) == [0.5, 1.0, 1.5]
    assert result.overall.notna().all().all()


def test_sensitivity_runs_dbt_on_a_copy_with_scaled_thresholds(
    fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """run_sensitivity's dbt invocations, with dbt replaced by a recorder."""
    import redflags.dbt_runner
    from redflags.paths import WarehousePaths

    calls = []

    def recording_dbt(command, paths):
        calls.append((list(command), paths.db_path))
        assert paths.db_path != fixture_db and paths.db_path.is_file()
        return True

    monkeypatch.setattr(redflags.dbt_runner, "run_dbt", recording_dbt)
    paths = WarehousePaths(landing_dir=tmp_path / "landing", db_path=fixture_db, truth_dir=tmp_path / "truth")
    before = fixture_db.stat().st_mtime_ns
    result = run_sensitivity(paths, truth_frame(), factors=(0.5, 1.5), work_dir=tmp_path / "scratch",
                             log=lambda line: None)
    assert fixture_db.stat().st_mtime_ns == before
    batches = plan_sensitivity(indicator_settings(), threshold_references(PROJECT_DIR / "models")).batches
    assert len(calls) == 2 * len(batches)
    first_command = calls[0][0]
    overrides = json.loads(first_command[first_command.index("--vars") + 1])["threshold_overrides"]
    assert overrides["F04"] == {"min_distinct_payers": 5}
    assert first_command[first_command.index("--target-path") + 1].startswith(str(tmp_path / "scratch"))
    assert "fct_red_flags+" in calls[len(batches) - 1][0], "the last run of a factor rebuilds the marts"
    assert len(batches) == 1 or "fct_red_flags+" not in calls[0][0]
    assert all("config.materialized:external" in command for command, _ in calls)
    f04 = result.per_indicator[result.per_indicator.indicator_id == "F04"].set_index("factor")
    assert f04["value"].to_dict() == {0.5: "5", 1.0: "10", 1.5: "15"}
    assert not f04["run_failed"].any()
    assert list((tmp_path / "scratch").iterdir()) == []


def test_sensitivity_reports_failed_runs_instead_of_stale_numbers(
    fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import redflags.dbt_runner
    from redflags.paths import WarehousePaths

    monkeypatch.setattr(redflags.dbt_runner, "run_dbt", lambda command, paths: False)
    paths = WarehousePaths(landing_dir=tmp_path / "landing", db_path=fixture_db, truth_dir=tmp_path / "truth")
    result = run_sensitivity(paths, truth_frame(), factors=(0.5,), work_dir=tmp_path, log=lambda line: None)
    scaled = result.per_indicator[result.per_indicator.factor == 0.5]
    assert scaled["run_failed"].all()
    assert scaled["recall"].isna().all()
    overall = result.overall.set_index("factor")
    assert overall.loc[0.5].drop("factor", errors="ignore").isna().all()
    assert overall.loc[1.0, "victims_alert"] == 0.5


def test_evaluate_reads_the_published_copy_while_a_build_holds_the_working_database(
    fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_truth(tmp_path / "truth")
    published = publish_marts(fixture_db, tmp_path / "published").database
    monkeypatch.setenv("REDFLAGS_DB_PATH", str(fixture_db))
    monkeypatch.setenv("REDFLAGS_PUBLISH_DIR", str(published.parent))
    with write_lock_held(fixture_db):
        assert cli.main(["evaluate", "--truth", str(tmp_path / "truth"), "--json", str(tmp_path / "out.json")]) == 0
        printed = capsys.readouterr().out
    assert f"Risk mart read from {published}" in printed
    # Identity resolution is read from the working database, which the build holds.
    assert "Identity resolution not checked:" in printed
    from_published = json.loads((tmp_path / "out.json").read_text())
    assert cli.main(["evaluate", "--truth", str(tmp_path / "truth"), "--working", "--json", str(tmp_path / "w.json")]) == 0
    from_working = json.loads((tmp_path / "w.json").read_text())
    for key in ("per_indicator", "per_entity", "criteria", "passed"):
        assert from_published[key] == from_working[key], key


@e2e
def test_the_published_copy_scores_like_the_working_database(
    tiny_build, tiny_evaluation, warehouse, tmp_path: Path
) -> None:
    """Background parties come from marts.landing_coverage minus the truth's parties; on the tiny
    build (bad rows injected) that is exactly the staged parties that are not in the truth."""
    truth = load_truth(tiny_build.truth_dir)
    truth_parties = set(truth.loc[truth.entity_type == "party", "entity_id"])
    staged = {party_id for (party_id,) in warehouse.execute("select party_id from staging.stg_parties").fetchall()}
    assert truth_parties <= staged
    published = publish_marts(tiny_build.db_path, tmp_path / "published").database
    from_published = evaluate(published, truth)
    assert from_published.per_entity.equals(tiny_evaluation.per_entity)
    assert from_published.per_indicator.equals(tiny_evaluation.per_indicator)
    background = from_published.per_entity.set_index("group").loc["background parties", "entities"]
    assert background == len(staged - truth_parties)

