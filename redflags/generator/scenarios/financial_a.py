"""F01-F09: financial and know-your-customer indicators (first half)."""
from __future__ import annotations

import datetime as dt

from ..kit import Kit, at, day
from ..phones import beneficiary_key

MALE_PAYERS = 25


def _acct_person(k: Kit, nat="DK", sex=None, **kw):
    p = k.person(nat, sex, **kw)
    return p, k.account(p, k.choice(["Danske Bank", "Nordea", "Jyske Bank", "Sydbank"]))


def _night(k: Kit, d0: dt.date, lo=22.0, span=5.0) -> dt.datetime:
    """A time between lo o'clock and lo+span hours later (may roll into the next morning)."""
    return at(d0, lo) + dt.timedelta(seconds=int(k.uniform(0, span * 3600)))


# ---------------------------------------------------------------- F01
def f01_pos(k: Kit, sid: str, i: int) -> None:
    start = day(f"2025-0{2 + i % 6}-01")
    if i % 2:
        co, acc = k.company("81.21", f"Blank Rengøring {i} ApS", "Office cleaning", hours=(None, None))
        k.income(acc, [start.month - 1, start.month, start.month + 1], 30000)
        wallet = k.account(co, "MobilePay", "wallet", phone=k.ctx.phones.one("45"))
        for j in range(40):   # 40 similar MobilePay payments at night from 40 phones within 60 days (cv ~0.02)
            k.txn(wallet, _night(k, start + dt.timedelta(days=int(j * 1.4))), "in", 3000 * k.uniform(0.97, 1.03), "mobile_payment",
                  counterparty_phone=k.ctx.phones.one("45"), counterparty_name=k.name_for("DK", "M"), counterparty_country="DK")
        k.truth("party", co, sid, "F01_off_hours_similar_payments", "trafficker", "F01")
    else:
        co, acc = k.company("96.04", f"Lotus Wellness Massage {i} ApS", "Massage clinic")
        cph = k.ctx.phones.one("45")
        wallet = k.account(co, "MobilePay", "wallet", phone=cph)
        for j in range(MALE_PAYERS):   # 25 identified men pay by MobilePay, late, similar amounts
            p = k.person("DK", "M")
            ph = k.phone(p)
            pwallet = k.account(p, "MobilePay", "wallet", phone=ph)
            for r in range(1 + j % 2):
                k.transfer(pwallet, wallet, _night(k, start + dt.timedelta(days=j * 2 + r * 17), 21.0, 2.5),
                           1200 * k.uniform(0.95, 1.05), k.names[p], k.names[co], channel="mobile_payment",
                           src_phone=ph, dst_phone=cph)
        k.truth("party", co, sid, "F01_male_clients_late", "trafficker", "F01")


def f01_look(k: Kit, sid: str, i: int) -> None:
    start = day(f"2025-0{3 + i % 6}-01")
    if i % 2:
        co, acc = k.company("81.22", f"Natrens Erhverv {i} A/S", "Night cleaning of offices and hospitals")
        amounts = [4000, 9000, 15000, 22000, 38000, 45000]
        clients = ["Rigshospitalet", "Novo Nordisk A/S", "Danske Bank A/S"]
        for j in range(26):   # night-shift invoices from 3 corporate clients, varied (cv ~0.7)
            k.txn(acc, _night(k, start + dt.timedelta(days=j * 3), 22.0, 4.0), "in", amounts[j % 6] * k.uniform(0.9, 1.1),
                  "transfer", counterparty_name=clients[j % 3], counterparty_country="DK", reference="Faktura")
        k.truth("party", co, sid, "lookalike_F01_night_cleaning_contractor", "benign_lookalike")
    else:
        co, acc = k.company("56.10", f"Sen Aften Bistro {i} ApS", "Restaurant open late", hours=("16:00", "23:30"))
        for j in range(60):   # evening card takings, inside both own and industry hours, varied amounts
            k.txn(acc, at(start + dt.timedelta(days=j), k.uniform(17.0, 22.8)), "in", k.uniform(150, 900), "card",
                  counterparty_name=k.name_for("DK", k.choice(["F", "M"])))
        k.truth("party", co, sid, "lookalike_F01_late_restaurant", "benign_lookalike")


