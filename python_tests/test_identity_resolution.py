"""Identity resolution against the generator's ledger of identifier owners.

The session's tiny build resolves every phone, e-mail and handle through
intermediate.int_identifiers_resolved_to_parties; the generator recorded, in
clean spelling, whom it gave each identifier (truth/identifier_owners.parquet).
The same check runs at any scale with `redflags evaluate --check`.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from redflags import cli
from redflags.generator.owners import OwnerLedger
from redflags.identity_check import (
    check_identity_resolution,
    compare_identifier_owners,
    format_identity_comparison,
)
from redflags.paths import WarehousePaths


def test_every_identifier_resolves_to_the_party_the_generator_gave_it(tiny_build: WarehousePaths) -> None:
    comparison = check_identity_resolution(tiny_build.db_path, tiny_build.truth_dir)
    report = format_identity_comparison(comparison, limit=20)
    assert comparison.passed, report
    per_type = comparison.per_type.set_index("identifier_type")
    assert set(per_type.index) == {"phone", "email", "handle"}, report
    # both halves of the claim are exercised: owned identifiers resolve, unowned ones stay unresolved
    assert (per_type.loc[["phone", "email", "handle"], "owned"] > 0).all(), report
    assert (per_type.loc[["phone", "handle"], "unowned"] > 0).all(), report
    assert per_type.loc["phone", "shared"] > 0, report    # a shared phone keeps both owners


def test_the_landing_zone_spells_owned_identifiers_messily(tiny_build: WarehousePaths) -> None:
    """The check above means something only if partners' spellings differ from the clean truth."""
    contacts_glob = str(tiny_build.landing_dir / "party_contacts" / "part-*.parquet")
    raw = duckdb.sql(f"select contact_type, contact_value from read_parquet('{contacts_glob}')").df()
    phones = raw.loc[raw["contact_type"] == "phone", "contact_value"]
    emails = raw.loc[raw["contact_type"] == "email", "contact_value"]
    assert phones.str.match(r"^00\d").any(), "no 00-prefixed phone in party_contacts"
    assert phones.str.contains(" ").any(), "no phone with spaces in party_contacts"
    assert phones.str.fullmatch(r"\d{8}").any(), "no Danish phone without +45 in party_contacts"
    assert (emails != emails.str.lower()).any(), "no mixed-case e-mail in party_contacts"


# ------------------------------------------------------------------ the comparison itself can fail

def _owners(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["identifier_type", "identifier", "party_id"])


TRUTH = _owners([
    ("phone", "+4520000001", "PA1"),
    ("phone", "+4520000002", "PA1"),
    ("phone", "+4520000002", "PA2"),      # shared by two parties
    ("phone", "+4520000003", None),       # nobody's
    ("email", "a@example.dk", "PA2"),
    ("handle", "anon_1", None),
])


def test_comparison_passes_on_identical_owners() -> None:
    comparison = compare_identifier_owners(TRUTH, TRUTH.sample(frac=1.0, random_state=3))
    assert comparison.passed
    per_type = comparison.per_type.set_index("identifier_type")
    assert per_type.loc["phone", ["identifiers", "owned", "unowned", "shared", "mismatched"]].tolist() == [3, 2, 1, 1, 0]


@pytest.mark.parametrize(
    ("resolved", "problem"),
    [
        (TRUTH[TRUTH["identifier"] != "+4520000003"], "missing"),
        (pd.concat([TRUTH, _owners([("phone", "+4520000009", None)])]), "unexpected"),
        (TRUTH[~((TRUTH["identifier"] == "+4520000002") & (TRUTH["party_id"] == "PA2"))], "wrong_owners"),
        (TRUTH.assign(party_id=TRUTH["party_id"].where(TRUTH["identifier"] != "anon_1", "PA9")), "wrong_owners"),
        (TRUTH.assign(party_id=TRUTH["party_id"].where(TRUTH["identifier"] != "+4520000001", None)), "wrong_owners"),
    ],
    ids=["unowned-phone-lost", "phone-invented", "shared-phone-collapsed", "anonymous-handle-given-owner",
         "owned-phone-left-unresolved"],
)
def test_comparison_reports_each_kind_of_difference(resolved: pd.DataFrame, problem: str) -> None:
    comparison = compare_identifier_owners(TRUTH, resolved)
    assert not comparison.passed
    found = {"missing": len(comparison.missing), "unexpected": len(comparison.unexpected),
             "wrong_owners": len(comparison.wrong_owners)}
    assert found[problem] == 1 and sum(found.values()) == 1, found


# ------------------------------------------------------------------ the generator's ledger

def test_ledger_records_owners_handles_and_withdrawn_rows() -> None:
    ledger = OwnerLedger()
    ledger.own("phone", ["+4520000001", "+4520000001"], ["PA1", "PA2"], "party_contacts")
    ledger.own("phone", ["+4520000002"], ["PA3"], "rental_bookings")
    ledger.own("email", ["Mixed.Case@Example.DK"], ["PA1"], "party_contacts")
    ledger.seen("phone", ["+4520000003", None], "online_ads")
    ledger.handle_with_phone(["@Shared_Handle"], ["+4520000001"], "online_ads")
    ledger.seen("handle", ["@Nobody"], "social_posts")
    ledger.withdraw("phone", "+4520000002", "PA3", "rental_bookings")   # its only row was rejected
    owners = ledger.frame()
    as_sets = owners.groupby(["identifier_type", "identifier"])["party_id"].agg(lambda s: set(s.dropna()))
    assert as_sets.to_dict() == {
        ("email", "mixed.case@example.dk"): {"PA1"},
        ("handle", "nobody"): set(),
        ("handle", "shared_handle"): {"PA1", "PA2"},
        ("phone", "+4520000001"): {"PA1", "PA2"},
        ("phone", "+4520000003"): set(),
    }


def test_ledger_refuses_a_phone_that_is_not_e164() -> None:
    with pytest.raises(ValueError, match="E.164"):
        OwnerLedger().own("phone", ["0045 20000001"], ["PA1"], "party_contacts")


# ------------------------------------------------------------------ through the CLI

def test_evaluate_reports_identity_resolution_and_check_fails_on_a_difference(
    tiny_build: WarehousePaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "evaluation.json"
    arguments = ["evaluate", "--db", str(tiny_build.db_path), "--check"]
    assert cli.main([*arguments, "--truth", str(tiny_build.truth_dir), "--json", str(out)]) == 0
    assert "Identity resolution" in capsys.readouterr().out
    identity = json.loads(out.read_text())["identity_resolution"]
    assert identity["passed"] is True and identity["wrong_owners"] == []

    # a truth in which one owned phone has lost its owner: the warehouse now disagrees with it
    altered = tmp_path / "truth"
    shutil.copytree(tiny_build.truth_dir, altered)
    owners = pd.read_parquet(altered / "identifier_owners.parquet")
    first_owned_phone = owners.index[(owners["identifier_type"] == "phone") & owners["party_id"].notna()][0]
    owners.loc[first_owned_phone, "party_id"] = None
    owners.to_parquet(altered / "identifier_owners.parquet", index=False)
    assert cli.main([*arguments, "--truth", str(altered)]) == 1
    assert "wrong owners for phone" in capsys.readouterr().out
