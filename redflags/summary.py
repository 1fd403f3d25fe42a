"""What the build did with each landing table, read back from the warehouse."""
from __future__ import annotations

from pathlib import Path

import duckdb

RECONCILIATION_QUERY = """
    select
        table_name,
        rows_landed,
        rows_staged,
        rows_rejected,
        exact_duplicates_collapsed
    from audit.landing_reconciliation
    order by table_name
"""


def landing_summary(db_path: Path) -> list[tuple[str, int, int, int, int]]:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute(RECONCILIATION_QUERY).fetchall()


def format_landing_summary(rows: list[tuple[str, int, int, int, int]]) -> str:
    header = f"{'table':<24}{'landed':>12}{'staged':>12}{'rejected':>10}{'duplicates':>12}"
    lines = [header, "-" * len(header)]
    for table_name, landed, staged, rejected, duplicates in rows:
        lines.append(f"{table_name:<24}{landed:>12,}{staged:>12,}{rejected:>10,}{duplicates:>12,}")
    return "\n".join(lines)
