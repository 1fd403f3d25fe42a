"""Malformed rows for the rejects models, each with exactly one problem, plus their manifest.

Bad rows always go to <table>/bad_rows.csv (text, whatever the main format). They are derived
from background rows only (never from planted scenario entities). A conflicting duplicate reuses
a background key with a different value: both the original and the copy are expected in rejects.
Exact duplicates are expected to collapse into one row, not to be rejected.
"""
from __future__ import annotations

import pandas as pd
import pyarrow as pa

from . import schema, writer
from .context import Context
from .phones import normalise_phone

BAD_FILE = "bad_rows.csv"

# table -> list of (kind, column, new value, expected reason); None value = empty (null)
PLAN = {
    "transactions": [
        ("required_missing", "account_id", None, "required value missing: account_id"),
        ("unparseable_decimal", "amount", "12,50 kr", "unparseable decimal: amount"),
        ("unparseable_timestamp", "booked_at", "2025-13-45 25:61:00", "unparseable timestamp: booked_at"),
        ("value_not_allowed", "channel", "teleport", "value not allowed: channel"),
        ("negative_amount", "amount", "-250.00", "negative amount: amount"),
        ("future_timestamp", "booked_at", "2099-01-01 10:00:00", "timestamp after run time: booked_at"),
        ("unknown_currency", "currency", "XYZ", "unknown currency: currency"),
        ("unknown_currency", "currency", "ZAR", "unknown currency: currency"),
        ("unparseable_phone", "counterparty_phone", "call me", "unparseable phone: counterparty_phone"),
    ],
    "parties": [
        ("required_missing", "full_name", None, "required value missing: full_name"),
        ("unparseable_date", "birth_date", "1990-02-30", "unparseable date: birth_date"),
        ("value_not_allowed", "party_type", "alien", "value not allowed: party_type"),
        ("value_not_allowed", "sex", "Q", "value not allowed: sex"),
        ("future_timestamp", "onboarded_at", "2099-06-01 09:00:00", "timestamp after run time: onboarded_at"),
    ],
    "accounts": [
        ("required_missing", "party_id", None, "required value missing: party_id"),
        ("unparseable_boolean", "is_primary", "maybe", "unparseable boolean: is_primary"),
        ("value_not_allowed", "account_type", "crypto", "value not allowed: account_type"),
        ("end_before_start", "closed_at", "2001-01-01 10:00:00", "end before start: closed_at < opened_at"),
    ],
    "payroll": [
        ("required_missing", "employee_party_id", None, "required value missing: employee_party_id"),
        ("unparseable_decimal", "gross_pay", "thirty thousand", "unparseable decimal: gross_pay"),
        ("unparseable_timestamp", "paid_at", "31/01/2025 08:00", "unparseable timestamp: paid_at"),
        ("negative_amount", "net_pay", "-1000.00", "negative amount: net_pay"),
        ("unknown_currency", "currency", "ZAR", "unknown currency: currency"),
        ("end_before_start", "period_end", "2024-12-01", "end before start: period_end < period_start"),
    ],
    "party_contacts": [
        ("required_missing", "contact_value", None, "required value missing: contact_value"),
        ("unparseable_phone", "contact_value", "call me", "unparseable phone: contact_value"),
        ("value_not_allowed", "contact_type", "fax", "value not allowed: contact_type"),
    ],
    "rental_bookings": [
        ("required_missing", "address_id", None, "required value missing: address_id"),
        ("unparseable_date", "check_in", "2025-02-30", "unparseable date: check_in"),
        ("unparseable_phone", "guest_phone", "call me", "unparseable phone: guest_phone"),
        ("end_before_start", "check_out", "2024-12-31", "end before start: check_out < check_in"),
    ],
    "employments": [
        ("unparseable_decimal", "contracted_hours_per_week", "full time", "unparseable decimal: contracted_hours_per_week"),
        ("value_not_allowed", "work_permit_scheme", "golden_visa", "value not allowed: work_permit_scheme"),
    ],
    "tax_filings": [
        ("unparseable_integer", "registered_employees", "five", "unparseable integer: registered_employees"),
    ],
    "phone_subscriptions": [
        ("unparseable_phone", "phone_number", "call me", "unparseable phone: phone_number"),
        ("end_before_start", "deactivated_at", "2001-01-01 00:00:00", "end before start: deactivated_at < activated_at"),
    ],
}
# (table, filter on the text rows, column to change, how) for conflicting duplicates
CONFLICTS = {
    "transactions": (lambda d: d["channel"] == "card", "amount", lambda v: f"{float(v) * 3 + 1:.2f}"),
    "parties": (lambda d: d["party_type"] == "person", "full_name", lambda v: v + " Jr"),
    "accounts": (lambda d: d["is_primary"] == "false", "provider", lambda v: "Nordea" if v != "Nordea" else "Danske Bank"),
    "payroll": (lambda d: d["currency"] == "DKK", "gross_pay", lambda v: f"{float(v) + 1234:.2f}"),
    "party_contacts": (lambda d: d["contact_type"] == "phone", "first_seen", lambda v: "2011-11-11"),
    "rental_bookings": (lambda d: d["guest_party_id"].isna(), "platform", lambda v: "Vrbo"),
}
# identifier columns of a row a conflict withdraws: (kind, or None to read contact_type; value column; owner column).
# Transactions are absent: their conflict takes a card payment, which carries no phone.
IDENTIFIER_COLUMNS = {
    "accounts": [("phone", "phone_number", "party_id")],
    "party_contacts": [(None, "contact_value", "party_id")],
    "rental_bookings": [("phone", "guest_phone", "guest_party_id")],
}
EXACT = {"transactions": 2, "parties": 1, "accounts": 1, "payroll": 1, "party_contacts": 1}
NEW_ID_PREFIX = {"transactions": "TX", "parties": "PA", "accounts": "AC", "payroll": "PS", "rental_bookings": "BK",
                 "employments": "EM", "tax_filings": "TF"}


