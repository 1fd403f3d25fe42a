"""Shared fixtures: one tiny synthetic landing zone, built once per test session.

The session's warehouse is built from a tiny landing zone with every kind of
bad row injected, so the staging, rejects, indicator and mart tests all read
one real `dbt build` (which also runs every dbt data and unit test).
"""
from __future__ import annotations

import importlib.machinery
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from xdist.scheduler import LoadScopeScheduling

from redflags.dbt_runner import run_dbt
from redflags.generator import generate
from redflags.paths import PROJECT_DIR, WarehousePaths
from spark_small_checks import SparkSmallChecks, run_small_spark_checks, three_disjoint_graphs
from spark_support import require_spark

# The modules that build on Spark: they share the Spark session fixtures, each a
# JVM and a Spark build of its own, so one worker runs them all.
SPARK_MODULES = {"test_engines_agree.py", "test_spark_landing.py", "test_spark_network_clusters.py"}


class ModuleOrSparkScheduling(LoadScopeScheduling):
    """pytest-xdist (pyproject.toml: -n 2 --dist loadscope) sends whole modules to a
    worker, so a module's fixtures are set up once; the Spark modules go together."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        return "spark" if Path(module).name in SPARK_MODULES else module


def pytest_xdist_make_scheduler(config: pytest.Config, log) -> LoadScopeScheduling | None:
    if config.getoption("dist") == "loadscope":
        return ModuleOrSparkScheduling(config, log)
    return None


def pytest_configure(config: pytest.Config) -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        # A worker's main module is execnet's, without __spec__ or __file__;
        # pyspark.sql.connect (imported by Great Expectations when pyspark is
        # installed) takes that for a doctest run and exits. A spec named
        # __main__ is what a worker's main module is, and multiprocessing's
        # spawn then leaves it alone, as it did without one.
        main = sys.modules["__main__"]
        if main.__spec__ is None and not hasattr(main, "__file__"):
            main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)
        # Each worker's dbt runs write their own target and log folders: two dbt
        # processes writing target/partial_parse.msgpack at once could hand one a torn file.
        for variable, default in (("DBT_TARGET_PATH", "target"), ("DBT_LOG_PATH", "logs")):
            os.environ[variable] = str(PROJECT_DIR / os.environ.get(variable, default) / worker)


@pytest.fixture(scope="session")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """dbt's manifest of the project (dbt parse; no database needed)."""
    root = tmp_path_factory.mktemp("parse")
    paths = WarehousePaths(landing_dir=root / "landing", db_path=root / "redflags.duckdb", truth_dir=root / "truth")
    assert run_dbt(["parse", "--target-path", str(root / "target")], paths)
    return json.loads((root / "target" / "manifest.json").read_text())


@pytest.fixture(scope="session")
def tiny_paths(tmp_path_factory: pytest.TempPathFactory) -> WarehousePaths:
    root = tmp_path_factory.mktemp("tiny")
    return WarehousePaths(landing_dir=root / "landing", db_path=root / "redflags.duckdb", truth_dir=root / "truth")


@pytest.fixture(scope="session")
def tiny_generated(tiny_paths: WarehousePaths) -> dict[str, int]:
    return generate(tiny_paths.landing_dir, tiny_paths.truth_dir, seed=42, scale="tiny", inject_bad_rows=True)


@pytest.fixture(scope="session")
def tiny_build(tiny_paths: WarehousePaths, tiny_generated: dict[str, int]) -> WarehousePaths:
    assert run_dbt(["build"], tiny_paths), "dbt build failed on the tiny landing zone (see the dbt log above)"
    return tiny_paths


@pytest.fixture(scope="session")
def warehouse(tiny_build: WarehousePaths) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(tiny_build.db_path), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def truth(tiny_build: WarehousePaths) -> pd.DataFrame:
    frame = pd.read_parquet(tiny_build.truth_dir / "truth_entities.parquet")
    frame["expected_indicators"] = frame["expected_indicators"].fillna("")
    return frame


@pytest.fixture(scope="session")
def spark_small_checks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSmallChecks]:
    """The hostile landing zone registered and the cluster model run on Spark, in one dbt run:
    a JVM start and dbt's parse on the spark target cost more than either check."""
    require_spark()
    checks = run_small_spark_checks(tmp_path_factory.mktemp("spark_small"), *three_disjoint_graphs())
    yield checks
    checks.tables.close()


def query(connection: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return connection.execute(sql).df()


def landing_tables() -> list[str]:
    import yaml

    contract = yaml.safe_load((Path(__file__).resolve().parents[1] / "contract" / "landing.yml").read_text())
    return list(contract["tables"])
