"""The file listing's account of what it does not read (redflags/landing_files.py, not_read).

A partner's .tsv, .csv.gz or sub-folder in a table folder, or a misspelt table
folder, holds rows the warehouse never parses: each must be listed with a
reason, never passed over in silence. Markers that Hadoop and Spark write
beside their data (_SUCCESS, .crc) are listed as hidden.
"""
from __future__ import annotations

import json
from pathlib import Path

from redflags.landing_files import inventory, inventory_json, not_read

TABLES = ["accounts", "parties", "transactions"]


def _landing(tmp_path: Path) -> Path:
    landing = tmp_path / "landing"
    (landing / "transactions" / "2024").mkdir(parents=True)
    (landing / "parties").mkdir()
    (landing / "Accounts").mkdir()
    (landing / "transactions" / "part-0.csv").write_text("txn_id\nT1\n", encoding="utf-8")
    (landing / "transactions" / "part-1.PARQUET").write_bytes(b"")
    (landing / "transactions" / "bank export.tsv").write_text("txn_id\nT2\n", encoding="utf-8")
    (landing / "transactions" / "december.csv.gz").write_bytes(b"\x1f\x8b")
    (landing / "transactions" / "_SUCCESS").write_bytes(b"")
    (landing / "parties" / ".part-0.parquet.crc").write_bytes(b"crc")
    (landing / "notes.txt").write_text("delivered 2026-12-01\n", encoding="utf-8")
    return landing


def _by_name(entries) -> dict[str, object]:
    return {Path(entry.path).name: entry for entry in entries}


def test_every_entry_is_read_or_listed_with_a_reason(tmp_path: Path) -> None:
    landing = _landing(tmp_path)
    read = {Path(file.path).name for table in inventory(str(landing), TABLES) for file in table.files}
    entries = _by_name(not_read(str(landing), TABLES))
    assert read == {"part-0.csv", "part-1.PARQUET"}
    assert set(entries) == {"2024", "bank export.tsv", "december.csv.gz", "_SUCCESS", ".part-0.parquet.crc",
                            "Accounts", "notes.txt"}
    assert all(entry.reason for entry in entries.values())


def test_where_each_entry_is_and_why_it_was_not_read(tmp_path: Path) -> None:
    entries = _by_name(not_read(str(_landing(tmp_path)), TABLES))
    tsv = entries["bank export.tsv"]
    assert (tsv.table_name, tsv.entry_type, tsv.is_hidden, tsv.size_bytes) == ("transactions", "file", False, 10)
    assert "neither .parquet nor .csv" in tsv.reason
    assert "compressed" in entries["december.csv.gz"].reason
    assert (entries["2024"].entry_type, entries["2024"].size_bytes) == ("folder", None)
    assert "inside the table's folder" in entries["2024"].reason
    # A table folder named in another case is not the table's folder on a case-sensitive file system.
    assert entries["Accounts"].table_name is None and entries["Accounts"].reason.endswith("(is it accounts?)")
    assert "landing directory itself" in entries["notes.txt"].reason


def test_hadoop_markers_are_hidden_and_data_files_are_not(tmp_path: Path) -> None:
    entries = _by_name(not_read(str(_landing(tmp_path)), TABLES))
    assert {name for name, entry in entries.items() if entry.is_hidden} == {"_SUCCESS", ".part-0.parquet.crc"}


def test_a_landing_zone_holding_only_its_tables_has_nothing_unread(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    (landing / "transactions").mkdir(parents=True)
    (landing / "transactions" / "part-0.csv").write_text("txn_id\nT1\n", encoding="utf-8")
    assert not_read(str(landing), TABLES) == []


def test_the_macro_gets_the_entries_beside_the_tables(tmp_path: Path) -> None:
    document = json.loads(inventory_json(str(_landing(tmp_path)), json.dumps(TABLES), None))
    assert document["error"] is None
    assert {Path(entry["path"]).name for entry in document["not_read"]} >= {"bank export.tsv", "2024"}
