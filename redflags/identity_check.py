"""Check identity resolution against the generator's ledger of identifier owners.

The generator writes truth/identifier_owners.(parquet|csv): every phone, e-mail
and handle it put into the landing zone, in its clean spelling, with each party
the landing data names as its owner (one row per owner; a null party_id for an
identifier it gave no owner). The warehouse's answer is
intermediate.int_identifiers_resolved_to_parties. Both are reduced to one set
of owners per (identifier_type, identifier) and compared: an identifier only
the truth knows was lost (or spelled differently) by staging; one only the
warehouse knows was invented or mis-normalised; a different set of owners is a
wrong resolution. Shared identifiers count as resolved only with every owner.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

OWNER_COLUMNS = ["identifier_type", "identifier", "party_id"]
RESOLVED_MODEL = "intermediate.int_identifiers_resolved_to_parties"
_KEY = ["identifier_type", "identifier"]


def load_identifier_owners(truth_dir: Path) -> pd.DataFrame:
    """identifier_owners.parquet (or .csv) from truth_dir; party_id is None where no party owns the identifier."""
    truth_dir = Path(truth_dir)
    parquet, csv = truth_dir / "identifier_owners.parquet", truth_dir / "identifier_owners.csv"
    if parquet.is_file():
        frame = pd.read_parquet(parquet)
    elif csv.is_file():
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    else:
        raise FileNotFoundError(f"no identifier_owners.parquet or identifier_owners.csv in {truth_dir}")
    missing = [column for column in OWNER_COLUMNS if column not in frame.columns]
    if missing:
        raise ValueError(f"identifier owners in {truth_dir} lack columns: {', '.join(missing)}")
    frame = frame[OWNER_COLUMNS].astype(object)
    return frame.where(frame.notna() & (frame != ""), None)


def read_resolved_identifiers(db_path: Path) -> pd.DataFrame:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(f"select identifier_type, identifier, party_id from {RESOLVED_MODEL}").df()


def _owner_sets(frame: pd.DataFrame) -> pd.Series:
    """(identifier_type, identifier) -> sorted tuple of owning party ids (empty for an unowned identifier)."""
    return frame.groupby(_KEY, sort=True)["party_id"].agg(lambda owners: tuple(sorted(owners.dropna().unique())))


@dataclass
class IdentityComparison:
    per_type: pd.DataFrame          # identifier_type, identifiers, owned, unowned, shared, matched, mismatched
    missing: list[tuple[str, str]]  # in the truth, not in the warehouse
    unexpected: list[tuple[str, str]]   # in the warehouse, not in the truth
    wrong_owners: pd.DataFrame      # identifier_type, identifier, expected_owners, resolved_owners

    @property
    def passed(self) -> bool:
        return not self.missing and not self.unexpected and self.wrong_owners.empty


def compare_identifier_owners(truth: pd.DataFrame, resolved: pd.DataFrame) -> IdentityComparison:
    expected, actual = _owner_sets(truth), _owner_sets(resolved)
    missing = sorted(expected.index.difference(actual.index))
    unexpected = sorted(actual.index.difference(expected.index))
    both = expected.index.intersection(actual.index)
    differs = expected[both] != actual[both]
    wrong = pd.DataFrame({"expected_owners": expected[both][differs], "resolved_owners": actual[both][differs]})
    wrong = wrong.reset_index()
    rows = []
    for identifier_type, owners in expected.groupby(level="identifier_type"):
        counts = owners.map(len)
        keys = set(owners.index)
        bad = (sum(key in keys for key in missing)
               + int((wrong["identifier_type"] == identifier_type).sum()))
        rows.append(dict(identifier_type=identifier_type, identifiers=len(owners), owned=int((counts > 0).sum()),
                         unowned=int((counts == 0).sum()), shared=int((counts > 1).sum()),
                         matched=len(owners) - bad, mismatched=bad))
    per_type = pd.DataFrame(rows, columns=["identifier_type", "identifiers", "owned", "unowned", "shared",
                                           "matched", "mismatched"])
    return IdentityComparison(per_type=per_type, missing=missing, unexpected=unexpected, wrong_owners=wrong)


def check_identity_resolution(db_path: Path, truth_dir: Path) -> IdentityComparison:
    return compare_identifier_owners(load_identifier_owners(truth_dir), read_resolved_identifiers(db_path))


def format_identity_comparison(comparison: IdentityComparison, limit: int = 8) -> str:
    header = f"{'type':<8}{'identifiers':>12}{'owned':>8}{'unowned':>9}{'shared':>8}{'matched':>9}{'mismatched':>12}"
    lines = [header, "-" * len(header)]
    for row in comparison.per_type.itertuples(index=False):
        lines.append(f"{row.identifier_type:<8}{row.identifiers:>12,}{row.owned:>8,}{row.unowned:>9,}{row.shared:>8,}"
                     f"{row.matched:>9,}{row.mismatched:>12,}")
    if comparison.missing:
        lines.append(f"{len(comparison.missing)} in the truth but not resolved by the warehouse, e.g. "
                     + ", ".join(f"{t} {i}" for t, i in comparison.missing[:limit]))
    if comparison.unexpected:
        lines.append(f"{len(comparison.unexpected)} resolved by the warehouse but never generated, e.g. "
                     + ", ".join(f"{t} {i}" for t, i in comparison.unexpected[:limit]))
    for row in comparison.wrong_owners.head(limit).itertuples(index=False):
        lines.append(f"wrong owners for {row.identifier_type} {row.identifier}: expected "
                     f"{list(row.expected_owners) or 'none'}, resolved {list(row.resolved_owners) or 'none'}")
    if comparison.passed:
        lines.append("every identifier resolved to the owners the generator gave it (none where it gave none)")
    return "\n".join(lines)


def comparison_to_dict(comparison: IdentityComparison) -> dict[str, Any]:
    return {
        "passed": comparison.passed,
        "per_type": comparison.per_type.to_dict(orient="records"),
        "missing": [list(key) for key in comparison.missing],
        "unexpected": [list(key) for key in comparison.unexpected],
        "wrong_owners": [
            {"identifier_type": row.identifier_type, "identifier": row.identifier,
             "expected_owners": list(row.expected_owners), "resolved_owners": list(row.resolved_owners)}
            for row in comparison.wrong_owners.itertuples(index=False)
        ],
    }
