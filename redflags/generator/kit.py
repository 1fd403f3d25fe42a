"""Building blocks for planted scenarios: parties, accounts, phones, payments, jobs, ads, signals, truth.

Scenario code loops over a few hundred entities at most, so plain Python row dicts are fine here.
Every helper writes exactly the landing rows it names; nothing else is added behind the scenes
(except tax filings, derived per scenario company at the end from its payroll and income).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
import pandas as pd

from . import config, names, timeline
from .context import Context
from .phones import COUNTRY_CC, messy_one, normalise_email, normalise_handle

D = dt.date
T = dt.datetime
CITY_POST = {c[0]: c[1] for c in names.CITIES}


def day(x) -> dt.date:
    return dt.date.fromisoformat(x) if isinstance(x, str) else x


def at(x, hour: float = 12.0) -> dt.datetime:
    return timeline.ts(day(x), hour)


class Kit:
    def __init__(self, ctx: Context, bg) -> None:
        self.ctx = ctx
        self.bg = bg
        self.rng = ctx.rng("scenarios")
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.truth_rows: list[dict] = []
        self.companies: dict[str, dict] = {}
        self.names: dict[str, str] = {}
        self.protected_accounts: set[str] = set()

    # ------------------------------------------------------------------ helpers
    def r(self) -> float:
        return float(self.rng.random())

    def uniform(self, lo, hi) -> float:
        return float(self.rng.uniform(lo, hi))

    def choice(self, seq):
        return seq[int(self.rng.integers(0, len(seq)))]

    def fmt_phone(self, e164: str | None) -> str | None:
        if e164 is None:
            return None
        c = int(self.rng.integers(0, 6))
        return messy_one(e164, 0 if self.rng.random() < 0.2 else c)

    def fmt_email(self, email: str) -> str:
        c = int(self.rng.integers(0, 3))
        return email if c == 0 else email.capitalize() if c == 1 else email.upper()

    def fmt_handle(self, handle: str) -> str:
        c = int(self.rng.integers(0, 3))
        h = handle if c == 0 else handle.capitalize() if c == 1 else handle.upper()
        return ("@" + h.lstrip("@")) if self.rng.random() < 0.5 else h

    def name_for(self, nat: str, sex: str) -> str:
        if nat == "DK" or nat not in names.FOREIGN:
            first = self.choice(names.DK_F if sex == "F" else names.DK_M)
            last = self.choice(names.DK_LAST)
        else:
            ff, mm, ll = names.FOREIGN[nat]
            first, last = self.choice(ff if sex == "F" else mm), self.choice(ll)
        return f"{first} {last}"

    # ------------------------------------------------------------------ parties
    def person(self, nat: str = "DK", sex: str | None = None, birth: str | None = None, residence: str = "DK",
               name: str | None = None, onboarded: str = "2023-06-01") -> str:
        pid = self.ctx.ids.one("PA")
        sex = sex or self.choice(["F", "M"])
        name = name or self.name_for(nat, sex)
        birth = birth or f"{int(self.rng.integers(1965, 2000))}-{int(self.rng.integers(1, 13)):02d}-{int(self.rng.integers(1, 28)):02d}"
        self.rows["parties"].append(dict(party_id=pid, party_type="person", full_name=name, birth_date=day(birth), sex=sex,
                                         nationality=nat, country_of_residence=residence, onboarded_at=at(onboarded, 10.5)))
        self.names[pid] = name
        return pid

    def company(self, nace: str, name: str, purpose: str, expected: str = "DK", hours=(None, None),
                onboarded: str = "2018-04-01", city: str = "København") -> tuple[str, str]:
        pid = self.ctx.ids.one("PA")
        self.rows["parties"].append(dict(party_id=pid, party_type="company", full_name=name, country_of_residence="DK",
                                         registration_no=str(int(self.rng.integers(40_000_000, 45_000_000))), industry_code=nace,
                                         stated_business_purpose=purpose, expected_countries=expected,
                                         business_hours_open=hours[0], business_hours_close=hours[1], onboarded_at=at(onboarded, 11)))
        self.names[pid] = name
        addr = self.address(city)
        self.reside(pid, addr, "registered_office", onboarded)
        acc = self.account(pid, self.choice(names.BANKS), "business", opened=onboarded)
        self.companies[pid] = dict(acc=acc, name=name, nace=nace, payroll=[], registered=None, tax_per_worker=None,
                                   onboarded=day(onboarded))
        return pid, acc

    def account(self, party: str, provider: str = "Danske Bank", type_: str = "personal", phone: str | None = None,
                opened="2020-05-04", closed: str | None = None, primary: bool | None = None, hour: float = 11.0) -> str:
        acc = self.ctx.ids.one("AC")
        if primary is None:
            primary = type_ in ("personal", "business")
        self.rows["accounts"].append(dict(account_id=acc, party_id=party, provider=provider, account_type=type_, currency="DKK",
                                          phone_number=self.fmt_phone(phone), is_primary=primary, opened_at=at(opened, hour),
                                          closed_at=at(closed, hour) if closed else None))
        if phone:
            self.ctx.owners.own("phone", [phone], [party], "accounts")
        return acc

    def phone(self, party: str | None = None, cc: str = "45", contract: str = "postpaid", subscriber: bool = True,
              contact: bool = True, activated: str = "2022-03-01") -> str:
        e164 = self.ctx.phones.one(cc)
        subscriber_party = party if subscriber else None
        self.rows["phone_subscriptions"].append(dict(phone_number=self.fmt_phone(e164), subscriber_party_id=subscriber_party,
                                                     contract_type=contract, activated_at=at(activated, 14)))
        self.ctx.owners.own("phone", [e164], [subscriber_party], "phone_subscriptions")
        if party and contact:
            self.rows["party_contacts"].append(dict(party_id=party, contact_type="phone", contact_value=self.fmt_phone(e164),
                                                    first_seen=day(activated)))
            self.ctx.owners.own("phone", [e164], [party], "party_contacts")
        self.ctx.owners.made_for("phone", [e164], [party])
        return e164

    def email(self, party: str, address: str) -> str:
        self.rows["party_contacts"].append(dict(party_id=party, contact_type="email", contact_value=self.fmt_email(address),
                                                first_seen=D(2023, 2, 1)))
        self.ctx.owners.own("email", [address], [party], "party_contacts")
        self.ctx.owners.made_for("email", [address], [party])
        return normalise_email(address)

    def address(self, city: str, street: str | None = None) -> str:
        aid = self.ctx.ids.one("AD")
        street = street or f"{self.choice(names.STREETS)} {int(self.rng.integers(1, 150))}"
        self._addr = getattr(self, "_addr", {})
        self._addr[aid] = (street, CITY_POST.get(city, "7000"), city)
        return aid

    def reside(self, party: str, addr: str, type_: str = "residence", valid_from: str = "2024-01-15") -> None:
        street, post, city = self._addr[addr]
        self.rows["party_addresses"].append(dict(party_id=party, address_id=addr, street=street, postcode=post, city=city,
                                                 country="DK", address_type=type_, valid_from=day(valid_from), valid_to=None))

    def role(self, company: str, person: str, role: str = "director", valid_from: str = "2018-04-01") -> None:
        self.rows["company_roles"].append(dict(company_party_id=company, person_party_id=person, role=role,
                                               valid_from=day(valid_from), valid_to=None))

    # ------------------------------------------------------------------ money
    def txn(self, acc: str, when: dt.datetime, direction: str, amount: float, channel: str, currency: str = "DKK", **kw) -> None:
        row = dict(txn_id=self.ctx.ids.one("TX"), account_id=acc, booked_at=when, direction=direction,
                   amount=round(float(amount), 2), currency=currency, channel=channel)
        if "counterparty_phone" in kw:
            if when < config.YEAR_END:      # later bookings never reach the landing zone
                self.ctx.owners.seen("phone", [kw["counterparty_phone"]], "transactions")
            kw["counterparty_phone"] = self.fmt_phone(kw["counterparty_phone"])
        row.update(kw)
        self.rows["transactions"].append(row)

    def transfer(self, src: str, dst: str, when: dt.datetime, amount: float, src_name: str, dst_name: str,
                 channel: str = "transfer", reference: str | None = None, src_phone=None, dst_phone=None) -> None:
        """Both bookings of a payment between two accounts in the data."""
        self.txn(src, when, "out", amount, channel, counterparty_account_id=dst, counterparty_name=dst_name,
                 counterparty_country="DK", reference=reference,
                 **({"counterparty_phone": dst_phone} if dst_phone else {}))
        self.txn(dst, when, "in", amount, channel, counterparty_account_id=src, counterparty_name=src_name,
                 counterparty_country="DK", reference=reference,
                 **({"counterparty_phone": src_phone} if src_phone else {}))

    def employ(self, company: str, worker: str, worker_acc: str, gross: list[float], months: list[int] | None = None,
               scheme: str = "none", title: str = "Worker", start: str = "2024-06-01", hours: list[float] | None = None,
               tax_rate: float = 0.32) -> list[tuple[dt.datetime, float]]:
        """Employment + one payslip per month + the salary booking on both accounts. Returns (paid_at, net) per month."""
        months = list(range(12)) if months is None else months
        c = self.companies[company]
        self.rows["employments"].append(dict(employment_id=self.ctx.ids.one("EM"), employer_party_id=company,
                                             employee_party_id=worker, start_date=day(start), end_date=None, job_title=title,
                                             contracted_hours_per_week=37.0, work_permit_scheme=scheme))
        out = []
        for k, m in enumerate(months):
            g = round(float(gross[k]), 2)
            am = round(g * 0.08, 2)
            tax = round((g - am) * tax_rate, 2)
            net = round(g - am - tax, 2)
            paid = timeline.ts(timeline.PAYDAYS[m], 8.25 + 0.01 * (len(c["payroll"]) % 50))
            ms, me = timeline.MONTH_STARTS[m].astype(dt.date), timeline.MONTH_ENDS[m].astype(dt.date)
            self.rows["payroll"].append(dict(payslip_id=self.ctx.ids.one("PS"), employer_party_id=company, employee_party_id=worker,
                                             period_start=ms, period_end=me, gross_pay=g, net_pay=net,
                                             hours_worked=(hours[k] if hours else 160.33), currency="DKK",
                                             paid_to_account_id=worker_acc, paid_at=paid))
            self.txn(worker_acc, paid, "in", net, "salary", counterparty_account_id=c["acc"], counterparty_name=c["name"],
                     counterparty_country="DK", reference=f"Løn {ms:%Y-%m}")
            self.txn(c["acc"], paid, "out", net, "salary", counterparty_account_id=worker_acc, counterparty_name=self.names[worker],
                     counterparty_country="DK", reference="Løn")
            c["payroll"].append((m, worker, g, tax, am))
            out.append((paid, net))
        return out

    def varied_pay(self, base: float, n: int = 12) -> list[float]:
        """Overtime-driven pay: consecutive months differ by at least 2 %."""
        k = int(self.rng.integers(0, 7))
        out = []
        for _ in range(n):
            out.append(round(base * (1 + 0.02 * k) + float(self.rng.integers(0, 100)) / 4, 2))
            k = (k + 1 + int(self.rng.integers(0, 6))) % 7
        return out

    def income(self, acc: str, months: list[int], amount: float, name: str = "Privatkunde", hour=(10, 15.5)) -> None:
        """Ordinary in-hours customer payments to a business account (about weekly)."""
        for m in months:
            for w in range(4):
                d0 = timeline.MONTH_STARTS[m].astype(dt.date) + dt.timedelta(days=2 + 7 * w)
                self.txn(acc, at(d0, self.uniform(*hour)), "in", amount / 4 * self.uniform(0.6, 1.4), "transfer",
                         counterparty_name=name, counterparty_country="DK", reference="Faktura")

    # ------------------------------------------------------------------ registers and platforms
    def ad(self, site: str, category: str, posted: dt.datetime, phone=None, email=None, handle=None, text=None, city=None,
           price=None) -> None:
        self.rows["online_ads"].append(dict(ad_id=self.ctx.ids.one("AO"), site=site, site_category=category, posted_at=posted,
                                            contact_phone=self.fmt_phone(phone), contact_email=self.fmt_email(email) if email else None,
                                            profile_handle=self.fmt_handle(handle) if handle else None, ad_text=text,
                                            location_city=city, price_dkk=price))
        self._identifiers("online_ads", phone, handle, email)

    def post(self, platform: str, group: str, audience: str | None, posted: dt.datetime, handle: str, phone=None,
             post_type: str = "job_offer", pay=None, redirect: bool = False, text: str = "") -> None:
        self.rows["social_posts"].append(dict(post_id=self.ctx.ids.one("SP"), platform=platform, group_name=group,
                                              group_audience_nationality=audience, posted_at=posted, author_handle=self.fmt_handle(handle),
                                              author_phone=self.fmt_phone(phone), post_type=post_type, promised_monthly_pay_dkk=pay,
                                              redirects_to_encrypted_app=redirect, post_text=text))
        self._identifiers("social_posts", phone, handle)

    def signal(self, platform: str, when: dt.datetime, kind: str, subject_phone=None, counterpart_phone=None,
               subject_handle=None, counterpart_handle=None, details=None) -> None:
        self.rows["platform_signals"].append(dict(signal_id=self.ctx.ids.one("SG"), platform=platform, observed_at=when, signal_type=kind,
                                                  subject_phone=self.fmt_phone(subject_phone), subject_handle=self.fmt_handle(subject_handle) if subject_handle else None,
                                                  counterpart_phone=self.fmt_phone(counterpart_phone),
                                                  counterpart_handle=self.fmt_handle(counterpart_handle) if counterpart_handle else None,
                                                  details=details))
        self._identifiers("platform_signals", subject_phone, subject_handle)
        self._identifiers("platform_signals", counterpart_phone, counterpart_handle)

    def booking(self, platform: str, addr: str, city: str, check_in: dt.date, nights: int, guest=None, guest_phone=None,
                paid_by=None) -> None:
        self.rows["rental_bookings"].append(dict(booking_id=self.ctx.ids.one("BK"), platform=platform, guest_party_id=guest,
                                                 guest_phone=self.fmt_phone(guest_phone), address_id=addr, city=city,
                                                 check_in=check_in, check_out=check_in + dt.timedelta(days=nights),
                                                 paid_by_account_id=paid_by))
        self.ctx.owners.own("phone", [guest_phone], [guest], "rental_bookings")

    def observe(self, party: str, when: dt.datetime, org: str, context: str, spoke=False, looked=False, companion=None,
                poor=False, malnourished=False, no_lang=False, notes="") -> None:
        self.rows["frontline_observations"].append(dict(observation_id=self.ctx.ids.one("OB"), party_id=party, observed_at=when,
                                                        org_type=org, context=context, third_party_spoke=spoke,
                                                        looked_to_third_party=looked, accompanied_by_party_id=companion,
                                                        poor_appearance=poor, malnourished=malnourished, no_local_language=no_lang,
                                                        notes=notes))

    def _identifiers(self, table: str, phone=None, handle=None, email=None) -> None:
        """Record what one ad, post or signal side shows: a handle beside a phone belongs to the phone's holder."""
        owners = self.ctx.owners
        owners.seen("email", [email], table)
        if handle and phone:
            owners.handle_with_phone([handle], [phone], table)
        else:
            owners.seen("phone", [phone], table)
            owners.seen("handle", [handle], table)

    # ------------------------------------------------------------------ truth
    def truth(self, entity_type: str, entity_id: str, scenario_id: str, scenario: str, role: str, indicators: str | list = "") -> None:
        if isinstance(indicators, str):
            indicators = [i for i in indicators.split(",") if i]
        if entity_type == "email":
            entity_id = normalise_email(entity_id)
        elif entity_type == "handle":
            entity_id = normalise_handle(entity_id)
        self.truth_rows.append(dict(entity_type=entity_type, entity_id=entity_id, scenario_id=scenario_id, scenario=scenario,
                                    role=role, expected_indicators=",".join(sorted(set(indicators)))))

    # ------------------------------------------------------------------ finish
    def frames(self) -> dict[str, pd.DataFrame]:
        out = {t: pd.DataFrame(rows) for t, rows in self.rows.items() if rows}
        out["tax_filings"] = self._tax_filings()
        return out

    def _tax_filings(self) -> pd.DataFrame:
        tx = pd.DataFrame(self.rows["transactions"])
        inc = tx[(tx["direction"] == "in") & (tx["channel"] != "salary")]
        inc = inc.assign(m=pd.to_datetime(inc["booked_at"]).dt.month - 1).groupby(["account_id", "m"])["amount"].sum()
        rows = []
        for pid, c in self.companies.items():
            pr = pd.DataFrame(c["payroll"], columns=["m", "w", "g", "tax", "am"])
            first_m = 0 if c["onboarded"].year < timeline.START.astype(dt.date).year else c["onboarded"].month - 1
            for m in range(first_m, 12):
                pm = pr[pr["m"] == m]
                actual = pm["w"].nunique()
                cap = c["registered"][m] if isinstance(c["registered"], dict) else c["registered"]
                reg = actual if cap is None else min(actual, cap)
                share = reg / actual if actual else 0.0
                payroll = round(float(pm["g"].sum()) * share, 2)
                tax = round(float(pm["tax"].sum()) * share, 2) if c["tax_per_worker"] is None else round(c["tax_per_worker"] * reg, 2)
                am = round(float(pm["am"].sum()) * share, 2)
                rev = round(float(inc.get((c["acc"], m), 0.0)), 2)
                rows.append(dict(filing_id=self.ctx.ids.one("TF"), company_party_id=pid,
                                 period_month=timeline.MONTH_STARTS[m].astype(dt.date), registered_employees=int(reg),
                                 reported_payroll=payroll, withheld_income_tax=tax, labour_market_contribution=am,
                                 vat_paid=round(rev * 0.1, 2), reported_revenue=rev))
        return pd.DataFrame(rows)


def cc_of(country: str) -> str:
    return COUNTRY_CC[country]
