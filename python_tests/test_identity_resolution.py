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


def test_the_landing_zone_spells_identifiers_messily(tiny_build: WarehousePaths) -> None:
    """The check above means something only if partners' spellings differ from the clean truth."""
    def raw(table: str, columns: str) -> pd.DataFrame:
        files = str(tiny_build.landing_dir / table / "part-*.parquet")
        return duckdb.sql(f"select {columns} from read_parquet('{files}')").df()

    contacts = raw("party_contacts", "contact_type, contact_value")
    phones = pd.concat([contacts.loc[contacts["contact_type"] == "phone", "contact_value"],
                        raw("phone_subscriptions", "phone_number")["phone_number"],
                        raw("accounts", "phone_number")["phone_number"].dropna()])
    emails = contacts.loc[contacts["contact_type"] == "email", "contact_value"]
    handles = pd.concat([raw("social_posts", "author_handle")["author_handle"],
                         raw("online_ads", "profile_handle")["profile_handle"].dropna()])
    assert phones.str.match(r"^00\d").any(), "no 00-prefixed phone"
    assert phones.str.contains(" ").any(), "no phone with spaces"
    assert phones.str.fullmatch(r"\d{8}").any(), "no Danish phone without +45"
    assert (emails != emails.str.lower()).any(), "no mixed-case e-mail"
    assert handles.str.startswith("@").any() and (~handles.str.startswith("@")).any(), "handles all with or all without '@'"
    assert (handles != handles.str.lower()).any(), "no mixed-case handle"


def test_blind_spots_are_counted_not_hidden(tiny_build: WarehousePaths) -> None:
    """Handles made for a person but posted without a phone stay unresolved; a shared number names both partners."""
    per_type = check_identity_resolution(tiny_build.db_path, tiny_build.truth_dir).per_type.set_index("identifier_type")
    assert per_type.loc["handle", "made_for_but_unresolved"] > 0
    assert per_type.loc["phone", "made_for_and_others"] == per_type.loc["phone", "shared"] > 0


# ------------------------------------------------------------------ the comparison itself can fail

def _owners(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["identifier_type", "identifier", "party_id", "made_for_party_id"])


TRUTH = _owners([
    ("phone", "+4520000001", "PA1", "PA1"),
    ("phone", "+4520000002", "PA1", "PA1"),
    ("phone", "+4520000002", "PA2", "PA1"),     # PA1's number, given by PA2 as a contact too: shared
    ("phone", "+4520000003", None, None),       # nobody's
    ("email", "a@example.dk", "PA2", "PA2"),
    ("handle", "anon_1", None, "PA3"),          # PA3's, but posted without a phone
])


def test_comparison_passes_on_identical_owners_and_counts_blind_spots() -> None:
    comparison = compare_identifier_owners(TRUTH, TRUTH.drop(columns="made_for_party_id").sample(frac=1.0, random_state=3))
    assert comparison.passed
    per_type = comparison.per_type.set_index("identifier_type")
    columns = ["identifiers", "owned", "unowned", "shared", "matched", "made_for_and_others"]
    assert per_type.loc["phone", columns].tolist() == [3, 2, 1, 1, 3, 1]
    assert per_type.loc["handle", ["unowned", "made_for_but_unresolved"]].tolist() == [1, 1]


