"""The benign groups' money, vectorised: remittances, collections, dividends, takings, trips, transfers.

One frame for all groups, written with the companies' transactions (core.generate), so the tax
filings count the groups' company income too. Who is in which group is decided in
benign_population.py and benign_registers.py; SCENARIOS.md describes each pattern.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import config, timeline
from .background_txns import MTS, TRAVEL, _frame, atm_ids
from .benign_population import dividend_net
from .benign_registers import HOLIDAY_TOWNS
from .context import Context
from .names import CITIES
from .phones import messy

OCCASIONS = [  # reference, first possible start day, last possible start day, venue paid afterwards
    ("Julefrokost", "2025-10-25", "2025-11-20", "Restaurant Kronborg"),
    ("Klassetur", "2025-02-01", "2025-04-20", "Danhostel"),
    ("Kontingent", "2025-01-05", "2025-01-25", "DGI Hallen"),
    ("Kontingent", "2025-08-05", "2025-08-25", "DGI Hallen"),
    ("Sommerfest", "2025-05-10", "2025-06-05", "Festudlejning ApS"),
]
EMBASSIES = ["Embassy of India", "Embassy of the People's Republic of China", "Embassy of Vietnam", "Embassy of Egypt"]


def _both_sides(src_acc, dst_acc, when, amount, src_name, dst_name, channel="transfer", reference=None,
                src_phone=None, dst_phone=None) -> list[pd.DataFrame]:
    """The two bookings of payments between accounts in the data (vectorised)."""
    n = len(when)
    return [_frame(n, account_id=src_acc, booked_at=when, direction="out", amount=amount, currency="DKK", channel=channel,
                   counterparty_account_id=dst_acc, counterparty_name=dst_name, counterparty_phone=dst_phone,
                   counterparty_country="DK", reference=reference),
            _frame(n, account_id=dst_acc, booked_at=when, direction="in", amount=amount, currency="DKK", channel=channel,
                   counterparty_account_id=src_acc, counterparty_name=src_name, counterparty_phone=src_phone,
                   counterparty_country="DK", reference=reference)]


def group_txns(ctx: Context, bg) -> pd.DataFrame:
    rng = ctx.rng("benign-txns")
    parts: list[pd.DataFrame] = []
    for step in (_migrant_money, _sibling_remittances, _collections, _salary_to_external_account, _dividends_and_board_fees,
                 _company_takings_and_imports, _market_traders, _visa_trips, _bank_switches, _pocket_money):
        parts.extend(step(ctx, bg, rng))
    df = pd.concat([p for p in parts if len(p)], ignore_index=True)
    df.insert(0, "txn_id", ctx.ids.many("TX", len(df)))
    return df


def _migrant_money(ctx: Context, bg, rng) -> list[pd.DataFrame]:
    """Monthly remittances home a few days after payday (bank transfer, or a money-transfer agent near home,
    some twice a month), and the rent for employer-provided housing, paid to the employer on the 1st."""
    P, C = bg.P, bg.C
    out = []
    rem = np.flatnonzero(P["remits_monthly"].to_numpy())
    twice = P["remit_twice"].to_numpy()[rem]
    who = np.concatenate([np.repeat(rem, 12), np.repeat(rem[twice], 12)])
    mon = np.concatenate([np.tile(np.arange(12), len(rem)), np.tile(np.arange(12), int(twice.sum()))])
    first = np.arange(len(who)) < 12 * len(rem)
    day = np.where(first, timeline.PAYDAYS[mon] + rng.integers(1, 6, len(who)).astype("timedelta64[D]"),
                   timeline.MONTH_STARTS[mon] + rng.integers(12, 18, len(who)).astype("timedelta64[D]"))
    channel = P["remit_channel"].to_numpy(dtype=object)[who]
    mts = channel == "money_transfer_service"
    city = P["home_city"].to_numpy(dtype=object)[who]
    usual = rng.uniform(1500, 4500, len(P))         # each sender's usual amount
    amount = np.round(usual[who] * rng.uniform(0.85, 1.15, len(who)), 0)
    out.append(_frame(len(who), account_id=P["primary_acc"].to_numpy()[who], booked_at=timeline.at(day, rng, 9, 18), direction="out",
                      amount=amount, currency="DKK", channel=channel, counterparty_name=P["benef_name"].to_numpy(dtype=object)[who],
                      counterparty_country=P["nationality"].to_numpy(dtype=object)[who],
                      merchant_name=np.where(mts, np.asarray(MTS, dtype=object)[who % len(MTS)], None),
                      location_city=np.where(mts, city, None), location_id=np.where(mts, atm_ids(city, np.full(len(who), 9)), None),
                      reference="Til familien"))
    housed = np.flatnonzero(P["housing_employer"].to_numpy() >= 0)
    who, mon = np.repeat(housed, 12), np.tile(np.arange(12), len(housed))
    employer = P["housing_employer"].to_numpy()[who]
    rent = np.round(rng.uniform(2500, 4000, len(P)), -2)[who]
    out.extend(_both_sides(P["primary_acc"].to_numpy()[who], C["acc"].to_numpy()[employer], timeline.at(timeline.RENTDAYS[mon], rng, 8, 12),
                           rent, P["full_name"].to_numpy()[who], C["full_name"].to_numpy()[employer], reference="Husleje personalebolig"))
    return out


def _sibling_remittances(ctx: Context, bg, rng) -> list[pd.DataFrame]:
    """Each sibling sends money to the same parent every month, through an agent in their own city."""
    P = bg.P
    parents = bg.extra["sibling_parents"]
    sib = np.flatnonzero(P["sibling_set"].to_numpy() >= 0)
    who, mon = np.repeat(sib, 12), np.tile(np.arange(12), len(sib))
    sset = P["sibling_set"].to_numpy()[who]
    city = P["home_city"].to_numpy(dtype=object)[who]
    day = timeline.MONTH_STARTS[mon] + rng.integers(2, 10, len(who)).astype("timedelta64[D]")
    return [_frame(len(who), account_id=P["primary_acc"].to_numpy()[who], booked_at=timeline.at(day, rng, 10, 18), direction="out",
                   amount=np.round(rng.uniform(800, 2500, len(who)), 0), currency="DKK", channel="money_transfer_service",
                   counterparty_name=parents["name"].to_numpy()[sset], counterparty_country=parents["country"].to_numpy()[sset],
                   merchant_name=np.asarray(MTS, dtype=object)[who % len(MTS)], location_city=city,
                   location_id=atm_ids(city, np.full(len(who), 9)), reference="Til mor")]


def _collections(ctx: Context, bg, rng) -> list[pd.DataFrame]:
    """Treasurers and organisers collect 15-40 MobilePay payments of one price (DKK 500-1,000) over two or three weeks,
    once or twice a year, from people in the data and from people who are not, then pay the venue."""
    P = bg.P
    treasurers = np.flatnonzero(P["treasurer"].to_numpy())
    n_coll = rng.integers(1, 3, len(treasurers))
    owner = np.repeat(treasurers, n_coll)
    occasion = rng.integers(0, len(OCCASIONS), len(owner))
    lo = np.array([np.datetime64(o[1]) for o in OCCASIONS])[occasion]
    hi = np.array([np.datetime64(o[2]) for o in OCCASIONS])[occasion]
    start = lo + (rng.random(len(owner)) * ((hi - lo).astype(int) + 1)).astype(int).astype("timedelta64[D]")
    price = 500 + 50 * rng.integers(0, 11, len(owner))
    payers = rng.integers(15, 41, len(owner))
    coll = np.repeat(np.arange(len(owner)), payers)
    k = len(coll)
    receiver = owner[coll]
    amount = np.where(rng.random(k) < 0.85, price[coll], np.clip(price[coll] + 50 * rng.integers(-1, 3, k), 500, 1000)).astype(float)
    when = timeline.at(start[coll] + rng.integers(0, 19, k).astype("timedelta64[D]"), rng, 7, 23)
    # payers in the data: anyone else with a MobilePay wallet; the rest pay from wallets not in the data
    with_wallet = np.flatnonzero(pd.notna(P["wallet_acc"]).to_numpy())
    inside = rng.random(k) < 0.6
    payer = with_wallet[rng.integers(0, len(with_wallet), k)]
    inside &= payer != receiver
    outside_phone = ctx.phones.e164("45", int((~inside).sum()))
    payer_phone = np.empty(k, dtype=object)
    payer_phone[inside] = P["phone"].to_numpy()[payer[inside]]
    payer_phone[~inside] = outside_phone
    payer_name = np.where(inside, P["full_name"].to_numpy()[payer], None)
    reference = np.asarray([o[0] for o in OCCASIONS], dtype=object)[occasion][coll]
    wallet = P["wallet_acc"].to_numpy()
    out = [_frame(k, account_id=wallet[receiver], booked_at=when, direction="in", amount=amount, currency="DKK", channel="mobile_payment",
                  counterparty_account_id=np.where(inside, wallet[payer], None), counterparty_name=payer_name,
                  counterparty_phone=messy(payer_phone, rng), counterparty_country="DK", reference=reference),
           _frame(int(inside.sum()), account_id=wallet[payer[inside]], booked_at=when[inside], direction="out", amount=amount[inside],
                  currency="DKK", channel="mobile_payment", counterparty_account_id=wallet[receiver[inside]],
                  counterparty_name=P["full_name"].to_numpy()[receiver[inside]],
                  counterparty_phone=messy(P["phone"].to_numpy()[receiver[inside]], rng), counterparty_country="DK", reference=reference[inside])]
    kept = when < np.datetime64(config.YEAR_END)
    ctx.owners.seen("phone", np.unique(np.concatenate([payer_phone[kept], P["phone"].to_numpy()[receiver[kept]]]).astype(str)), "transactions")
    total = pd.Series(amount).groupby(coll).sum().to_numpy()
    venue = np.asarray([o[3] for o in OCCASIONS], dtype=object)[occasion]
    paid = timeline.at(start + np.timedelta64(25, "D") + rng.integers(0, 8, len(owner)).astype("timedelta64[D]"), rng, 9, 16)
    out.append(_frame(len(owner), account_id=P["primary_acc"].to_numpy()[owner], booked_at=paid, direction="out",
                      amount=np.round(total * rng.uniform(0.9, 1.0, len(owner)), 2), currency="DKK", channel="transfer",
                      counterparty_name=venue, counterparty_country="DK", reference=np.asarray([o[0] for o in OCCASIONS], dtype=object)[occasion]))
    return out


def _salary_to_external_account(ctx: Context, bg, rng) -> list[pd.DataFrame]:
    """Most of each salary moved the same or the next day to the worker's own account at a bank not in the data."""
    P = bg.P
    movers = P["external_share"].to_numpy()
    PR = bg.payroll[movers[bg.payroll["_idx"].to_numpy()] > 0]
    idx = PR["_idx"].to_numpy()
    when = (PR["paid_at"].to_numpy().astype("datetime64[D]") + rng.integers(0, 2, len(PR)).astype("timedelta64[D]"))
    return [_frame(len(PR), account_id=PR["paid_to_account_id"].to_numpy(), booked_at=timeline.at(when, rng, 9, 21), direction="out",
                   amount=np.round(PR["net_pay"].to_numpy() * movers[idx] * rng.uniform(0.97, 1.0, len(PR)), 0), currency="DKK",
                   channel="transfer", counterparty_name=P["full_name"].to_numpy()[idx], counterparty_country="DK",
                   reference="Til egen konto i " + P["external_bank"].to_numpy(dtype=object)[idx])]