# ---------------------------------------------------------------- F02
def f02_pos(k: Kit, sid: str, i: int) -> None:
    p, acc = _acct_person(k, "DK", "M")
    start = day(f"2025-0{2 + i % 6}-05")
    for j in range(6):   # six escort-site ad payments in 75 days
        site = k.ctx.ref.escort_merchants[(i + j) % len(k.ctx.ref.escort_merchants)]
        k.txn(acc, at(start + dt.timedelta(days=15 * j), 20.5), "out", k.uniform(299, 799), "card",
              merchant_name=f"{site}.dk", merchant_category_code="7311")
    k.truth("party", p, sid, "F02_escort_ad_payments", "trafficker", "F02")


def f02_look(k: Kit, sid: str, i: int) -> None:
    p, acc = _acct_person(k)
    k.txn(acc, at(f"2025-0{3 + i % 6}-11", 19), "out", 49, "card", merchant_name="DBA.dk", merchant_category_code="7311")
    k.truth("party", p, sid, "lookalike_F02_single_classifieds_payment", "benign_lookalike")


# ---------------------------------------------------------------- F03
def _escort_ad(k: Kit, when, phone=None, email=None, city="Aarhus"):
    site = k.choice(k.ctx.ref.escort_merchants)
    k.ad(site, "escort", when, phone=phone, email=email, text="Ny pige i byen. Diskret. Ring eller sms", city=city,
         price=float(k.choice([1000, 1200, 1500])))


def f03_pos(k: Kit, sid: str, i: int) -> None:
    month = 2 + i % 7
    if i % 3 == 1:      # owned phone in two escort ads
        p = k.person("DK", "M")
        ph = k.phone(p)
        for j in range(2):
            _escort_ad(k, at(f"2025-0{month}-1{j}", 22), phone=ph)
        k.truth("party", p, sid, "F03_phone_in_sex_ads", "trafficker", "F03")
    elif i % 3 == 2:    # owned e-mail in an escort ad
        p = k.person("RO", "M")
        em = k.email(p, f"vip.models{i}@protonmail.com")
        _escort_ad(k, at(f"2025-0{month}-21", 23), email=em)
        k.truth("party", p, sid, "F03_email_in_sex_ads", "trafficker", "F03")
    else:               # a number nobody in the data owns: the phone itself is flagged
        ph = k.phone(None, "45", "prepaid", subscriber=False, contact=False)
        for j in range(3):
            _escort_ad(k, at(f"2025-0{month}-0{j + 2}", 21), phone=ph, city="Odense")
        k.truth("phone", ph, sid, "F03_unowned_phone_in_sex_ads", "trafficker", "F03")


def f03_look(k: Kit, sid: str, i: int) -> None:
    p = k.person()
    if i % 2:
        ph = k.phone(p)
        k.ad("DBA", "classifieds", at(f"2025-0{2 + i % 7}-05", 18), phone=ph, text="Barnevogn sælges", city="Vejle", price=800.0)
    else:
        em = k.email(p, f"hr.team{i}@firma.dk")
        k.ad("Jobindex", "job", at(f"2025-0{2 + i % 7}-05", 10), email=em, text="Vi søger en lagermedarbejder", city="Kolding")
    k.truth("party", p, sid, "lookalike_F03_contact_in_ordinary_ad", "benign_lookalike")


# ---------------------------------------------------------------- F04
def f04_pos(k: Kit, sid: str, i: int) -> None:
    p = k.person(k.choice(["DK", "RO"]), "M")
    ph = k.phone(p)
    wallet = k.account(p, "MobilePay", "wallet", phone=ph)
    start = day(f"2025-0{2 + i % 7}-03")
    n_payers = 15 + i % 4
    for j in range(n_payers):          # 15-18 distinct phones in 28 days, all 550-950 DKK
        payer = k.ctx.phones.one("45")
        for r in range(1 + (j % 3 == 0)):
            k.txn(wallet, at(start + dt.timedelta(days=(j * 3 + r * 11) % 28), k.uniform(12, 23)), "in",
                  round(k.uniform(550, 950) / 50) * 50, "mobile_payment", counterparty_phone=payer,
                  counterparty_name=k.name_for("DK", "M"), counterparty_country="DK")
    k.truth("party", p, sid, "F04_mobile_payment_fan_in", "trafficker", "F04")


