"""Background transactions, vectorised: per chunk of persons (one landing file each) plus companies."""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import config, timeline
from .context import Context
from .phones import messy
from .names import CITIES
from .population import DAILY_TAKINGS, Background

CARD = [  # merchant, MCC, weight, median amount
    ("Netto", "5411", 20, 170), ("Føtex", "5411", 10, 260), ("Rema 1000", "5411", 12, 200), ("Lidl", "5411", 8, 190),
    ("Coop 365", "5411", 8, 170), ("7-Eleven", "5499", 5, 55), ("Circle K", "5541", 5, 420), ("Q8", "5541", 3, 400),
    ("Matas", "5977", 3, 170), ("Apotek", "5912", 3, 140), ("H&M", "5651", 3, 330), ("Zalando", "5691", 2, 480),
    ("IKEA", "5712", 1, 650), ("Elgiganten", "5732", 1, 800), ("DSB", "4112", 4, 110), ("Rejsekort", "4111", 5, 45),
    ("Sunset Boulevard", "5814", 4, 100), ("Joe & The Juice", "5814", 3, 80), ("Cafe Norden", "5812", 3, 380),
    ("Spotify", "5815", 3, 119), ("Wolt", "5812", 4, 210)]
TRAVEL = [("SAS", "4511"), ("Norwegian Air Shuttle", "4511"), ("Spies Rejser", "4722"), ("Apollo Rejser", "4722")]
BILLS = [("Andel Energi", 300, 900), ("Norlys", 250, 800), ("YouSee", 250, 450), ("Telenor", 99, 299),
         ("Tryg Forsikring", 400, 1200), ("Fitness World", 199, 349), ("HOFOR", 200, 500), ("Gjensidige", 300, 900)]
MTS = ["Western Union", "Ria Money Transfer", "Remitly", "WorldRemit", "MoneyGram"]
REMIT_CUR = {"PL": "PLN", "RO": "RON", "UA": "UAH", "IN": "INR", "PH": "PHP", "TR": "TRY", "PK": "PKR", "CN": "CNY", "MA": "MAD"}

COLS = ["account_id", "booked_at", "direction", "amount", "currency", "channel", "counterparty_account_id",
        "counterparty_name", "counterparty_phone", "counterparty_country", "merchant_name", "merchant_category_code",
        "location_city", "location_id", "reference"]


def _frame(n: int, **cols) -> pd.DataFrame:
    df = pd.DataFrame({c: cols.get(c, None) for c in COLS}, index=pd.RangeIndex(n))
    return df


def _monthly_counts(rng, n_persons: int, lam) -> tuple[np.ndarray, np.ndarray]:
    """Poisson counts per person-month -> (person position, month) per event."""
    cnt = rng.poisson(np.broadcast_to(np.asarray(lam, dtype=float)[:, None] if np.ndim(lam) else lam, (n_persons, 12)))
    flat = cnt.ravel()
    who = np.repeat(np.repeat(np.arange(n_persons), 12), flat)
    mon = np.repeat(np.tile(np.arange(12), n_persons), flat)
    return who, mon


def _day_in_month(rng, mon: np.ndarray) -> np.ndarray:
    return timeline.MONTH_STARTS[mon] + (rng.random(len(mon)) * timeline.MONTH_DAYS[mon]).astype(int).astype("timedelta64[D]")


def atm_ids(city: np.ndarray, k: np.ndarray) -> np.ndarray:
    code = pd.Series(city, dtype="str").str.normalize("NFKD").str.encode("ascii", errors="ignore").str.decode("ascii").str.upper().str.slice(0, 3)
    return (("ATM-" + code + "-") + pd.Series(k, dtype="str")).to_numpy(dtype=object)


