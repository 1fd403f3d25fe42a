"""What the build did with each landing table, read back from the warehouse."""
from __future__ import annotations

import textwrap
from pathlib import Path

import duckdb

RECONCILIATION_QUERY = """
    select
        table_name,
        files_landed,
        rows_landed,
        rows_staged,
        rows_rejected,
        exact_duplicates_collapsed,
        lines_unreadable
    from audit.landing_reconciliation
    order by table_name
"""

# Currencies that cost rows, so that nobody loses half a partner's data without seeing it.
CURRENCY_REJECTS_QUERY = """
    select
        table_name,
        currency,
        count(*) as rows_rejected
    from (
        select 'transactions' as table_name, currency, _reject_reason from staging.base_transactions
        union all
        select 'accounts', currency, _reject_reason from staging.base_accounts
        union all
        select 'payroll', currency, _reject_reason from staging.base_payroll
    ) as validated
    where _reject_reason like '%unknown currency%'
    group by table_name, currency
    order by rows_rejected desc, table_name, currency
"""

# Files that were read in a way worth knowing: not UTF-8, not comma-delimited, or empty.
UNUSUAL_FILES_QUERY = """
    select
        table_name,
        file_path,
        coalesce(empty_reason, encoding || ', delimiter ' || case delimiter when chr(9) then 'tab' else delimiter end) as how_read
    from landing_meta.files
    where file_format = 'csv'
      and (empty_reason is not null or encoding <> 'UTF-8' or delimiter <> ',')
    order by table_name, file_path
"""

# Files and folders the warehouse did not read, hidden markers (_SUCCESS, .crc) left out.
ENTRIES_NOT_READ_QUERY = """
    select
        coalesce(table_name, '(landing directory)') as location,
        entry_path,
        reason
    from audit.landing_entries_not_read
    where not is_hidden
    order by table_name nulls first, entry_path
"""

# The one period every indicator looked at, and where its end came from.
REPORTING_PERIOD_QUERY = """
    select as_of_date, lookback_start, lookback_days, as_of_basis
    from intermediate.int_reporting_period
"""

# The indicators this landing zone could not feed, worst first (marts.indicator_coverage).
COVERAGE_QUERY = """
    select
        indicator_id,
        indicator_name,
        is_core,
        coverage_status,
        coverage_reason
    from marts.indicator_coverage
    order by
        case coverage_status when 'no_data' then 0 when 'partial' then 1 else 2 end,
        indicator_id
"""


def landing_summary(db_path: Path) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(RECONCILIATION_QUERY).fetchall()


def currency_rejects(db_path: Path) -> list[tuple[str, str, int]]:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(CURRENCY_REJECTS_QUERY).fetchall()


def unusual_files(db_path: Path) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(UNUSUAL_FILES_QUERY).fetchall()


def entries_not_read(db_path: Path) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(ENTRIES_NOT_READ_QUERY).fetchall()


def reporting_period(db_path: Path) -> tuple | None:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(REPORTING_PERIOD_QUERY).fetchone()


def format_reporting_period(row: tuple | None) -> str:
    if row is None:
        return "Reporting period: none (intermediate.int_reporting_period is empty)"
    as_of_date, lookback_start, lookback_days, basis = row
    return (f"Reporting period: {lookback_start} to {as_of_date} ({lookback_days} days; as-of date from the {basis}). "
            "Records outside it are staged but no indicator looks at them.")


def indicator_coverage(db_path: Path) -> list[tuple[str, str, bool, str, str]]:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(COVERAGE_QUERY).fetchall()


def format_indicator_coverage(rows: list[tuple[str, str, bool, str, str]]) -> str:
    """The indicators that could not run (no_data) or ran with a blind spot (partial), with the reason."""
    counts = {status: sum(1 for row in rows if row[3] == status) for status in ("ready", "partial", "no_data")}
    header = (f"Indicator coverage (marts.indicator_coverage): {counts['ready']} ready, {counts['partial']} partial, "
              f"{counts['no_data']} no_data of {len(rows)}")
    if counts["ready"] == len(rows):
        return header + ": every indicator has the data it needs."
    lines = [header + ". Indicators that could not run on this data, or ran without part of it:"]
    for indicator_id, name, is_core, status, reason in rows:
        if status == "ready":
            continue
        core = " (core)" if is_core else ""
        lines.append(f"  {status:<8}{indicator_id} {name}{core}")
        lines.append(textwrap.fill(reason, width=110, initial_indent="            ", subsequent_indent="            "))
    return "\n".join(lines)


def format_landing_summary(rows: list[tuple]) -> str:
    header = f"{'table':<24}{'files':>6}{'landed':>12}{'staged':>12}{'rejected':>10}{'duplicates':>12}{'unreadable':>12}"
    lines = [header, "-" * len(header)]
    for table_name, files, landed, staged, rejected, duplicates, unreadable in rows:
        lines.append(
            f"{table_name:<24}{files:>6}{landed:>12,}{staged:>12,}{rejected:>10,}{duplicates:>12,}{unreadable:>12,}"
        )
    return "\n".join(lines)


def format_currency_rejects(rows: list[tuple[str, str, int]]) -> str:
    if not rows:
        return "Every currency converted to DKK (fx_rates or the reference rates)."
    lines = ["Rows rejected for a currency without a rate (add it to the landing table fx_rates):"]
    lines += [f"  {table_name:<14}{currency or '<null>':<8}{count:>10,}" for table_name, currency, count in rows]
    return "\n".join(lines)


def format_unusual_files(rows: list[tuple[str, str, str]]) -> str:
    if not rows:
        return ""
    return "\n".join(["CSV files read as other systems wrote them:"]
                     + [f"  {table_name:<24}{Path(path).name}: {how}" for table_name, path, how in rows])


def format_entries_not_read(rows: list[tuple[str, str, str]]) -> str:
    if not rows:
        return ""
    lines = [f"{len(rows)} file(s) or folder(s) in the landing zone NOT READ (audit.landing_entries_not_read); "
             "their rows are in no table:"]
    for location, path, reason in rows:
        lines.append(f"  {location:<24}{Path(path).name}: {reason}")
    return "\n".join(lines)
