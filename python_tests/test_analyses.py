"""The investigator's queries (analyses/): each compiled by `dbt compile` and its
compiled SQL (target/compiled/redflags/analyses/) run on the tiny build.

dbt compile opens the warehouse for writing (its run-start hook registers the
landing zone), and the session holds the tiny warehouse open read-only, so the
compiling runs on a copy with the same file name: the compiled SQL names the
database by it, and runs unchanged on the session's warehouse.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from redflags.dbt_runner import run_dbt
from redflags.evaluation import load_truth
from redflags.paths import WarehousePaths

ANALYSES = ["entity_timeline", "cluster_members_and_links", "indicator_flags_in_period", "coverage_report"]


def _compile_analyses(tiny_build: WarehousePaths, root: Path, variables: str | None) -> dict[str, str]:
    """dbt compile of every analysis, on a copy of the tiny warehouse; the compiled SQL by name."""
    copy = root / "copy" / tiny_build.db_path.name
    copy.parent.mkdir(parents=True)
    shutil.copy2(tiny_build.db_path, copy)
    paths = WarehousePaths(landing_dir=tiny_build.landing_dir, db_path=copy, truth_dir=tiny_build.truth_dir)
    command = ["compile", "--select", "resource_type:analysis", "--target-path", str(root / "target"),
               "--log-path", str(root / "logs")]
    assert run_dbt(command + (["--vars", variables] if variables else []), paths)
    compiled = root / "target" / "compiled" / "redflags" / "analyses"
    return {name: (compiled / f"{name}.sql").read_text() for name in ANALYSES}


@pytest.fixture(scope="module")
def trafficker(tiny_build: WarehousePaths) -> str:
    """A trafficker of the leaflet's criminal-exploitation case (an alert in the tiny build)."""
    truth = load_truth(tiny_build.truth_dir)
    scenario = truth[(truth.scenario == "criminal_exploitation_minor") & (truth.entity_type == "party")]
    return str(scenario[scenario.role == "trafficker"].iloc[0].entity_id)


