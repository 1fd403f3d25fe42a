"""The landing zone as Spark reads it (macros/landing/spark_register_landing_tables.sql).

A small hostile landing zone the generator does not write: a CSV file whose
name holds a space, brackets and an apostrophe, with CRLF line endings, a
quoted value across two lines, a blank line, a line with too few and one
with too many fields; a Windows-1252 file with semicolons; a zero-byte file
and a byte-order-mark-only file; a missing table folder. Registered on Spark
(dbt-spark session), read back through the DuckDB views over Spark's tables
and, for the landing.<table> views (Spark views), in dbt's Spark session.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import yaml

from redflags.paths import PROJECT_DIR, resolve_paths
from redflags.spark_tables import write_duckdb_views
from spark_support import dbt_then_spark_sql, require_spark

PARTY_COLUMNS = ("party_id,party_type,full_name,birth_date,sex,nationality,country_of_residence,registration_no,"
                 "industry_code,stated_business_purpose,expected_countries,business_hours_open,business_hours_close,"
                 "onboarded_at")
ODD_NAME = "p [1]'s.csv"

# accounts: a folder of empty files only; transactions: no folder at all.
UNLANDED_TABLES = ("accounts", "transactions")


@dataclass
class SparkLanding:
    tables: duckdb.DuckDBPyConnection  # Spark's Parquet tables through DuckDB views (redflags/spark_tables.py)
    unlanded: dict[str, tuple[list[str], list[tuple]]]  # landing.<table> as Spark reads it: (columns, rows)


@pytest.fixture(scope="module")
def spark_landing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkLanding]:
    require_spark()
    root = tmp_path_factory.mktemp("spark_landing")
    landing = root / "landing"
    (landing / "parties").mkdir(parents=True)
    (landing / "accounts").mkdir()
    person = ",person,{name},1990-01-01,M,DK,DK,,,,,,,2024-01-01 10:00:00"
    lines = [
        PARTY_COLUMNS,
        "PX1" + person.format(name="Søren Ærø"),
        "PX2,person,too few",
        'PX3' + person.format(name='"A ""quoted""\r\nname"'),
        "PX4" + person.format(name="x") + ",extra",
        "",
        "PX5" + person.format(name="Ok"),
    ]
    (landing / "parties" / ODD_NAME).write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    windows = PARTY_COLUMNS.replace(",", ";") + "\n" + ("PW1" + person.format(name="Jørgen")).replace(",", ";") + "\n"
    (landing / "parties" / "win.csv").write_bytes(windows.encode("windows-1252"))
    (landing / "accounts" / "empty.csv").write_bytes(b"")
    (landing / "accounts" / "bom.csv").write_bytes(b"\xef\xbb\xbf")
    paths = resolve_paths(landing_dir=landing, db_path=root / "redflags.duckdb", target="spark", spark_dir=root / "spark")
    # The landing.<table> views are Spark views: read in the Spark session that registered them.
    spark_results = dbt_then_spark_sql(paths, ["run-operation", "register_landing_tables"],
                                       [f"select * from landing.{table}" for table in UNLANDED_TABLES])
    write_duckdb_views(paths.spark_home, paths.spark_tables_db)
    connection = duckdb.connect(str(paths.spark_tables_db), read_only=True)
    yield SparkLanding(connection, {table: spark_results[f"select * from landing.{table}"] for table in UNLANDED_TABLES})
    connection.close()


def test_files_are_listed_with_what_was_read(spark_landing: SparkLanding) -> None:
    files = {Path(path).name: row for path, *row in spark_landing.tables.execute(
        "select file_path, table_name, encoding, delimiter, empty_reason, rows_in_file, line_breaks_inside_values "
        "from landing_meta.files").fetchall()}
    assert files[ODD_NAME] == ["parties", "UTF-8", ",", None, 6, 1]
    assert files["win.csv"] == ["parties", "windows-1252", ";", None, 1, 0]
    assert files["empty.csv"][3] == "zero bytes" and files["bom.csv"][3] == "byte-order mark only"


def test_malformed_lines_are_unreadable_with_their_line_numbers(spark_landing: SparkLanding) -> None:
    rows = spark_landing.tables.execute(
        "select line_number, raw_line, reason from landing_meta.unreadable_lines order by line_number").fetchall()
    assert [(line, reason.split(":")[0]) for line, _, reason in rows] == [(3, "too few fields"), (6, "too many fields")]
    assert rows[0][1] == "PX2,person,too few"


def test_records_are_read_in_file_order_with_their_values(spark_landing: SparkLanding) -> None:
    parties = spark_landing.tables.execute(
        "select party_id, full_name, _source_row from landing_meta.parties__file_1 where not _is_unreadable order by _source_row"
    ).fetchall()
    assert [(party, row) for party, _, row in parties] == [("PX1", 1), ("PX3", 2), ("PX5", 3)]
    assert parties[0][1] == "Søren Ærø" and parties[1][1].replace("\r", "") == 'A "quoted"\nname'
    assert spark_landing.tables.execute("select full_name from landing_meta.parties__file_2").fetchall() == [("Jørgen",)]


def test_a_missing_folder_and_a_folder_of_empty_files_are_empty_tables_with_the_contract_columns(
        spark_landing: SparkLanding) -> None:
    contract = yaml.safe_load((PROJECT_DIR / "contract" / "landing.yml").read_text(encoding="utf-8"))
    for table in UNLANDED_TABLES:
        columns, rows = spark_landing.unlanded[table]
        assert rows == [], f"landing.{table} holds no rows"
        assert set(contract["tables"][table]["columns"]) <= set(columns), f"landing.{table} has every contract column"
        assert {"_source_file", "_source_row", "_delimiter"} <= set(columns)
    assert spark_landing.tables.execute(
        "select count(*) from landing_meta.files where table_name = 'transactions'").fetchone() == (0,)
