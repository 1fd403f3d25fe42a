"""Read a Spark build's tables from Python without a Spark session.

On the `spark` target with the `session` method, dbt-spark writes every model,
seed and landing table as a managed Parquet table under the local warehouse
folder ($REDFLAGS_SPARK_DIR/warehouse/<schema>.db/<table>/part-*.parquet). After
the build (dbt's process has ended), the CLI writes a small DuckDB file holding
one view per table over those Parquet files, so that every Python part that
reads the warehouse (build summary, Great Expectations validation, publishing,
explain, evaluate, the engines-agree test) reads the Spark build's own data,
unchanged, without starting a JVM. Spark views are not readable this way: the
project materialises its staging models as tables on Spark (dbt_project.yml).

A cluster (methods thrift, http) keeps its tables on the cluster's storage:
there these Python parts do not run (README "Apache Spark").
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb


def warehouse_dir(spark_home: Path) -> Path:
    """Where the session profile (profiles.yml, target spark) puts its managed tables."""
    return spark_home / "warehouse"


def spark_table_folders(spark_home: Path) -> dict[tuple[str, str], Path]:
    """(schema, table) -> folder of its Parquet files, for every managed table of the warehouse."""
    tables = {}
    root = warehouse_dir(spark_home)
    if not root.is_dir():
        return tables
    for schema_dir in sorted(root.glob("*.db")):
        for table_dir in sorted(path for path in schema_dir.iterdir() if path.is_dir()):
            if any(table_dir.glob("*.parquet")):
                tables[(schema_dir.name[: -len(".db")], table_dir.name)] = table_dir
    return tables


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_duckdb_views(spark_home: Path, database: Path) -> int:
    """(Re)write `database` as one DuckDB view per Spark table; returns the number of tables.

    The file is written beside itself and renamed into place, so a reader never
    sees half of it.
    """
    database.parent.mkdir(parents=True, exist_ok=True)
    partial = database.with_name(database.name + ".partial")
    for stale in (partial, partial.with_name(partial.name + ".wal")):
        if stale.exists():
            stale.unlink()
    tables = spark_table_folders(spark_home)
    with duckdb.connect(str(partial)) as connection:
        for schema in sorted({schema for schema, _ in tables}):
            connection.execute(f"create schema {_identifier(schema)}")
        for (schema, table), folder in tables.items():
            # Glob characters in the folder are escaped for DuckDB ([ * ? as [[] [*] [?]).
            pattern = str(folder).replace("[", "[[]").replace("*", "[*]").replace("?", "[?]") + "/*.parquet"
            connection.execute(
                f"create view {_identifier(schema)}.{_identifier(table)} as "
                f"select * from read_parquet({_literal(pattern)})"
            )
    os.replace(partial, database)
    return len(tables)


def holds_spark_build(database: Path) -> bool:
    """True when `database` is a file of views over a Spark build (write_duckdb_views), not a DuckDB build:
    its risk mart is a view there, a table in a DuckDB working database or published copy."""
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(
            "select count(*) from duckdb_views() where schema_name = 'marts' and view_name = 'risk_entities'"
        ).fetchone()[0] > 0
