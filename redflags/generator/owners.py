"""The ledger of identifier owners: the ground truth for identity resolution.

Every phone, e-mail and handle the generator writes into the landing zone is
recorded here in its clean spelling (E.164 phones, lower-case e-mails and
handles without '@'), before the messy rendering partners deliver, together
with the landing table it went into. An owner is recorded only where the
generator also writes the record that says so in the landing data: a KYC
contact, a phone subscription, a wallet account, a rental booking naming its
guest, or (for handles) a post, ad or signal carrying the handle beside a phone
whose owner is recorded. A handle the generator derives from a person's name
but never writes beside that person's phone has no owner in the truth: nothing
in the landing zone could tell anyone whose it is.

Each recorded row counts once; a landing row the bad-row injection turns into a
conflicting duplicate (so the warehouse rejects it) is withdrawn with a count of
minus one, so an identifier or an owner known only from rejected rows drops out
of the truth as it drops out of the warehouse.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

COLUMNS = ["identifier_type", "identifier", "party_id"]
KINDS = ("phone", "email", "handle")
_EVIDENCE = ["identifier_type", "identifier", "party_id", "landing_table"]


_E164 = re.compile(r"\+\d{8,15}")
_SMALL = 16   # calls with fewer values (the scenarios' one-row calls) skip pandas: thousands of tiny frames are slow


def _clean_one(kind: str, value):
    if value is None or pd.isna(value):
        return None
    if kind == "phone":
        if not _E164.fullmatch(value):
            raise ValueError(f"the owner ledger takes E.164 phones only, got {value!r}")
        return value
    if kind == "email":
        return value.strip().lower()
    if kind == "handle":
        return value.strip().lstrip("@").lower()
    raise ValueError(f"unknown identifier kind {kind!r}; expected one of {KINDS}")


def _clean(kind: str, values) -> np.ndarray:
    if len(values) < _SMALL:
        return np.asarray([_clean_one(kind, value) for value in values], dtype=object)
    s = pd.Series(np.asarray(values, dtype=object), dtype="object")
    if kind == "phone":
        bad = s.notna() & ~s.astype("str").str.fullmatch(_E164.pattern)
        if bad.any():
            raise ValueError(f"the owner ledger takes E.164 phones only, got {s[bad].iloc[0]!r}")
    elif kind == "email":
        s = s.where(s.isna(), s.astype("str").str.strip().str.lower())
    elif kind == "handle":
        s = s.where(s.isna(), s.astype("str").str.strip().str.lstrip("@").str.lower())
    else:
        raise ValueError(f"unknown identifier kind {kind!r}; expected one of {KINDS}")
    return s.to_numpy(dtype=object)


class OwnerLedger:
    """Collects identifier facts as the generator writes landing rows; vectorised for the background."""

    def __init__(self) -> None:
        self._evidence: list[pd.DataFrame] = []
        self._evidence_rows: list[tuple] = []
        self._handle_phone: list[tuple[str, str]] = []

    def own(self, kind: str, values, party_ids, landing_table: str) -> None:
        """Rows of landing_table name party_ids[i] as an owner of values[i]."""
        self._record(kind, values, np.asarray(party_ids, dtype=object), landing_table, weight=1)

    def seen(self, kind: str, values, landing_table: str, rows_per_value=1) -> None:
        """values appear in rows of landing_table that name no owner (null entries are ignored).

        rows_per_value lets the transaction chunks record each distinct phone once with its row count.
        """
        values = np.asarray(values, dtype=object)
        self._record(kind, values, np.full(len(values), None, dtype=object), landing_table, weight=rows_per_value)

    def withdraw(self, kind: str, value: str, party_id: str | None, landing_table: str) -> None:
        """One recorded row is rejected by the warehouse (a conflicting duplicate): it no longer counts."""
        self._record(kind, [value], np.asarray([party_id], dtype=object), landing_table, weight=-1)

    def handle_with_phone(self, handles, phones, landing_table: str) -> None:
        """Each handle was written beside that phone, by whoever holds the phone."""
        handles, phones = np.asarray(handles, dtype=object), np.asarray(phones, dtype=object)
        self.seen("handle", handles, landing_table)
        self.seen("phone", phones, landing_table)
        self._handle_phone.extend(zip(_clean("handle", handles), _clean("phone", phones)))

    def _record(self, kind: str, values, party_ids: np.ndarray, landing_table: str, weight) -> None:
        if len(party_ids) < _SMALL and np.ndim(weight) == 0:
            for value, party_id in zip(values, party_ids):
                value = _clean_one(kind, value)
                if value is not None:
                    self._evidence_rows.append((kind, value, party_id, landing_table, weight))
            return
        frame = pd.DataFrame({"identifier_type": kind, "identifier": _clean(kind, values), "party_id": party_ids,
                              "landing_table": landing_table, "weight": weight})
        self._evidence.append(frame[frame["identifier"].notna()])

    def frame(self) -> pd.DataFrame:
        """One row per identifier and owner; an identifier with no owner keeps one row with a null party_id."""
        evidence = pd.concat([*self._evidence, pd.DataFrame(self._evidence_rows, columns=[*_EVIDENCE, "weight"])],
                             ignore_index=True)
        counted = evidence.groupby(_EVIDENCE, dropna=False, sort=False)["weight"].sum()
        present = counted[counted > 0].reset_index()
        owned = present.loc[present["party_id"].notna(), COLUMNS]
        pairs = pd.DataFrame(self._handle_phone, columns=["identifier", "phone"]).dropna().drop_duplicates()
        phone_owners = owned.loc[owned["identifier_type"] == "phone", ["identifier", "party_id"]]
        owned_handles = (pairs.merge(phone_owners.rename(columns={"identifier": "phone"}), on="phone")
                         [["identifier", "party_id"]].assign(identifier_type="handle"))
        owned = pd.concat([owned, owned_handles[COLUMNS]], ignore_index=True).drop_duplicates()
        keys = ["identifier_type", "identifier"]
        unowned = (present[keys].drop_duplicates()
                   .merge(owned[keys].drop_duplicates(), on=keys, how="left", indicator=True)
                   .query("_merge == 'left_only'")[keys]
                   .assign(party_id=None))
        out = pd.concat([owned, unowned[COLUMNS]], ignore_index=True)
        return out.sort_values(COLUMNS, kind="stable", na_position="last").reset_index(drop=True)


def write_owners(truth_dir: Path, frame: pd.DataFrame, fmt: str) -> Path:
    for old in truth_dir.glob("identifier_owners.*"):
        old.unlink()
    table = pa.Table.from_pandas(frame[COLUMNS], preserve_index=False,
                                 schema=pa.schema([(c, pa.string()) for c in COLUMNS]))
    path = truth_dir / f"identifier_owners.{fmt}"
    if fmt == "parquet":
        pq.write_table(table, path)
    else:
        pacsv.write_csv(table, path)
    return path
