"""Where the project, the landing zone and the warehouse live.

dbt-duckdb resolves relative paths from the process's working directory, so
every path handed to dbt is absolute, except the warehouse file: dbt runs in
its folder (dbt_working_dir) and gets its name. The commands work from any
directory.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class WarehousePaths:
    landing_dir: Path
    db_path: Path  # the private working database dbt builds into
    truth_dir: Path
    publish_dir: Path | None = None  # where readers find the published marts
    target: str = "dev"  # the profiles.yml target: dev (DuckDB) or spark
    spark_dir: Path | None = None  # Spark's metastore and tables (target spark)

    @property
    def is_spark(self) -> bool:
        return self.target == "spark"

    @property
    def spark_home(self) -> Path:
        """spark_dir, or a 'spark' folder beside the working database."""
        return self.spark_dir or self.db_path.parent / "spark"

    @property
    def spark_tables_db(self) -> Path:
        """A DuckDB file of views over a Spark build's Parquet tables (redflags/spark_tables.py)."""
        return self.spark_home / "spark_tables.duckdb"

    def reading_paths(self) -> "WarehousePaths":
        """The paths the Python parts read a build from: on Spark, the views over its tables
        take the working database's place; on DuckDB, the working database itself."""
        if not self.is_spark:
            return self
        return replace(self, db_path=self.spark_tables_db, spark_dir=self.spark_home, publish_dir=self.published_dir)

    @property
    def landing_inventory(self) -> Path:
        """The landing inventory the CLI writes before a Spark build (the Spark macro reads it)."""
        return self.spark_home / "landing_inventory.json"

    @property
    def published_dir(self) -> Path:
        """publish_dir, or a 'published' folder beside the working database."""
        return self.publish_dir or self.db_path.parent / "published"

    @property
    def published_db(self) -> Path:
        return self.published_dir / "redflags.duckdb"

    @property
    def dbt_working_dir(self) -> Path:
        """The folder dbt runs in: the warehouse's. dbt reuses its parse of the
        project (target/partial_parse.msgpack) only while the profile renders
        the same; an absolute warehouse path made every build of another
        warehouse parse the whole project again (about 6 s of one core). Named
        relative to its own folder, every warehouse called redflags.duckdb
        renders the same profile."""
        return self.db_path.parent

    def dbt_environment(self) -> dict[str, str]:
        """Environment variables that profiles.yml and dbt_project.yml read. The
        warehouse is named relative to dbt_working_dir, where dbt runs."""
        return {
            "REDFLAGS_LANDING_DIR": str(self.landing_dir),
            "REDFLAGS_DB_PATH": self.db_path.name,
            "REDFLAGS_SPARK_DIR": str(self.spark_home),
            "REDFLAGS_LANDING_INVENTORY": str(self.landing_inventory),
        }


def _absolute(value: str | os.PathLike[str]) -> Path:
    return Path(value).expanduser().resolve()


def resolve_paths(
    landing_dir: str | os.PathLike[str] | None = None,
    db_path: str | os.PathLike[str] | None = None,
    truth_dir: str | os.PathLike[str] | None = None,
    publish_dir: str | os.PathLike[str] | None = None,
    target: str | None = None,
    spark_dir: str | os.PathLike[str] | None = None,
) -> WarehousePaths:
    """Arguments win over REDFLAGS_* environment variables, which win over data/ in the project."""
    return WarehousePaths(
        publish_dir=_absolute(publish_dir or os.environ.get("REDFLAGS_PUBLISH_DIR") or PROJECT_DIR / "data" / "published"),
        landing_dir=_absolute(landing_dir or os.environ.get("REDFLAGS_LANDING_DIR") or PROJECT_DIR / "data" / "landing"),
        db_path=_absolute(db_path or os.environ.get("REDFLAGS_DB_PATH") or PROJECT_DIR / "data" / "redflags.duckdb"),
        truth_dir=_absolute(truth_dir or os.environ.get("REDFLAGS_TRUTH_DIR") or PROJECT_DIR / "data" / "truth"),
        target=target or "dev",
        spark_dir=_absolute(spark_dir or os.environ.get("REDFLAGS_SPARK_DIR")) if (spark_dir or os.environ.get("REDFLAGS_SPARK_DIR")) else None,
    )
