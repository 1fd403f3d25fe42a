"""A Parquet file as pandas writes one: rates as float64 with binary rounding noise.

Written into the fx_rates folder of a landing zone by the DuckDB hostile test
(test_hostile_landing.py) and the Spark small checks (spark_small_checks.py),
which both read the landing view's text back: the digits beyond a double's
15 significant digits are noise, not data (macros/landing/landing_float_text.sql).
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

FILE_NAME = "pandas floats.parquet"
# currency -> (the float64 as written, the value its writer meant); codes no other test file uses.
RATES = {
    "XAA": (7.460000000000001, Decimal("7.46")),      # 7.46 after arithmetic in floating point
    "XAB": (1001.0, Decimal("1001")),                 # an integral float: no '.0' in the text
    "XAC": (0.6900000000000001, Decimal("0.69")),
    "XAD": (123456789.12000001, Decimal("123456789.12")),  # Spark prints this one in scientific notation
    "XAE": (99.94999999999999, Decimal("99.95")),    # 19.99 * 5 in floating point
}


def write_pandas_floats(landing: Path) -> Path:
    folder = landing / "fx_rates"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    pq.write_table(pa.table({
        "RATE_DATE": ["2025-03-03"] * len(RATES),
        "currency": list(RATES),
        "dkk_per_unit": pa.array([written for written, _ in RATES.values()], pa.float64()),
    }), path)
    return path


def texts_as_meant(rows: list[tuple[str, str]]) -> dict[str, tuple[str, Decimal]]:
    """currency -> (landed text, its value) for rows (currency, text) of the landing view."""
    return {currency: (text, Decimal(text)) for currency, text in rows}
