"""One SQL code base, two engines: DuckDB and Apache Spark build the same marts.

The shared tiny landing zone (bad rows injected, CSV beside Parquet) is built
on Spark with `redflags build --target spark` (dbt-spark, method session,
local[2]: models, seeds and data tests; the unit tests test the SQL's logic
and run on DuckDB in the shared build), which also prints the build summary,
validates and publishes through the Spark tables. Every table of the marts and
indicators schemas is then compared with the DuckDB build's: the same tables,
columns and types, and the same rows in the same order (sorted by every
column), floating-point values equal to 1e-9 relative.
"""
from __future__ import annotations

import math
import os
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from redflags.cli import main
from redflags.paths import WarehousePaths, resolve_paths

SCHEMAS = ("marts", "indicators")
RELATIVE_TOLERANCE = 1e-9
FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


def _spark_available() -> bool:
    try:
        import dbt.adapters.spark  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def spark_build(tiny_build: WarehousePaths, tmp_path_factory: pytest.TempPathFactory) -> WarehousePaths:
    if not _spark_available():
        message = 'the spark extra is not installed (pip install -e ".[spark]"; make test installs it)'
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    root = tmp_path_factory.mktemp("spark")
    paths = resolve_paths(landing_dir=tiny_build.landing_dir, db_path=root / "redflags.duckdb", truth_dir=tiny_build.truth_dir,
                          publish_dir=root / "published", target="spark", spark_dir=root / "spark")
    started = time.perf_counter()
    status = main(["build", "--target", "spark", "--landing", str(paths.landing_dir), "--db", str(paths.db_path),
                   "--spark-dir", str(paths.spark_home), "--publish", str(paths.published_dir)])
    print(f"redflags build --target spark on the tiny landing zone: {time.perf_counter() - started:.1f} s")
    assert status == 0, "redflags build --target spark failed (see dbt's log above)"
    return paths


def _tables(connection: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """'schema.table' -> [(column, type)] of the marts and indicators schemas."""
    tables: dict[str, list[tuple[str, str]]] = {}
    for schema, table, column, data_type in connection.execute(
        "select table_schema, table_name, column_name, data_type from information_schema.columns "
        f"where table_schema in {SCHEMAS} order by table_schema, table_name, ordinal_position"
    ).fetchall():
        tables.setdefault(f"{schema}.{table}", []).append((column, data_type))
    return tables


def _sorted_rows(connection: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]]) -> list[tuple]:
    """Every row, ordered by the exact columns first and the floating-point ones last, nulls last."""
    exact = [f'"{name}"' for name, data_type in columns if data_type not in FLOAT_TYPES]
    inexact = [f'"{name}"' for name, data_type in columns if data_type in FLOAT_TYPES]
    order = ", ".join(f"{column} asc nulls last" for column in exact + inexact)
    return connection.execute(f"select * from {table} order by {order}").fetchall()


def _same_value(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)
    if isinstance(left, Decimal) and isinstance(right, Decimal):
        return left == right
    return left == right and type(left) is type(right)


def _row_differences(table: str, columns: list[tuple[str, str]], duck_rows: list[tuple], spark_rows: list[tuple]) -> list[str]:
    if len(duck_rows) != len(spark_rows):
        return [f"{table}: {len(duck_rows)} rows on DuckDB, {len(spark_rows)} on Spark"]
    differences = []
    for number, (duck_row, spark_row) in enumerate(zip(duck_rows, spark_rows), start=1):
        for (name, _), duck_value, spark_value in zip(columns, duck_row, spark_row):
            if not _same_value(duck_value, spark_value):
                differences.append(f"{table} row {number} column {name}: DuckDB {duck_value!r}, Spark {spark_value!r}")
    return differences


def test_every_mart_and_indicator_table_is_the_same_on_both_engines(tiny_build: WarehousePaths, spark_build: WarehousePaths) -> None:
    with duckdb.connect(str(tiny_build.db_path), read_only=True) as duck, \
            duckdb.connect(str(spark_build.spark_tables_db), read_only=True) as spark:
        duck_tables, spark_tables = _tables(duck), _tables(spark)
        assert sorted(spark_tables) == sorted(duck_tables), "the same marts and indicator tables on both engines"
        assert len(duck_tables) >= 34, "6 marts and 28 indicators"
        type_differences = [f"{table}: DuckDB {duck_tables[table]}, Spark {spark_tables[table]}"
                            for table in duck_tables if duck_tables[table] != spark_tables[table]]
        assert not type_differences, "columns and types differ:\n" + "\n".join(type_differences)
        differences, compared = [], 0
        for table, columns in duck_tables.items():
            duck_rows, spark_rows = _sorted_rows(duck, table, columns), _sorted_rows(spark, table, columns)
            differences += _row_differences(table, columns, duck_rows, spark_rows)
            compared += len(duck_rows)
    assert not differences, f"{len(differences)} difference(s):\n" + "\n".join(differences[:60])
    assert compared > 0
    print(f"engines agree: {len(duck_tables)} tables, {compared} rows compared")


def test_the_spark_build_published_the_marts(spark_build: WarehousePaths) -> None:
    """The CLI's steps after dbt (summary, validation, publishing) ran on the Spark build's tables."""
    published = spark_build.published_db
    assert published.is_file()
    with duckdb.connect(str(published), read_only=True) as reader:
        assert reader.execute("select count(*) from marts.risk_entities").fetchone()[0] > 0
    assert Path(spark_build.published_dir, "parquet", "risk_entities.parquet").is_file()
