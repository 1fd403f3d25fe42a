"""Run dbt through its programmatic runner, in a child process.

dbt-duckdb keeps the database file open for the life of the process that ran
dbt (dbt-duckdb#616), and DuckDB allows one writer or many readers. Running
dbtRunner in a spawned child lets the parent open the file afterwards (to print
the summary, validate and publish the marts) and keeps dbt's memory out of the
parent.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from redflags.paths import PROJECT_DIR, WarehousePaths

PARTIAL_PARSE_FILE = "partial_parse.msgpack"  # dbt's saved parse, in the target folder


@dataclass(frozen=True)
class DbtRun:
    """What one dbt invocation did: success, and each node's status in this run."""

    success: bool
    statuses: dict[str, str] = field(default_factory=dict)  # unique_id -> success | error | fail | warn | pass | skipped

    def built(self, model_name: str) -> bool:
        """True when the model was built successfully in this run (not by an earlier one)."""
        return self.statuses.get(f"model.redflags.{model_name}") == "success"

    def count(self, status: str, resource_type: str = "test") -> int:
        return sum(1 for unique_id, value in self.statuses.items() if value == status and unique_id.startswith(f"{resource_type}."))

    def nodes_with(self, status: str, resource_type: str = "test") -> list[str]:
        """Names of the nodes with this status (a generic test's name without dbt's hash suffix)."""
        return sorted(_node_name(unique_id) for unique_id, value in self.statuses.items()
                      if value == status and unique_id.startswith(f"{resource_type}."))


def _node_name(unique_id: str) -> str:
    # test.redflags.<name>[.<10-hex hash>]: the hash only tells same-named tests apart.
    name = unique_id.split(".", 2)[2]
    stem, _, suffix = name.rpartition(".")
    return stem if stem and len(suffix) == 10 and all(c in "0123456789abcdef" for c in suffix) else name


# Folders a user may name relative to where they run the command (the spill
# folder, dbt's log folder and saved parse): made absolute before dbt runs in
# the warehouse's folder, so that they keep meaning the user's folder.
CALLER_RELATIVE_VARIABLES = ("REDFLAGS_TEMP_DIR", "DBT_LOG_PATH", "DBT_PARTIAL_PARSE_FILE_PATH")


def enter_dbt_process(environment: dict[str, str], working_dir: str) -> None:
    """In the spawned child, before dbt starts: the environment profiles.yml reads, and the
    warehouse's folder as working directory (WarehousePaths.dbt_working_dir)."""
    os.environ.update(environment)
    for name in CALLER_RELATIVE_VARIABLES:
        value = os.environ.get(name)
        if value and not os.path.isabs(value):
            os.environ[name] = os.path.abspath(value)
    os.chdir(working_dir)


def _invoke(args: list[str], environment: dict[str, str], working_dir: str, result_queue: multiprocessing.Queue) -> None:
    enter_dbt_process(environment, working_dir)
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(args)
    statuses = {}
    for node_result in getattr(result.result, "results", None) or []:
        node = getattr(node_result, "node", None)
        if node is not None:
            statuses[node.unique_id] = str(getattr(node_result.status, "value", node_result.status))
    result_queue.put((bool(result.success), statuses))


def write_landing_inventory(paths: WarehousePaths) -> dict:
    """List the landing zone for the Spark macro (Spark SQL cannot list files): see
    macros/landing/spark_register_landing_tables.sql. Returns the inventory written."""
    from redflags.landing_files import write_spark_inventory

    contract = yaml.safe_load((PROJECT_DIR / "contract" / "landing.yml").read_text(encoding="utf-8"))
    return write_spark_inventory(
        str(paths.landing_dir), sorted(contract["tables"]), str(PROJECT_DIR),
        paths.spark_home / ".redflags_landing_work", paths.landing_inventory,
    )


def run_in_spawned_child(target: Callable[..., None], *args: Any) -> tuple[Any, int | None]:
    """Run target(*args, result_queue) in a spawned process; return what it put on
    the queue (None if nothing) and its exit code."""
    context = multiprocessing.get_context("spawn")
    result_queue: multiprocessing.Queue = context.Queue()
    child = context.Process(target=target, args=(*args, result_queue))
    child.start()
    # Read before joining: a child blocks on exit until its queued result (one
    # status per node, more than a pipe buffer holds) has been read.
    outcome = None
    while outcome is None and (child.is_alive() or not result_queue.empty()):
        try:
            outcome = result_queue.get(timeout=1)
        except queue.Empty:
            continue
    child.join()
    return outcome, child.exitcode


def _start_from_project_parse(command: Sequence[str]) -> None:
    """A command with its own --target-path starts from the project target's saved
    parse, when it has none: dbt checks that parse as it checks its own (dbt
    version, vars, profile, every file's checksum) and parses again whatever
    differs, so the copy only spares a full parse when nothing did."""
    if "--target-path" not in command:
        return
    # Relative to the project, as dbt takes --target-path and DBT_TARGET_PATH.
    target_dir = PROJECT_DIR / command[list(command).index("--target-path") + 1]
    saved = PROJECT_DIR / os.environ.get("DBT_TARGET_PATH", "target") / PARTIAL_PARSE_FILE
    if saved.is_file() and not (target_dir / PARTIAL_PARSE_FILE).exists():
        target_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(saved, target_dir / PARTIAL_PARSE_FILE)


def invoke_dbt(command: Sequence[str], paths: WarehousePaths) -> DbtRun:
    """Run one dbt command (e.g. ["build"]) against the project and report what it did.
    On the Spark target the landing zone is listed first (write_landing_inventory)."""
    paths.db_path.parent.mkdir(parents=True, exist_ok=True)
    _start_from_project_parse(command)
    if paths.is_spark:
        paths.spark_home.mkdir(parents=True, exist_ok=True)
        write_landing_inventory(paths)
    args = [
        *command,
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR),
        "--target", paths.target,
    ]
    outcome, exit_code = run_in_spawned_child(_invoke, args, paths.dbt_environment(), str(paths.dbt_working_dir))
    if outcome is None or exit_code != 0:
        print(f"dbt process ended with exit code {exit_code}", file=sys.stderr)
        return DbtRun(success=False)
    success, statuses = outcome
    return DbtRun(success=success, statuses=statuses)


def run_dbt(command: Sequence[str], paths: WarehousePaths) -> bool:
    """Run one dbt command against the project; True when it succeeded."""
    return invoke_dbt(command, paths).success