@pytest.fixture(scope="module")
def period(warehouse: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """The window of F04's earliest flag: a period that holds some of its flags and not the later ones."""
    start, end = warehouse.execute(
        "select min(window_start), min(window_end) from marts.fct_red_flags where indicator_id = 'F04'"
    ).fetchone()
    return str(start), str(end)


@pytest.fixture(scope="module")
def compiled(tiny_build: WarehousePaths, trafficker: str, period: tuple[str, str],
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    variables = f"{{entity_id: '{trafficker}', indicator_id: F04, period_start: '{period[0]}', period_end: '{period[1]}'}}"
    return _compile_analyses(tiny_build, tmp_path_factory.mktemp("analyses"), variables)


@pytest.fixture(scope="module")
def compiled_with_defaults(tiny_build: WarehousePaths, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _compile_analyses(tiny_build, tmp_path_factory.mktemp("analyses_defaults"), None)


def _run(warehouse: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return warehouse.execute(sql).df()


def test_entity_timeline_lists_every_flag_of_the_entity_in_time_order(
    warehouse: duckdb.DuckDBPyConnection, compiled: dict[str, str], trafficker: str
) -> None:
    timeline = _run(warehouse, compiled["entity_timeline"])
    flags = _run(warehouse, f"select indicator_id, role_side, evidence from marts.fct_red_flags where entity_id = '{trafficker}'")
    assert len(flags) >= 2
    assert set(timeline.entity_id) == {trafficker}
    assert sorted(zip(timeline.indicator_id, timeline.role_side, timeline.evidence)) == sorted(
        zip(flags.indicator_id, flags.role_side, flags.evidence))
    assert timeline.window_start.is_monotonic_increasing
    assert set(timeline.risk_tier) == {"alert"}


def test_cluster_members_and_links_show_the_network_of_the_entity(
    warehouse: duckdb.DuckDBPyConnection, compiled: dict[str, str], trafficker: str, tiny_build: WarehousePaths
) -> None:
    members = _run(warehouse, compiled["cluster_members_and_links"])
    cluster_id = warehouse.execute(
        "select cluster_id from marts.risk_entities where entity_id = ?", [trafficker]).fetchone()[0]
    assert set(members.cluster_id) == {cluster_id}
    flagged = _run(warehouse, f"select entity_type, entity_id from marts.risk_entities where cluster_id = '{cluster_id}'")
    assert set(zip(flagged.entity_type, flagged.entity_id)) == set(
        zip(members[members.is_flagged].entity_type, members[members.is_flagged].entity_id))
    links = warehouse.execute("select count(*) from marts.entity_links where cluster_id = ?", [cluster_id]).fetchone()[0]
    assert links > 0 and members.link_count.sum() == 2 * links  # every link, seen from both ends
    # the case's victims are in the trafficker's network (as in test_explain)
    truth = load_truth(tiny_build.truth_dir)
    scenario_id = truth[truth.entity_id == trafficker].scenario_id.iloc[0]
    victims = set(truth[(truth.scenario_id == scenario_id) & (truth.role == "victim")].entity_id)
    assert victims & set(members.entity_id)
    assert all(isinstance(text, str) and " with " in text for text in members[members.link_count > 0].links)


def test_indicator_flags_in_period_are_the_flags_whose_window_overlaps_it(
    warehouse: duckdb.DuckDBPyConnection, compiled: dict[str, str], period: tuple[str, str]
) -> None:
    result = _run(warehouse, compiled["indicator_flags_in_period"])
    flags = _run(warehouse, "select flag_id, indicator_id, window_start, window_end from marts.fct_red_flags")
    start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1])
    expected = flags[(flags.indicator_id == "F04") & (flags.window_end >= start) & (flags.window_start <= end)]
    assert 0 < len(expected) < (flags.indicator_id == "F04").sum(), "the period should hold some F04 flags, not all"
    assert sorted(result.flag_id) == sorted(expected.flag_id)
    assert set(result.indicator_id) == {"F04"}
    assert result.risk_tier.notna().all() and result.display_name.notna().all()


def test_coverage_report_lists_every_indicator_worst_first(
    warehouse: duckdb.DuckDBPyConnection, compiled: dict[str, str]
) -> None:
    report = _run(warehouse, compiled["coverage_report"])
    coverage = _run(warehouse, "select indicator_id, coverage_status, flag_count from marts.indicator_coverage")
    assert sorted(report.indicator_id) == sorted(coverage.indicator_id) and len(report) == 28
    assert report.status_order.is_monotonic_increasing
    assert dict(zip(report.indicator_id, report.flag_count)) == dict(zip(coverage.indicator_id, coverage.flag_count))
    assert report.needs_met.str.fullmatch(r"\d+ of \d+ required, \d+ of \d+ enriching").all()


def test_without_vars_the_analyses_open_on_the_top_entity_and_every_flag(
    warehouse: duckdb.DuckDBPyConnection, compiled_with_defaults: dict[str, str]
) -> None:
    top_type, top_id, top_cluster = warehouse.execute(
        "select entity_type, entity_id, cluster_id from marts.risk_entities order by risk_score desc, entity_type, entity_id limit 1"
    ).fetchone()
    timeline = _run(warehouse, compiled_with_defaults["entity_timeline"])
    assert set(zip(timeline.entity_type, timeline.entity_id)) == {(top_type, top_id)} and len(timeline) >= 1
    members = _run(warehouse, compiled_with_defaults["cluster_members_and_links"])
    assert set(members.cluster_id) == {top_cluster} and top_id in set(members.entity_id)
    every_flag = _run(warehouse, compiled_with_defaults["indicator_flags_in_period"])
    assert len(every_flag) == warehouse.execute("select count(*) from marts.fct_red_flags").fetchone()[0]


@pytest.mark.parametrize("name", ANALYSES)
def test_each_analysis_returns_the_columns_its_yaml_documents(
    warehouse: duckdb.DuckDBPyConnection, compiled: dict[str, str], manifest: dict, name: str
) -> None:
    documented = list(manifest["nodes"][f"analysis.redflags.{name}"]["columns"])
    assert list(_run(warehouse, compiled[name]).columns) == documented