def _dividends_and_board_fees(ctx: Context, bg, rng) -> list[pd.DataFrame]:
    """The yearly dividend (after the general meeting in spring) and the company's payment of the dividend tax;
    the yearly board fee to pensioners on boards."""
    P, C = bg.P, bg.C
    d = np.flatnonzero(P["paid_by_dividend"].to_numpy())
    company = P["employer"].to_numpy()[d]
    gross = P["dividend_gross"].to_numpy()[d]
    net = dividend_net(gross)
    when = timeline.at(timeline.random_days(rng, len(d), np.datetime64("2025-04-10"), np.datetime64("2025-05-28")), rng, 9, 15)
    out = _both_sides(C["acc"].to_numpy()[company], P["primary_acc"].to_numpy()[d], when, net, C["full_name"].to_numpy()[company],
                      P["full_name"].to_numpy()[d], reference="Udbytte 2024")
    out.append(_frame(len(d), account_id=C["acc"].to_numpy()[company], booked_at=when, direction="out", amount=np.round(gross - net, 2),
                      currency="DKK", channel="transfer", counterparty_name="Skattestyrelsen", counterparty_country="DK",
                      reference="Udbytteskat"))
    b = np.flatnonzero(P["board_company"].to_numpy() >= 0)
    company = P["board_company"].to_numpy()[b]
    when = timeline.at(timeline.random_days(rng, len(b), np.datetime64("2025-05-15"), np.datetime64("2025-06-30")), rng, 9, 15)
    out.extend(_both_sides(C["acc"].to_numpy()[company], P["primary_acc"].to_numpy()[b], when,
                           np.round(rng.uniform(25000, 75000, len(b)), -3), C["full_name"].to_numpy()[company],
                           P["full_name"].to_numpy()[b], reference="Bestyrelseshonorar"))
    return out


