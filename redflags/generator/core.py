"""generate(): background + planted scenarios + bad rows -> landing files and ground truth."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import background_txns, badrows, benign_groups, benign_txns, config, owners, population, schema, truth, writer
from .config import SCALES
from .context import Context
from .kit import Kit
from .scenarios import plant_all


def _tax_filings(ctx: Context, bg: population.Background, company_tx: pd.DataFrame) -> pd.DataFrame:
    """Background filings: registered workers = workers actually paid; tax = what the payslips withheld."""
    C, P, PR = bg.C, bg.P, bg.payroll
    g = PR.groupby(["_employer", "_month"]).agg(reg=("employee_party_id", "nunique"), payroll=("gross_pay", "sum"),
                                                tax=("_tax", "sum"), am=("_am", "sum"))
    inc = company_tx[company_tx["direction"] == "in"]
    acc_to_c = pd.Series(C["cidx"].to_numpy(), index=C["acc"].to_numpy())
    inc = inc.assign(c=acc_to_c.reindex(inc["account_id"]).to_numpy(), m=pd.to_datetime(inc["booked_at"]).dt.month - 1)
    rev = inc.groupby(["c", "m"])["amount"].sum()
    rent = P[P["landlord"] >= 0].groupby("landlord")["rent"].sum()
    idx = pd.MultiIndex.from_product([C["cidx"], range(12)], names=["c", "m"])
    df = pd.DataFrame(index=idx).reset_index()
    df = df.join(g, on=["c", "m"]).join(rev.rename("rev"), on=["c", "m"])
    df["rev"] = df["rev"].fillna(0) + rent.reindex(df["c"]).fillna(0).to_numpy()
    df = df.fillna({"reg": 0, "payroll": 0.0, "tax": 0.0, "am": 0.0})
    from . import timeline
    return pd.DataFrame({
        "filing_id": ctx.ids.many("TF", len(df)), "company_party_id": C["party_id"].to_numpy()[df["c"]],
        "period_month": timeline.MONTH_STARTS[df["m"].to_numpy()], "registered_employees": df["reg"].astype("int64"),
        "reported_payroll": df["payroll"].round(2), "withheld_income_tax": df["tax"].round(2),
        "labour_market_contribution": df["am"].round(2), "vat_paid": (df["rev"] * 0.1).round(2),
        "reported_revenue": df["rev"].round(2)})


def _fx_rates(ctx: Context) -> pd.DataFrame:
    """A bank's month-start reference rates for the foreign currencies the background spends.

    EUR moves in Denmark's ERM II band around its central rate; the other
    currencies within about 2 % of the reference seed's rate. Currencies worth
    less than 0.05 DKK a unit are left to the reference seed: the landing
    writer keeps two decimals, which would round them to zero.
    """
    rng = ctx.rng("fx_rates")
    months = pd.date_range("2025-01-01", "2025-12-01", freq="MS")
    rows = []
    for currency, rate in sorted(ctx.ref.fx.items()):
        if currency == "DKK" or rate < 0.05:
            continue
        spread = 0.0005 if currency == "EUR" else 0.02
        for month, jitter in zip(months, rng.uniform(-spread, spread, len(months))):
            rows.append({"rate_date": month.date(), "currency": currency, "dkk_per_unit": round(rate * (1 + jitter), 6)})
    return pd.DataFrame(rows)


def generate(out_dir: Path, truth_dir: Path, *, seed: int = 42, scale: str = "demo", persons: int | None = None,
             fmt: str = "parquet", inject_bad_rows: bool = False) -> dict[str, int]:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {sorted(SCALES)}")
    if fmt not in ("parquet", "csv"):
        raise ValueError("fmt must be 'parquet' or 'csv'")
    out_dir, truth_dir = Path(out_dir), Path(truth_dir)
    sc = SCALES[scale]
    n = int(persons) if persons is not None else sc.persons
    ctx = Context(seed, sc, n)

    bg = population.build(ctx)
    kit = Kit(ctx, bg)
    plant_all(kit, sc.single_instances, sc.composite_instances)
    planted = kit.frames()
    company_tx = background_txns.company_txns(ctx, bg)
    company_tx = pd.concat([company_tx, benign_txns.group_txns(ctx, bg)], ignore_index=True)
    bg.add("tax_filings", _tax_filings(ctx, bg, company_tx))
    bg.add("fx_rates", _fx_rates(ctx))

    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    part0: dict[str, pa.Table] = {}
    bg_rows: dict[str, int] = {}
    for table in schema.tables():
        if table == "transactions":
            continue
        parts = [writer.to_arrow(table, f) for f in bg.frames.get(table, [])]
        bg_rows[table] = sum(len(p) for p in parts)
        if table in planted and len(planted[table]):
            parts.append(writer.to_arrow(table, planted[table]))
        t = pa.concat_tables(parts) if parts else writer.to_arrow(table, pd.DataFrame({c: [] for c in schema.columns(table)}))
        writer.write_parts(out_dir, table, [t], fmt)
        part0[table] = t
        counts[table] = len(t)

    # transactions: one file per chunk of background persons, then companies + planted scenarios
    d = out_dir / "transactions"
    writer.reset_dir(d)
    n_chunks = max(2, math.ceil(n / sc.persons_per_chunk))
    size = math.ceil(n / n_chunks)
    total = 0
    for c in range(n_chunks):
        lo, hi = c * size, min(n, (c + 1) * size)
        t = _booked_in_reference_year(writer.to_arrow("transactions", background_txns.person_chunk(ctx, bg, lo, hi, c)))
        writer.write_table(d / f"part-{c}.{fmt}", t, fmt)
        if c == 0:
            part0["transactions"], bg_rows["transactions"] = t, len(t)
        total += len(t)
    last = _booked_in_reference_year(
        pa.concat_tables([writer.to_arrow("transactions", company_tx), writer.to_arrow("transactions", planted["transactions"])])
    )
    writer.write_table(d / f"part-{n_chunks}.{fmt}", last, fmt)
    counts["transactions"] = total + len(last)

    truth_df = truth.truth_frame(kit.truth_rows)
    truth.write_truth(truth_dir, truth_df, fmt)
    persons = pd.concat([bg.P[["party_id", "nationality"]], bg.K[["party_id", "nationality"]]], ignore_index=True)
    side = planted["parties"].loc[~planted["parties"]["party_id"].isin(truth_df["entity_id"]), ["party_id", "nationality"]]
    groups = benign_groups.groups_table(bg.groups, persons, bg.C["party_id"], side)
    truth.write_background_groups(truth_dir, groups, fmt)

    bad_counts = {t: (0, 0) for t in counts}
    manifest = []
    if inject_bad_rows:
        # bad rows never touch planted parties, nor a benign group's (its truth row would describe rejected data)
        protected = set(truth_df.loc[truth_df["entity_type"] == "party", "entity_id"])
        protected |= set(bg.groups.frame().query("entity_type == 'party'")["entity_id"])
        bad, manifest = badrows.make(ctx, part0, bg_rows, fmt, protected)
        for table, df in bad.items():
            writer.write_table(out_dir / table / badrows.BAD_FILE, pa.Table.from_pandas(df.astype(object), preserve_index=False,
                               schema=pa.schema([(c, pa.string()) for c in df.columns])), "csv")
            n_exact = sum(1 for m in manifest if m["table_name"] == table and m["kind"] == "exact_duplicate")
            bad_counts[table] = (len(df) - n_exact, n_exact)
            counts[table] += len(df)
    owners.write_owners(truth_dir, ctx.owners.frame(), fmt)   # after the bad rows: they withdraw some evidence
    truth.write_csv(truth_dir / "injected_bad_rows.csv",
                    pd.DataFrame(manifest, columns=["table_name", "source_file", "key_value", "expected_reason", "kind"]))
    truth.write_csv(truth_dir / "generated_counts.csv", pd.DataFrame(
        [dict(table_name=t, rows_written=counts[t], bad_rows=bad_counts[t][0], exact_duplicates=bad_counts[t][1]) for t in counts]))
    return counts


def _booked_in_reference_year(bookings: pa.Table) -> pa.Table:
    """Keep the bookings dated inside the reference year.

    Bills and transfers that follow December's salary would otherwise spill
    into January of the next year; the warehouse's default as-of date is the
    latest booking, so a spill-over would push the 365-day lookback past early
    January and cut off scenarios planted there.
    """
    year_end = pa.scalar(config.YEAR_END, type=bookings.schema.field("booked_at").type)
    return bookings.filter(pc.less(bookings["booked_at"], year_end))
