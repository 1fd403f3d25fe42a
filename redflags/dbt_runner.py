"""Run dbt through its programmatic runner, in a child process.

dbt-duckdb keeps the database file open for the life of the process that ran
dbt (dbt-duckdb#616), and DuckDB allows one writer or many readers. Running
dbtRunner in a spawned child lets the parent open the file afterwards (to print
the summary, validate the marts) and keeps dbt's memory out of the parent.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence

from redflags.paths import PROJECT_DIR, WarehousePaths


def _invoke(args: list[str], environment: dict[str, str], result_queue: multiprocessing.Queue) -> None:
    os.environ.update(environment)
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(args)
    result_queue.put(bool(result.success))


def run_dbt(command: Sequence[str], paths: WarehousePaths) -> bool:
    """Run one dbt command (e.g. ["build"]) against the project; True when it succeeded."""
    paths.db_path.parent.mkdir(parents=True, exist_ok=True)
    args = [
        *command,
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR),
    ]
    context = multiprocessing.get_context("spawn")
    result_queue: multiprocessing.Queue = context.Queue()
    child = context.Process(target=_invoke, args=(args, paths.dbt_environment(), result_queue))
    child.start()
    child.join()
    if child.exitcode != 0:
        print(f"dbt process ended with exit code {child.exitcode}", file=sys.stderr)
        return False
    return result_queue.get()
