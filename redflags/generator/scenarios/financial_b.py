"""F10-F17: financial and know-your-customer indicators (second half)."""
from __future__ import annotations

import datetime as dt

from ..kit import Kit, at, day
from .financial_a import _acct_person

JUTLAND = ["Aarhus", "Herning", "Vejle", "Horsens", "Silkeborg", "Randers", "Viborg", "Kolding", "Esbjerg", "Aalborg"]


# ---------------------------------------------------------------- F10
def f10_pos(k: Kit, sid: str, i: int) -> None:
    p, acc = _acct_person(k, "RO", "F")
    start = day(f"2025-0{2 + i % 7}-08")
    cities = [JUTLAND[(i + j) % len(JUTLAND)] for j in range(5)]
    for j, city in enumerate(cities):   # five cities in 25 days, 2,000-7,000 each
        k.txn(acc, at(start + dt.timedelta(days=j * 5 + 1), 16), "in", round(k.uniform(2000, 7000), -2), "cash_deposit",
              location_city=city, location_id=f"ATM-{city[:3].upper()}-{j}")
    k.truth("party", p, sid, "F10_cash_deposits_many_cities", "victim", "F10")


def f10_look(k: Kit, sid: str, i: int) -> None:
    p, acc = _acct_person(k)
    start = day(f"2025-0{2 + i % 7}-08")
    if i % 2:      # travelling sales rep: card spending in eight cities (no cash deposits)
        for j in range(8):
            city = JUTLAND[j]
            k.txn(acc, at(start + dt.timedelta(days=j * 3), 12.5), "out", k.uniform(90, 400), "card", merchant_name="Circle K",
                  merchant_category_code="5541", location_city=city)
        sc = "lookalike_F10_sales_rep_card_spending"
    else:          # deposits at home and at the summer house: two cities
        for j, city in enumerate(["Odense", "Odense", "Blåvand"]):
            k.txn(acc, at(start + dt.timedelta(days=j * 9), 11), "in", 3000, "cash_deposit", location_city=city,
                  location_id=f"ATM-{city[:3].upper()}-1")
        sc = "lookalike_F10_home_and_summer_house"
    k.truth("party", p, sid, sc, "benign_lookalike")


# ---------------------------------------------------------------- F11
AIRLINES = [("Turkish Airlines", "3054"), ("Air France", "3007"), ("Lufthansa", "3008"), ("Ryanair", "4511"),
            ("Qatar Airways", "3136"), ("Bravofly", "4722"), ("Kilroy Travels", "4722")]
EMBASSIES = ["Embassy of Nigeria", "Ambassade du Cameroun", "Embassy of Pakistan", "Konsulat for Moldova",
             "Embassy of Vietnam", "Ambassade de Côte d'Ivoire", "Consulate of Ghana", "Embassy of Sri Lanka"]


def f11_pos(k: Kit, sid: str, i: int) -> None:
    start = day(f"2025-0{2 + i % 5}-10")
    if i % 2:
        p, acc = _acct_person(k, "TR", "M")
    else:
        p, acc = k.company("70.22", f"Global Staffing Consult {i} ApS", "Management consultancy")
    for j in range(6):   # six flights/travel-agency payments in 150 days
        name, mcc = AIRLINES[(i + j) % len(AIRLINES)]
        k.txn(acc, at(start + dt.timedelta(days=j * 25), 13), "out", k.uniform(2500, 7000), "card", merchant_name=name,
              merchant_category_code=mcc)
    emb = EMBASSIES[i % len(EMBASSIES)]
    for j in range(3):   # three payments to the same foreign embassy
        k.txn(acc, at(start + dt.timedelta(days=j * 40 + 7), 10.5), "out", k.uniform(600, 1800), "card", merchant_name=emb,
              counterparty_name=emb, merchant_category_code="9399", counterparty_country="DK", reference="Visa fee")
    k.truth("party", p, sid, "F11_travel_and_embassy_payments", "trafficker", "F11")


