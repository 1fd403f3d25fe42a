"""Publishing: readers see one whole build or the previous one, never a lock or half a build.

The builds here go through the CLI (`redflags build`: dbt without unit tests,
validation, publish) on a copy of the session's tiny landing zone.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from redflags.cli import main as redflags
from redflags.dbt_runner import run_dbt
from redflags.paths import PROJECT_DIR, WarehousePaths
from redflags.publish import STORAGE_VERSION

# One snapshot is consistent when every entity of risk_entities has exactly the
# distinct indicators fct_red_flags holds for it (tests/marts/risk_entities_reconcile_with_fct_red_flags.sql).
INCONSISTENT_ENTITIES = """
    with flagged as (
        select entity_type, entity_id, count(distinct indicator_id) as indicator_count
        from marts.fct_red_flags group by entity_type, entity_id
    )
    select count(*)
    from flagged
    full outer join marts.risk_entities as mart
        on flagged.entity_type = mart.entity_type and flagged.entity_id = mart.entity_id
    where flagged.entity_id is null or mart.entity_id is null or flagged.indicator_count <> mart.indicator_count
"""


def _fingerprint(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _cli_build(paths: WarehousePaths, *extra: str) -> int:
    return redflags(["build", "--landing", str(paths.landing_dir), "--db", str(paths.db_path),
                     "--publish", str(paths.published_dir), *extra])


@pytest.fixture(scope="module")
def published(tiny_paths: WarehousePaths, tiny_generated: dict[str, int],
              tmp_path_factory: pytest.TempPathFactory) -> WarehousePaths:
    root = tmp_path_factory.mktemp("publish")
    landing = root / "landing"
    shutil.copytree(tiny_paths.landing_dir, landing)
    paths = WarehousePaths(landing_dir=landing, db_path=root / "work" / "redflags.duckdb",
                           truth_dir=tiny_paths.truth_dir, publish_dir=root / "published")
    assert _cli_build(paths) == 0
    return paths


def test_published_copy_holds_every_mart_readable_by_older_clients(published: WarehousePaths) -> None:
    with duckdb.connect(str(published.db_path), read_only=True) as working:
        marts = {name: count for name, count in working.execute(
            "select table_name, estimated_size from duckdb_tables() where schema_name = 'marts'").fetchall()}
        rows = {name: working.execute(f"select count(*) from marts.{name}").fetchone()[0] for name in marts}
    with duckdb.connect(str(published.published_db), read_only=True) as reader:
        tags = reader.execute("select tags from duckdb_databases() where database_name = 'redflags'").fetchone()[0]
        # DuckDB names the storage format by the first release that reads it: v1.1.0 writes 'v1.0.0+'.
        assert tags["storage_version"] == "v1.0.0+", (STORAGE_VERSION, tags)
        assert {name: reader.execute(f"select count(*) from marts.{name}").fetchone()[0] for name in marts} == rows
        assert reader.execute(INCONSISTENT_ENTITIES).fetchone()[0] == 0
        for name, count in rows.items():
            parquet = published.published_dir / "parquet" / f"{name}.parquet"
            assert reader.execute("select count(*) from read_parquet(?)", [str(parquet)]).fetchone()[0] == count
    assert not [path for path in published.published_dir.rglob("*") if "partial" in path.name]


def _contracted_marts(manifest: dict) -> dict[str, list[tuple[str, str]]]:
    """Each mart's contract from dbt's manifest: its columns in order, with their declared types."""
    return {
        node["name"]: [(name, column["data_type"].lower()) for name, column in node["columns"].items()]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["original_file_path"].startswith("models/marts/")
    }


def test_published_marts_carry_the_contracts_names_and_types(published: WarehousePaths, manifest: dict) -> None:
    contracts = _contracted_marts(manifest)
    assert {"risk_entities", "fct_red_flags", "entity_links", "dim_indicators", "indicator_coverage"} <= set(contracts)
    with duckdb.connect(str(published.published_db), read_only=True) as reader:
        in_database = {}
        for table, column, data_type in reader.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' order by table_name, ordinal_position"
        ).fetchall():
            in_database.setdefault(table, []).append((column, data_type.lower()))
        in_parquet = {
            table: [(column, data_type.lower()) for column, data_type, *_ in reader.execute(
                "describe select * from read_parquet(?)", [str(published.published_dir / "parquet" / f"{table}.parquet")]
            ).fetchall()]
            for table in contracts
        }
    assert in_database == contracts
    assert in_parquet == contracts


def _read_in_a_loop(database: str, stop: multiprocessing.Event, outcome: multiprocessing.Queue) -> None:
    reads = lock_errors = inconsistent = other_errors = 0
    while not stop.is_set():
        try:
            with duckdb.connect(database, read_only=True) as reader:
                inconsistent += reader.execute(INCONSISTENT_ENTITIES).fetchone()[0] > 0
            reads += 1
        except duckdb.Error as error:
            if "lock" in str(error).lower():
                lock_errors += 1
            else:
                other_errors += 1
        time.sleep(0.02)
    outcome.put({"reads": reads, "lock_errors": lock_errors, "inconsistent": inconsistent, "other_errors": other_errors})


def test_readers_never_meet_a_lock_or_half_a_build(published: WarehousePaths) -> None:
    context = multiprocessing.get_context("spawn")
    stop, outcome = context.Event(), context.Queue()
    reader = context.Process(target=_read_in_a_loop, args=(str(published.published_db), stop, outcome))
    reader.start()
    published_states = set()
    try:
        published_states.add(_fingerprint(published.published_dir)["redflags.duckdb"])
        # A build that publishes different marts: F04 with fewer payers than its default.
        overrides = "{threshold_overrides: {F04: {min_distinct_payers: 5}}}"
        assert _cli_build(published, "--vars", overrides, "--no-validate") == 0
        published_states.add(_fingerprint(published.published_dir)["redflags.duckdb"])
    finally:
        stop.set()
        reader.join(timeout=60)
    counts = outcome.get(timeout=10)
    print(f"reader loop during a build: {counts}")
    assert len(published_states) == 2, "the build published a new copy"
    assert counts["reads"] > 100
    assert (counts["lock_errors"], counts["inconsistent"], counts["other_errors"]) == (0, 0, 0), counts


def test_a_killed_build_leaves_the_published_mart_as_it_was(published: WarehousePaths) -> None:
    before = _fingerprint(published.published_dir)
    command = [sys.executable, "-m", "redflags.cli", "build", "--landing", str(published.landing_dir),
               "--db", str(published.db_path), "--publish", str(published.published_dir)]
    build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             cwd=PROJECT_DIR, start_new_session=True)
    killed_after = None
    assert build.stdout is not None
    for line in build.stdout:
        if "model marts.fct_red_flags" in line and " OK " in line:
            killed_after = line.strip()
            os.killpg(build.pid, signal.SIGKILL)
            break
    build.wait(timeout=120)
    assert killed_after, "the build ended before fct_red_flags was built"
    assert _fingerprint(published.published_dir) == before


def test_a_build_that_fails_validation_publishes_nothing(published: WarehousePaths,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import redflags.cli

    before = _fingerprint(published.published_dir)
    monkeypatch.setattr(redflags.cli, "_validate", lambda db_path: False)
    assert _cli_build(published) == 1
    assert _fingerprint(published.published_dir) == before


@pytest.mark.parametrize("landing_case", ["missing", "no_table_folder"])
def test_a_landing_root_that_is_no_landing_zone_stops_before_anything_is_overwritten(
    published: WarehousePaths, tmp_path: Path, landing_case: str, capfd: pytest.CaptureFixture[str]
) -> None:
    landing = tmp_path / "landing"
    if landing_case == "no_table_folder":
        (landing / "some_other_folder").mkdir(parents=True)
        (landing / "some_other_folder" / "notes.csv").write_text("a\n1\n")
    before_published = _fingerprint(published.published_dir)
    before_working = hashlib.sha256(published.db_path.read_bytes()).hexdigest()
    paths = WarehousePaths(landing_dir=landing, db_path=published.db_path, truth_dir=published.truth_dir,
                           publish_dir=published.published_dir)
    assert _cli_build(paths) == 1
    assert "Landing zone: landing directory" in capfd.readouterr().out
    # Plain dbt fails the same way, before any model runs.
    assert not run_dbt(["build", "--exclude-resource-type", "unit_test"], paths)
    assert _fingerprint(published.published_dir) == before_published
    assert hashlib.sha256(published.db_path.read_bytes()).hexdigest() == before_working
