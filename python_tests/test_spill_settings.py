"""A build that spills to disk goes on: the profile's memory settings survive a spill.

dbt-duckdb opens a cursor per node and applies the profile's `settings` to
each one; DuckDB refuses `SET temp_directory` once a query has spilled into
it. With temp_directory among the settings, every node after the first
spill failed ("Cannot switch temporary directory after the current one has
been used"), which only a build bigger than memory_limit shows. Here the
project's own profiles.yml is rendered as dbt renders it, a query is made to
spill under a small memory_limit, and the next cursor must still open and
run, with the spill folder the profile asks for.
"""
from __future__ import annotations

import os
from argparse import Namespace
from pathlib import Path

import pytest
from dbt.adapters.duckdb.environments.local import LocalEnvironment
from dbt.config.profile import Profile, read_profile
from dbt.config.renderer import ProfileRenderer
from dbt.flags import set_from_args
from dbt_common.context import set_invocation_context

from redflags.dbt_runner import enter_dbt_process
from redflags.paths import PROJECT_DIR


def _project_environment(env: dict[str, str]) -> LocalEnvironment:
    set_from_args(Namespace(), None)
    set_invocation_context(env)
    profile = Profile.from_raw_profiles(read_profile(str(PROJECT_DIR)), "redflags", ProfileRenderer({}),
                                        target_override="dev")
    return LocalEnvironment(profile.credentials)


def _spill(environment: LocalEnvironment) -> None:
    cursor = environment.handle().cursor()
    cursor.execute("set threads = 1")
    # About 150 MB of text sorted under a 64 MB limit: the sort spills.
    cursor.execute("create or replace table spilled as "
                   "select range as i, md5(cast(range as varchar)) as s from range(2000000) order by s")


@pytest.mark.parametrize("own_spill_folder", [False, True], ids=["default_folder", "REDFLAGS_TEMP_DIR"])
def test_cursor_after_a_spill_opens_with_the_profile_settings(tmp_path: Path, own_spill_folder: bool) -> None:
    database = tmp_path / "warehouse.duckdb"
    spill_folder = tmp_path / "spill" if own_spill_folder else Path(f"{database}.tmp")
    env = {"REDFLAGS_DB_PATH": str(database), "REDFLAGS_MEMORY_LIMIT": "64MB"}
    if own_spill_folder:
        env["REDFLAGS_TEMP_DIR"] = str(spill_folder)
    environment = _project_environment(env)

    _spill(environment)
    assert spill_folder.is_dir(), f"the sort did not spill into {spill_folder}: the test proves nothing"

    next_cursor = environment.handle().cursor()
    settings = next_cursor.execute(
        "select current_setting('temp_directory'), current_setting('memory_limit'), count(*) from spilled"
    ).fetchone()
    assert settings[0] == str(spill_folder)
    assert settings[1].endswith("MiB") and float(settings[1].split()[0]) < 64
    assert settings[2] == 2_000_000


def test_a_relative_spill_folder_names_the_callers_folder_not_the_warehouses(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """dbt runs in the warehouse's folder (redflags/paths.py): a spill or log folder the user
    named relative to where they ran the command must still mean that folder."""
    caller, warehouse = tmp_path / "caller", tmp_path / "warehouse"
    caller.mkdir()
    warehouse.mkdir()
    monkeypatch.chdir(caller)  # restored after the test, as is every variable set below
    monkeypatch.setenv("REDFLAGS_TEMP_DIR", "spill")
    monkeypatch.setenv("DBT_LOG_PATH", "logs")
    monkeypatch.setenv("REDFLAGS_DB_PATH", "unused")

    enter_dbt_process({"REDFLAGS_DB_PATH": "redflags.duckdb"}, str(warehouse))

    assert Path.cwd() == warehouse
    assert os.environ["REDFLAGS_DB_PATH"] == "redflags.duckdb"
    assert os.environ["REDFLAGS_TEMP_DIR"] == str(caller / "spill")
    assert os.environ["DBT_LOG_PATH"] == str(caller / "logs")
