"""Indicator coverage: what the landing zone lets each indicator see.

The seeds indicator_data_needs and indicator_data_inputs say which landing
columns each indicator needs; these tests hold them to the contract and to the
dbt graph, check the counts of marts.indicator_coverage against the staged
tables themselves, and build a landing zone holding only a bank's transactions
and accounts through `redflags build`: most indicators cannot run there, the
build stays green, and the output says which and why.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from redflags.cli import main as redflags
from redflags.paths import PROJECT_DIR, WarehousePaths

# A bank's own data: the tables every deployment is expected to send.
BANK_TABLES = {"parties", "accounts", "transactions"}


def _seed(name: str) -> list[dict[str, str]]:
    with (PROJECT_DIR / "seeds" / f"{name}.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def needs() -> list[dict[str, str]]:
    return _seed("indicator_data_needs")


@pytest.fixture(scope="module")
def inputs() -> list[dict[str, str]]:
    return _seed("indicator_data_inputs")


def test_every_input_is_a_column_of_the_landing_contract(inputs: list[dict[str, str]]) -> None:
    tables = yaml.safe_load((PROJECT_DIR / "contract" / "landing.yml").read_text())["tables"]
    problems = []
    for row in inputs:
        columns = tables.get(row["table_name"], {}).get("columns", {})
        if row["column_name"] not in columns:
            problems.append(f"{row['indicator_id']} {row['need']}: {row['table_name']}.{row['column_name']} is not in the contract")
        if row["rows_where_column"]:
            allowed = columns.get(row["rows_where_column"], {}).get("values") or []
            if row["rows_where_value"] not in allowed:
                problems.append(f"{row['indicator_id']} {row['need']}: {row['rows_where_column']} = "
                                f"{row['rows_where_value']!r} is not an allowed value of {row['table_name']}")
    assert not problems, problems


def test_every_input_table_feeds_the_indicator_model(manifest: dict, inputs: list[dict[str, str]]) -> None:
    """A need names a table the indicator's model actually reads (through any intermediate model)."""
    indicator_models = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]["indicators"]

    def ancestors(unique_id: str) -> set[str]:
        seen: set[str] = set()
        stack = [unique_id]
        while stack:
            for parent in manifest["parent_map"].get(stack.pop(), []):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return seen

    unread = []
    for indicator_id, entry in indicator_models.items():
        read = ancestors(f"model.redflags.{entry['model']}")
        for row in inputs:
            if row["indicator_id"] == indicator_id and f"model.redflags.stg_{row['table_name']}" not in read:
                unread.append(f"{indicator_id}: {row['table_name']}")
    assert not unread, unread


def test_every_indicator_has_a_required_need_and_every_need_an_input(
    needs: list[dict[str, str]], inputs: list[dict[str, str]]
) -> None:
    catalogue = {row["indicator_id"] for row in _seed("indicator_catalogue")}
    required = {row["indicator_id"] for row in needs if row["requirement"] == "required"}
    assert required == catalogue
    need_keys = {(row["indicator_id"], row["need"]) for row in needs}
    input_keys = {(row["indicator_id"], row["need"]) for row in inputs}
    assert need_keys == input_keys, (need_keys ^ input_keys)


def test_core_indicators_are_those_that_need_only_a_banks_data(
    needs: list[dict[str, str]], inputs: list[dict[str, str]]
) -> None:
    required = {(row["indicator_id"], row["need"]) for row in needs if row["requirement"] == "required"}
    tables: dict[str, set[str]] = {}
    for row in inputs:
        if (row["indicator_id"], row["need"]) in required:
            tables.setdefault(row["indicator_id"], set()).add(row["table_name"])
    derived = sorted(indicator_id for indicator_id, read in tables.items() if read <= BANK_TABLES)
    declared = sorted(row["indicator_id"] for row in _seed("indicator_catalogue") if row["is_core"] == "true")
    assert declared == derived


# --------------------------------------------------------------------------- the tiny build

INPUT_QUERY = """
    select rows_present, rows_filled
    from intermediate.int_indicator_inputs_checked
    where indicator_id = ? and table_name = ? and column_name = ? and coalesce(rows_where_value, '') = ?
"""