def _company_takings_and_imports(ctx: Context, bg, rng) -> list[pd.DataFrame]:
    """A chain's shops deposit their cash takings at a local branch about weekly, in 3-5 cities;
    an importer pays its Chinese suppliers twice a month (China declared in its KYC)."""
    C = bg.C
    out = []
    chains = np.flatnonzero(C["chain"].to_numpy())
    city_names = np.asarray([c[0] for c in CITIES], dtype=object)
    shops = rng.integers(3, 6, len(chains))
    chain = np.repeat(chains, shops)
    seq = pd.Series(chain).groupby(chain).cumcount().to_numpy()
    home = pd.Series(np.arange(len(city_names)), index=city_names)[C["city"].to_numpy()[chain]].to_numpy()
    shop_city = city_names[(home + 3 * seq) % len(city_names)]          # distinct cities per chain, the head office's first
    week = np.tile(np.arange(52), len(chain))
    shop = np.repeat(np.arange(len(chain)), 52)
    day = timeline.START + (7 * week + rng.integers(0, 5, len(week))).astype("timedelta64[D]")
    day = np.busday_offset(day, 0, roll="forward", holidays=timeline.HOLIDAYS)
    keep = day <= timeline.END
    shop, day = shop[keep], day[keep]
    city = shop_city[shop]
    out.append(_frame(len(shop), account_id=C["acc"].to_numpy()[chain[shop]], booked_at=timeline.at(day, rng, 10, 16), direction="in",
                      amount=np.round(np.clip(9000 * rng.lognormal(0, 0.5, len(shop)), 1500, 40000), -1), currency="DKK",
                      channel="cash_deposit", location_city=city, location_id=atm_ids(city, np.full(len(shop), 1)),
                      reference="Dagens kasse"))
    imp = np.flatnonzero(C["imports_from_cn"].to_numpy())
    who, mon = np.repeat(imp, 24), np.tile(np.repeat(np.arange(12), 2), len(imp))
    day = timeline.MONTH_STARTS[mon] + (np.tile([4, 18], 12 * len(imp)) + rng.integers(0, 5, len(who))).astype("timedelta64[D]")
    out.append(_frame(len(who), account_id=C["acc"].to_numpy()[who], booked_at=timeline.at(day, rng, 9, 15), direction="out",
                      amount=np.round(C["revenue"].to_numpy()[who] * 0.3 / 24 * rng.lognormal(0, 0.3, len(who)), 2), currency="DKK",
                      channel="transfer", counterparty_name="Ningbo Trading Co. Ltd", counterparty_country="CN", reference="Varekøb import"))
    return out


