"""Carve a landing zone into its history and its last day of bookings.

The daily-load test and benchmark need what a partner delivers: the history
first, then one new day's file. Bookings of the last booking day move out of
the transactions Parquet files (rewritten under their own names) into one
file that lands later. DuckDB does the work, file by file.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb


def _booking_day(column: str = "booked_at") -> str:
    # Parquet files may hold booked_at as a timestamp or as text (offsets, local times).
    return f"try_cast(try_cast({column} as timestamp) as date)"


def split_last_booking_day(landing_dir: Path, day_file: Path) -> dt.date:
    """Move the last booking day's transactions (Parquet files only) into day_file; return that day."""
    files = sorted((Path(landing_dir) / "transactions").glob("*.parquet"))
    if not files:
        raise FileNotFoundError(f"{landing_dir}/transactions holds no Parquet file to split")
    connection = duckdb.connect()
    try:
        listed = "[" + ", ".join(_literal(path) for path in files) + "]"
        last_day = connection.execute(f"select max({_booking_day()}) from read_parquet({listed})").fetchone()[0]
        on_last_day = f"coalesce({_booking_day()} = date '{last_day}', false)"
        connection.execute(f"copy (select * from read_parquet({listed}) where {on_last_day}) "
                           f"to {_literal(day_file)} (format parquet)")
        for path in files:
            kept = path.with_name(path.name + ".kept")
            connection.execute(f"copy (select * from read_parquet({_literal(path)}) where not {on_last_day}) "
                               f"to {_literal(kept)} (format parquet)")
            kept.replace(path)
    finally:
        connection.close()
    return last_day


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
