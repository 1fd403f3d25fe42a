"""Staging end to end: what the generator wrote is staged, rejected with the
right reason, or collapsed as an exact duplicate; nothing else is lost."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import landing_tables, query
from redflags.dbt_runner import run_dbt
from redflags.generator import generate
from redflags.paths import WarehousePaths

E164 = r"^\+[0-9]{8,15}$"


def _generated_counts(truth_dir: Path) -> pd.DataFrame:
    return pd.read_csv(truth_dir / "generated_counts.csv").set_index("table_name")


def _manifest(truth_dir: Path) -> pd.DataFrame:
    return pd.read_csv(truth_dir / "injected_bad_rows.csv", dtype=str)


def test_reconciliation_accounts_for_every_generated_row(warehouse, tiny_build) -> None:
    counts = _generated_counts(tiny_build.truth_dir)
    reconciliation = query(warehouse, "select * from audit.landing_reconciliation").set_index("table_name")
    assert sorted(reconciliation.index) == sorted(landing_tables())
    for table_name, row in reconciliation.iterrows():
        assert row.rows_landed == counts.loc[table_name, "rows_written"], table_name
        assert row.rows_landed == row.rows_staged + row.rows_rejected + row.exact_duplicates_collapsed, table_name
        assert row.exact_duplicates_collapsed == counts.loc[table_name, "exact_duplicates"], table_name


def test_every_injected_bad_row_is_rejected_with_its_reason(warehouse, tiny_build) -> None:
    manifest = _manifest(tiny_build.truth_dir)
    bad_rows = manifest[manifest.expected_reason != "exact duplicate"]
    assert len(bad_rows) >= 10, "the generator injected fewer bad rows than expected"
    missing = []
    for bad in bad_rows.itertuples():
        rejects = query(
            warehouse,
            f"select source_file, record_key, reject_reason from audit.rejects_{bad.table_name}",
        )
        rejects["file"] = rejects.source_file.map(lambda path: Path(path).name)
        found = rejects[
            (rejects.file == bad.source_file)
            & (rejects.record_key.fillna("") == (bad.key_value if isinstance(bad.key_value, str) else ""))
            & rejects.reject_reason.str.contains(bad.expected_reason, regex=False)
        ]
        if found.empty:
            missing.append(f"{bad.table_name} {bad.source_file} key={bad.key_value!r}: {bad.expected_reason}")
    assert not missing, "bad rows not rejected with the expected reason:\n" + "\n".join(missing)


def test_every_reject_reason_kind_is_exercised(tiny_build) -> None:
    reasons = set(_manifest(tiny_build.truth_dir).expected_reason.str.split(":").str[0])
    expected = {
        "required value missing", "unparseable decimal", "unparseable timestamp", "unparseable date",
        "unparseable boolean", "unparseable phone", "value not allowed", "negative amount",
        "timestamp after run time", "end before start", "unknown currency", "conflicting duplicate key",
        "exact duplicate",
    }
    assert expected <= {reason.strip() for reason in reasons}


def test_only_injected_rows_are_rejected(warehouse, tiny_build) -> None:
    counts = _generated_counts(tiny_build.truth_dir)
    reconciliation = query(warehouse, "select * from audit.landing_reconciliation").set_index("table_name")
    manifest = _manifest(tiny_build.truth_dir)
    # A conflicting copy also takes the good row it conflicts with into the rejects.
    originals = manifest[manifest.kind == "conflicting_duplicate_original"].groupby("table_name").size()
    for table_name, row in reconciliation.iterrows():
        expected_rejected = counts.loc[table_name, "bad_rows"] + originals.get(table_name, 0)
        assert row.rows_rejected == expected_rejected, table_name


def test_phones_and_emails_are_normalised(warehouse) -> None:
    phones = query(
        warehouse,
        f"""
        select phone from (
            select contact_value as phone from staging.stg_party_contacts where contact_type = 'phone'
            union all select phone_number from staging.stg_phone_subscriptions
            union all select counterparty_phone from staging.stg_transactions
            union all select contact_phone from staging.stg_online_ads
        ) where phone is not null and not regexp_full_match(phone, '{E164[1:-1]}')
        """,
    )
    assert phones.empty, phones.head()
    emails = query(
        warehouse,
        "select contact_value from staging.stg_party_contacts where contact_type = 'email' and contact_value <> lower(contact_value)",
    )
    assert emails.empty


def test_missing_table_folders_build_as_empty_tables(tmp_path: Path) -> None:
    paths = WarehousePaths(landing_dir=tmp_path / "landing", db_path=tmp_path / "redflags.duckdb", truth_dir=tmp_path / "truth")
    generate(paths.landing_dir, paths.truth_dir, seed=7, scale="tiny", fmt="csv")
    shutil.rmtree(paths.landing_dir / "frontline_observations")
    (paths.landing_dir / "rental_bookings").mkdir(exist_ok=True)
    for file in (paths.landing_dir / "rental_bookings").iterdir():
        file.unlink()
    assert run_dbt(["build", "--select", "landing_reconciliation", "+landing_reconciliation"], paths)
    import duckdb

    with duckdb.connect(str(paths.db_path), read_only=True) as connection:
        counts = dict(connection.execute("select table_name, rows_staged from audit.landing_reconciliation").fetchall())
    assert counts["frontline_observations"] == 0
    assert counts["rental_bookings"] == 0
    assert counts["transactions"] > 0


def test_missing_required_column_names_table_column_and_file(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    landing = tmp_path / "landing"
    (landing / "accounts").mkdir(parents=True)
    (landing / "accounts" / "accounts_2025.csv").write_text(
        "account_id,provider,account_type,currency,opened_at\nA1,Danske Bank,personal,DKK,2025-01-01 09:00:00\n"
    )
    paths = WarehousePaths(landing_dir=landing, db_path=tmp_path / "redflags.duckdb", truth_dir=tmp_path / "truth")
    assert not run_dbt(["build", "--select", "base_accounts"], paths)
    output = capfd.readouterr().out
    assert "Landing table 'accounts': required column 'party_id' is missing from file" in output
    assert "accounts_2025.csv" in output
