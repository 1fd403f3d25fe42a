"""Daily loads: a new day's file is typed alone, and the warehouse equals a full rebuild.

A tiny landing zone (bad rows injected) is split into a history and one new
day of bookings. The day's file also carries an exact copy of a booking from
the history and a conflicting version of another, so verdicts that span old
and new files must be decided again. The history is built, a history row is
marked in the typed table, the day's file lands and the warehouse is built
incrementally: the mark survives (history was not typed again) and every
table and view the project builds equals a full rebuild of the same files.
Then a history file is replaced under the same name with one amount changed:
the incremental build types that file again and again equals a full rebuild.
In the same delivery, the file holding the staged copy of the booking the
day copied is removed: the other copy becomes the booking. Last, an account's
holder changes in the accounts file: the stored bookings of
int_transactions_joined_to_holders that name that account, as holder or as
counterparty, are rewritten, and the warehouse again equals a full rebuild.
The replaced-file case starts from a joined table built before it had
fingerprints: it upgrades in place.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from redflags.dbt_runner import run_dbt
from redflags.generator import generate
from redflags.landing_days import split_last_booking_day
from redflags.paths import WarehousePaths
from warehouse_comparison import row_differences, sorted_rows, table_columns

BUILT_SCHEMAS = ("staging", "intermediate", "indicators", "marts", "audit")
# Bookkeeping that records the order in which rows arrived, which a rebuild
# cannot know: a row typed before its key's copy landed is not marked, the
# copy is (macros/staging/landing_rows_typed.sql). Compared as a column, not
# as values; what it decides (the key verdicts) is compared in full.
ARRIVAL_ORDER_COLUMNS = {"_key_may_repeat"}


def _paths(landing: Path, database: Path) -> WarehousePaths:
    return WarehousePaths(landing_dir=landing, db_path=database, truth_dir=landing.parent / "truth")


def _build(landing: Path, database: Path) -> None:
    assert run_dbt(["build", "--resource-type", "seed", "--resource-type", "model"], _paths(landing, database)), f"dbt build (seeds, models) failed on {landing} into {database}"


def _add_copies_of_history(day_file: Path, history_file: str, copied_txn: str, conflicting_txn: str) -> None:
    """An exact copy of one history booking and a conflicting version of another arrive with the day."""
    connection = duckdb.connect()
    history = f"read_parquet('{history_file}')"
    amount_type = _column_type(connection, Path(history_file), "amount")
    connection.execute(
        f"copy (select * from read_parquet('{day_file}') "
        f"union all (select * from {history} where txn_id = '{copied_txn}') "
        f"union all (select * replace (cast('4321.09' as {amount_type}) as amount) from {history} "
        f"           where txn_id = '{conflicting_txn}')) "
        f"to '{day_file}.tmp' (format parquet)"
    )
    connection.close()
    Path(f"{day_file}.tmp").replace(day_file)


def _column_type(connection: duckdb.DuckDBPyConnection, path: Path, column: str) -> str:
    return connection.execute(f"select {column} from read_parquet('{path}') limit 0").description[0][1].__str__()


def _assert_same_warehouse(incremental: Path, full: Path) -> None:
    with duckdb.connect(str(incremental), read_only=True) as built_incrementally, \
            duckdb.connect(str(full), read_only=True) as rebuilt:
        incremental_tables, rebuilt_tables = table_columns(built_incrementally, BUILT_SCHEMAS), table_columns(rebuilt, BUILT_SCHEMAS)
        assert incremental_tables == rebuilt_tables, "the two builds hold different tables, columns or types"
        assert any(name.startswith("marts.") for name in rebuilt_tables)
        assert any(name.startswith("indicators.") for name in rebuilt_tables)
        differences = []
        for table, all_columns in sorted(rebuilt_tables.items()):
            columns = [column for column in all_columns if column[0] not in ARRIVAL_ORDER_COLUMNS]
            differences += row_differences(table, columns, sorted_rows(built_incrementally, table, columns),
                                           sorted_rows(rebuilt, table, columns), ("the incremental build", "the rebuild"))
    assert not differences, f"{len(differences)} difference(s) from a full rebuild:\n" + "\n".join(differences[:60])


def _landing_state(landing: Path) -> tuple:
    return tuple(sorted((str(path), path.stat().st_size, path.stat().st_mtime_ns) for path in landing.rglob("*") if path.is_file()))


# The last full rebuild and the landing zone it was built from: a test that
# needs a warehouse of the landing zone as it is starts from a copy of it
# instead of building again (each build of the tiny zone costs seconds).
_last_rebuild: dict[str, object] = {}


def _rebuild(landing: Path, database: Path) -> None:
    _build(landing, database)
    _last_rebuild.update(state=_landing_state(landing), database=database)


def _warehouse_of(landing: Path, database: Path) -> None:
    """A warehouse built from the landing zone as it is now: a copy of the last rebuild when it matches."""
    if _last_rebuild.get("state") == _landing_state(landing):
        database.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(_last_rebuild["database"], database)
    else:
        _build(landing, database)


@pytest.fixture(scope="module")
def landing_with_history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    root = tmp_path_factory.mktemp("daily")
    landing = root / "landing"
    generate(landing, root / "truth", seed=11, scale="tiny", inject_bad_rows=True)
    day_file = root / "day.parquet"
    last_day = str(split_last_booking_day(landing, day_file))
    return landing, day_file, last_day


def test_a_new_day_is_typed_alone_and_equals_a_full_rebuild(landing_with_history, tmp_path: Path) -> None:
    landing, day_file, last_day = landing_with_history
    incremental = tmp_path / "incremental" / "redflags.duckdb"
    _build(landing, incremental)

    connection = duckdb.connect(str(incremental))
    history_file, copied_txn, conflicting_txn = connection.execute(
        "select min(_source_file), min(txn_id), max(txn_id) from ("
        "  select _source_file, txn_id from staging.base_transactions"
        "  where _reject_reason is null and not _is_exact_duplicate"
        "    and _source_file = (select min(_source_file) from staging.base_transactions where _source_file like '%.parquet')"
        "  order by txn_id limit 2)"
    ).fetchone()
    # The mark: a history row's _key_may_repeat turned on by hand. Typing the
    # row again would turn it off (its key lands once), and the comparison
    # with a rebuild ignores the column's values, so the mark can stay.
    marked = connection.execute(
        "select _source_file, _source_row from staging.base_transactions_typed"
        " where _row_problem is null and not _key_may_repeat and txn_id not in (?, ?)"
        " order by _source_file, _source_row limit 1", [copied_txn, conflicting_txn]
    ).fetchone()
    connection.execute("update staging.base_transactions_typed set _key_may_repeat = true "
                       "where _source_file = ? and _source_row = ?", list(marked))
    days_before = connection.execute("select count(*) from staging.stg_transactions where cast(booked_at as date) = ?",
                                     [last_day]).fetchone()[0]
    connection.close()
    assert days_before == 0

    _add_copies_of_history(day_file, history_file, copied_txn, conflicting_txn)
    shutil.copy(day_file, landing / "transactions" / f"day-{last_day}.parquet")
    _build(landing, incremental)

    connection = duckdb.connect(str(incremental))
    still_marked = connection.execute("select _key_may_repeat from staging.base_transactions_typed "
                                      "where _source_file = ? and _source_row = ?", list(marked)).fetchone()[0]
    new_day = connection.execute("select count(*) from staging.stg_transactions where cast(booked_at as date) = ?",
                                 [last_day]).fetchone()[0]
    copies = connection.execute("select count(*), count(*) filter (where _is_exact_duplicate) "
                                "from staging.base_transactions where txn_id = ?", [copied_txn]).fetchone()
    versions = connection.execute("select count(*) filter (where _reject_reason = 'conflicting duplicate key') "
                                  "from staging.base_transactions where txn_id = ?", [conflicting_txn]).fetchone()[0]
    connection.close()
    assert still_marked, "the incremental build typed the history again"
    assert new_day > 0
    assert copies == (2, 1), "a history booking copied into the day's file is not collapsed"
    assert versions == 2, "a history booking in conflict with the day's file is not rejected in both versions"

    full = tmp_path / "full" / "redflags.duckdb"
    _rebuild(landing, full)
    _assert_same_warehouse(incremental, full)


def test_a_file_replaced_under_its_name_is_typed_again_and_a_removed_one_takes_its_rows(landing_with_history,
                                                                                      tmp_path: Path) -> None:
    """One delivery replaces a history file under its name (one amount
    changed) and removes the file that holds the staged copy of a booking that
    landed twice (the new-day test's copy): the other copy, collapsed until
    now though typed as a repeat, must be staged. Also: the warehouse was
    built before int_transactions_joined_to_holders stored fingerprints; the
    incremental build adds the column and rewrites every row once, without a
    --full-refresh."""
    landing, _, _ = landing_with_history
    incremental = tmp_path / "incremental" / "redflags.duckdb"
    _warehouse_of(landing, incremental)
    with duckdb.connect(str(incremental)) as connection:
        connection.execute("alter table intermediate.int_transactions_joined_to_holders drop column _row_fingerprint")
        copied = connection.execute(
            "select txn_id from staging.base_transactions where _is_exact_duplicate order by txn_id limit 1").fetchone()
        assert copied is not None, "no booking landed twice: run the new-day test first (it lands the copy)"
        kept_file, collapsed_file = connection.execute(
            "select max(_source_file) filter (where not _is_exact_duplicate), max(_source_file) filter (where _is_exact_duplicate)"
            " from staging.base_transactions where txn_id = ?", [copied[0]]).fetchone()

    replaced = sorted((landing / "transactions").glob("part-*.parquet"))[-1]
    connection = duckdb.connect()
    first_txn = connection.execute(f"select min(txn_id) from read_parquet('{replaced}') where try_cast(amount as double) > 0").fetchone()[0]
    amount_type = _column_type(connection, replaced, "amount")
    connection.execute(
        f"copy (select * replace (case when txn_id = '{first_txn}' then cast('98765.43' as {amount_type}) else amount end as amount) "
        f"from read_parquet('{replaced}')) to '{replaced}.new' (format parquet)"
    )
    connection.close()
    Path(f"{replaced}.new").replace(replaced)
    assert kept_file not in (str(replaced), collapsed_file)
    Path(kept_file).unlink()
    _build(landing, incremental)

    connection = duckdb.connect(str(incremental), read_only=True)
    amount = connection.execute("select amount from staging.stg_transactions where txn_id = ?", [first_txn]).fetchone()
    rows, fingerprinted = connection.execute(
        "select count(*), count(_row_fingerprint) from intermediate.int_transactions_joined_to_holders").fetchone()
    staged_copy = connection.execute("select _source_file, _is_exact_duplicate, _reject_reason "
                                     "from staging.base_transactions where txn_id = ?", [copied[0]]).fetchall()
    connection.close()
    assert amount is not None and float(amount[0]) == 98765.43
    assert rows > 0 and fingerprinted == rows, "the joined table built without fingerprints did not get them"
    assert staged_copy == [(collapsed_file, False, None)], f"{copied[0]} after its staged copy's file was removed: {staged_copy}"

    full = tmp_path / "full" / "redflags.duckdb"
    _rebuild(landing, full)
    _assert_same_warehouse(incremental, full)


def test_a_changed_account_holder_reaches_the_stored_bookings(landing_with_history, tmp_path: Path) -> None:
    """int_transactions_joined_to_holders keeps unchanged bookings: those of an
    account whose holder changed must be rewritten, as holder and as counterparty."""
    landing, _, _ = landing_with_history
    incremental = tmp_path / "incremental" / "redflags.duckdb"
    _warehouse_of(landing, incremental)

    connection = duckdb.connect(str(incremental), read_only=True)
    account_id, old_holder, new_holder = connection.execute(
        "select account_id, holder_party_id,"
        "       (select min(party_id) from staging.stg_parties where party_id <> joined.holder_party_id)"
        " from intermediate.int_transactions_joined_to_holders as joined"
        " where holder_party_id is not null and account_id in ("
        "     select counterparty_account_id from intermediate.int_transactions_joined_to_holders)"
        " order by account_id limit 1"
    ).fetchone()
    connection.close()

    accounts_file = next(path for path in sorted((landing / "accounts").glob("*.parquet"))
                         if duckdb.execute(f"select count(*) from read_parquet('{path}') where account_id = ?",
                                           [account_id]).fetchone()[0])
    duckdb.execute(
        f"copy (select * replace (case when account_id = '{account_id}' then '{new_holder}' else party_id end as party_id) "
        f"from read_parquet('{accounts_file}')) to '{accounts_file}.new' (format parquet)"
    )
    Path(f"{accounts_file}.new").replace(accounts_file)
    _build(landing, incremental)

    connection = duckdb.connect(str(incremental), read_only=True)
    holders = connection.execute(
        "select distinct holder_party_id from intermediate.int_transactions_joined_to_holders where account_id = ?",
        [account_id]).fetchall()
    counterparties = connection.execute(
        "select distinct counterparty_party_id from intermediate.int_transactions_joined_to_holders"
        " where counterparty_account_id = ?", [account_id]).fetchall()
    connection.close()
    assert old_holder != new_holder
    assert holders == [(new_holder,)], f"bookings on {account_id} still name their old holder"
    assert counterparties == [(new_holder,)], f"bookings paying {account_id} still name its old holder"

    full = tmp_path / "full" / "redflags.duckdb"
    _rebuild(landing, full)
    _assert_same_warehouse(incremental, full)


