"""A landing zone written by other systems than our generator, built in one run.

The tiny generated zone is copied under a folder named `partner's landing [2026]`
(a quote for SQL, brackets for glob) and extra transaction files are added as
partners' systems write them: Windows-1252 with æøå and a euro sign, a Danish
semicolon export with 1.234,56 and CRLF, a file with ragged lines and an
unterminated quote in the middle, zero-byte, BOM-only and header-only files, a
file whose name is an SQL injection, timestamps with offsets; and files the
contract does not read (a .tsv, a .csv.gz, a sub-folder, a misspelt table
folder), a Parquet file of float64 rates as pandas writes them, and Parquet
files of other columns than the generator's. The build must succeed, every line must be accounted for, every entry
not read must be listed, and nothing outside the project's schemas may appear.
"""
from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pandas_floats import RATES, texts_as_meant, write_pandas_floats
from redflags.dbt_runner import DbtRun, invoke_dbt
from redflags.paths import WarehousePaths
from redflags.summary import entries_not_read, format_entries_not_read, format_reporting_period, reporting_period

HEADER = "txn_id,account_id,booked_at,direction,amount,currency,channel,counterparty_name"
INJECTION_NAME = "x'); create table main.pwned_probe as select 42 as v; --.csv"
PROJECT_SCHEMAS = {
    "main", "landing", "landing_meta", "staging", "reference", "intermediate", "indicators", "marts", "audit",
}


def _an_account(landing: Path) -> str:
    """An account the generator wrote, from its own folder (no brackets in that path)."""
    files = sorted(str(path) for path in (landing / "accounts").glob("part-*"))
    reader = "read_parquet" if files[0].endswith(".parquet") else "read_csv"
    with duckdb.connect() as connection:
        return connection.execute(f"select account_id from {reader}(?) where account_id is not null limit 1", [files[0]]).fetchone()[0]


