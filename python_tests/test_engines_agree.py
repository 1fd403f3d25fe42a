"""One SQL code base, two engines: DuckDB and Apache Spark build the same marts.

The shared tiny landing zone (bad rows injected, CSV beside Parquet) is built
on Spark with `redflags build --target spark` (dbt-spark, method session,
local[2]: models, seeds and data tests; the unit tests test the SQL's logic
and run on DuckDB in the shared build), which also prints the build summary,
validates and publishes through the Spark tables. Every table of the marts and
indicators schemas is then compared with the DuckDB build's: the same tables,
columns and types, and the same rows in the same order (sorted by every
column), floating-point values equal to 1e-9 relative.

The comparison cannot pass by comparing nothing: the tables compared must be
exactly the project's mart and indicator models (read from dbt's manifest, not
from either database), and every one of them must hold rows on DuckDB (the
tiny landing zone plants positives for every indicator).
"""
from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from redflags.cli import main
from redflags.paths import WarehousePaths, resolve_paths
from spark_support import require_spark
from warehouse_comparison import row_differences, sorted_rows, table_columns

SCHEMAS = ("marts", "indicators")


@pytest.fixture(scope="module")
def spark_build(tiny_build: WarehousePaths, tmp_path_factory: pytest.TempPathFactory) -> WarehousePaths:
    """`redflags build --target spark` on the tiny landing zone, once for every test of this module."""
    require_spark()
    root = tmp_path_factory.mktemp("spark")
    paths = resolve_paths(landing_dir=tiny_build.landing_dir, db_path=root / "redflags.duckdb", truth_dir=tiny_build.truth_dir,
                          publish_dir=root / "published", target="spark", spark_dir=root / "spark")
    started = time.perf_counter()
    status = main(["build", "--target", "spark", "--landing", str(paths.landing_dir), "--db", str(paths.db_path),
                   "--spark-dir", str(paths.spark_home), "--publish", str(paths.published_dir)])
    print(f"redflags build --target spark on the tiny landing zone: {time.perf_counter() - started:.1f} s")
    assert status == 0, "redflags build --target spark failed (see dbt's log above)"
    return paths


def _project_tables(manifest: dict) -> set[str]:
    """'schema.table' of every model the project puts in the marts and indicators schemas."""
    return {f"{node['schema']}.{node['alias'] or node['name']}" for node in manifest["nodes"].values()
            if node["resource_type"] == "model" and node["package_name"] == "redflags" and node["schema"] in SCHEMAS}


def _row_differences(table: str, columns: list[tuple[str, str]], duck_rows: list[tuple], spark_rows: list[tuple]) -> list[str]:
    return row_differences(table, columns, duck_rows, spark_rows, ("DuckDB", "Spark"))


def test_the_comparison_sees_differences() -> None:
    """The comparison itself: a float beyond the tolerance, a decimal's last digit, a type, a missing row."""
    columns = [("a", "DOUBLE"), ("b", "DECIMAL(10,1)"), ("c", "VARCHAR")]
    row = (1.0, Decimal("1.5"), "x")
    assert _row_differences("t", columns, [row], [(1.0 + 1e-12, Decimal("1.5"), "x")]) == []
    assert len(_row_differences("t", columns, [row], [(1.0 + 1e-8, Decimal("1.5"), "x")])) == 1
    assert len(_row_differences("t", columns, [row], [(1.0, Decimal("1.4"), "x")])) == 1
    assert len(_row_differences("t", columns, [row], [(1.0, Decimal("1.5"), None)])) == 1
    assert len(_row_differences("t", [("n", "BIGINT")], [(1,)], [(1.0,)])) == 1
    assert _row_differences("t", columns, [row, row], [row]) == ["t: 2 rows on DuckDB, 1 on Spark"]


