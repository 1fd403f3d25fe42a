"""The ledger of identifier owners: the ground truth for identity resolution.

Every phone, e-mail and handle the generator writes into the landing zone is
recorded here in its clean spelling (E.164 phones, lower-case e-mails and
handles without '@'), before the messy rendering partners deliver, together
with the landing table it went into. Two facts are kept apart:

- party_id, the owners the landing data names: a KYC contact, a phone
  subscription, a wallet account, a rental booking naming its guest, or (for
  handles) a post, ad or signal carrying the handle beside a phone whose owner
  is named. This is what identity resolution can and must find.
- made_for_party_id, the party the generator created the identifier for,
  where it created it for exactly one. It is set independently of any landing row, so
  it catches a resolution to the wrong person even where the evidence rules of
  the truth and of the SQL agree; where the data never names that party (a
  handle posted without a phone) or names others too (a shared household
  number), the difference is a blind spot, reported but not a failure.

Each recorded row counts once; a landing row the bad-row injection turns into a
conflicting duplicate (so the warehouse rejects it) is withdrawn with a count of
minus one, so an identifier or an owner known only from rejected rows drops out
of the truth as it drops out of the warehouse.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .phones import normalise_email, normalise_handle
from .truth import write_truth_table

COLUMNS = ["identifier_type", "identifier", "party_id", "made_for_party_id"]
KINDS = ("phone", "email", "handle")
_KEY = ["identifier_type", "identifier"]
_EVIDENCE = [*_KEY, "party_id", "landing_table"]
_E164 = re.compile(r"\+\d{8,15}")


def _clean_one(kind: str, value):
    if value is None or pd.isna(value):
        return None
    if kind == "phone":
        if not _E164.fullmatch(value):
            raise ValueError(f"the owner ledger takes E.164 phones only, got {value!r}")
        return value
    if kind == "email":
        return normalise_email(value)
    if kind == "handle":
        return normalise_handle(value)
    raise ValueError(f"unknown identifier kind {kind!r}; expected one of {KINDS}")


def _clean(kind: str, values) -> list:
    # a plain loop: the largest call (one phone per background person) is tens of thousands of values
    return [_clean_one(kind, value) for value in values]


class OwnerLedger:
    """Collects identifier facts as the generator writes landing rows, as plain tuples until frame()."""

    def __init__(self) -> None:
        self._evidence: list[tuple] = []        # (*_EVIDENCE, weight)
        self._handle_phone: list[tuple] = []    # (handle, phone)
        self._made_for: list[tuple] = []        # (*_KEY, made_for_party_id)

    def own(self, kind: str, values, party_ids, landing_table: str) -> None:
        """Rows of landing_table name party_ids[i] as an owner of values[i] (a null party names nobody)."""
        self._record(kind, values, party_ids, landing_table, weight=1)

    def seen(self, kind: str, values, landing_table: str) -> None:
        """values appear in rows of landing_table that name no owner (null entries are ignored)."""
        values = list(values)
        self._record(kind, values, [None] * len(values), landing_table, weight=1)

    def withdraw(self, kind: str, value: str, party_id: str | None, landing_table: str) -> None:
        """One recorded row is rejected by the warehouse (a conflicting duplicate): it no longer counts."""
        self._record(kind, [value], [party_id], landing_table, weight=-1)

    def handle_with_phone(self, handles, phones, landing_table: str) -> None:
        """Each handle was written beside that phone, by whoever holds the phone."""
        handles, phones = list(handles), list(phones)
        self.seen("handle", handles, landing_table)
        self.seen("phone", phones, landing_table)
        self._handle_phone.extend(zip(_clean("handle", handles), _clean("phone", phones)))

    def made_for(self, kind: str, values, party_ids) -> None:
        """The generator created values[i] for party_ids[i], whatever the landing data says of it."""
        self._made_for.extend((kind, value, party_id) for value, party_id in zip(_clean(kind, values), party_ids))

    def _record(self, kind: str, values, party_ids, landing_table: str, weight: int) -> None:
        self._evidence.extend((kind, value, party_id, landing_table, weight)
                              for value, party_id in zip(_clean(kind, values), party_ids) if value is not None)

    def frame(self) -> pd.DataFrame:
        """One row per identifier and owner (a null party_id where none), with the party it was made for."""
        evidence = pd.DataFrame(self._evidence, columns=[*_EVIDENCE, "weight"])
        counted = evidence.groupby(_EVIDENCE, dropna=False, sort=False)["weight"].sum()
        present = counted[counted > 0].reset_index()
        owned = present.loc[present["party_id"].notna(), [*_KEY, "party_id"]]
        # a handle beside a phone belongs to the phone's owners; made for whoever the phone was made for
        pairs = pd.DataFrame(self._handle_phone, columns=["identifier", "phone"]).dropna().drop_duplicates()
        phone_owners = owned.loc[owned["identifier_type"] == "phone", ["identifier", "party_id"]]
        owned_handles = (pairs.merge(phone_owners.rename(columns={"identifier": "phone"}), on="phone")
                         [["identifier", "party_id"]].assign(identifier_type="handle"))
        owned = pd.concat([owned, owned_handles], ignore_index=True).drop_duplicates()
        unowned = (present[_KEY].drop_duplicates()
                   .merge(owned[_KEY].drop_duplicates(), on=_KEY, how="left", indicator=True)
                   .query("_merge == 'left_only'")[_KEY]
                   .assign(party_id=None))
        out = pd.concat([owned, unowned], ignore_index=True).merge(self._made_for_frame(pairs), on=_KEY, how="left")
        out = out[COLUMNS].astype(object)
        out = out.where(out.notna(), None)
        return out.sort_values(COLUMNS, kind="stable", na_position="last").reset_index(drop=True)

    def _made_for_frame(self, pairs: pd.DataFrame) -> pd.DataFrame:
        made_for = pd.DataFrame(self._made_for, columns=[*_KEY, "made_for_party_id"]).dropna()
        phones = made_for.loc[made_for["identifier_type"] == "phone", ["identifier", "made_for_party_id"]]
        handles_by_phone = (pairs.merge(phones.rename(columns={"identifier": "phone"}), on="phone")
                            [["identifier", "made_for_party_id"]].assign(identifier_type="handle"))
        made_for = pd.concat([made_for, handles_by_phone], ignore_index=True).drop_duplicates()
        # two people can pick the same dating handle; such a handle was made for no single party
        return made_for[~made_for.duplicated(_KEY, keep=False)]


def write_owners(truth_dir: Path, frame: pd.DataFrame, fmt: str) -> Path:
    table = pa.Table.from_pandas(frame[COLUMNS], preserve_index=False,
                                 schema=pa.schema([(c, pa.string()) for c in COLUMNS]))
    return write_truth_table(truth_dir, "identifier_owners", table, fmt)