@pytest.mark.parametrize("indicator_id, table_name, column_name, where_column, where_value", [
    ("F10", "transactions", "location_city", "channel", "cash_deposit"),
    ("F02", "transactions", "merchant_name", "direction", "out"),
    ("F15", "accounts", "closed_at", None, None),
    ("F12", "parties", "industry_code", None, None),
    ("B01", "frontline_observations", "accompanied_by_party_id", None, None),
    ("R07", "phone_subscriptions", "phone_number", "contract_type", "prepaid"),
])
def test_coverage_counts_are_the_staged_rows(warehouse, indicator_id: str, table_name: str, column_name: str,
                                             where_column: str | None, where_value: str | None) -> None:
    where = f"where {where_column} = '{where_value}'" if where_column else ""
    expected = warehouse.execute(
        f"select count(*), count({column_name}) from staging.stg_{table_name} {where}"
    ).fetchone()
    counted = warehouse.execute(INPUT_QUERY, [indicator_id, table_name, column_name, where_value or ""]).fetchone()
    assert counted == expected
    assert expected[0] > 0


def test_every_indicator_has_its_data_in_the_tiny_landing_zone(warehouse) -> None:
    rows = warehouse.execute(
        "select indicator_id, coverage_status, coverage_reason, flag_count from marts.indicator_coverage"
    ).fetchall()
    assert len(rows) == 28
    assert {status for _, status, _, _ in rows} == {"ready"}, rows
    for indicator_id, _, reason, _ in rows:
        assert reason.startswith("Every need has values; the thinnest required one is "), (indicator_id, reason)
    flags = dict(warehouse.execute("select indicator_id, count(*) from marts.fct_red_flags group by all").fetchall())
    assert {indicator_id: count for indicator_id, _, _, count in rows if count} == flags


# --------------------------------------------------------------------------- a bank's extract alone

def test_a_banks_extract_alone_builds_green_and_says_what_could_not_run(
    tiny_paths: WarehousePaths, tiny_generated: dict[str, int], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    for table_name in ("transactions", "accounts"):
        shutil.copytree(tiny_paths.landing_dir / table_name, tmp_path / "landing" / table_name)
    paths = WarehousePaths(landing_dir=tmp_path / "landing", db_path=tmp_path / "work" / "redflags.duckdb",
                           truth_dir=tiny_paths.truth_dir, publish_dir=tmp_path / "published")
    status = redflags(["build", "--landing", str(paths.landing_dir), "--db", str(paths.db_path),
                       "--publish", str(paths.published_dir)])
    output = capfd.readouterr().out
    assert status == 0, output

    with duckdb.connect(str(paths.published_db), read_only=True) as published:
        coverage = {indicator_id: (status, reason, flags, is_core) for indicator_id, status, reason, flags, is_core
                    in published.execute("select indicator_id, coverage_status, coverage_reason, flag_count, is_core "
                                         "from marts.indicator_coverage").fetchall()}
        flags = dict(published.execute("select indicator_id, count(*) from marts.fct_red_flags group by all").fetchall())
    no_data = sorted(indicator_id for indicator_id, (status, *_) in coverage.items() if status == "no_data")
    print("no_data on transactions and accounts alone:", no_data)
    assert len(no_data) >= 15, coverage
    # Without frontline forms, payroll, registers or platforms these cannot run; with them missing nothing fires.
    for indicator_id in ("B01", "B02", "B03", "F03", "F08", "F12", "F13", "F14", "F16", "R01", "R04", "R08"):
        assert coverage[indicator_id][0] == "no_data", (indicator_id, coverage[indicator_id])
    assert not [indicator_id for indicator_id in no_data if flags.get(indicator_id)], flags
    # Payment indicators still run on a bank's extract, and they are the ones that fire.
    for indicator_id in ("F02", "F04", "F05", "F07", "F09", "F10", "F15"):
        assert coverage[indicator_id][0] == "ready", (indicator_id, coverage[indicator_id])
    assert set(flags) <= {indicator_id for indicator_id, (status, *_) in coverage.items() if status != "no_data"}
    assert sum(flags.values()) > 0

    # The build says which indicators could not run, and why; GX warns about the core ones.
    assert f"{len(no_data)} no_data of 28" in output
    for indicator_id in no_data:
        assert f"no_data {indicator_id} " in output, indicator_id
    assert ("Cannot fire on this data: no data on observation forms that record whether a third party spoke"
            in output)
    core_without_data = sorted(indicator_id for indicator_id in no_data if coverage[indicator_id][3])
    assert core_without_data == ["F01", "F06"]
    assert "WARNING indicator_coverage: expect_column_values_to_be_in_set(column='coverage_status'" in output
    assert "F01 ('no_data')" in output and "F06 ('no_data')" in output