def person_chunk(ctx: Context, bg: Background, lo: int, hi: int, chunk_no: int) -> pd.DataFrame:
    rng = ctx.rng("person-txns", chunk_no)
    P = bg.P.iloc[lo:hi].reset_index(drop=True)
    C = bg.C
    n = len(P)
    parts: list[pd.DataFrame] = []
    acc = P["primary_acc"].to_numpy()
    city = P["home_city"].to_numpy(dtype=object)

    # salaries (both sides) from the payroll register
    PR = bg.payroll[(bg.payroll["_idx"] >= lo) & (bg.payroll["_idx"] < hi)]
    k = len(PR)
    parts.append(_frame(k, account_id=PR["paid_to_account_id"].to_numpy(), booked_at=PR["paid_at"].to_numpy(), direction="in",
                        amount=PR["net_pay"].to_numpy(), currency="DKK", channel="salary",
                        counterparty_account_id=PR["_employer_acc"].to_numpy(), counterparty_name=PR["_employer_name"].to_numpy(),
                        counterparty_country="DK", reference="Løn " + pd.Series(PR["period_start"].to_numpy()).dt.strftime("%Y-%m").to_numpy()))
    parts.append(_frame(k, account_id=PR["_employer_acc"].to_numpy(), booked_at=PR["paid_at"].to_numpy(), direction="out",
                        amount=PR["net_pay"].to_numpy(), currency="DKK", channel="salary",
                        counterparty_account_id=PR["paid_to_account_id"].to_numpy(),
                        counterparty_name=bg.P["full_name"].to_numpy()[PR["_idx"].to_numpy()], counterparty_country="DK",
                        reference="Løn"))
    # benefits and pensions for those without a job
    ben = np.flatnonzero(P["benefit"].to_numpy() > 0)
    who, mon = np.repeat(ben, 12), np.tile(np.arange(12), len(ben))
    parts.append(_frame(len(who), account_id=acc[who], booked_at=timeline.at(timeline.PAYDAYS[mon], rng, 6, 7), direction="in",
                        amount=np.round(P["benefit"].to_numpy()[who], 2), currency="DKK", channel="transfer",
                        counterparty_name="Udbetaling Danmark", counterparty_country="DK", reference="Ydelse"))
    # rent to a landlord company (both sides) or mortgage by direct debit, first banking day. Migrant workers in
    # employer housing pay the employer instead, and those who move their salary to another bank pay housing from
    # there: the landlord's side still shows the rent, from an account not in the data (benign_txns).
    housed = P["housing_employer"].to_numpy() >= 0
    elsewhere = P["external_share"].to_numpy() > 0
    ren = np.flatnonzero((P["landlord"].to_numpy() >= 0) & ~housed)
    who, mon = np.repeat(ren, 12), np.tile(np.arange(12), len(ren))
    t = timeline.at(timeline.RENTDAYS[mon], rng, 10, 15.9)
    land = P["landlord"].to_numpy()[who]
    rent = P["rent"].to_numpy()[who]
    here = ~elsewhere[who]
    parts.append(_frame(int(here.sum()), account_id=acc[who][here], booked_at=t[here], direction="out", amount=rent[here], currency="DKK",
                        channel="transfer", counterparty_account_id=C["acc"].to_numpy()[land][here],
                        counterparty_name=C["full_name"].to_numpy()[land][here], counterparty_country="DK", reference="Husleje"))
    parts.append(_frame(len(who), account_id=C["acc"].to_numpy()[land], booked_at=t, direction="in", amount=rent, currency="DKK",
                        channel="transfer", counterparty_account_id=np.where(here, acc[who], None),
                        counterparty_name=P["full_name"].to_numpy()[who], counterparty_country="DK", reference="Husleje"))
    own = np.flatnonzero((P["landlord"].to_numpy() < 0) & ~housed & ~elsewhere)
    who, mon = np.repeat(own, 12), np.tile(np.arange(12), len(own))
    parts.append(_frame(len(who), account_id=acc[who], booked_at=timeline.at(timeline.RENTDAYS[mon], rng, 6, 7), direction="out",
                        amount=P["rent"].to_numpy()[who], currency="DKK", channel="direct_debit", counterparty_name="Totalkredit",
                        counterparty_country="DK", reference="Boliglån"))
    # bills by direct debit: 3-5 fixed bills per person on fixed days 5..25
    nb = rng.integers(3, 6, n)
    who = np.repeat(np.arange(n), nb)
    bill = rng.integers(0, len(BILLS), len(who))
    amt = np.array([b[1] for b in BILLS])[bill] + rng.random(len(who)) * (np.array([b[2] for b in BILLS]) - np.array([b[1] for b in BILLS]))[bill]
    day = rng.integers(5, 26, len(who))
    who12, mon = np.repeat(who, 12), np.tile(np.arange(12), len(who))
    parts.append(_frame(len(who12), account_id=acc[who12],
                        booked_at=timeline.at(timeline.MONTH_STARTS[mon] + np.repeat(day - 1, 12).astype("timedelta64[D]"), rng, 5, 7),
                        direction="out", amount=np.round(np.repeat(amt, 12), 2), currency="DKK", channel="direct_debit",
                        counterparty_name=np.array([b[0] for b in BILLS], dtype=object)[np.repeat(bill, 12)], counterparty_country="DK"))
    # card spending
    lam = rng.uniform(9, 17, n)
    who, mon = _monthly_counts(rng, n, lam)
    cw = np.array([c[2] for c in CARD], dtype=float)
    m = rng.choice(len(CARD), size=len(who), p=cw / cw.sum())
    amt = np.clip(np.array([c[3] for c in CARD])[m] * rng.lognormal(0, 0.55, len(who)), 9, 5000)
    parts.append(_frame(len(who), account_id=acc[who], booked_at=timeline.at(_day_in_month(rng, mon), rng, 7, 21.9), direction="out",
                        amount=np.round(amt, 2), currency="DKK", channel="card",
                        merchant_name=np.array([c[0] for c in CARD], dtype=object)[m],
                        merchant_category_code=np.array([c[1] for c in CARD], dtype=object)[m], location_city=city[who]))
    # a holiday: one to three flights / package trips for many, 4-8 for frequent travellers, sometimes card payments abroad
    trav = np.flatnonzero(rng.random(n) < 0.45)
    frequent = trav[rng.random(len(trav)) < 0.1]
    who = np.concatenate([trav, trav[rng.random(len(trav)) < 0.4], trav[rng.random(len(trav)) < 0.15],
                          np.repeat(frequent, rng.integers(2, 6, len(frequent)))])
    m = rng.integers(0, len(TRAVEL), len(who))
    parts.append(_frame(len(who), account_id=acc[who], booked_at=timeline.at(timeline.random_days(rng, len(who)), rng, 8, 22),
                        direction="out", amount=np.round(rng.uniform(1200, 9000, len(who)), 2), currency="DKK", channel="card",
                        merchant_name=np.array([t_[0] for t_ in TRAVEL], dtype=object)[m],
                        merchant_category_code=np.array([t_[1] for t_ in TRAVEL], dtype=object)[m]))
    ab = trav[rng.random(len(trav)) < 0.5]
    parts.append(_frame(len(ab), account_id=acc[ab], booked_at=timeline.at(timeline.random_days(rng, len(ab)), rng, 10, 21),
                        direction="out", amount=np.round(rng.uniform(15, 120, len(ab)), 2), currency="EUR", channel="card",
                        merchant_name="Restaurante del Mar", merchant_category_code="5812", counterparty_country="ES"))
    # savings to own account mid-month (both sides)
    sav = np.flatnonzero(pd.notna(P["savings_acc"]).to_numpy() & (P["income"].to_numpy() > 0) & (rng.random(n) < 0.7))
    who, mon = np.repeat(sav, 12), np.tile(np.arange(12), len(sav))
    t = timeline.at(timeline.MONTH_STARTS[mon] + np.timedelta64(14, "D"), rng, 9, 15)
    amt = np.round(P["income"].to_numpy()[who] * 0.08, 0)
    parts.append(_frame(len(who), account_id=acc[who], booked_at=t, direction="out", amount=amt, currency="DKK", channel="transfer",
                        counterparty_account_id=P["savings_acc"].to_numpy()[who], counterparty_name=P["full_name"].to_numpy()[who],
                        counterparty_country="DK", reference="Opsparing"))
    parts.append(_frame(len(who), account_id=P["savings_acc"].to_numpy()[who], booked_at=t, direction="in", amount=amt, currency="DKK",
                        channel="transfer", counterparty_account_id=acc[who], counterparty_name=P["full_name"].to_numpy()[who],
                        counterparty_country="DK", reference="Opsparing"))
    # mobile payments between friends (both sides; a ring of 4, some also pay popular people)
    who, mon = _monthly_counts(rng, n, 1.6)
    fr = bg.friends[lo:hi][who, rng.integers(0, bg.friends.shape[1], len(who))]
    keep = fr >= 0
    who, mon, fr = who[keep], mon[keep], fr[keep]
    t = timeline.at(_day_in_month(rng, mon), rng, 8, 22.5)
    amt = np.round(np.clip(140 * rng.lognormal(0, 0.8, len(who)), 20, 2500), 0)
    allP = bg.P
    parts.append(_frame(len(who), account_id=P["wallet_acc"].to_numpy()[who], booked_at=t, direction="out", amount=amt, currency="DKK",
                        channel="mobile_payment", counterparty_account_id=allP["wallet_acc"].to_numpy()[fr],
                        counterparty_name=allP["full_name"].to_numpy()[fr], counterparty_phone=messy(allP["phone"].to_numpy()[fr], rng),
                        counterparty_country="DK",
                        reference=np.asarray(["Tak for lån", "Middag", "Billetter", "Gave", "Fælleskassen", None], dtype=object)[rng.integers(0, 6, len(who))]))
    parts.append(_frame(len(who), account_id=allP["wallet_acc"].to_numpy()[fr], booked_at=t, direction="in", amount=amt, currency="DKK",
                        channel="mobile_payment", counterparty_account_id=P["wallet_acc"].to_numpy()[who],
                        counterparty_name=P["full_name"].to_numpy()[who], counterparty_phone=messy(P["phone"].to_numpy()[who], rng),
                        counterparty_country="DK"))
    # one sighting per distinct phone: no transaction row is ever withdrawn (see badrows.IDENTIFIER_COLUMNS)
    kept = t < np.datetime64(config.YEAR_END)
    ctx.owners.seen("phone", np.unique(np.concatenate([allP["phone"].to_numpy()[fr][kept], P["phone"].to_numpy()[who][kept]])),
                    "transactions")
    # cash: withdrawals at home-city ATMs, a few small deposits at the home branch
    cash = np.flatnonzero(rng.random(n) < 0.45)
    who, mon = _monthly_counts(rng, len(cash), 0.8)
    who = cash[who]
    parts.append(_frame(len(who), account_id=acc[who], booked_at=timeline.at(_day_in_month(rng, mon), rng, 8, 21), direction="out",
                        amount=np.array([200.0, 300, 500, 1000, 2000])[rng.integers(0, 5, len(who))], currency="DKK",
                        channel="cash_withdrawal", location_city=city[who], location_id=atm_ids(city[who], rng.integers(1, 4, len(who)))))
    dep = np.flatnonzero(rng.random(n) < 0.12)
    who = np.repeat(dep, rng.integers(1, 5, len(dep)))
    # a deposit now and then where the person was that day (summer house, family, work)
    away = rng.random(len(who)) < 0.15
    dep_city = np.where(away, np.asarray([c[0] for c in CITIES], dtype=object)[rng.integers(0, len(CITIES), len(who))], city[who])
    parts.append(_frame(len(who), account_id=acc[who], booked_at=timeline.at(timeline.random_days(rng, len(who)), rng, 10, 15.5),
                        direction="in", amount=np.round(rng.uniform(500, 8000, len(who)), -1), currency="DKK", channel="cash_deposit",
                        location_city=dep_city, location_id=atm_ids(dep_city, np.ones(len(who), dtype=int))))
    # remittances home: 3 a year, at most one of them through a money-transfer service (monthly remitters and
    # remitting siblings: benign_txns)
    home = P["foreign_home"].to_numpy(dtype=object)
    rem = np.flatnonzero(pd.notna(home) & (home != "DE") & (home != "SE") & (rng.random(n) < 0.6)
                         & ~P["remits_monthly"].to_numpy() & (P["sibling_set"].to_numpy() < 0))
    who = np.repeat(rem, 3)
    mon = (np.tile(np.array([1, 5, 10]), len(rem)) + np.repeat(rng.integers(0, 2, len(rem)), 3))
    t = timeline.at(_day_in_month(rng, mon), rng, 10, 17)
    bname = P["benef_name"].to_numpy(dtype=object)[who]
    mts = (np.tile(np.array([True, False, False]), len(rem))) & np.repeat(rng.random(len(rem)) < 0.5, 3)
    amt = np.round(rng.uniform(800, 3500, len(who)), 0)
    parts.append(_frame(len(who), account_id=acc[who], booked_at=t, direction="out", amount=amt, currency="DKK",
                        channel=np.where(mts, "money_transfer_service", "transfer"), counterparty_name=bname,
                        counterparty_country=home[who], merchant_name=np.where(mts, np.asarray(MTS, dtype=object)[who % len(MTS)], None),
                        location_city=np.where(mts, city[who], None),
                        location_id=np.where(mts, atm_ids(city[who], np.full(len(who), 9)), None), reference="Til familien"))
    df = pd.concat([p for p in parts if len(p)], ignore_index=True)
    df.insert(0, "txn_id", ctx.ids.many("TX", len(df)))
    return df