def test_every_mart_and_indicator_table_is_the_same_on_both_engines(
        manifest: dict, tiny_build: WarehousePaths, spark_build: WarehousePaths) -> None:
    expected_tables = _project_tables(manifest)
    assert len(expected_tables) == 34, f"6 marts and 28 indicators in the project, found {sorted(expected_tables)}"
    with duckdb.connect(str(tiny_build.db_path), read_only=True) as duck, \
            duckdb.connect(str(spark_build.spark_tables_db), read_only=True) as spark:
        duck_tables, spark_tables = table_columns(duck, SCHEMAS), table_columns(spark, SCHEMAS)
        assert set(duck_tables) == expected_tables, "the DuckDB build holds exactly the project's marts and indicators"
        assert set(spark_tables) == expected_tables, "the Spark build holds exactly the project's marts and indicators"
        type_differences = [f"{table}: DuckDB {duck_tables[table]}, Spark {spark_tables[table]}"
                            for table in sorted(expected_tables) if duck_tables[table] != spark_tables[table]]
        assert not type_differences, "columns and types differ:\n" + "\n".join(type_differences)
        differences, rows_per_table = [], {}
        for table in sorted(expected_tables):
            columns = duck_tables[table]
            duck_rows, spark_rows = sorted_rows(duck, table, columns), sorted_rows(spark, table, columns)
            differences += _row_differences(table, columns, duck_rows, spark_rows)
            rows_per_table[table] = len(duck_rows)
    assert not differences, f"{len(differences)} difference(s):\n" + "\n".join(differences[:60])
    empty = sorted(table for table, rows in rows_per_table.items() if rows == 0)
    assert not empty, f"tables without rows compare nothing: {empty}"
    print(f"engines agree: {len(rows_per_table)} tables, {sum(rows_per_table.values())} rows compared")


def test_the_spark_build_published_the_marts(spark_build: WarehousePaths) -> None:
    """The CLI's steps after dbt (summary, validation, publishing) ran on the Spark build's tables."""
    published = spark_build.published_db
    assert published.is_file()
    with duckdb.connect(str(published), read_only=True) as reader:
        assert reader.execute("select count(*) from marts.risk_entities").fetchone()[0] > 0
    assert Path(spark_build.published_dir, "parquet", "risk_entities.parquet").is_file()


def _evaluation(database: Path, truth_dir: Path, out: Path) -> dict:
    """`redflags evaluate` on one working database, as JSON without the paths it names."""
    assert main(["evaluate", "--truth", str(truth_dir), "--db", str(database), "--json", str(out)]) == 0
    document = json.loads(out.read_text())
    return {key: value for key, value in document.items() if key not in ("database", "truth")}


def test_evaluate_and_explain_read_the_spark_build_as_the_duckdb_one(
        tiny_build: WarehousePaths, spark_build: WarehousePaths, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """evaluate (with the identity check, which reads an intermediate table) and explain, on the Spark build's
    tables, say exactly what they say on the DuckDB build."""
    duck = _evaluation(tiny_build.db_path, tiny_build.truth_dir, tmp_path / "duckdb.json")
    spark = _evaluation(spark_build.spark_tables_db, tiny_build.truth_dir, tmp_path / "spark.json")
    assert duck["identity_resolution"] is not None and duck["per_entity"]
    assert spark == duck
    with duckdb.connect(str(tiny_build.db_path), read_only=True) as connection:
        alerted = [entity_id for (entity_id,) in connection.execute(
            "select entity_id from marts.risk_entities where risk_tier = 'alert' order by risk_score desc, entity_id limit 3"
        ).fetchall()]
    assert alerted, "the tiny build alerts on its planted cases"
    capsys.readouterr()
    for entity_id in alerted:
        assert main(["explain", entity_id, "--db", str(tiny_build.db_path)]) == 0
        on_duckdb = capsys.readouterr().out
        assert main(["explain", entity_id, "--db", str(spark_build.spark_tables_db)]) == 0
        assert capsys.readouterr().out == on_duckdb


def test_evaluate_sensitivity_refuses_a_spark_build(tiny_build: WarehousePaths, spark_build: WarehousePaths,
                                                     capsys: pytest.CaptureFixture) -> None:
    """--sensitivity reruns dbt-duckdb on a copy of the working database: DuckDB-only, said plainly."""
    assert main(["evaluate", "--truth", str(tiny_build.truth_dir), "--db", str(spark_build.spark_tables_db),
                 "--sensitivity"]) == 2
    assert "DuckDB-only" in capsys.readouterr().err
