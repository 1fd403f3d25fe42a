"""Two builds' tables compared row for row: the engines-agree test and the daily-load test.

Tables are read with their columns and types from information_schema, rows
sorted by the exact columns first and the floating-point ones last (so that
float noise cannot reorder rows), floats equal to 1e-9 relative, every other
value equal and of the same Python type.
"""
from __future__ import annotations

import math
from decimal import Decimal

import duckdb

RELATIVE_TOLERANCE = 1e-9
FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


def table_columns(connection: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """'schema.table' -> [(column, type)] of every table and view in the schemas."""
    tables: dict[str, list[tuple[str, str]]] = {}
    for schema, table, column, data_type in connection.execute(
        "select table_schema, table_name, column_name, data_type from information_schema.columns "
        f"where table_schema in {schemas!r} order by table_schema, table_name, ordinal_position"
    ).fetchall():
        tables.setdefault(f"{schema}.{table}", []).append((column, data_type))
    return tables


def sorted_rows(connection: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]]) -> list[tuple]:
    """Every row, ordered by the exact columns first and the floating-point ones last, nulls last."""
    exact = [f'"{name}"' for name, data_type in columns if data_type not in FLOAT_TYPES]
    inexact = [f'"{name}"' for name, data_type in columns if data_type in FLOAT_TYPES]
    order = ", ".join(f"{column} asc nulls last" for column in exact + inexact)
    return connection.execute(f"select * from {table} order by {order}").fetchall()


def same_value(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)
    if isinstance(left, Decimal) and isinstance(right, Decimal):
        return left == right
    return left == right and type(left) is type(right)


def row_differences(table: str, columns: list[tuple[str, str]], left_rows: list[tuple], right_rows: list[tuple],
                    names: tuple[str, str]) -> list[str]:
    """One line per differing value (or one for differing row counts), naming the two builds."""
    left_name, right_name = names
    if len(left_rows) != len(right_rows):
        return [f"{table}: {len(left_rows)} rows on {left_name}, {len(right_rows)} on {right_name}"]
    differences = []
    for number, (left_row, right_row) in enumerate(zip(left_rows, right_rows), start=1):
        for (name, _), left_value, right_value in zip(columns, left_row, right_row):
            if not same_value(left_value, right_value):
                differences.append(f"{table} row {number} column {name}: {left_name} {left_value!r}, "
                                   f"{right_name} {right_value!r}")
    return differences