def _withdraw_identifiers(ctx: Context, table: str, row: pd.Series) -> None:
    """The warehouse rejects both sides of a conflicting duplicate, so the owner ledger stops counting the original."""
    for kind, column, owner_column in IDENTIFIER_COLUMNS.get(table, []):
        raw = row[column]
        if raw is None:
            continue
        kind = kind or row["contact_type"]
        value = normalise_phone(raw) if kind == "phone" else raw
        ctx.owners.withdraw(kind, value, row[owner_column], table)


def _key(row: pd.Series, keys: list[str]) -> str:
    return "|".join("" if pd.isna(row[k]) else str(row[k]) for k in keys)


def make(ctx: Context, good: dict[str, pa.Table], bg_rows: dict[str, int], fmt: str,
         protected: set[str]) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """good: each table's part-0 (background rows first). Returns bad rows per table and the manifest."""
    rng = ctx.rng("badrows")
    out: dict[str, pd.DataFrame] = {}
    manifest: list[dict] = []
    for table in sorted(set(PLAN) | set(CONFLICTS) | set(EXACT)):
        keys = schema.key(table)
        nbg = bg_rows.get(table, 0)
        take = sorted(rng.choice(nbg, size=min(nbg, 4000), replace=False).tolist())
        text = writer.as_text(good[table].take(take)).to_pandas()
        text = text.astype(object).where(text.notna(), None)
        ok = ~text.apply(lambda r: any(str(v) in protected for v in r.values if v is not None), axis=1)
        text = text[ok]
        rows: list[dict] = []
        used: set[int] = set()

        def pick(mask=None) -> pd.Series:
            cand = text.index[(mask(text) if mask else pd.Series(True, index=text.index)).fillna(False).to_numpy()]
            cand = [c for c in cand if c not in used]
            j = cand[int(rng.integers(0, len(cand)))]
            used.add(j)
            return text.loc[j].copy()

        for kind, col, value, reason in PLAN.get(table, []):
            if table == "transactions" and kind == "unparseable_phone":
                row = pick(lambda d: d["channel"] == "mobile_payment")
            elif table == "transactions" and kind == "required_missing":
                row = pick(lambda d: d["channel"] == "card")
            elif table == "party_contacts":
                row = pick(lambda d: d["contact_type"] == "phone")
            elif table == "phone_subscriptions" and kind == "end_before_start":
                row = pick()
            elif table == "accounts" and kind == "end_before_start":
                # an account opened after the bad closing date, or the row would not be "end before start"
                row = pick(lambda d: d["opened_at"] > value)
            else:
                row = pick()
            if table in NEW_ID_PREFIX:
                row[keys[0]] = ctx.ids.one(NEW_ID_PREFIX[table])
            if table == "phone_subscriptions" and kind == "end_before_start":
                row["activated_at"] = "2019-05-05 10:00:00"
            if table == "party_contacts" and kind == "value_not_allowed":
                pass
            row[col] = value
            if table == "party_contacts" and kind == "required_missing":
                row["contact_type"] = "email"
            rows.append(row.to_dict())
            manifest.append(dict(table_name=table, source_file=BAD_FILE, key_value=_key(row, keys), expected_reason=reason, kind=kind))
        if table in CONFLICTS:
            flt, col, how = CONFLICTS[table]
            orig = pick(flt)
            _withdraw_identifiers(ctx, table, orig)
            copy = orig.copy()
            copy[col] = how(orig[col])
            rows.append(copy.to_dict())
            k = _key(orig, keys)
            manifest.append(dict(table_name=table, source_file=f"part-0.{fmt}", key_value=k,
                                 expected_reason="conflicting duplicate key", kind="conflicting_duplicate_original"))
            manifest.append(dict(table_name=table, source_file=BAD_FILE, key_value=k,
                                 expected_reason="conflicting duplicate key", kind="conflicting_duplicate_copy"))
        for _ in range(EXACT.get(table, 0)):
            row = pick()
            rows.append(row.to_dict())
            manifest.append(dict(table_name=table, source_file=BAD_FILE, key_value=_key(row, keys),
                                 expected_reason="exact duplicate", kind="exact_duplicate"))
        out[table] = pd.DataFrame(rows, columns=list(schema.columns(table)))
    return out, manifest
