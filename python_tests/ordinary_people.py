"""Ordinary people written by hand, not by the generator: one small group per
rule fixed in issue 10 item 2, and the issue's own cases (a Polish resident
with a home SIM noted without Danish at a branch, one phone on an escort and a
dating ad, a friend's two MobilePay payments to two of them), written as
<table>/benign_probe.csv with every contract column. None of these entities
is in the truth files; every alert they get is a false alert.

    python python_tests/ordinary_people.py <landing_dir>   # prints the probe entities and what each tests

python_tests/test_ordinary_people.py adds them to the tiny landing zone and
builds it.
"""
from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

import yaml

CONTRACT = yaml.safe_load((Path(__file__).resolve().parents[1] / "contract" / "landing.yml").read_text())["tables"]
rows: dict[str, list[dict]] = {}
probes: dict[str, str] = {}
counter = [0]


def add(table: str, **values) -> None:
    rows.setdefault(table, []).append(values)


def nid(prefix: str) -> str:
    counter[0] += 1
    return f"{prefix}BP{counter[0]:05d}"


def person(name: str, nationality: str = "DK", sex: str = "F", probe: str | None = None) -> str:
    pid = nid("PA")
    add("parties", party_id=pid, party_type="person", full_name=name, birth_date="1980-05-05", sex=sex,
        nationality=nationality, country_of_residence="DK", onboarded_at="2019-03-01 10:00:00")
    if probe:
        probes[pid] = probe
    return pid


def company(name: str, nace: str, expected: str | None = "DK", probe: str | None = None) -> tuple[str, str]:
    pid = nid("PA")
    add("parties", party_id=pid, party_type="company", full_name=name, country_of_residence="DK",
        registration_no=str(46000000 + counter[0]), industry_code=nace, stated_business_purpose=name,
        expected_countries=expected, onboarded_at="2016-01-04 10:00:00")
    if probe:
        probes[pid] = probe
    return pid, account(pid, "business")


def account(party: str, kind: str = "personal", primary: bool = True) -> str:
    acc = nid("AC")
    provider = "MobilePay" if kind == "wallet" else "Danske Bank"
    add("accounts", account_id=acc, party_id=party, provider=provider, account_type=kind, currency="DKK",
        is_primary=str(primary).lower(), opened_at="2016-02-01 10:00:00")
    return acc


def txn(acc: str, when: str, direction: str, amount: float, channel: str, **kw) -> None:
    add("transactions", txn_id=nid("TX"), account_id=acc, booked_at=when, direction=direction,
        amount=f"{amount:.2f}", currency="DKK", channel=channel, **kw)


def reside(party: str, address: str, city: str = "Odense", kind: str = "residence") -> None:
    add("party_addresses", party_id=party, address_id=address, street="Probevej 1", postcode="5000", city=city,
        country="DK", address_type=kind, valid_from="2015-01-01")


def phone(party: str, number: str, contract: str | None = "postpaid") -> None:
    add("party_contacts", party_id=party, contact_type="phone", contact_value=number, first_seen="2020-01-01")
    if contract:
        add("phone_subscriptions", phone_number=number, subscriber_party_id=party, contract_type=contract,
            activated_at="2020-01-01 10:00:00")


PAYDAYS = [dt.date(2025, m, 28) for m in range(1, 13)]


def employ(employer: str, employer_acc: str, employer_name: str, worker: str, worker_name: str, title: str,
           gross: float) -> tuple[str, list[tuple[dt.date, float]]]:
    acc = account(worker)
    add("employments", employment_id=nid("EM"), employer_party_id=employer, employee_party_id=worker,
        start_date="2019-01-01", job_title=title, contracted_hours_per_week="37", work_permit_scheme="none")
    paid = []
    for m, day in enumerate(PAYDAYS, start=1):
        net = round(gross * 0.62, 2)
        end = (dt.date(2025, m % 12 + 1, 1) - dt.timedelta(days=1)) if m < 12 else dt.date(2025, 12, 31)
        add("payroll", payslip_id=nid("PS"), employer_party_id=employer, employee_party_id=worker,
            period_start=f"2025-{m:02d}-01", period_end=end.isoformat(), gross_pay=f"{gross:.2f}", net_pay=f"{net:.2f}",
            hours_worked="160.33", currency="DKK", paid_to_account_id=acc, paid_at=f"{day} 08:00:00")
        txn(acc, f"{day} 08:00:00", "in", net, "salary", counterparty_account_id=employer_acc,
            counterparty_name=employer_name, counterparty_country="DK", reference="Løn")
        txn(employer_acc, f"{day} 08:00:00", "out", net, "salary", counterparty_account_id=acc,
            counterparty_name=worker_name, counterparty_country="DK", reference="Løn")
        paid.append((day, net))
    return acc, paid