def _market_traders(ctx: Context, bg, rng) -> list[pd.DataFrame]:
    """Stallholders at weekly markets around the country (April-September), depositing the cash where they sold."""
    P = bg.P
    traders = np.flatnonzero(P["market_trader"].to_numpy())
    week = np.tile(np.arange(13, 39), len(traders))
    who = np.repeat(traders, 26)
    town = np.asarray(["Roskilde", "Odense", "Vejle", "Kolding", "Aarhus"] + HOLIDAY_TOWNS, dtype=object)
    city = town[(who + week) % len(town)]
    day = np.busday_offset(timeline.START + (7 * week).astype("timedelta64[D]"), 0, roll="forward", holidays=timeline.HOLIDAYS)
    return [_frame(len(who), account_id=P["primary_acc"].to_numpy()[who], booked_at=timeline.at(day, rng, 10, 15.5), direction="in",
                   amount=np.round(rng.uniform(2000, 12000, len(who)), -1), currency="DKK", channel="cash_deposit",
                   location_city=city, location_id=atm_ids(city, np.full(len(who), 1)), reference="Markedssalg")]


def _visa_trips(ctx: Context, bg, rng) -> list[pd.DataFrame]:
    """A family's long-haul trip: 4-6 flight and travel-agency payments and a visa fee per family member at the
    destination's embassy in Copenhagen, within about six weeks."""
    P = bg.P
    fam = np.flatnonzero(P["visa_trip"].to_numpy())
    start = timeline.random_days(rng, len(fam), np.datetime64("2025-01-10"), np.datetime64("2025-10-31"))
    n_travel = rng.integers(4, 7, len(fam))
    who = np.repeat(np.arange(len(fam)), n_travel)
    m = rng.integers(0, len(TRAVEL), len(who))
    out = [_frame(len(who), account_id=P["primary_acc"].to_numpy()[fam[who]],
                  booked_at=timeline.at(start[who] + rng.integers(0, 40, len(who)).astype("timedelta64[D]"), rng, 8, 22),
                  direction="out", amount=np.round(rng.uniform(2500, 9000, len(who)), 2), currency="DKK", channel="card",
                  merchant_name=np.asarray([t[0] for t in TRAVEL], dtype=object)[m],
                  merchant_category_code=np.asarray([t[1] for t in TRAVEL], dtype=object)[m])]
    n_visa = rng.integers(2, 5, len(fam))
    who = np.repeat(np.arange(len(fam)), n_visa)
    embassy = np.asarray(EMBASSIES, dtype=object)[rng.integers(0, len(EMBASSIES), len(fam))][who]
    out.append(_frame(len(who), account_id=P["primary_acc"].to_numpy()[fam[who]],
                      booked_at=timeline.at(start[who] + rng.integers(0, 10, len(who)).astype("timedelta64[D]"), rng, 9, 15),
                      direction="out", amount=np.round(rng.uniform(500, 1200, len(who)), 2), currency="DKK", channel="card",
                      merchant_name=embassy, counterparty_name=embassy, merchant_category_code="9399", counterparty_country="DK",
                      reference="Visa fee"))
    return out


