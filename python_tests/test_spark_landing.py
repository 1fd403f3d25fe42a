"""The landing zone as Spark reads it (macros/landing/spark_register_landing_tables.sql).

A small hostile landing zone the generator does not write: a CSV file whose
name holds a space, brackets and an apostrophe, with CRLF line endings, a
quoted value across two lines, a blank line, a line with too few and one
with too many fields; a Windows-1252 file with semicolons; a zero-byte file
and a byte-order-mark-only file; a .tsv file (not read, listed); a missing
table folder. Registered on Spark (dbt-spark session), read back through the DuckDB views over Spark's tables
and, for the landing.<table> views (Spark views), in dbt's Spark session.
The zone is written and registered in the small Spark checks' one run
(spark_small_checks.py), shared with test_spark_network_clusters.py.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from redflags.paths import PROJECT_DIR
from pandas_floats import RATES, texts_as_meant
from spark_small_checks import ODD_NAME, UNLANDED_TABLES, SparkSmallChecks


def test_files_are_listed_with_what_was_read(spark_small_checks: SparkSmallChecks) -> None:
    files = {Path(path).name: row for path, *row in spark_small_checks.tables.execute(
        "select file_path, table_name, encoding, delimiter, empty_reason, rows_in_file, line_breaks_inside_values "
        "from landing_meta.files").fetchall()}
    assert files[ODD_NAME] == ["parties", "UTF-8", ",", None, 6, 1]
    assert files["win.csv"] == ["parties", "windows-1252", ";", None, 1, 0]
    assert files["empty.csv"][3] == "zero bytes" and files["bom.csv"][3] == "byte-order mark only"


def test_a_file_that_is_not_read_is_listed_with_the_reason(spark_small_checks: SparkSmallChecks) -> None:
    rows = spark_small_checks.tables.execute(
        "select table_name, entry_path, entry_type, is_hidden, reason from landing_meta.entries_not_read").fetchall()
    assert [(table, Path(path).name, kind, hidden) for table, path, kind, hidden, _ in rows] == [
        ("accounts", "wallets.tsv", "file", False)]
    assert "neither .parquet nor .csv" in rows[0][4]


def test_parquet_doubles_land_as_the_text_their_writer_meant(spark_small_checks: SparkSmallChecks) -> None:
    landed = texts_as_meant(spark_small_checks.float_rows)
    assert {currency: value for currency, (_, value) in landed.items()} == {c: meant for c, (_, meant) in RATES.items()}
    assert landed["XAB"][0] == "1001" and landed["XAA"][0] == "7.46"


def test_malformed_lines_are_unreadable_with_their_line_numbers(spark_small_checks: SparkSmallChecks) -> None:
    rows = spark_small_checks.tables.execute(
        "select line_number, raw_line, reason from landing_meta.unreadable_lines order by line_number").fetchall()
    assert [(line, reason.split(":")[0]) for line, _, reason in rows] == [(3, "too few fields"), (6, "too many fields")]
    assert rows[0][1] == "PX2,person,too few"


def test_records_are_read_in_file_order_with_their_values(spark_small_checks: SparkSmallChecks) -> None:
    parties = spark_small_checks.tables.execute(
        "select party_id, full_name, _source_row from landing_meta.parties__file_1 where not _is_unreadable order by _source_row"
    ).fetchall()
    assert [(party, row) for party, _, row in parties] == [("PX1", 1), ("PX3", 2), ("PX5", 3)]
    assert parties[0][1] == "Søren Ærø" and parties[1][1].replace("\r", "") == 'A "quoted"\nname'
    assert spark_small_checks.tables.execute("select full_name from landing_meta.parties__file_2").fetchall() == [("Jørgen",)]


def test_a_missing_folder_and_a_folder_of_empty_files_are_empty_tables_with_the_contract_columns(
        spark_small_checks: SparkSmallChecks) -> None:
    contract = yaml.safe_load((PROJECT_DIR / "contract" / "landing.yml").read_text(encoding="utf-8"))
    for table in UNLANDED_TABLES:
        columns, rows = spark_small_checks.unlanded[table]
        assert rows == [], f"landing.{table} holds no rows"
        assert set(contract["tables"][table]["columns"]) <= set(columns), f"landing.{table} has every contract column"
        assert {"_source_file", "_source_row", "_delimiter"} <= set(columns)
    assert spark_small_checks.tables.execute(
        "select count(*) from landing_meta.files where table_name = 'transactions'").fetchone() == (0,)
