"""Fast tests of the synthetic data generator (tiny scale only)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from redflags.generator import generate
from redflags.generator import schema

INDICATORS = [f"B0{i}" for i in range(1, 4)] + [f"F{i:02d}" for i in range(1, 18)] + [f"R0{i}" for i in range(1, 9)]
REASON_PREFIXES = ["required value missing: ", "unparseable integer: ", "unparseable decimal: ", "unparseable boolean: ",
                   "unparseable date: ", "unparseable timestamp: ", "unparseable phone: ", "value not allowed: ",
                   "negative amount: ", "timestamp after run time: ", "end before start: ", "unknown currency: ",
                   "conflicting duplicate key", "exact duplicate"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("tiny")
    counts = generate(root / "landing", root / "truth", seed=7, scale="tiny", inject_bad_rows=True)
    return root / "landing", root / "truth", counts


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_table_written(tiny):
    landing, _, counts = tiny
    for table in schema.tables():
        files = list((landing / table).glob("part-*.parquet"))
        assert files, table
        assert counts[table] > 0, table
    assert len(list((landing / "transactions").glob("part-*.parquet"))) >= 2


def test_columns_follow_contract(tiny):
    landing, _, _ = tiny
    for table in schema.tables():
        cols = pq.read_schema(landing / table / "part-0.parquet").names
        assert cols == list(schema.columns(table)), table


def test_deterministic(tmp_path):
    a = generate(tmp_path / "a" / "l", tmp_path / "a" / "t", seed=3, scale="tiny", persons=120)
    b = generate(tmp_path / "b" / "l", tmp_path / "b" / "t", seed=3, scale="tiny", persons=120)
    assert a == b
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_truth_covers_every_indicator(tiny):
    _, truth_dir, _ = tiny
    t = pd.read_parquet(truth_dir / "truth_entities.parquet")
    assert set(t.columns) == {"entity_type", "entity_id", "scenario_id", "scenario", "role", "expected_indicators"}
    assert t["role"].isin(["victim", "trafficker", "benign_lookalike"]).all()
    pos = t[t["role"] != "benign_lookalike"]
    assert (pos["expected_indicators"] != "").all()
    look = t[t["role"] == "benign_lookalike"]
    assert (look["expected_indicators"].fillna("") == "").all()
    for ind in INDICATORS:
        carrying = pos[pos["expected_indicators"].str.split(",").apply(lambda xs: ind in xs)]
        assert carrying["entity_id"].nunique() >= 2, ind
        looks = look[look["scenario"].str.startswith(f"lookalike_{ind}_")]
        assert looks["scenario_id"].nunique() >= 2, ind
    assert t["entity_type"].isin(["party", "phone", "email", "address", "beneficiary", "handle"]).all()
    assert {"phone", "address", "beneficiary", "handle"} <= set(t["entity_type"])
    phones = t.loc[t["entity_type"] == "phone", "entity_id"]
    assert phones.str.fullmatch(r"\+\d{8,15}").all()


def test_composites_present(tiny):
    _, truth_dir, _ = tiny
    t = pd.read_parquet(truth_dir / "truth_entities.parquet")
    for sc in ["criminal_exploitation_minor", "sexual_exploitation_telegram", "labour_exploitation_pay_limit"]:
        rows = t[t["scenario"] == sc]
        assert rows["scenario_id"].nunique() >= 2, sc
        assert {"victim", "trafficker"} <= set(rows["role"]), sc
        people = rows[rows["entity_type"] == "party"]
        assert (people["expected_indicators"].str.count(",") >= 1).all(), sc   # two indicators or more each


def test_bad_rows_manifest(tiny):
    landing, truth_dir, _ = tiny
    m = pd.read_csv(truth_dir / "injected_bad_rows.csv", keep_default_na=False)
    assert list(m.columns) == ["table_name", "source_file", "key_value", "expected_reason", "kind"]
    for prefix in REASON_PREFIXES:
        assert m["expected_reason"].str.startswith(prefix).any(), prefix
    for table in ["transactions", "parties", "accounts", "payroll", "party_contacts", "rental_bookings"]:
        assert (landing / table / "bad_rows.csv").exists(), table
        assert (m["table_name"] == table).sum() >= 3, table
    conflicts = m[m["expected_reason"] == "conflicting duplicate key"]
    assert (conflicts.groupby(["table_name", "key_value"]).size() == 2).all()
    counts = pd.read_csv(truth_dir / "generated_counts.csv")
    assert {"table_name", "rows_written", "bad_rows", "exact_duplicates"} <= set(counts.columns)
    # bad rows never touch planted entities
    t = pd.read_parquet(truth_dir / "truth_entities.parquet")
    planted = set(t["entity_id"])
    bad = pd.read_csv(landing / "parties" / "bad_rows.csv", dtype=str)
    assert not (set(bad["party_id"].dropna()) & planted)


def test_csv_format(tmp_path):
    counts = generate(tmp_path / "l", tmp_path / "t", seed=1, scale="tiny", persons=100, fmt="csv")
    tx = pd.concat(pd.read_csv(p, dtype=str) for p in sorted((tmp_path / "l" / "transactions").glob("part-*.csv")))
    assert len(tx) == counts["transactions"]
    assert list(tx.columns) == list(schema.columns("transactions"))
    assert tx["booked_at"].str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d").all()
    assert (tmp_path / "t" / "truth_entities.csv").exists()


def test_messy_identifiers(tiny):
    landing, _, _ = tiny
    pc = pd.read_parquet(landing / "party_contacts" / "part-0.parquet")
    phones = pc.loc[pc["contact_type"] == "phone", "contact_value"]
    assert phones.str.startswith("00").any() and phones.str.contains(" ").any() and phones.str.fullmatch(r"\d{8}").any()
    emails = pc.loc[pc["contact_type"] == "email", "contact_value"]
    assert (emails != emails.str.lower()).any()
