"""Great Expectations validation of the marts: passes on a sound mart, fails
naming the expectation on a broken one; `redflags build` fails with it.

Unit tests run on a hand-made fixture warehouse (python_tests/mart_fixture.py);
the end-to-end tests validate the session's tiny build and a broken copy of it.
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from mart_fixture import PROJECT_DIR, build_fixture_warehouse, execute
from redflags import cli
from redflags.validation import validate_warehouse

MARTS_READY = (PROJECT_DIR / "models" / "marts" / "risk_entities.sql").exists()


@pytest.fixture()
def fixture_db(tmp_path: Path) -> Path:
    return build_fixture_warehouse(tmp_path / "warehouse.duckdb")


def _failure(report, asset: str, expectation: str, text: str):
    """The failure of `expectation` on `asset` whose arguments or description mention text."""
    for failure in report.failures:
        if failure.asset == asset and failure.expectation == expectation and (
            text in repr(failure.arguments) or text in failure.description
        ):
            return failure
    raise AssertionError(f"no failure {asset}.{expectation} mentioning {text!r}; report:\n{report.format()}")


def test_suite_passes_on_a_sound_mart_and_writes_data_docs(fixture_db: Path) -> None:
    report = validate_warehouse(fixture_db)
    assert report.success, report.format()
    assert report.failures == []
    assert report.expectations_evaluated >= 60
    assert set(report.assets) == {
        "staged_inputs", "fct_red_flags", "risk_entities", "entity_links", "dim_indicators", "indicator_coverage",
        "landing_coverage", "mart_reconciliation",
    }
    assert report.warnings == []
    assert report.docs_index == fixture_db.parent / "gx_docs" / "warehouse" / "index.html"
    assert report.docs_index.is_file()
    validation_pages = list((report.docs_index.parent / "validations" / "risk_entities").rglob("*.html"))
    assert validation_pages, "Data Docs hold no validation result page for risk_entities"
    assert "risk_score" in validation_pages[0].read_text()


BROKEN_MARTS = {
    "score_above_100": (
        ["update marts.risk_entities set risk_score = 150 where entity_id = 'PV1'"],
        "risk_entities", "expect_column_values_to_be_between", "risk_score", "PV1",
    ),
    "blank_evidence": (
        ["update marts.fct_red_flags set evidence = '   ' where entity_id = 'PS1'"],
        "fct_red_flags", "expect_column_values_to_match_regex", "evidence", "PS1",
    ),
    "missing_evidence": (
        ["update marts.fct_red_flags set evidence = null where entity_id = 'PS1'"],
        "fct_red_flags", "expect_column_values_to_not_be_null", "evidence", "PS1",
    ),
    "indicator_not_in_catalogue": (
        ["update marts.fct_red_flags set indicator_id = 'Z99' where entity_id = 'PS1'"],
        "fct_red_flags", "expect_column_values_to_be_in_set", "indicator_id", "Z99",
    ),
    "alert_on_one_flag_alone": (
        ["update marts.risk_entities set risk_tier = 'alert' where entity_id = 'PS1'"],
        "risk_entities", "expect_column_values_to_be_between", "cluster_indicator_count", "PS1",
    ),
    "unknown_tier": (
        ["update marts.risk_entities set risk_tier = 'urgent' where entity_id = 'PL1'"],
        "risk_entities", "expect_column_values_to_be_in_set", "risk_tier", "urgent",
    ),
    "duplicate_entity": (
        ["insert into marts.risk_entities select * from marts.risk_entities where entity_id = 'PT1'"],
        "risk_entities", "expect_compound_columns_to_be_unique", "entity_id", "PT1",
    ),
    "flagged_entity_missing_from_mart": (
        ["delete from marts.risk_entities where entity_id = 'PB1'"],
        "mart_reconciliation", "expect_column_pair_values_to_be_equal", "risk_entity_rows", "6 vs",
    ),
    "indicator_count_not_reconciled": (
        ["update marts.risk_entities set indicator_count = 4 where entity_id = 'PV1'"],
        "mart_reconciliation", "expect_column_pair_values_to_be_equal", "sum_indicator_count", "11 vs",
    ),
    "staged_duplicate_key": (
        ["insert into staging.stg_parties values ('PB2', 'person', 'Bo Twice')"],
        "staged_inputs", "expect_column_values_to_be_between", "duplicate_key_rows", "parties",
    ),
    "no_data_indicator_with_flags": (
        ["update marts.indicator_coverage set coverage_status = 'no_data' where indicator_id = 'R01'"],
        "indicator_coverage", "expect_column_values_to_be_between", "flag_count", "R01",
    ),
    "unknown_coverage_status": (
        ["update marts.indicator_coverage set coverage_status = 'maybe' where indicator_id = 'B02'"],
        "indicator_coverage", "expect_column_values_to_be_in_set", "coverage_status", "B02",
    ),
    "landing_not_reconciled": (
        ["update audit.landing_reconciliation set rows_landed = 99 where table_name = 'payroll'"],
        "staged_inputs", "expect_column_pair_values_to_be_equal", "rows_landed", "payroll",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_MARTS))
def test_suite_fails_naming_the_broken_expectation(fixture_db: Path, case: str) -> None:
    statements, asset, expectation, argument, example = BROKEN_MARTS[case]
    execute(fixture_db, *statements)
    report = validate_warehouse(fixture_db, write_docs=False)
    assert not report.success
    failure = _failure(report, asset, expectation, argument)
    assert example in failure.detail, failure.format()
    assert expectation in report.format() and argument in report.format()


def test_a_core_indicator_without_data_is_a_warning_not_a_failure(fixture_db: Path) -> None:
    # F04 is core in the fixture; B02 is not: only F04 is warned about.
    execute(
        fixture_db,
        "update marts.indicator_coverage set coverage_status = 'no_data', flag_count = 0 "
        "where indicator_id in ('F04', 'B02')",
        "delete from marts.fct_red_flags where indicator_id = 'F04'",
        "delete from marts.risk_entities where indicator_ids = 'F04'",
        "update marts.dim_indicators set entities_flagged = 0 where indicator_id = 'F04'",
    )
    report = validate_warehouse(fixture_db, write_docs=False)
    assert report.success, report.format()
    assert report.failures == []
    [warning] = report.warnings
    assert warning.asset == "indicator_coverage" and warning.severity == "warning"
    assert "1 of 1 rows unexpected, e.g. F04 ('no_data')" in warning.detail, warning.detail
    assert "B02" not in warning.detail
    assert "1 warning(s)" in report.format() and "WARNING indicator_coverage" in report.format()


def test_a_missing_mart_is_a_failure_not_a_crash(fixture_db: Path) -> None:
    execute(fixture_db, "drop table marts.entity_links")
    report = validate_warehouse(fixture_db, write_docs=False)
    assert not report.success
    failure = _failure(report, "entity_links", "table_is_readable", "entity_links")
    assert "entity_links" in failure.detail
    assert "entity_links" not in report.assets


def test_validate_command_exit_code_follows_the_suite(fixture_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", "--db", str(fixture_db)]) == 0
    assert "all passed" in capsys.readouterr().out
    execute(fixture_db, "update marts.risk_entities set risk_score = -1 where entity_id = 'PT1'")
    assert cli.main(["validate", "--db", str(fixture_db)]) == 1
    captured = capsys.readouterr()
    assert "FAILED risk_entities: expect_column_values_to_be_between(column='risk_score'" in captured.out
    assert "GX Data Docs:" in captured.out
    assert "validation FAILED" in captured.err


def _build(
    fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dbt_succeeds: bool, no_validate: bool = False
) -> int:
    """`redflags build` with dbt replaced by a stub (the fixture is already built)."""
    import redflags.dbt_runner

    monkeypatch.setattr(redflags.dbt_runner, "invoke_dbt",
                        lambda command, paths: redflags.dbt_runner.DbtRun(success=dbt_succeeds))
    (tmp_path / "landing").mkdir(exist_ok=True)
    return cli.command_build(
        argparse.Namespace(landing=str(tmp_path / "landing"), db=str(fixture_db), publish=str(tmp_path / "published"),
                           vars=None, no_validate=no_validate, full_refresh=False)
    )


def test_build_validates_after_dbt_and_fails_on_a_broken_mart(
    fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build(fixture_db, tmp_path, monkeypatch, dbt_succeeds=True) == 0
    assert "Great Expectations:" in capsys.readouterr().out
    execute(fixture_db, "update marts.fct_red_flags set evidence = '' where entity_id = 'PV1'")
    assert _build(fixture_db, tmp_path, monkeypatch, dbt_succeeds=True) == 1
    output = capsys.readouterr().out
    assert "FAILED fct_red_flags: expect_column_values_to_match_regex(column='evidence'" in output


def test_build_no_validate_skips_the_suite(
    fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    execute(fixture_db, "update marts.risk_entities set risk_score = 150 where entity_id = 'PV1'")
    assert _build(fixture_db, tmp_path, monkeypatch, dbt_succeeds=True, no_validate=True) == 0
    assert "Great Expectations" not in capsys.readouterr().out


def test_build_does_not_validate_when_dbt_failed(
    fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build(fixture_db, tmp_path, monkeypatch, dbt_succeeds=False) == 1
    assert "Great Expectations" not in capsys.readouterr().out


# ----------------------------------------------------------------------------- end to end


pytestmark_e2e = pytest.mark.skipif(not MARTS_READY, reason="models/marts/risk_entities.sql does not exist yet")


@pytestmark_e2e
def test_validation_passes_on_the_tiny_build(tiny_build, tmp_path: Path) -> None:
    report = validate_warehouse(tiny_build.db_path, docs_dir=tmp_path / "gx_docs")
    assert report.success, report.format()
    assert report.assets["risk_entities"] > 0 and report.assets["fct_red_flags"] > 0
    assert (tmp_path / "gx_docs" / "index.html").is_file()


@pytestmark_e2e
def test_validation_catches_a_broken_copy_of_the_tiny_build(tiny_build, tmp_path: Path) -> None:
    broken = tmp_path / "broken.duckdb"
    shutil.copy2(tiny_build.db_path, broken)
    execute(
        broken,
        "update marts.risk_entities set risk_score = 150 "
        "where entity_id = (select min(entity_id) from marts.risk_entities)",
        "update marts.fct_red_flags set evidence = '' "
        "where flag_id = (select min(flag_id) from marts.fct_red_flags)",
    )
    report = validate_warehouse(broken, write_docs=False)
    assert not report.success
    _failure(report, "risk_entities", "expect_column_values_to_be_between", "risk_score")
    _failure(report, "fct_red_flags", "expect_column_values_to_match_regex", "evidence")
    assert len(report.failures) == 2, report.format()


def test_build_summary_names_tests_without_dbt_hash() -> None:
    from redflags.dbt_runner import DbtRun

    run = DbtRun(success=True, statuses={
        "test.redflags.observe_landing_tables_mostly_staged.fab8f26eef": "warn",
        "test.redflags.not_null_stg_parties_party_id": "pass",
        "test.redflags.risk_entities_reconcile_with_fct_red_flags": "fail",
        "model.redflags.stg_parties": "success",
    })
    assert run.nodes_with("warn") == ["observe_landing_tables_mostly_staged"]
    assert run.nodes_with("fail") == ["risk_entities_reconcile_with_fct_red_flags"]
    assert run.count("warn") == 1 and run.built("stg_parties")