def f04_look(k: Kit, sid: str, i: int) -> None:
    start = day(f"2025-0{2 + i % 7}-03")
    if i % 2:
        co, _ = k.company("93.12", f"Boldklubben Ørnen {i}", "Amateur football club")
        lo, hi, n, sc = 150, 300, 30, "lookalike_F04_sports_club"
    else:
        co, _ = k.company("56.21", f"Street Food Truck {i} ApS", "Food truck", hours=("11:00", "21:00"))
        lo, hi, n, sc = 60, 180, 40, "lookalike_F04_food_truck"
    ph = k.phone(co)
    wallet = k.account(co, "MobilePay", "wallet", phone=ph)
    for j in range(n):                 # many payers, but small amounts (0 % in the 500-1000 band)
        k.txn(wallet, at(start + dt.timedelta(days=j % 25), k.uniform(11.5, 16.5)), "in", round(k.uniform(lo, hi)),
              "mobile_payment", counterparty_phone=k.ctx.phones.one("45"), counterparty_name=k.name_for("DK", k.choice("FM")),
              counterparty_country="DK")
    k.truth("party", co, sid, sc, "benign_lookalike")


# ---------------------------------------------------------------- F05
BENEFICIARIES = [("Ahmed  BENALI", "MA"), ("chukwuemeka okafor", "NG"), ("Imran   Qureshi", "PK"), ("Ion  RUSU", "MD"),
                 ("Florin Stan", "RO"), ("Olena  Melnyk", "UA")]
