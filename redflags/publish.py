"""Publish the marts of a successful, validated build to where readers look.

dbt builds into a private working database; BI tools and `redflags explain`
read the published copy in REDFLAGS_PUBLISH_DIR (default data/published):

    redflags.duckdb            schema marts, every table of the working marts schema,
                               written with storage version v1.1.0 (DuckDB 1.1+ clients open it)
    parquet/<model>.parquet    one file per mart table

Every file is written beside its destination under a temporary name and
swapped in with an atomic rename (os.replace), so a reader opens either the
old file or the new one, never half of one, and a reader that holds the old
file open keeps reading it undisturbed. The DuckDB copy, which holds all marts
in one file, is swapped last: a reader of it always sees one build's marts
together. A build that fails, does not validate or is killed never reaches
this step, so the published files stay as they were.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

PUBLISHED_DATABASE = "redflags.duckdb"
PUBLISHED_SCHEMA = "marts"
# The oldest DuckDB release whose clients must open the published file.
STORAGE_VERSION = "v1.1.0"


@dataclass(frozen=True)
class Publication:
    database: Path
    parquet_files: list[Path]
    tables: list[str]


def _literal(value: str | os.PathLike[str]) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _temporary(destination: Path) -> Path:
    return destination.with_name(f".{destination.name}.{os.getpid()}.partial")


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def publish_marts(working_db: Path, publish_dir: Path) -> Publication:
    """Copy every table of the working database's marts schema to publish_dir and swap it in."""
    parquet_dir = publish_dir / "parquet"
    parquet_dir.mkdir(parents=True, exist_ok=True)
    database = publish_dir / PUBLISHED_DATABASE
    database_partial = _temporary(database)
    for leftover in (database_partial, database_partial.with_name(database_partial.name + ".wal")):
        leftover.unlink(missing_ok=True)

    connection = duckdb.connect()
    try:
        connection.execute(f"attach {_literal(working_db)} as working (read_only)")
        # A Spark build's marts are views over its Parquet tables (redflags/spark_tables.py).
        tables = [name for (name,) in connection.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = 'working' and table_schema = ? and table_type in ('BASE TABLE', 'VIEW') "
            "order by table_name",
            [PUBLISHED_SCHEMA],
        ).fetchall()]
        if not tables:
            raise RuntimeError(f"{working_db} has no tables in schema {PUBLISHED_SCHEMA}: nothing to publish")
        connection.execute(f"attach {_literal(database_partial)} as published (storage_version '{STORAGE_VERSION}')")
        connection.execute(f"create schema published.{PUBLISHED_SCHEMA}")
        parquet_partials = []
        for table in tables:
            connection.execute(
                f"create table published.{PUBLISHED_SCHEMA}.{table} as select * from working.{PUBLISHED_SCHEMA}.{table}"
            )
            partial = _temporary(parquet_dir / f"{table}.parquet")
            connection.execute(
                f"copy (select * from working.{PUBLISHED_SCHEMA}.{table}) to {_literal(partial)} (format parquet)"
            )
            parquet_partials.append((partial, parquet_dir / f"{table}.parquet"))
        connection.execute("detach published")
    finally:
        connection.close()

    for partial, destination in parquet_partials:
        _fsync(partial)
        os.replace(partial, destination)
    _fsync(database_partial)
    os.replace(database_partial, database)
    return Publication(database=database, parquet_files=[destination for _, destination in parquet_partials], tables=tables)