def _write_hostile_files(landing: Path, account: str) -> dict[str, Path]:
    folder = landing / "transactions"
    files = {
        "windows_1252": folder / "vendor export æøå.csv",
        "danish": folder / "danske_bank;export.csv",
        "ragged": folder / "ragged [lines].csv",
        "zero_byte": folder / "empty.csv",
        "bom_only": folder / "bom only.csv",
        "header_only": folder / "header only.csv",
        "injection": folder / INJECTION_NAME,
        "time_zones": folder / "zones*?.csv",
    }
    files["windows_1252"].write_bytes(
        (HEADER + "\r\n"
         f"HX-CP-1,{account},2025-03-04 10:00:00,out,100.00,DKK,card,Søren Æblegård\r\n"
         f"HX-CP-2,{account},2025-03-04 11:00:00,out,7.50,EUR,card,Café “Ø” €\r\n").encode("cp1252")
    )
    files["danish"].write_bytes(
        (HEADER.replace(",", ";") + "\r\n"
         f"HX-DK-1;{account};2025-03-05 09:00:00;in;1.234,56;DKK;transfer;Løn\r\n"
         f"HX-DK-2;{account};2025-03-05 09:30:00;in;12.50;DKK;transfer;Plain dot decimal\r\n").encode("utf-8")
    )
    files["ragged"].write_text(
        HEADER + "\n"
        f"HX-RG-1,{account},2025-03-06 09:00:00,out,10.00,DKK,card,Fine before\n"
        f"HX-RG-2,{account},2025-03-06 09:05:00,out,11.00,DKK,card\n"
        f"HX-RG-3,{account},2025-03-06 09:10:00,out,12.00,DKK,card,Too,many\n"
        f"HX-RG-4,{account},2025-03-06 09:15:00,out,13.00,DKK,card,\"Unterminated\n"
        f"HX-RG-5,{account},2025-03-06 09:20:00,out,12.555,DKK,card,Fine after\n"
        f"HX-RG-6,{account},2025-03-06 09:25:00,out,14.00,DKK,card,\"Two\nlines\"\n",
        encoding="utf-8",
    )
    files["zero_byte"].write_bytes(b"")
    files["bom_only"].write_bytes(b"\xef\xbb\xbf")
    files["header_only"].write_text(HEADER + "\n", encoding="utf-8")
    files["injection"].write_text(HEADER + "\n" f"HX-INJ-1,{account},2025-03-07 09:00:00,out,1.00,DKK,card,Probe\n",
                                  encoding="utf-8")
    files["time_zones"].write_text(
        HEADER + "\n"
        f"HX-TZ-1,{account},2025-03-01T10:00:00+02:00,out,1.00,DKK,card,Winter offset\n"
        f"HX-TZ-2,{account},2025-07-01T10:00:00Z,out,1.00,DKK,card,Summer UTC\n"
        f"HX-TZ-3,{account},2025-07-01 10:00:00,out,1.00,DKK,card,Local\n",
        encoding="utf-8",
    )
    files["zoned_parquet"] = folder / "zoned timestamps.parquet"
    # A Parquet TIMESTAMP WITH TIME ZONE holds instants (UTC): winter and summer.
    pq.write_table(pa.table({
        "txn_id": ["HX-PQ-1", "HX-PQ-2"],
        "account_id": [account, account],
        "booked_at": pa.array([datetime(2025, 1, 15, 10, tzinfo=timezone.utc), datetime(2025, 7, 15, 10, tzinfo=timezone.utc)],
                              pa.timestamp("us", tz="UTC")),
        "direction": ["out", "out"],
        "amount": [1.0, 1.0],
        "currency": ["DKK", "DKK"],
        "channel": ["card", "card"],
    }), files["zoned_parquet"])
    # Two files of the same columns, one of them named as the column a grouped
    # Parquet read gives the file names in: each row must still name its own file.
    for number in (1, 2):
        files[f"file_column_{number}"] = folder / f"with file column {number}.parquet"
        pq.write_table(pa.table({
            "txn_id": [f"HX-FC-{number}"],
            "account_id": [account],
            "booked_at": ["2025-03-09 09:00:00"],
            "direction": ["out"],
            "amount": ["2.00"],
            "currency": ["DKK"],
            "channel": ["card"],
            "_redflags_landed_file": ["not a path"],
        }), files[f"file_column_{number}"])
    return files


def _write_entries_not_read(landing: Path, account: str) -> None:
    """What a partner may put where the contract does not look: none of it may vanish without a word."""
    folder = landing / "transactions"
    (folder / "bank export.tsv").write_text(
        HEADER.replace(",", "\t") + "\n" + f"HX-TSV-1\t{account}\t2025-03-08 09:00:00\tout\t1.00\tDKK\tcard\tTab\n",
        encoding="utf-8")
    (folder / "december.csv.gz").write_bytes(b"\x1f\x8b")
    (folder / "_SUCCESS").write_bytes(b"")
    (folder / "2024").mkdir()
    (landing / "transaction").mkdir()


@pytest.fixture(scope="module")
def hostile_run(tiny_generated: dict[str, int], tiny_paths: WarehousePaths,
                tmp_path_factory: pytest.TempPathFactory) -> tuple[WarehousePaths, DbtRun]:
    root = tmp_path_factory.mktemp("hostile") / "partner's landing [2026]"
    landing = root / "landing"
    shutil.copytree(tiny_paths.landing_dir, landing)
    account = _an_account(tiny_paths.landing_dir)
    _write_hostile_files(landing, account)
    _write_entries_not_read(landing, account)
    write_pandas_floats(landing)
    paths = WarehousePaths(landing_dir=landing, db_path=root / "redflags.duckdb", truth_dir=tiny_paths.truth_dir)
    run = invoke_dbt(["build", "--exclude-resource-type", "unit_test"], paths)
    assert run.success, "dbt build failed on the hostile landing zone"
    return paths, run


@pytest.fixture(scope="module")
def hostile(hostile_run: tuple[WarehousePaths, DbtRun]):
    connection = duckdb.connect(str(hostile_run[0].db_path), read_only=True)
    yield connection
    connection.close()


