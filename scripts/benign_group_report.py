"""Print how the warehouse scores each benign background group of the generator.

    .venv/bin/python scripts/benign_group_report.py --db data/redflags.duckdb --truth data/truth [--markdown]

Joins truth/background_groups (written by `redflags generate`) to marts.fct_red_flags and
marts.risk_entities: per benign group, its entities, how many of them each indicator flags, and
how many are in the watch and alert tiers; then the same for Danish and non-Danish benign persons
(the planted scenarios' side parties left out).
An entity in several groups counts in each. A diagnostic for the people tuning rules and scoring,
not a test: it asserts nothing.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import pandas as pd

from redflags.truth_files import read_truth_table

GROUP_COLUMNS = ["entity_type", "entity_id", "benign_group", "is_danish", "nationality"]


def report(db: Path, truth_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    groups = read_truth_table(truth_dir, "background_groups", GROUP_COLUMNS)
    if groups["is_danish"].dtype == object:      # read from CSV: 'true', 'false' or ''
        groups["is_danish"] = groups["is_danish"].map({"true": True, "false": False, True: True, False: False})
    con = duckdb.connect(str(db), read_only=True)
    con.register("background_groups", groups)
    flags = con.sql("""
        select g.benign_group, f.indicator_id, count(distinct g.entity_type || g.entity_id) as flagged
        from background_groups g
        join marts.fct_red_flags f on f.entity_type = g.entity_type and f.entity_id = g.entity_id
        group by all
    """).df()
    tiers = con.sql("""
        select g.benign_group, count(*) as entities,
               count(r.entity_id) as in_mart,
               count(*) filter (where r.risk_tier = 'watch') as watch,
               count(*) filter (where r.risk_tier = 'alert') as alert
        from background_groups g
        left join marts.risk_entities r on r.entity_type = g.entity_type and r.entity_id = g.entity_id
        group by all
    """).df()
    by_origin = con.sql("""
        select case when g.is_danish then 'Danish' else 'non-Danish' end as persons,
               count(distinct g.entity_id) as entities,
               count(distinct g.entity_id) filter (where r.risk_tier = 'watch') as watch,
               count(distinct g.entity_id) filter (where r.risk_tier = 'alert') as alert
        from background_groups g
        left join marts.risk_entities r on r.entity_type = g.entity_type and r.entity_id = g.entity_id
        where g.is_danish is not null and g.benign_group <> 'scenario_side_party'
        group by all order by 1
    """).df()
    con.close()
    wide = flags.pivot(index="benign_group", columns="indicator_id", values="flagged").fillna(0).astype(int)
    table = tiers.set_index("benign_group").join(wide).fillna(0)
    table = table.astype(int).sort_index()
    table.loc["TOTAL (entity-group rows)"] = table.sum()
    return table, by_origin


def markdown(df: pd.DataFrame) -> str:
    """A Markdown table (pandas' to_markdown needs tabulate, which the project does not install)."""
    header = [df.index.name or ""] + [str(c) for c in df.columns]
    rows = [[str(i)] + [str(v) for v in r] for i, r in zip(df.index, df.itertuples(index=False))]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="data/redflags.duckdb")
    parser.add_argument("--truth", default="data/truth")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args()
    table, by_origin = report(Path(args.db), Path(args.truth))
    show = markdown if args.markdown else (lambda df: df.to_string())
    pd.set_option("display.width", 250)
    print(show(table))
    print()
    print(show(by_origin.set_index("persons")))


if __name__ == "__main__":
    main()
