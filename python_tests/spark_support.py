"""What the Spark tests share: whether Spark can run here, and what happens when it cannot.

`make test` installs the spark extra and Java 17 (Makefile targets
spark-install and java), so in CI (CI set) a missing piece is a failure, never
a skip: the engines-agree proof must not pass by not running. A developer who
installed only `.[test]` gets a skip that says what to install.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Callable

import pytest

from redflags.dbt_runner import enter_dbt_process, run_in_spawned_child, write_landing_inventory
from redflags.paths import PROJECT_DIR, WarehousePaths


def missing_spark_piece() -> str | None:
    """What is missing to run dbt-spark's session method here, or None."""
    try:
        import dbt.adapters.spark  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError:
        return 'the spark extra is not installed (pip install -e ".[spark]"; make test installs it)'
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java for Spark (Java 17; make test installs Debian's openjdk-17-jre-headless)"
    return None


def require_spark() -> None:
    """Fail in CI, skip elsewhere, when Spark cannot run."""
    missing = missing_spark_piece()
    if missing is None:
        return
    if os.environ.get("CI"):
        pytest.fail(missing)
    pytest.skip(missing)


def _dbt_then_queries(args: list[str], environment: dict[str, str], working_dir: str, queries: list[str],
                      prepare: Callable[[], None] | None, result_queue: multiprocessing.Queue) -> None:
    enter_dbt_process(environment, working_dir)
    if prepare is not None:
        prepare()
    from dbt.cli.main import dbtRunner

    if not dbtRunner().invoke(args).success:
        result_queue.put(None)
        return
    from pyspark.sql import SparkSession

    # dbt-spark's session method leaves its SparkSession running (or reuses the one `prepare`
    # started): read through it, no second JVM.
    spark = SparkSession.getActiveSession() or SparkSession.builder.getOrCreate()
    results = {}
    for query in queries:
        frame = spark.sql(query)
        results[query] = (frame.columns, [tuple(row) for row in frame.collect()])
    result_queue.put(results)


def dbt_then_spark_sql(paths: WarehousePaths, dbt_command: list[str], queries: list[str],
                       prepare: Callable[[], None] | None = None) -> dict[str, tuple[list[str], list[tuple]]]:
    """Run one dbt command on the spark target, then each query in the Spark session dbt used:
    query -> (column names, rows). Spark views (landing.<table>) are readable only this way, not
    through the Parquet files of redflags/spark_tables.py. `prepare` (picklable) runs first in the
    same process: a SparkSession it starts with the profile's static settings (warehouse, metastore)
    is the one dbt-spark then uses, so inputs written there cost no JVM of their own. In a spawned
    child, as redflags/dbt_runner.py runs dbt (Derby, the metastore, admits one process at a time)."""
    assert paths.is_spark
    paths.spark_home.mkdir(parents=True, exist_ok=True)
    write_landing_inventory(paths)
    args = [*dbt_command, "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR), "--target", "spark"]
    results, exit_code = run_in_spawned_child(_dbt_then_queries, args, paths.dbt_environment(), str(paths.dbt_working_dir),
                                              queries, prepare)
    assert results is not None and exit_code == 0, f"dbt {' '.join(dbt_command)} failed on Spark (see dbt's log above)"
    return results
