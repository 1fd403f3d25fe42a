"""Landing tables, column order and types, read from contract/landing.yml (the single source of truth)."""
from __future__ import annotations

from functools import lru_cache

import pyarrow as pa
import yaml

from .config import CONTRACT_FILE

ARROW_TYPES = {
    "string": pa.string(), "integer": pa.int64(), "decimal": pa.float64(), "boolean": pa.bool_(),
    "date": pa.date32(), "timestamp": pa.timestamp("us"),
}


@lru_cache(maxsize=1)
def contract() -> dict:
    return yaml.safe_load(CONTRACT_FILE.read_text())["tables"]


def tables() -> list[str]:
    return list(contract())


def columns(table: str) -> dict[str, str]:
    """column -> contract type, in contract order."""
    return {c: spec["type"] for c, spec in contract()[table]["columns"].items()}


def key(table: str) -> list[str]:
    k = contract()[table]["key"]
    return k if isinstance(k, list) else [k]


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(c, ARROW_TYPES[t]) for c, t in columns(table).items()])