def company_txns(ctx: Context, bg: Background) -> pd.DataFrame:
    rng = ctx.rng("company-txns")
    C = bg.C
    parts = []
    payroll_year = bg.payroll.groupby("_employer")["gross_pay"].sum().reindex(C["cidx"]).fillna(0).to_numpy()
    revenue = np.maximum(payroll_year, 300000) * rng.uniform(1.4, 2.1, len(C))
    revenue[C["category"].to_numpy() == "landlord"] *= 0.3          # landlords live mostly on rent
    C["revenue"] = revenue                                           # the benign groups' company payments scale with it
    daily = C["category"].isin(DAILY_TAKINGS).to_numpy()
    # daily card takings settled by Nets, in business hours
    dc = np.flatnonzero(daily)
    nd = len(timeline.BANKING_DAYS)
    who = np.repeat(dc, nd)
    days = np.tile(timeline.BANKING_DAYS, len(dc))
    amt = revenue[who] / nd * rng.lognormal(0, 0.25, len(who))
    parts.append(_frame(len(who), account_id=C["acc"].to_numpy()[who], booked_at=timeline.at(days, rng, 10, 11.9), direction="in",
                        amount=np.round(amt, 2), currency="DKK", channel="transfer", counterparty_name="Nets Denmark A/S",
                        counterparty_country="DK", reference="Kortindløsning"))
    # invoices from business clients, about weekly
    ic = np.flatnonzero(~daily)
    who, mon = _monthly_counts(rng, len(ic), 4.3)
    who = ic[who]
    amt = revenue[who] / 52 * rng.lognormal(0, 0.5, len(who))
    clients = np.array(["Region Hovedstaden", "Novo Nordisk A/S", "Vestas A/S", "Carlsberg A/S", "Københavns Kommune",
                        "Aarhus Kommune", "Salling Group A/S", "Ørsted A/S", "DSV A/S", "Privatkunde"], dtype=object)
    parts.append(_frame(len(who), account_id=C["acc"].to_numpy()[who], booked_at=timeline.at(_day_in_month(rng, mon), rng, 10, 15.9),
                        direction="in", amount=np.round(amt, 2), currency="DKK", channel="transfer",
                        counterparty_name=clients[rng.integers(0, len(clients), len(who))], counterparty_country="DK",
                        reference="Faktura"))
    # suppliers: domestic, or abroad only in the company's declared countries
    who, mon = _monthly_counts(rng, len(C), 3.0)
    amt = revenue[who] * 0.25 / 36 * rng.lognormal(0, 0.4, len(who))
    decl = C["trade_countries"].str.split(",", expand=True).reindex(columns=range(4)).to_numpy(dtype=object)
    ndecl = (pd.notna(decl)).sum(axis=1)
    country = decl[who, rng.integers(0, 8, len(who)) % ndecl[who]]
    parts.append(_frame(len(who), account_id=C["acc"].to_numpy()[who], booked_at=timeline.at(_day_in_month(rng, mon), rng, 9, 15),
                        direction="out", amount=np.round(amt, 2), currency="DKK", channel="transfer",
                        counterparty_name=np.where(country == "DK", "Dansk Leverandør ApS", "Supplier " + country.astype(str) + " GmbH"),
                        counterparty_country=country, reference="Varekøb"))
    df = pd.concat(parts, ignore_index=True)
    df.insert(0, "txn_id", ctx.ids.many("TX", len(df)))
    return df


def company_revenue_by_month(company_df: pd.DataFrame, person_rent: pd.DataFrame | None = None) -> pd.DataFrame:
    """Incoming non-salary money per business account and month (for tax filings)."""
    inc = company_df[(company_df["direction"] == "in")]
    return inc.assign(month=pd.to_datetime(inc["booked_at"]).dt.month - 1).groupby(["account_id", "month"])["amount"].sum()