def _resolved(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.drop(columns="made_for_party_id")


@pytest.mark.parametrize(
    ("truth", "resolved", "problem"),
    [
        (TRUTH, _resolved(TRUTH[TRUTH["identifier"] != "+4520000003"]), "missing"),
        (TRUTH, pd.concat([_resolved(TRUTH), _owners([("phone", "+4520000009", None, None)])[["identifier_type", "identifier", "party_id"]]]),
         "unexpected"),
        (TRUTH, _resolved(TRUTH[~((TRUTH["identifier"] == "+4520000002") & (TRUTH["party_id"] == "PA2"))]), "wrong_owners"),
        (TRUTH, _resolved(TRUTH.assign(party_id=TRUTH["party_id"].where(TRUTH["identifier"] != "+4520000001", None))),
         "wrong_owners"),
        (TRUTH, pd.concat([_resolved(TRUTH), _owners([("phone", "+4520000001", None, None)])[["identifier_type", "identifier", "party_id"]]]),
         "wrong_owners"),
        # owners agree with the truth's evidence, but the handle was made for PA3, not PA9
        (TRUTH.assign(party_id=TRUTH["party_id"].where(TRUTH["identifier"] != "anon_1", "PA9")),
         _resolved(TRUTH.assign(party_id=TRUTH["party_id"].where(TRUTH["identifier"] != "anon_1", "PA9"))), "wrong_person"),
    ],
    ids=["unowned-phone-lost", "phone-invented", "shared-phone-collapsed", "owned-phone-left-unresolved",
         "owned-phone-also-listed-unowned", "handle-resolved-to-the-wrong-person"],
)
def test_comparison_reports_each_kind_of_difference(truth: pd.DataFrame, resolved: pd.DataFrame, problem: str) -> None:
    comparison = compare_identifier_owners(truth, resolved)
    assert not comparison.passed
    found = {"missing": len(comparison.missing), "unexpected": len(comparison.unexpected),
             "wrong_owners": len(comparison.wrong_owners), "wrong_person": len(comparison.wrong_person)}
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
    ledger.made_for("phone", ["+4520000001"], ["PA1"])
    ledger.made_for("handle", ["nobody"], ["PA4"])
    ledger.seen("handle", ["anna_1985"], "online_ads")
    ledger.made_for("handle", ["anna_1985", "anna_1985"], ["PA5", "PA6"])    # two people chose one handle
    owners = ledger.frame()
    as_sets = owners.groupby(["identifier_type", "identifier"])["party_id"].agg(lambda s: set(s.dropna()))
    assert as_sets.to_dict() == {
        ("email", "mixed.case@example.dk"): {"PA1"},
        ("handle", "anna_1985"): set(),
        ("handle", "nobody"): set(),
        ("handle", "shared_handle"): {"PA1", "PA2"},
        ("phone", "+4520000001"): {"PA1", "PA2"},
        ("phone", "+4520000003"): set(),
    }
    made_for = owners.drop_duplicates(["identifier_type", "identifier"]).set_index("identifier")["made_for_party_id"]
    # the handle beside PA1's number was made for PA1, like the number; a handle two people chose, for nobody
    assert made_for.to_dict() == {"mixed.case@example.dk": None, "anna_1985": None, "nobody": "PA4", "shared_handle": "PA1",
                                  "+4520000001": "PA1", "+4520000003": None}


def test_ledger_gives_the_same_truth_for_arrays_and_single_values() -> None:
    """The background records whole arrays in one call, the scenarios one value per call."""
    emails = [f" Person.{i}@Example.DK " for i in range(20)]
    handles = [f"@User_{i}" if i % 2 else f"USER_{i}" for i in range(20)]
    one_by_one, vectorised = OwnerLedger(), OwnerLedger()
    for email, handle in zip(emails, handles):
        one_by_one.own("email", [email], ["PA1"], "party_contacts")
        one_by_one.handle_with_phone([handle], ["+4520000001"], "online_ads")
    vectorised.own("email", emails, ["PA1"] * 20, "party_contacts")
    vectorised.handle_with_phone(handles, ["+4520000001"] * 20, "online_ads")
    pd.testing.assert_frame_equal(one_by_one.frame(), vectorised.frame())
    assert set(vectorised.frame()["identifier"]) >= {"person.7@example.dk", "user_7", "user_8"}
    with pytest.raises(ValueError, match="E.164"):
        vectorised.seen("phone", ["+4520000001"] * 19 + ["20000001"], "online_ads")


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

    # --check cannot pass on a truth without the ledger
    (altered / "identifier_owners.parquet").unlink()
    assert cli.main([*arguments, "--truth", str(altered)]) == 1
    assert "Identity resolution not checked" in capsys.readouterr().out