def _staged(connection, txn_id: str) -> tuple:
    return connection.execute(
        "select amount, amount_dkk, booked_at, counterparty_name from staging.stg_transactions where txn_id = ?", [txn_id]
    ).fetchone()


def test_every_line_is_accounted_for(hostile) -> None:
    rows = hostile.execute(
        "select table_name, rows_landed, rows_staged + rows_rejected + exact_duplicates_collapsed + lines_unreadable "
        "from audit.landing_reconciliation"
    ).fetchall()
    assert rows and all(landed == accounted for _, landed, accounted in rows), rows
    landed = dict(hostile.execute("select table_name, rows_landed from audit.landing_reconciliation").fetchall())
    assert landed["transactions"] > 0


def test_ragged_lines_go_to_unreadable_lines_and_the_rest_of_the_file_is_read(hostile) -> None:
    unreadable = hostile.execute(
        "select line_number, raw_line, reason from audit.rejects_unreadable_lines "
        "where file_path like '%ragged [lines].csv' order by line_number"
    ).fetchall()
    assert [(line, reason.split(":")[0]) for line, _, reason in unreadable] == [
        (3, "too few fields"), (4, "too many fields"), (5, "unterminated or stray quote"),
    ]
    assert unreadable[2][1].endswith('"Unterminated')
    for txn_id in ("HX-RG-1", "HX-RG-5", "HX-RG-6"):
        assert _staged(hostile, txn_id) is not None, f"{txn_id} was not staged"
    assert _staged(hostile, "HX-RG-6")[3] == "Two\nlines"


def test_precision_is_kept_and_only_dkk_rounds(hostile) -> None:
    amount, amount_dkk, _, _ = _staged(hostile, "HX-RG-5")
    assert str(amount).rstrip("0") == "12.555"
    assert float(amount_dkk) == 12.56


def test_windows_1252_file_is_decoded_and_recorded(hostile) -> None:
    assert _staged(hostile, "HX-CP-1")[3] == "Søren Æblegård"
    assert _staged(hostile, "HX-CP-2")[3] == "Café “Ø” €"
    encoding, delimiter = hostile.execute(
        "select encoding, delimiter from landing_meta.files where file_path like '%vendor export æøå.csv'"
    ).fetchone()
    assert (encoding, delimiter) == ("windows-1252", ",")


def test_danish_semicolon_export_reads_danish_numbers(hostile) -> None:
    assert float(_staged(hostile, "HX-DK-1")[0]) == 1234.56
    assert float(_staged(hostile, "HX-DK-2")[0]) == 12.50
    assert hostile.execute(
        "select delimiter from landing_meta.files where file_path like '%danske_bank;export.csv'"
    ).fetchone() == (";",)


def test_empty_files_are_empty_not_errors(hostile) -> None:
    reasons = dict(hostile.execute(
        "select regexp_extract(file_path, '[^/]+$'), empty_reason from landing_meta.files where rows_in_file = 0 "
        "and table_name = 'transactions'"
    ).fetchall())
    assert reasons == {"empty.csv": "zero bytes", "bom only.csv": "byte-order mark only", "header only.csv": "header only"}


def test_file_names_are_data_not_code(hostile) -> None:
    assert _staged(hostile, "HX-INJ-1") is not None
    source_file = hostile.execute(
        "select _source_file from staging.base_transactions where txn_id = 'HX-INJ-1'"
    ).fetchone()[0]
    assert source_file.endswith(INJECTION_NAME) and "partner's landing [2026]" in source_file
    schemas = {schema for (schema,) in hostile.execute("select distinct table_schema from information_schema.tables").fetchall()}
    assert schemas <= PROJECT_SCHEMAS, schemas - PROJECT_SCHEMAS
    assert not hostile.execute("select * from information_schema.tables where table_name = 'pwned_probe'").fetchall()


