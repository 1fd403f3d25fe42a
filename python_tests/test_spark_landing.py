"""The landing zone as Spark reads it (macros/landing/spark_register_landing_tables.sql).

A small hostile landing zone the generator does not write: a CSV file whose
name holds a space, brackets and an apostrophe, with CRLF line endings, a
quoted value across two lines, a blank line, a line with too few and one
with too many fields; a Windows-1252 file with semicolons; a zero-byte file
and a byte-order-mark-only file; a missing table folder. Registered on Spark
(dbt-spark session), read back through the DuckDB views over Spark's tables.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from redflags.dbt_runner import run_dbt
from redflags.paths import resolve_paths
from redflags.spark_tables import write_duckdb_views

PARTY_COLUMNS = ("party_id,party_type,full_name,birth_date,sex,nationality,country_of_residence,registration_no,"
                 "industry_code,stated_business_purpose,expected_countries,business_hours_open,business_hours_close,"
                 "onboarded_at")
ODD_NAME = "p [1]'s.csv"


def _spark_available() -> bool:
    try:
        import dbt.adapters.spark  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def spark_landing(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    if not _spark_available():
        pytest.skip('the spark extra is not installed (pip install -e ".[spark]"; make test installs it)')
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
    assert run_dbt(["run-operation", "register_landing_tables"], paths), "landing registration failed on Spark"
    write_duckdb_views(paths.spark_home, paths.spark_tables_db)
    connection = duckdb.connect(str(paths.spark_tables_db), read_only=True)
    yield connection
    connection.close()


def test_files_are_listed_with_what_was_read(spark_landing: duckdb.DuckDBPyConnection) -> None:
    files = {Path(path).name: row for path, *row in spark_landing.execute(
        "select file_path, table_name, encoding, delimiter, empty_reason, rows_in_file, line_breaks_inside_values "
        "from landing_meta.files").fetchall()}
    assert files[ODD_NAME] == ["parties", "UTF-8", ",", None, 6, 1]
    assert files["win.csv"] == ["parties", "windows-1252", ";", None, 1, 0]
    assert files["empty.csv"][3] == "zero bytes" and files["bom.csv"][3] == "byte-order mark only"


def test_malformed_lines_are_unreadable_with_their_line_numbers(spark_landing: duckdb.DuckDBPyConnection) -> None:
    rows = spark_landing.execute(
        "select line_number, raw_line, reason from landing_meta.unreadable_lines order by line_number").fetchall()
    assert [(line, reason.split(":")[0]) for line, _, reason in rows] == [(3, "too few fields"), (6, "too many fields")]
    assert rows[0][1] == "PX2,person,too few"


def test_records_are_read_in_file_order_with_their_values(spark_landing: duckdb.DuckDBPyConnection) -> None:
    parties = spark_landing.execute(
        "select party_id, full_name, _source_row from landing_meta.parties__file_1 where not _is_unreadable order by _source_row"
    ).fetchall()
    assert [(party, row) for party, _, row in parties] == [("PX1", 1), ("PX3", 2), ("PX5", 3)]
    assert parties[0][1] == "Søren Ærø" and parties[1][1].replace("\r", "") == 'A "quoted"\nname'
    assert spark_landing.execute("select full_name from landing_meta.parties__file_2").fetchall() == [("Jørgen",)]