def f11_look(k: Kit, sid: str, i: int) -> None:
    start = day(f"2025-0{2 + i % 5}-10")
    if i % 2:      # a travel agency (NACE 79.11) buying tickets and visas for its customers
        p, acc = k.company("79.11", f"Rejsebureauet Horisont {i} ApS", "Travel agency")
        for j in range(15):
            name, mcc = AIRLINES[j % 5]
            k.txn(acc, at(start + dt.timedelta(days=j * 9), 11), "out", k.uniform(3000, 20000), "card", merchant_name=name,
                  merchant_category_code=mcc)
        for j in range(2):
            k.txn(acc, at(start + dt.timedelta(days=j * 50 + 3), 10), "out", 900, "card", merchant_name="Embassy of India",
                  counterparty_name="Embassy of India", merchant_category_code="9399", counterparty_country="DK")
        sc = "lookalike_F11_travel_agency"
    else:          # a family booking one holiday: three travel payments, no embassy
        p, acc = _acct_person(k)
        for j, (name, mcc) in enumerate([("SAS", "4511"), ("SAS", "4511"), ("Spies Rejser", "4722")]):
            k.txn(acc, at(start + dt.timedelta(days=j), 20), "out", k.uniform(3000, 9000), "card", merchant_name=name,
                  merchant_category_code=mcc)
        sc = "lookalike_F11_family_holiday"
    k.truth("party", p, sid, sc, "benign_lookalike")


# ---------------------------------------------------------------- F12
def f12_pos(k: Kit, sid: str, i: int) -> None:
    if i % 2:
        co, _ = k.company("81.21", f"Prima Rengøring {i} ApS", "Cleaning of buildings")
        fixed, title = 23500.0, "Cleaner"
    else:
        co, _ = k.company("43.99", f"Fundament Byg {i} ApS", "Specialised construction")
        fixed, title = 31000.0, "Construction worker"
    w, wacc = _acct_person(k, "UA", "M")
    k.employ(co, w, wacc, [fixed] * 12, scheme="positive_list", title=title)       # identical gross 12 months
    for j in range(2):                                                              # colleagues with overtime-driven pay
        c, cacc = _acct_person(k)
        k.employ(co, c, cacc, k.varied_pay(fixed), title=title, hours=None)
    k.truth("party", w, sid, "F12_identical_pay_variable_industry", "victim", "F12")
    k.truth("party", co, sid, "F12_identical_pay_variable_industry", "trafficker", "F12")


def f12_look(k: Kit, sid: str, i: int) -> None:
    co, _ = k.company("62.01" if i % 2 else "69.20", f"Data & Regnskab {i} ApS", "Software and accounting services")
    w, wacc = _acct_person(k)
    k.employ(co, w, wacc, [44000.0] * 12, title="Developer")
    k.truth("party", w, sid, "lookalike_F12_salaried_office_worker", "benign_lookalike")


# ---------------------------------------------------------------- F13
def f13_pos(k: Kit, sid: str, i: int) -> None:
    if i % 2:      # six workers paid, two registered, all year
        co, _ = k.company("41.20", f"Murer & Beton {i} ApS", "Construction of buildings")
        n, sc = 6, "F13_fewer_workers_registered"
        k.companies[co]["registered"] = 2
    else:          # five registered, but 900 DKK withheld tax per worker and month
        co, _ = k.company("56.10", f"Golden Dragon {i} ApS", "Restaurant")
        n, sc = 5, "F13_implausibly_low_tax"
        k.companies[co]["tax_per_worker"] = 900.0
    for j in range(n):
        w, wacc = _acct_person(k, "PL" if i % 2 else "CN", "M")
        k.employ(co, w, wacc, k.varied_pay(28000), title="Worker")
    k.truth("party", co, sid, sc, "trafficker", "F13")


def f13_look(k: Kit, sid: str, i: int) -> None:
    co, _ = k.company("43.22", f"VVS Service {i} ApS", "Plumbing")
    hire = 5 + (i % 2) * 3                           # hired in June or September, registered a month later
    for j in range(3):
        w, wacc = _acct_person(k)
        k.employ(co, w, wacc, k.varied_pay(33000), title="Plumber")
    w, wacc = _acct_person(k)
    k.employ(co, w, wacc, k.varied_pay(31000, 12 - hire), months=list(range(hire, 12)), title="Plumber", start=f"2025-{hire + 1:02d}-01")
    k.companies[co]["registered"] = {m: (3 if m <= hire else 4) for m in range(12)}
    k.truth("party", co, sid, "lookalike_F13_registration_lag", "benign_lookalike")