def test_offsets_convert_to_danish_local_time(hostile) -> None:
    # 10:00 at +02:00 is 08:00 UTC, 09:00 in Copenhagen in March (CET, +01:00);
    # 10:00 UTC in July is 12:00 in Copenhagen (CEST, +02:00); no offset is already local.
    assert str(_staged(hostile, "HX-TZ-1")[2]) == "2025-03-01 09:00:00"
    assert str(_staged(hostile, "HX-TZ-2")[2]) == "2025-07-01 12:00:00"
    assert str(_staged(hostile, "HX-TZ-3")[2]) == "2025-07-01 10:00:00"


def test_parquet_timestamp_with_time_zone_lands_at_danish_local_time(hostile) -> None:
    # 10:00 UTC is 11:00 in Copenhagen in January (CET) and 12:00 in July (CEST).
    assert str(_staged(hostile, "HX-PQ-1")[2]) == "2025-01-15 11:00:00"
    assert str(_staged(hostile, "HX-PQ-2")[2]) == "2025-07-15 12:00:00"


def test_entries_not_read_are_listed_and_warned_about(hostile, hostile_run) -> None:
    entries = dict(hostile.execute(
        "select regexp_extract(entry_path, '[^/]+$'), concat_ws(' | ', coalesce(table_name, '-'), entry_type, is_hidden, reason) "
        "from audit.landing_entries_not_read"
    ).fetchall())
    assert set(entries) == {"bank export.tsv", "december.csv.gz", "_SUCCESS", "2024", "transaction"}, entries
    assert entries["bank export.tsv"].startswith("transactions | file | false | neither .parquet nor .csv")
    assert entries["transaction"].startswith("- | folder | false | a folder that is not one of the contract's tables")
    assert entries["_SUCCESS"].startswith("transactions | file | true")
    assert _staged(hostile, "HX-TSV-1") is None
    assert "observe_landing_entries_all_read" in hostile_run[1].nodes_with("warn")


def test_parquet_files_of_the_same_columns_are_read_together_and_each_row_names_its_file(hostile) -> None:
    files = {path for (path,) in hostile.execute(
        "select file_path from landing_meta.files where table_name = 'transactions' and file_format = 'parquet'").fetchall()}
    named = {path for (path,) in hostile.execute(
        "select distinct _source_file from landing.transactions where _delimiter is null").fetchall()}
    assert named == files and len(files) >= 5, (named, files)
    # The generator's parts in one read, the zoned file in another, the two files with that column in a third.
    view = hostile.execute(
        "select sql from duckdb_views() where schema_name = 'landing' and view_name = 'transactions'").fetchone()[0]
    assert view.count("read_parquet(") == 3, view
    for number in (1, 2):
        source_file = hostile.execute(
            "select _source_file from staging.base_transactions where txn_id = ?", [f"HX-FC-{number}"]).fetchone()[0]
        assert source_file.endswith(f"with file column {number}.parquet")
    assert hostile.execute(
        "select count(distinct _source_file) from staging.base_transactions where txn_id like 'HX-PQ-%'").fetchone()[0] == 1


def test_parquet_doubles_land_as_the_text_their_writer_meant(hostile) -> None:
    landed = texts_as_meant(hostile.execute(
        "select currency, dkk_per_unit from landing.fx_rates where _source_file like '%pandas floats.parquet'").fetchall())
    assert landed == {currency: (str(meant), meant) for currency, (_, meant) in RATES.items()}


def test_the_build_summary_names_what_was_not_read_and_the_period(hostile_run) -> None:
    printed = format_entries_not_read(entries_not_read(hostile_run[0].db_path))
    assert printed.startswith("4 file(s) or folder(s) in the landing zone NOT READ"), printed
    assert "bank export.tsv: neither .parquet nor .csv" in printed and "_SUCCESS" not in printed
    assert "transaction: a folder that is not one of the contract's tables (is it transactions?)" in printed
    period = format_reporting_period(reporting_period(hostile_run[0].db_path))
    assert period.startswith("Reporting period: ") and "as-of date from the latest booking" in period, period
