"""Check identity resolution against the generator's ledger of identifier owners.

The generator writes truth/identifier_owners.(parquet|csv): every phone, e-mail
and handle it put into the landing zone, in its clean spelling, with each party
the landing data names as its owner (one row per owner; a null party_id for an
identifier the data gives no owner) and the party it made the identifier for
(made_for_party_id, where it made it for exactly one). The warehouse's answer
is intermediate.int_identifiers_resolved_to_parties.

Two comparisons, per (identifier_type, identifier):

- the owners: the set of parties (a null row counts as a member of its own, so
  an identifier listed both as owned and as unowned differs). An identifier
  only the truth knows was lost or spelled differently by staging; one only
  the warehouse knows was invented or mis-normalised; a different set is a
  wrong resolution. Shared identifiers count only with every owner.
- the party it was made for, which the truth sets without looking at landing
  rows: resolving to parties that do not include it names the wrong person
  (a failure). Left unresolved although made for someone (a handle posted
  without a phone) or resolved to that party and others (a shared number) are
  blind spots of the data, counted but not failures.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from redflags.truth_files import read_truth_table

OWNER_COLUMNS = ["identifier_type", "identifier", "party_id", "made_for_party_id"]
RESOLVED_MODEL = "intermediate.int_identifiers_resolved_to_parties"
NO_OWNER = "(no owner)"
_KEY = ["identifier_type", "identifier"]
PER_TYPE_COLUMNS = ["identifier_type", "identifiers", "owned", "unowned", "shared", "matched", "missing", "unexpected",
                    "wrong_owners", "wrong_person", "made_for_but_unresolved", "made_for_and_others"]


def load_identifier_owners(truth_dir: Path) -> pd.DataFrame:
    """identifier_owners.parquet (or .csv) from truth_dir; missing values are None."""
    frame = read_truth_table(truth_dir, "identifier_owners", OWNER_COLUMNS).astype(object)
    return frame.where(frame.notna() & (frame != ""), None)


def read_resolved_identifiers(db_path: Path) -> pd.DataFrame:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(f"select identifier_type, identifier, party_id from {RESOLVED_MODEL}").df()


def _owner_sets(frame: pd.DataFrame) -> pd.Series:
    """(identifier_type, identifier) -> sorted tuple of owners, NO_OWNER standing for a null row."""
    owners = frame[_KEY].assign(owner=frame["party_id"].astype(object).where(frame["party_id"].notna(), NO_OWNER))
    return owners.drop_duplicates().groupby(_KEY, sort=True)["owner"].agg(lambda values: tuple(sorted(values)))


def _named(owners: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(owner for owner in owners if owner != NO_OWNER)


@dataclass
class IdentityComparison:
    per_type: pd.DataFrame              # PER_TYPE_COLUMNS
    missing: list[tuple[str, str]]      # in the truth, not in the warehouse
    unexpected: list[tuple[str, str]]   # in the warehouse, not in the truth
    wrong_owners: pd.DataFrame          # identifier_type, identifier, expected_owners, resolved_owners
    wrong_person: pd.DataFrame          # identifier_type, identifier, made_for_party_id, resolved_owners

    @property
    def passed(self) -> bool:
        return not self.missing and not self.unexpected and self.wrong_owners.empty and self.wrong_person.empty


def compare_identifier_owners(truth: pd.DataFrame, resolved: pd.DataFrame) -> IdentityComparison:
    expected, actual = _owner_sets(truth), _owner_sets(resolved)
    missing = sorted(expected.index.difference(actual.index))
    unexpected = sorted(actual.index.difference(expected.index))
    both = expected.index.intersection(actual.index)
    differs = expected.loc[both] != actual.loc[both]
    wrong_owners = pd.DataFrame({"expected_owners": expected.loc[both][differs],
                                 "resolved_owners": actual.loc[both][differs]}).reset_index()

    made_for = truth.dropna(subset=["made_for_party_id"]).drop_duplicates(_KEY).set_index(_KEY)["made_for_party_id"]
    named = actual.reindex(made_for.index).map(lambda owners: _named(owners) if isinstance(owners, tuple) else ())
    includes = pd.Series([party in owners for party, owners in zip(made_for, named)], index=made_for.index, dtype=bool)
    resolved_any = named.map(len) > 0
    wrong_person = pd.DataFrame({"made_for_party_id": made_for[resolved_any & ~includes],
                                 "resolved_owners": named[resolved_any & ~includes]}).reset_index()
    # a missing identifier is already a failure; count it once
    unresolved = made_for.index[~resolved_any & made_for.index.isin(actual.index)]
    with_others = made_for.index[includes & (named.map(len) > 1)]

    rows = []
    for identifier_type, owners in expected.groupby(level="identifier_type"):
        counts = owners.map(lambda values: len(_named(values)))

        def count(keys) -> int:
            return sum(key[0] == identifier_type for key in keys)

        wrong = int((wrong_owners["identifier_type"] == identifier_type).sum())
        rows.append(dict(
            identifier_type=identifier_type, identifiers=len(owners), owned=int((counts > 0).sum()),
            unowned=int((counts == 0).sum()), shared=int((counts > 1).sum()),
            matched=len(owners) - count(missing) - wrong, missing=count(missing), unexpected=count(unexpected),
            wrong_owners=wrong, wrong_person=int((wrong_person["identifier_type"] == identifier_type).sum()),
            made_for_but_unresolved=count(unresolved), made_for_and_others=count(with_others),
        ))
    return IdentityComparison(per_type=pd.DataFrame(rows, columns=PER_TYPE_COLUMNS), missing=missing,
                              unexpected=unexpected, wrong_owners=wrong_owners, wrong_person=wrong_person)


def check_identity_resolution(db_path: Path, truth_dir: Path) -> IdentityComparison:
    return compare_identifier_owners(load_identifier_owners(truth_dir), read_resolved_identifiers(db_path))


def format_identity_comparison(comparison: IdentityComparison, limit: int = 8) -> str:
    header = (f"{'type':<8}{'identifiers':>12}{'owned':>8}{'unowned':>9}{'shared':>8}{'matched':>9}{'missing':>9}"
              f"{'unexpected':>12}{'wrong':>7}{'wrong person':>14}{'made for, unresolved':>22}{'made for + others':>19}")
    lines = [header, "-" * len(header)]
    for row in comparison.per_type.itertuples(index=False):
        lines.append(f"{row.identifier_type:<8}{row.identifiers:>12,}{row.owned:>8,}{row.unowned:>9,}{row.shared:>8,}"
                     f"{row.matched:>9,}{row.missing:>9,}{row.unexpected:>12,}{row.wrong_owners:>7,}"
                     f"{row.wrong_person:>14,}{row.made_for_but_unresolved:>22,}{row.made_for_and_others:>19,}")
    if comparison.missing:
        lines.append(f"{len(comparison.missing)} in the truth but not resolved by the warehouse, e.g. "
                     + ", ".join(f"{t} {i}" for t, i in comparison.missing[:limit]))
    if comparison.unexpected:
        lines.append(f"{len(comparison.unexpected)} resolved by the warehouse but never generated, e.g. "
                     + ", ".join(f"{t} {i}" for t, i in comparison.unexpected[:limit]))
    for row in comparison.wrong_owners.head(limit).itertuples(index=False):
        lines.append(f"wrong owners for {row.identifier_type} {row.identifier}: expected "
                     f"{list(row.expected_owners)}, resolved {list(row.resolved_owners)}")
    for row in comparison.wrong_person.head(limit).itertuples(index=False):
        lines.append(f"wrong person for {row.identifier_type} {row.identifier}: made for {row.made_for_party_id}, "
                     f"resolved {list(row.resolved_owners)}")
    lines.append("'made for, unresolved': made for a party the landing data never names (e.g. a handle posted "
                 "without a phone); 'made for + others': also owned by others (a shared number). Blind spots, not failures.")
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
        "wrong_person": [
            {"identifier_type": row.identifier_type, "identifier": row.identifier,
             "made_for_party_id": row.made_for_party_id, "resolved_owners": list(row.resolved_owners)}
            for row in comparison.wrong_person.itertuples(index=False)
        ],
    }