SENDER_CITIES = ["København", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Herning", "Randers"]


def f05_pos(k: Kit, sid: str, i: int) -> None:
    name, country = BENEFICIARIES[i % len(BENEFICIARIES)]
    name = f"{name} {chr(64 + i)}" if i > len(BENEFICIARIES) else name
    start = day(f"2025-0{2 + i % 6}-02")
    for j in range(4):   # four senders, four cities, two transfers each, within 70 days
        p, acc = _acct_person(k, country if country in ("MA", "NG", "PK", "RO", "UA") else "RO")
        city = SENDER_CITIES[(i + j) % len(SENDER_CITIES)]
        svc = k.ctx.ref.mts_services[(i + j) % len(k.ctx.ref.mts_services)]
        for r in range(2):
            k.txn(acc, at(start + dt.timedelta(days=j * 9 + r * 30), 14 + j * 0.5), "out", k.uniform(1500, 4000),
                  "money_transfer_service", merchant_name=svc, counterparty_name=name, counterparty_country=country.lower() if r else country,
                  location_city=city, location_id=f"AGENT-{city[:3].upper()}-{j}")
        k.truth("party", p, sid, "F05_many_regions_one_beneficiary", "trafficker", "F05")
    k.truth("beneficiary", beneficiary_key(name, country), sid, "F05_many_regions_one_beneficiary", "trafficker", "F05")


def f05_look(k: Kit, sid: str, i: int) -> None:
    country = ["PK", "RO", "MA", "NG"][i % 4]
    name = ["Nasreen Bibi", "Maria Popescu", "Fatima Ziani", "Grace Eze"][i % 4] + f" {i}"
    senders = 1 if i % 2 else 2        # one migrant, or two siblings, always from the same city
    for j in range(senders):
        p, acc = _acct_person(k, country)
        for m in range(12 if senders == 1 else 3):
            k.txn(acc, at(f"2025-{m * (1 if senders == 1 else 4) + 1:02d}-0{5 + j}", 12), "out", k.uniform(1500, 2500),
                  "transfer", counterparty_name=name, counterparty_country=country, reference="Til mor")
        k.truth("party", p, sid, "lookalike_F05_monthly_remittance_one_city", "benign_lookalike")
    k.truth("beneficiary", beneficiary_key(name, country), sid, "lookalike_F05_monthly_remittance_one_city", "benign_lookalike")


# ---------------------------------------------------------------- F06
def f06_pos(k: Kit, sid: str, i: int) -> None:
    start = day(f"2025-0{2 + i % 6}-03")
    if i % 2:
        co, acc = k.company("81.21", f"Baltic Clean Service {i} ApS", "Cleaning of offices", expected="DK,SE")
        dest, sc = "RO", "F06_undeclared_high_risk_flows"
    else:
        co, acc = k.company("46.90", f"Nordic Goods Trading {i} ApS", "Wholesale of household goods", expected="DK,DE")
        dest, sc = "AE", "F06_undeclared_country_flows"
    for j in range(10):                # 350k in, in business hours
        k.txn(acc, at(start + dt.timedelta(days=j * 8), 11), "in", 35000, "transfer", counterparty_name="Kunde A/S", counterparty_country="DK")
    for j in range(8):                 # 200k domestic out
        k.txn(acc, at(start + dt.timedelta(days=j * 10 + 2), 13), "out", 25000, "transfer", counterparty_name="Leverandør ApS", counterparty_country="DK")
    for j in range(6):                 # 300k abroad, undeclared country, within 80 days
        k.txn(acc, at(start + dt.timedelta(days=j * 14 + 5), 14), "out", 50000, "transfer",
              counterparty_name=f"Trading Partner {dest} LLC", counterparty_country=dest, reference="Services")
    k.truth("party", co, sid, sc, "trafficker", "F06")


def f06_look(k: Kit, sid: str, i: int) -> None:
    start = day(f"2025-0{2 + i % 6}-03")
    if i % 2:
        co, acc = k.company("46.34", f"Vinimport Toscana {i} ApS", "Import of wine from Italy and France", expected="DK,IT,FR")
        dests = ["IT", "FR"]
    else:
        co, acc = k.company("46.73", f"Skandinavisk Træ {i} A/S", "Timber trade with Sweden and Norway", expected="DK,SE,NO")
        dests = ["SE", "NO"]
    for j in range(10):
        k.txn(acc, at(start + dt.timedelta(days=j * 8), 11), "in", 35000, "transfer", counterparty_name="Kunde A/S", counterparty_country="DK")
    for j in range(6):
        k.txn(acc, at(start + dt.timedelta(days=j * 14 + 5), 14), "out", 45000, "transfer",
              counterparty_name=f"Supplier {dests[j % 2]}", counterparty_country=dests[j % 2], reference="Varekøb")
    k.truth("party", co, sid, "lookalike_F06_importer_declared_countries", "benign_lookalike")


# ---------------------------------------------------------------- F07
def f07_pos(k: Kit, sid: str, i: int) -> None:
    p, acc = _acct_person(k, "DK", "M")
    start = day(f"2025-0{2 + i % 7}-04")
    if i % 2:      # four deposits of 18,500-19,800 at three branches of one city within 20 days
        for j in range(4):
            k.txn(acc, at(start + dt.timedelta(days=j * 6), 12), "in", k.uniform(18500, 19800), "cash_deposit",
                  location_city="Aalborg", location_id=f"BR-AAL-{j % 3 + 1}")
        k.truth("party", p, sid, "F07_cash_just_under_threshold", "trafficker", "F07")
    else:          # 40 payments of 550-950 in 28 days (about 30,000 in total)
        for j in range(40):
            k.txn(acc, at(start + dt.timedelta(days=j * 0.7), 9 + (j % 9)), "out", k.uniform(550, 950), "transfer",
                  counterparty_name=k.name_for("DK", k.choice("FM")), counterparty_country="DK")
        k.truth("party", p, sid, "F07_many_low_value_payments", "trafficker", "F07")


def f07_look(k: Kit, sid: str, i: int) -> None:
    start = day(f"2025-0{2 + i % 7}-04")
    if i % 2:      # a shop's varied daily takings (3,000-15,000) at its own branch
        co, acc = k.company("47.11", f"Hjørnebutikken {i}", "Grocery shop")
        for j in range(60):
            k.txn(acc, at(start + dt.timedelta(days=j), k.uniform(10, 15)), "in", k.uniform(3000, 15000), "cash_deposit",
                  location_city="Viborg", location_id="BR-VIB-1")
        k.truth("party", co, sid, "lookalike_F07_shop_daily_takings", "benign_lookalike")
    else:          # 35 small payments, but only ~3,500 in total
        p, acc = _acct_person(k)
        for j in range(35):
            k.txn(acc, at(start + dt.timedelta(days=j * 0.8), 12), "out", k.uniform(60, 140), "card",
                  merchant_name="Netto", merchant_category_code="5411")
        k.truth("party", p, sid, "lookalike_F07_many_tiny_purchases", "benign_lookalike")


# ---------------------------------------------------------------- F08
def f08_pos(k: Kit, sid: str, i: int) -> None:
    if i % 2:
        co, cacc = k.company("43.99", f"Hurtig Byg {i} ApS", "Construction works")
        w, wacc = _acct_person(k, "PL", "M")
        for paid, net in k.employ(co, w, wacc, k.varied_pay(30000), scheme="none", title="Construction worker"):
            k.transfer(wacc, cacc, paid + dt.timedelta(days=1, hours=2), round(net * 0.85, 2), k.names[w], k.names[co], reference="Retur")
        sc = "F08_salary_back_to_employer"
        k.truth("party", w, sid, sc, "victim", "F08")
    else:
        co, cacc = k.company("56.10", f"Asia Garden {i} ApS", "Restaurant")
        for _ in range(2):   # two workers of one employer lose their pay in cash: the employer's pattern
            w, wacc = _acct_person(k, "PK", "M")
            for paid, net in k.employ(co, w, wacc, k.varied_pay(26000), scheme="positive_list", title="Kitchen helper"):
                k.txn(wacc, paid + dt.timedelta(days=2, hours=4), "out", round(net * 0.8, -2), "cash_withdrawal",
                      location_city="Horsens", location_id="ATM-HOR-2")
            k.truth("party", w, sid, "F08_salary_withdrawn_as_cash", "victim", "F08")
        sc = "F08_salary_withdrawn_as_cash"
    k.truth("party", co, sid, sc, "trafficker", "F08")


def f08_look(k: Kit, sid: str, i: int) -> None:
    co, cacc = k.company("47.19", f"Boligstil {i} ApS", "Retail of furniture")
    w, wacc = _acct_person(k)
    pays = k.employ(co, w, wacc, k.varied_pay(28000), title="Sales assistant")
    if i % 2:      # rent (35 %) on the first banking day, bills spread over the month
        for paid, net in pays:
            k.txn(wacc, paid + dt.timedelta(days=3, hours=2), "out", round(net * 0.35, -1), "transfer",
                  counterparty_name="Boligselskabet Sjælland", counterparty_country="DK", reference="Husleje")
            for b in range(4):
                k.txn(wacc, paid + dt.timedelta(days=6 + b * 6), "out", net * 0.06, "direct_debit", counterparty_name="Norlys")
        sc = "lookalike_F08_rent_and_bills_spread"
    else:          # savings to the worker's own second account the next day
        sav = k.account(w, "Danske Bank", "personal", primary=False)
        for paid, net in pays:
            k.transfer(wacc, sav, paid + dt.timedelta(days=1), round(net * 0.7, 2), k.names[w], k.names[w], reference="Opsparing")
        sc = "lookalike_F08_savings_to_own_account"
    k.truth("party", w, sid, sc, "benign_lookalike")


# ---------------------------------------------------------------- F09
def f09_pos(k: Kit, sid: str, i: int) -> None:
    nat = "PH" if i % 2 else "NG"
    p, acc = _acct_person(k, nat)
    start = day(f"2025-0{2 + i % 7}-06")
    for j in range(8):   # eight MTS transfers in 85 days, no bank transfers at all
        k.txn(acc, at(start + dt.timedelta(days=j * 12), 15), "out", k.uniform(1000, 3000), "money_transfer_service",
              merchant_name=k.ctx.ref.mts_services[j % 3], counterparty_name=k.name_for(nat, "F") + f" {j % 2 + 1}",
              counterparty_country=nat, location_city="København", location_id="AGENT-KOB-7")
    k.truth("party", p, sid, "F09_money_transfer_service_reliance", "victim" if i % 2 else "trafficker", "F09")


def f09_look(k: Kit, sid: str, i: int) -> None:
    p, acc = _acct_person(k, "DK")
    for j in range(1 + (i % 2 == 0)):   # one (or two, months apart) gifts abroad a year
        k.txn(acc, at(f"2025-{5 + 6 * j:02d}-1{i % 9}", 13), "out", 500, "money_transfer_service", merchant_name="Western Union",
              counterparty_name="Peter Hansen Jr", counterparty_country="US", location_city="Roskilde", location_id="AGENT-ROS-1")
    k.truth("party", p, sid, "lookalike_F09_gift_abroad", "benign_lookalike")


SINGLES = {
    "F01": (f01_pos, f01_look), "F02": (f02_pos, f02_look), "F03": (f03_pos, f03_look), "F04": (f04_pos, f04_look),
    "F05": (f05_pos, f05_look), "F06": (f06_pos, f06_look), "F07": (f07_pos, f07_look), "F08": (f08_pos, f08_look),
    "F09": (f09_pos, f09_look),
}