# ---------------------------------------------------------------- F14
def f14_pos(k: Kit, sid: str, i: int) -> None:
    city = ["Vejle", "Esbjerg", "Næstved", "Herning"][i % 4]
    if i % 2:
        co, _ = k.company("56.10", f"Wok House {i} ApS", "Restaurant", city=city)
        addr, n, sc = k.address(city), 6, "F14_workers_housed_by_employer"
    else:
        co, _ = k.company("41.20", f"Øst Entreprise {i} ApS", "Construction", city=city)
        addr, n, sc = k.address(city), 7, "F14_workers_at_directors_address"
        boss = k.person("DK", "M")
        k.role(co, boss, "director")
        k.reside(boss, addr)
    for j in range(n):
        w, wacc = _acct_person(k, "RO" if i % 2 == 0 else "PH", "M")
        k.employ(co, w, wacc, k.varied_pay(27000), title="Worker", scheme="none" if i % 2 == 0 else "positive_list")
        k.reside(w, addr, valid_from="2024-09-01")
        k.truth("party", w, sid, sc, "victim", "F14")
    k.truth("address", addr, sid, sc, "trafficker", "F14")
    k.truth("party", co, sid, sc, "trafficker", "F14")


def f14_look(k: Kit, sid: str, i: int) -> None:
    addr = k.address("København", street=f"Bispebjerg Bakke {10 + i}")
    employers = [k.company("62.01", f"Kontor {i}-{e} ApS", "Office services")[0] for e in range(8 if i % 2 else 4)]
    n = 8 if i % 2 else 10
    for j in range(n):          # residents of one block spread over many employers (at most 2 each)
        w, wacc = _acct_person(k)
        k.reside(w, addr, valid_from="2023-03-01")
        if j < len(employers) * (1 if i % 2 else 2):
            k.employ(employers[j % len(employers)], w, wacc, [40000.0] * 12, title="Consultant")
    k.truth("address", addr, sid, "lookalike_F14_apartment_block", "benign_lookalike")


# ---------------------------------------------------------------- F15
def f15_pos(k: Kit, sid: str, i: int) -> None:
    p = k.person("BG", "M")
    o = day(f"2025-0{1 + i % 4}-03")
    c = o + dt.timedelta(days=150)
    banks = [("Danske Bank", "personal"), ("Nordea", "personal"), ("Lunar", "personal"), ("Revolut", "wallet"),
             ("PayPal", "wallet")]
    n = 5 if i % 2 else 4
    for j in range(n):          # opened within 3 days, closed within 2 days, five months later
        acc = k.account(p, banks[j][0], banks[j][1], opened=o + dt.timedelta(days=j % 3), closed=c + dt.timedelta(days=j % 2),
                        primary=(j == 0))
        k.txn(acc, at(o + dt.timedelta(days=10 + j), 12), "in", 5000, "transfer", counterparty_name="Indbetaling", counterparty_country="DK")
    k.truth("party", p, sid, "F15_accounts_opened_closed_together", "victim", "F15")


def f15_look(k: Kit, sid: str, i: int) -> None:
    p = k.person()
    o = day(f"2025-0{1 + i % 4}-03")
    kinds = [("Jyske Bank", "personal", True), ("Jyske Bank", "personal", False), ("MobilePay", "wallet", False)]
    for j, (prov, typ, prim) in enumerate(kinds):   # opened together once and kept (or only one closed much later)
        closed = (o + dt.timedelta(days=240)) if (i % 2 == 0 and j == 1) else None
        k.account(p, prov, typ, opened=o + dt.timedelta(days=j), closed=closed, primary=prim)
    k.truth("party", p, sid, "lookalike_F15_current_savings_wallet", "benign_lookalike")