def build() -> None:
    # R07: a Polish resident with a Danish SIM and the Polish number he kept.
    pl = person("Piotr Zielinski", "PL", "M", "R07 + B03: home SIM, noted without Danish at a branch")
    phone(pl, "+4530100001", "postpaid")
    phone(pl, "+48601000001", None)
    add("frontline_observations", observation_id=nid("OB"), party_id=pl, observed_at="2025-04-02 10:30:00",
        org_type="bank", context="branch_visit", third_party_spoke="false", looked_to_third_party="false",
        poor_appearance="false", malnourished="false", no_local_language="true", notes="no Danish, spoke English")

    # F03 + R02: one phone on one escort ad and one dating ad (R02's crossover contains F03).
    ads = person("Sofie Berg", probe="F03 + R02: one phone on an escort ad and a dating ad")
    phone(ads, "+4530100030")
    add("online_ads", ad_id=nid("AD"), site="escortguide.dk", site_category="escort", posted_at="2025-05-03 21:00:00",
        contact_phone="+4530100030", ad_text="Massage", location_city="Odense", price_dkk="1200")
    add("online_ads", ad_id=nid("AD"), site="dating.dk", site_category="dating", posted_at="2025-06-10 20:00:00",
        contact_phone="+4530100030", profile_handle="sofie_b", ad_text="Hej", location_city="Odense")

    # Money: one friend pays the two of them twice each by MobilePay (DKK 1,368 in all) - no tie between them.
    friend = person("Lars Friis", sex="M", probe="friend whose small MobilePay payments touch two flagged people")
    friend_wallet = account(friend, "wallet")
    for payee in (pl, ads):
        payee_wallet = account(payee, "wallet", primary=False)
        for day in ("2025-03-14", "2025-09-19"):
            txn(friend_wallet, f"{day} 18:00:00", "out", 342, "mobile_payment", counterparty_account_id=payee_wallet,
                counterparty_country="DK", reference="Tak for sidst")
            txn(payee_wallet, f"{day} 18:00:00", "in", 342, "mobile_payment", counterparty_account_id=friend_wallet,
                counterparty_country="DK", reference="Tak for sidst")

    # F16: a director paid in dividends and a pensioner on the board of a DKK 6m company.
    co, _ = company("Nordhavn Handel ApS", "46.90")
    director = person("Karen Holm", probe="F16: director paid in dividends, no payslips")
    pensioner = person("Erik Holm", sex="M", probe="F16: pensioner on the board, no payslips")
    add("company_roles", company_party_id=co, person_party_id=director, role="director", valid_from="2015-03-01")
    add("company_roles", company_party_id=co, person_party_id=director, role="owner", valid_from="2015-03-01")
    add("company_roles", company_party_id=co, person_party_id=pensioner, role="director", valid_from="2020-06-01")
    probes[co] = "F16: company of the dividend-paid director"
    for m in range(1, 13):
        add("tax_filings", filing_id=nid("TF"), company_party_id=co, period_month=f"2025-{m:02d}-01",
            registered_employees="0", reported_payroll="0", withheld_income_tax="0", labour_market_contribution="0",
            vat_paid="125000", reported_revenue="500000")

    # F12: the bookkeeper of a building firm on a fixed salary.
    byg, byg_acc = company("Fynsk Murer ApS", "41.20", probe="F12: employer of a salaried bookkeeper")
    book = person("Lone Madsen", probe="F12: bookkeeper of a building firm on a fixed salary")
    employ(byg, byg_acc, "Fynsk Murer ApS", book, "Lone Madsen", "Bogholder", 38000)

    # F08: savings to an own account at another bank; one worker who lives on cash.
    shop, shop_acc = company("Boligstil Odense ApS", "47.59", probe="F08: employer of the saver and the cash user")
    saver = person("Anna Nowak", "PL", probe="F08: 70% of pay to her own account at another bank")
    acc, paid = employ(shop, shop_acc, "Boligstil Odense ApS", saver, "Anna Nowak", "Sales assistant", 30000)
    for day, net in paid:
        txn(acc, f"{day + dt.timedelta(days=1)} 09:00:00", "out", round(net * 0.7, 2), "transfer",
            counterparty_name="Anna Nowak", counterparty_country="DK", reference="Opsparing")
    cash = person("Jens Olsen", sex="M", probe="F08: withdraws 80% of his pay in cash (one worker)")
    acc, paid = employ(shop, shop_acc, "Boligstil Odense ApS", cash, "Jens Olsen", "Sales assistant", 28000)
    for day, net in paid:
        txn(acc, f"{day + dt.timedelta(days=2)} 12:00:00", "out", round(net * 0.8, -2), "cash_withdrawal",
            location_city="Odense", location_id="ATM-ODE-9")

    # F10: a retail chain banking its takings in three cities.
    chain, chain_acc = company("Fynbo Bager A/S", "47.24", probe="F10: chain depositing takings in 3 cities")
    for m in range(1, 13):
        for k, city in enumerate(["Aarhus", "Odense", "Aalborg"]):
            txn(chain_acc, f"2025-{m:02d}-{5 + k:02d} 17:00:00", "in", 12000 + 500 * k, "cash_deposit",
                location_city=city, location_id=f"BR-{city[:3].upper()}-1")

    # F06: an importer paying the higher-risk country it declared; a company without a declaration paying Germany.
    imp, imp_acc = company("Lagos Foods ApS", "46.38", expected="DK,NG", probe="F06: importer paying its declared country NG")
    nod, nod_acc = company("Grænsehandel ApS", "46.90", expected=None, probe="F06: no declaration, pays Germany")
    for j in range(6):
        txn(imp_acc, f"2025-0{3 + j // 3}-{5 + 7 * (j % 3):02d} 11:00:00", "out", 60000, "transfer",
            counterparty_name="Abuja Produce Ltd", counterparty_country="NG", reference="Invoice")
        txn(nod_acc, f"2025-0{3 + j // 3}-{5 + 7 * (j % 3):02d} 11:00:00", "out", 50000, "transfer",
            counterparty_name="Flensburg Grosshandel GmbH", counterparty_country="DE", reference="Rechnung")
    txn(imp_acc, "2025-03-30 11:00:00", "out", 100000, "transfer", counterparty_name="Dansk Fragt A/S", counterparty_country="DK")
    txn(nod_acc, "2025-03-30 11:00:00", "out", 60000, "transfer", counterparty_name="Dansk Fragt A/S", counterparty_country="DK")

    # F01: a home-cleaning firm whose 30 households pay the monthly invoice by transfer in the evening.
    clean, clean_acc = company("Rent Hjem ApS", "81.21", probe="F01: home cleaner paid by transfer in the evening")
    for j in range(30):
        txn(clean_acc, f"2025-03-{1 + j % 28:02d} 20:{10 + j:02d}:00", "in", 1200, "transfer",
            counterparty_name=f"Husstand {j}", counterparty_country="DK", reference="Faktura rengøring")

    # F01 + F04: a badminton club whose 60 members pay the season fee by MobilePay after evening
    # training (found by a landing zone written outside the generator: it reached watch).
    club, _ = company("Vestegnens Badmintonklub", "93.12", probe="F01 + F04: club paid its season fee in the evening")
    club_wallet = account(club, "wallet", primary=False)
    for j in range(60):
        txn(club_wallet, f"2025-09-{1 + j % 20:02d} {18 + j % 4}:{(7 * j) % 60:02d}:00", "in", 750, "mobile_payment",
            counterparty_name=f"Medlem {j}", counterparty_phone=f"+453020{j:04d}", counterparty_country="DK",
            reference="Kontingent sæson 2025/26")

    # F01 + F04: a home-cleaning firm whose 45 households pay the fortnightly visit by MobilePay after
    # work, and a religious association whose 35 families pay the evening school fee (both reached watch
    # on a landing zone written outside the generator, before the seed's evening hours for 81.2 and 94).
    for name, nace, payers, fee, reference in (("Rengøringshjælpen ApS", "81.21", 45, 780, "Rengøring"),
                                               ("Aarhus Moské Forening", "94.91", 35, 500, "Koranskole")):
        org, _ = company(name, nace, probe=f"F01 + F04: {name}, paid {fee} DKK by MobilePay in the evening")
        org_wallet = account(org, "wallet", primary=False)
        for j in range(2 * payers):
            txn(org_wallet, f"2025-10-{1 + j % 28:02d} {18 + j % 4}:{(11 * j) % 60:02d}:00", "in", fee, "mobile_payment",
                counterparty_name=f"{reference} {j % payers}", counterparty_phone=f"+45303{nace[:2]}{j % payers:03d}",
                counterparty_country="DK", reference=reference)

    # R01: a parent following three children who live at home.
    mum = person("Mette Lund", probe="R01: parent following three children at home")
    phone(mum, "+4530100010")
    reside(mum, "ADBPHOME")
    for k in range(3):
        kid = person(f"Lund barn {k}", probe="R01: child followed by a parent at home")
        number = f"+453010002{k}"
        phone(kid, number)
        reside(kid, "ADBPHOME")
        add("platform_signals", signal_id=nid("SG"), platform="Find My", observed_at=f"2025-05-0{k + 1} 17:00:00",
            signal_type="location_sharing", subject_phone=number, counterpart_phone="+4530100010",
            details="family sharing")


def main(landing: Path) -> None:
    build()
    for table, table_rows in rows.items():
        columns = list(CONTRACT[table]["columns"])
        with (landing / table / "benign_probe.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            for row in table_rows:
                writer.writerow({column: row.get(column, "") for column in columns})
    for party, what in probes.items():
        print(party, what)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