def _bank_switches(ctx: Context, bg, rng) -> list[pd.DataFrame]:
    """The old bank's balance moves to the primary account on the day the old accounts close."""
    P, S = bg.P, bg.extra["switchers"]
    idx = S["idx"].to_numpy()
    return _both_sides(S["old_acc"].to_numpy(), P["primary_acc"].to_numpy()[idx], timeline.at(S["closed"].to_numpy(), rng, 9, 10),
                       S["balance"].to_numpy(), P["full_name"].to_numpy()[idx], P["full_name"].to_numpy()[idx],
                       reference="Overførsel ved lukning")


def _pocket_money(ctx: Context, bg, rng) -> list[pd.DataFrame]:
    """Tracking parents pay each child's pocket money on the first of the month."""
    P, K = bg.P, bg.K
    who, mon = np.repeat(np.arange(len(K)), 12), np.tile(np.arange(12), len(K))
    parent = K["parent_idx"].to_numpy()[who]
    return _both_sides(P["primary_acc"].to_numpy()[parent], K["acc"].to_numpy()[who], timeline.at(timeline.RENTDAYS[mon], rng, 7, 9),
                       K["pocket_money"].to_numpy()[who], P["full_name"].to_numpy()[parent], K["full_name"].to_numpy()[who],
                       reference="Lommepenge")