# ---------------------------------------------------------------- F16
def f16_pos(k: Kit, sid: str, i: int) -> None:
    emp, _ = k.company("81.21", f"Ren Plet {i} ApS", "Cleaning")
    p, pacc = _acct_person(k, "RO", "F")
    k.employ(emp, p, pacc, k.varied_pay(18500), title="Cleaner")                   # ~230k a year
    k.truth("party", p, sid, "F16_straw_person", "victim", "F16")
    if i % 2:      # director of a company turning over 1.8 million
        co, acc = k.company("46.90", f"Nordic Trade Solutions {i} ApS", "Wholesale", onboarded="2024-08-15")
        k.role(co, p, "director", "2024-08-15")
        k.income(acc, list(range(12)), 150000, name="Kunde A/S")
        for m in range(12):
            k.txn(acc, at(f"2025-{m + 1:02d}-20", 13), "out", 120000, "transfer", counterparty_name="Leverandør ApS", counterparty_country="DK")
        k.truth("party", co, sid, "F16_straw_person", "trafficker", "F16")
    else:          # founder of four companies registered within four months
        for j in range(4):
            reg = f"2025-0{2 + j + i % 4}-1{j}"
            co, acc = k.company(["43.39", "49.41", "81.22", "96.09"][j], f"Start Up {i}{j} ApS", "Various services", onboarded=reg)
            k.role(co, p, "founder", reg)
            k.role(co, p, "director", reg)
            k.truth("party", co, sid, "F16_straw_person", "trafficker", "F16")


def f16_look(k: Kit, sid: str, i: int) -> None:
    co, acc = k.company("47.24", f"Bageriet på Hjørnet {i}", "Bakery shop", city="Slagelse")
    p, pacc = _acct_person(k)
    k.role(co, p, "owner", "2016-05-01")
    k.role(co, p, "director", "2016-05-01")
    k.employ(co, p, pacc, k.varied_pay(18000), title="Owner")                      # ~220k a year
    k.income(acc, list(range(12)), 42000, name="Kortindløsning")                  # ~500k a year
    k.truth("party", p, sid, "lookalike_F16_small_shop_owner", "benign_lookalike")
    k.truth("party", co, sid, "lookalike_F16_small_shop_owner", "benign_lookalike")


# ---------------------------------------------------------------- F17
def f17_pos(k: Kit, sid: str, i: int) -> None:
    co, _ = k.company("56.10" if i % 2 else "81.21", f"Lucky Star {i} ApS", "Restaurant" if i % 2 else "Cleaning")
    owner = k.person("CN", "M")
    k.role(co, owner, "owner", "2019-01-01")
    w, wacc = _acct_person(k, "CN", "M")
    k.employ(co, w, wacc, k.varied_pay(27000), title="Worker", scheme="positive_list")
    oph, wph = k.phone(owner, "86"), k.phone(w)
    ow = k.account(owner, "WeChat Pay", "wallet", phone=oph)
    ww = k.account(w, "WeChat Pay", "wallet", phone=wph)
    for m in range(2 + i % 3, 8 + i % 3):   # six months of 2,000-6,000 DKK
        k.transfer(ow, ww, at(f"2025-{m + 1:02d}-1{m % 10}", 20), round(k.uniform(2000, 6000), -2), k.names[owner], k.names[w],
                   channel="wallet", src_phone=oph, dst_phone=wph)
    k.truth("party", w, sid, "F17_small_wallet_transfers_to_worker", "victim", "F17")
    k.truth("party", owner, sid, "F17_small_wallet_transfers_to_worker", "trafficker", "F17")


def f17_look(k: Kit, sid: str, i: int) -> None:
    prov = "WeChat Pay" if i % 2 else "Revolut"
    a = k.person("CN" if i % 2 else "DK", "F", birth="1962-03-03")
    b = k.person("CN" if i % 2 else "DK", "M", birth="2001-09-09")
    pa, pb = k.phone(a), k.phone(b)
    wa, wb = k.account(a, prov, "wallet", phone=pa), k.account(b, prov, "wallet", phone=pb)
    for m in range(8):                       # family pocket money, no employment tie
        k.transfer(wa, wb, at(f"2025-{m + 2:02d}-0{1 + m % 9}", 19), round(k.uniform(1000, 2500), -2), k.names[a], k.names[b],
                   channel="wallet", src_phone=pa, dst_phone=pb)
    k.truth("party", a, sid, "lookalike_F17_family_wallet_transfers", "benign_lookalike")
    k.truth("party", b, sid, "lookalike_F17_family_wallet_transfers", "benign_lookalike")


SINGLES = {
    "F10": (f10_pos, f10_look), "F11": (f11_pos, f11_look), "F12": (f12_pos, f12_look), "F13": (f13_pos, f13_look),
    "F14": (f14_pos, f14_look), "F15": (f15_pos, f15_look), "F16": (f16_pos, f16_look), "F17": (f17_pos, f17_look),
}
