"""The background: a Danish population with companies, jobs, accounts, phones and registers.

Everything here is vectorised (numpy/pandas). The background is ordinary Danish life, including the
benign groups that come near the indicators' rules (benign_groups.py, benign_population.py,
benign_registers.py; SCENARIOS.md, "Background"). Transactions are produced separately, per chunk
of persons (background_txns.py) and for the benign groups (benign_txns.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import benign_population, benign_registers, names, timeline
from .benign_groups import Membership
from .context import Context
from .phones import COUNTRY_CC, messy, messy_handle, mixed_case

# NACE code, category, purpose, weight, gross pay range (DKK / month)
INDUSTRIES = [
    ("62.01", "office", "IT consultancy and software development", 10, (40000, 62000)),
    ("69.20", "office", "Accounting and bookkeeping", 5, (36000, 52000)),
    ("70.22", "office", "Management consultancy", 4, (42000, 65000)),
    ("47.11", "retail", "Supermarket and grocery retail", 9, (24000, 31000)),
    ("47.71", "retail", "Clothing retail", 3, (24000, 30000)),
    ("56.10", "restaurant", "Restaurant and café", 8, (23000, 30000)),
    ("55.10", "hotel", "Hotel", 3, (24000, 31000)),
    ("41.20", "construction", "Construction of residential buildings", 6, (31000, 42000)),
    ("43.22", "construction", "Plumbing, heat and air-conditioning installation", 5, (30000, 40000)),
    ("42.11", "construction", "Construction of roads", 2, (32000, 42000)),
    ("81.21", "cleaning", "General cleaning of buildings", 5, (22000, 28000)),
    ("96.02", "beauty", "Hairdressing and beauty treatment", 3, (23000, 29000)),
    ("96.04", "massage", "Physiotherapy and massage clinic", 2, (24000, 31000)),
    ("79.11", "travel", "Travel agency", 2, (30000, 40000)),
    ("86.21", "health", "General medical practice", 3, (36000, 55000)),
    ("49.41", "transport", "Road freight transport", 3, (28000, 36000)),
    ("46.39", "wholesale", "Food and beverage wholesale and import", 3, (30000, 42000)),
    ("68.20", "landlord", "Letting of residential property", 4, (32000, 45000)),
    ("01.13", "agriculture", "Growing of vegetables, greenhouse horticulture", 2, (26000, 33000)),
]
OFFICE_CATEGORIES = {"office"}                # the only jobs with identical pay every month
DAILY_TAKINGS = {"retail", "restaurant", "hotel", "beauty", "massage"}
JOB_TITLES = {"office": "Consultant", "retail": "Sales assistant", "restaurant": "Waiter", "hotel": "Receptionist",
              "construction": "Carpenter", "cleaning": "Cleaner", "beauty": "Hairdresser", "massage": "Therapist",
              "travel": "Travel consultant", "health": "Nurse", "transport": "Truck driver",
              "wholesale": "Warehouse worker", "landlord": "Caretaker", "agriculture": "Greenhouse worker"}
SUPPLIER_COUNTRIES = {"wholesale": "DK,DE,NL,IT", "retail": "DK,DE,SE", "restaurant": "DK,DE",
                      "construction": "DK,DE,SE", "travel": "DK,ES,GR"}
# Foreign nationals: 12 % of persons, PL/RO/UA/LT 34 % of them (SCENARIOS.md gives the sources).
FOREIGN_SHARE = 0.12
FOREIGN_NAT = ["PL", "RO", "UA", "LT", "SE", "DE", "IN", "PH", "TR", "PK", "CN", "MA", "BG"]
FOREIGN_W = np.array([14, 10, 6, 4, 8, 10, 8, 6, 9, 5, 7, 6, 6], dtype=float)
EU = {"DK", "PL", "RO", "DE", "SE", "LT", "FR", "NL", "BG"}


@dataclass
class Background:
    frames: dict[str, list[pd.DataFrame]] = field(default_factory=dict)
    P: pd.DataFrame | None = None           # internal per-person attributes (not written)
    C: pd.DataFrame | None = None           # internal per-company attributes (not written)
    payroll: pd.DataFrame | None = None     # payroll incl. internal columns
    friends: np.ndarray | None = None       # (n, 6) mobile-pay friends, -1 = no edge
    groups: Membership = field(default_factory=Membership)   # benign group membership (truth/background_groups)
    K: pd.DataFrame | None = None           # internal per-child attributes (children of tracking parents)
    extra: dict = field(default_factory=dict)  # benign-group facts the transactions need (benign_registers)

    def add(self, table: str, df: pd.DataFrame) -> None:
        self.frames.setdefault(table, []).append(df)


def _pick(rng, options, n, p=None):
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=n, p=p)]


def _names(rng, nat: np.ndarray, sex: np.ndarray) -> np.ndarray:
    n = len(nat)
    first = np.empty(n, dtype=object)
    last = np.empty(n, dtype=object)
    dk = nat == "DK"
    f = sex == "F"
    for mask, lst in ((dk & f, names.DK_F), (dk & ~f, names.DK_M)):
        first[mask] = _pick(rng, lst, mask.sum())
    last[dk] = _pick(rng, names.DK_LAST, dk.sum())
    for c, (ff, mm, ll) in names.FOREIGN.items():
        m = nat == c
        if m.any():
            first[m & f] = _pick(rng, ff, (m & f).sum())
            first[m & ~f] = _pick(rng, mm, (m & ~f).sum())
            last[m] = _pick(rng, ll, m.sum())
    return np.char.add(np.char.add(first.astype(str), " "), last.astype(str)).astype(object)


def _dates(rng, n, lo: str, hi: str) -> np.ndarray:
    return timeline.random_days(rng, n, np.datetime64(lo), np.datetime64(hi))


def build(ctx: Context) -> Background:
    bg = Background()
    rng = ctx.rng("population")
    n = ctx.persons
    ids = ctx.ids

    # ---------------- persons ----------------
    P = pd.DataFrame({"idx": np.arange(n)})
    P["party_id"] = ids.many("PA", n)
    P["sex"] = np.where(rng.random(n) < 0.5, "F", "M")
    P.loc[rng.random(n) < 0.003, "sex"] = "X"
    foreign = rng.random(n) < FOREIGN_SHARE
    nat = np.full(n, "DK", dtype=object)
    nat[foreign] = _pick(rng, FOREIGN_NAT, foreign.sum(), FOREIGN_W / FOREIGN_W.sum())
    P["nationality"] = nat
    P["full_name"] = _names(rng, nat, P["sex"].to_numpy())
    age = np.clip(rng.normal(45, 16, n), 19, 88).astype(int)
    P["age"] = age
    benign_population.remitting_siblings(ctx.rng("benign-siblings"), P, bg.groups)
    nat = P["nationality"].to_numpy(dtype=object)
    P["birth_date"] = np.datetime64("2025-01-01") - (age * 365.25).astype(int).astype("timedelta64[D]") - rng.integers(0, 365, n).astype("timedelta64[D]")
    P["country_of_residence"] = np.where(rng.random(n) < 0.01, "SE", "DK")
    P["onboarded_at"] = timeline.at(_dates(rng, n, "2001-01-01", "2024-10-31"), rng, 9, 16)
    status = np.where(age >= 67, "pensioner", np.where((age < 26) & (rng.random(n) < 0.5), "student",
                      np.where(rng.random(n) < 0.86, "employed", "unemployed")))
    P["status"] = status

    # ---------------- companies ----------------
    employed_idx = np.flatnonzero(status == "employed")
    n_comp = max(24, n // 14)
    w = np.array([i[3] for i in INDUSTRIES], dtype=float)
    ind = rng.choice(len(INDUSTRIES), size=n_comp, p=w / w.sum())
    ind[: len(INDUSTRIES)] = np.arange(len(INDUSTRIES))   # every industry present at least once
    C = pd.DataFrame({"cidx": np.arange(n_comp), "ind": ind})
    C["party_id"] = ids.many("PA", n_comp)
    C["nace"] = [INDUSTRIES[i][0] for i in ind]
    C["category"] = [INDUSTRIES[i][1] for i in ind]
    C["purpose"] = [INDUSTRIES[i][2] for i in ind]
    suffix = _pick(rng, ["ApS", "A/S", "I/S", "ApS"], n_comp)
    stem = _pick(rng, names.DK_LAST + ["Nordic", "Dansk", "Fyn", "Jysk", "Sjælland", "Øresund", "Nord", "Vest"], n_comp)
    kind = pd.Series(C["category"]).map({"office": "Consult", "retail": "Handel", "restaurant": "Køkken", "hotel": "Hotel",
                                          "construction": "Byg", "cleaning": "Rengøring", "beauty": "Salon",
                                          "massage": "Massage & Fysio", "travel": "Rejser", "health": "Lægehus",
                                          "transport": "Transport", "wholesale": "Import", "landlord": "Ejendomme",
                                          "agriculture": "Gartneri"}).to_numpy()
    C["full_name"] = [f"{s} {k} {x}" for s, k, x in zip(stem, kind, suffix)]   # n_comp entries (small)
    C["full_name"] = C["full_name"] + np.where(pd.Series(C["full_name"]).duplicated(), " " + pd.Series(np.arange(n_comp)).astype(str), "")
    C["registration_no"] = (10_000_000 + (np.arange(n_comp) * 7_919_113 + 4_400_000) % 89_999_999).astype(str)
    C["expected_countries"] = C["category"].map(SUPPLIER_COUNTRIES).fillna("DK")
    own_hours = rng.random(n_comp) < 0.2
    C["business_hours_open"] = np.where(own_hours, _pick(rng, ["07:00", "08:00", "09:00"], n_comp), None)
    C["business_hours_close"] = np.where(own_hours, _pick(rng, ["16:30", "17:00", "18:00"], n_comp), None)
    C["onboarded_at"] = timeline.at(_dates(rng, n_comp, "1995-01-01", "2022-12-31"), rng, 9, 15)
    benign_population.company_traits(ctx.rng("benign-companies"), C, bg.groups)

    # employer per employed person: every company gets at least one worker
    sizes = rng.pareto(1.3, n_comp) + 1
    emp = rng.choice(n_comp, size=len(employed_idx), p=sizes / sizes.sum())
    emp[: min(n_comp, len(emp))] = np.arange(min(n_comp, len(emp)))
    benign_population.place_migrant_workers(ctx.rng("benign-migrant-employers"), P, C, employed_idx, emp,
                                            min(n_comp, len(emp)), sizes)
    P["employer"] = -1
    P.loc[employed_idx, "employer"] = emp
    cat = C["category"].to_numpy()[emp]
    lo = np.array([INDUSTRIES[i][4][0] for i in ind])[emp]
    hi = np.array([INDUSTRIES[i][4][1] for i in ind])[emp]
    base = np.round(lo + rng.random(len(emp)) * (hi - lo), -2)
    P["base_gross"] = 0.0
    P.loc[employed_idx, "base_gross"] = base
    # director: the best-paid worker of each company, paid well above the F16 income ceiling
    Pe = P.loc[employed_idx]
    director = Pe.sort_values(["employer", "base_gross", "idx"], ascending=[True, False, True]).groupby("employer").head(1)
    P.loc[director.index, "base_gross"] = np.maximum(P.loc[director.index, "base_gross"], 45000) * 1.15
    P["is_director"] = False
    P.loc[director.index, "is_director"] = True
    C["director_idx"] = pd.Series(director["idx"].to_numpy(), index=director["employer"].to_numpy()).reindex(C["cidx"]).to_numpy()
    P["variable_pay"] = False
    P.loc[employed_idx, "variable_pay"] = ~np.isin(cat, list(OFFICE_CATEGORIES))
    P["job_title"] = None
    P.loc[employed_idx, "job_title"] = pd.Series(cat).map(JOB_TITLES).to_numpy()
    P["tax_rate"] = rng.uniform(0.30, 0.34, n)
    benign_rng = ctx.rng("benign-population")
    benign_population.migrant_traits(benign_rng, P, bg.groups)
    benign_population.pay_kinds(benign_rng, P, C, bg.groups)
    benign_population.dividend_directors(benign_rng, P, C, bg.groups)

    # ---------------- addresses (shared blocks, no employer clustering) ----------------
    city_names = np.array([c[0] for c in names.CITIES], dtype=object)
    city_post = np.array([c[1] for c in names.CITIES], dtype=object)
    cw = np.array([c[2] for c in names.CITIES], dtype=float)
    order = rng.permutation(n)
    in_block = order[: int(n * 0.4)]
    n_blocks = max(2, len(in_block) // 30)
    block_of = rng.integers(0, n_blocks, len(in_block))
    rest = order[int(n * 0.4):]
    hh_size = rng.choice([1, 2, 2, 3, 4], size=len(rest))
    hh_of = np.repeat(np.arange(len(rest)), hh_size)[: len(rest)]
    addr_of = np.empty(n, dtype=np.int64)
    addr_of[in_block] = block_of
    addr_of[rest] = n_blocks + hh_of
    # At most 4 workers of one employer per ordinary address: the background's few, large employers are far
    # more concentrated than Denmark's, so a random block would otherwise house a firm's staff by accident.
    # Employer-provided housing (benign group migrant_employer_housing) is placed below, on purpose.
    tmp = pd.DataFrame({"addr": addr_of, "employer": P["employer"].to_numpy()})
    rank = tmp.groupby(["addr", "employer"]).cumcount().to_numpy()
    move = (rank >= 4) & (tmp["employer"].to_numpy() >= 0)
    next_addr = addr_of.max() + 1
    addr_of[move] = next_addr + np.arange(move.sum())
    office_city = rng.choice(len(names.CITIES), size=n_comp, p=cw / cw.sum())
    # houses an employer rents for its migrant workers, in the employer's city; remitting siblings in three cities
    houses = benign_population.employer_housing(benign_rng, P, C, JOB_TITLES, bg.groups)
    fixed_city: dict[int, int] = {}
    for employer, workers in houses:
        next_addr = addr_of.max() + 1
        addr_of[workers] = next_addr
        fixed_city[int(next_addr)] = int(office_city[employer])
    for s in np.unique(P["sibling_set"].to_numpy()[P["sibling_set"].to_numpy() >= 0]):
        members = np.flatnonzero(P["sibling_set"].to_numpy() == s)
        cities = benign_rng.choice(len(names.CITIES), size=len(members), replace=False)
        for j, c in zip(members, cities):
            next_addr = addr_of.max() + 1
            addr_of[j] = next_addr
            fixed_city[int(next_addr)] = int(c)
    n_addr = int(addr_of.max()) + 1
    addr_ids = ids.many("AD", n_addr)
    addr_city = rng.choice(len(names.CITIES), size=n_addr, p=cw / cw.sum())
    for a, c in fixed_city.items():
        addr_city[a] = c
    housing_addr = np.array([addr_of[w[0]] for _, w in houses], dtype=int)
    bg.groups.add("employer_housing_address", addr_ids[housing_addr], "address")
    street = _pick(rng, names.STREETS, n_addr)
    house = rng.integers(1, 180, n_addr).astype(str)
    P["address_id"] = addr_ids[addr_of]
    P["home_city"] = city_names[addr_city][addr_of]
    P["street"] = (street + " " + house)[addr_of]
    P["postcode"] = city_post[addr_city][addr_of]
    bg.add("party_addresses", pd.DataFrame({
        "party_id": P["party_id"], "address_id": P["address_id"],
        "street": (street + " " + house)[addr_of], "postcode": city_post[addr_city][addr_of],
        "city": P["home_city"], "country": "DK", "address_type": "residence",
        "valid_from": _dates(rng, n, "2008-01-01", "2024-06-30"), "valid_to": None}))
    C["city"] = city_names[office_city]
    C["address_id"] = ids.many("AD", n_comp)
    bg.add("party_addresses", pd.DataFrame({
        "party_id": C["party_id"], "address_id": C["address_id"],
        "street": _pick(rng, names.STREETS, n_comp) + " " + rng.integers(1, 120, n_comp).astype(str),
        "postcode": city_post[office_city], "city": C["city"], "country": "DK", "address_type": "registered_office",
        "valid_from": C["onboarded_at"].to_numpy().astype("datetime64[D]"), "valid_to": None}))

    # ---------------- parties ----------------
    bg.add("parties", pd.DataFrame({
        "party_id": P["party_id"], "party_type": "person", "full_name": P["full_name"],
        "birth_date": P["birth_date"].to_numpy(), "sex": P["sex"], "nationality": P["nationality"],
        "country_of_residence": P["country_of_residence"], "onboarded_at": P["onboarded_at"].to_numpy()}))
    bg.add("parties", pd.DataFrame({
        "party_id": C["party_id"], "party_type": "company", "full_name": C["full_name"],
        "country_of_residence": "DK", "registration_no": C["registration_no"], "industry_code": C["nace"],
        "stated_business_purpose": C["purpose"], "expected_countries": C["expected_countries"],
        "business_hours_open": C["business_hours_open"], "business_hours_close": C["business_hours_close"],
        "onboarded_at": C["onboarded_at"].to_numpy()}))

    # ---------------- phones, e-mails ----------------
    phone_cc = np.full(n, "45", dtype=object)
    home_cc = pd.Series(nat).map(COUNTRY_CC).fillna("45").to_numpy()
    # a quarter of foreign nationals use a home-country number only; migrant workers have a Danish one for work
    own_cc = (nat != "DK") & (rng.random(n) < 0.25) & ~P["migrant_worker"].to_numpy()
    phone_cc[own_cc] = home_cc[own_cc]
    phone = np.empty(n, dtype=object)
    for cc in np.unique(phone_cc):
        m = phone_cc == cc
        phone[m] = ctx.phones.e164(cc, int(m.sum()))
    P["phone"] = phone
    # second numbers: a work phone or an old number kept, a home SIM beside the Danish one, a number from abroad
    phone2_cc, prepaid2 = benign_population.second_phones(benign_rng, P, phone_cc, bg.groups)
    second = pd.notna(phone2_cc)
    phone2 = np.full(n, None, dtype=object)
    for cc in np.unique(phone2_cc[second].astype(str)):
        m = second & (phone2_cc == cc)
        phone2[m] = ctx.phones.e164(cc, int(m.sum()))
    c_phone = ctx.phones.e164("45", n_comp)
    C["phone"] = c_phone
    act = timeline.at(_dates(rng, n, "2012-01-01", "2024-09-30"), rng, 10, 18)
    prepaid = rng.random(n) < 0.12
    subs = [pd.DataFrame({"phone_number": messy(phone, rng), "subscriber_party_id": P["party_id"],
                          "contract_type": np.where(prepaid, "prepaid", "postpaid"), "activated_at": act}),
            pd.DataFrame({"phone_number": messy(phone2[second], rng), "subscriber_party_id": P["party_id"][second],
                          "contract_type": np.where(prepaid2[second], "prepaid", "postpaid"),
                          "activated_at": timeline.at(_dates(rng, int(second.sum()), "2015-01-01", "2024-09-30"), rng, 10, 18)}),
            pd.DataFrame({"phone_number": messy(c_phone, rng), "subscriber_party_id": C["party_id"],
                          "contract_type": "postpaid",
                          "activated_at": timeline.at(_dates(rng, n_comp, "2010-01-01", "2024-01-01"), rng, 10, 18)})]
    owners = ctx.owners
    for clean, sub in zip((phone, phone2[second], c_phone), subs):
        bg.add("phone_subscriptions", sub)
        owners.own("phone", clean, sub["subscriber_party_id"], "phone_subscriptions")
        owners.made_for("phone", clean, sub["subscriber_party_id"])
    has_mail = rng.random(n) < 0.75
    first = P["full_name"].str.split(" ").str[0].str.lower()
    lastn = P["full_name"].str.split(" ").str[-1].str.lower()
    slug = (first + "." + lastn).str.normalize("NFKD").str.encode("ascii", errors="ignore").str.decode("ascii")
    domain = _pick(rng, ["gmail.com", "hotmail.com", "outlook.dk", "live.dk", "mail.dk"], n)
    email = (slug + P["idx"].astype(str) + "@" + domain).to_numpy(dtype=object)
    P["email"] = np.where(has_mail, email, None)
    cslug = C["full_name"].str.lower().str.replace(r"[^a-z0-9]+", "", regex=True)
    C["email"] = "kontakt@" + cslug + C["cidx"].astype(str) + ".dk"
    fs = _dates(rng, n, "2015-01-01", "2024-12-31")
    bg.add("party_contacts", pd.DataFrame({"party_id": P["party_id"], "contact_type": "phone",
                                           "contact_value": messy(phone, rng), "first_seen": fs}))
    owners.own("phone", phone, P["party_id"], "party_contacts")
    bg.add("party_contacts", pd.DataFrame({"party_id": P["party_id"][second], "contact_type": "phone",
                                           "contact_value": messy(phone2[second], rng), "first_seen": fs[second]}))
    owners.own("phone", phone2[second], P["party_id"][second], "party_contacts")
    bg.add("party_contacts", pd.DataFrame({"party_id": P["party_id"][has_mail], "contact_type": "email",
                                           "contact_value": mixed_case(P["email"][has_mail], rng), "first_seen": fs[has_mail]}))
    owners.own("email", P["email"][has_mail], P["party_id"][has_mail], "party_contacts")
    owners.made_for("email", P["email"][has_mail], P["party_id"][has_mail])
    bg.add("party_contacts", pd.DataFrame({"party_id": C["party_id"], "contact_type": "phone",
                                           "contact_value": messy(c_phone, rng), "first_seen": _dates(rng, n_comp, "2015-01-01", "2024-12-31")}))
    owners.own("phone", c_phone, C["party_id"], "party_contacts")
    bg.add("party_contacts", pd.DataFrame({"party_id": C["party_id"], "contact_type": "email",
                                           "contact_value": mixed_case(C["email"], rng), "first_seen": _dates(rng, n_comp, "2015-01-01", "2024-12-31")}))
    owners.own("email", C["email"], C["party_id"], "party_contacts")
    owners.made_for("email", C["email"], C["party_id"])
    _shared_household_numbers(ctx, bg, P, addr_of >= n_blocks, phone_cc)

    # ---------------- accounts ----------------
    bank = _pick(rng, names.BANKS, n)
    P["primary_acc"] = ids.many("AC", n)
    has_sav = rng.random(n) < 0.4
    P["savings_acc"] = np.where(has_sav, ids.many("AC", n), None)
    has_mp = rng.random(n) < 0.85
    P["wallet_acc"] = np.where(has_mp, ids.many("AC", n), None)
    has_rev = rng.random(n) < 0.05
    rev_acc = ids.many("AC", n)
    C["acc"] = ids.many("AC", n_comp)
    opened = lambda k, lo="2000-01-01", hi="2024-11-30": timeline.at(_dates(rng, k, lo, hi), rng, 9, 16)  # noqa: E731
    bg.add("accounts", pd.DataFrame({"account_id": P["primary_acc"], "party_id": P["party_id"], "provider": bank,
                                     "account_type": "personal", "currency": "DKK", "is_primary": True, "opened_at": opened(n)}))
    bg.add("accounts", pd.DataFrame({"account_id": P["savings_acc"][has_sav], "party_id": P["party_id"][has_sav],
                                     "provider": bank[has_sav], "account_type": "personal", "currency": "DKK",
                                     "is_primary": False, "opened_at": opened(int(has_sav.sum()))}))
    bg.add("accounts", pd.DataFrame({"account_id": P["wallet_acc"][has_mp], "party_id": P["party_id"][has_mp],
                                     "provider": "MobilePay", "account_type": "wallet", "currency": "DKK",
                                     "phone_number": messy(phone[has_mp], rng), "is_primary": False,
                                     "opened_at": opened(int(has_mp.sum()), "2014-01-01")}))
    owners.own("phone", phone[has_mp], P["party_id"][has_mp], "accounts")
    bg.add("accounts", pd.DataFrame({"account_id": rev_acc[has_rev], "party_id": P["party_id"][has_rev],
                                     "provider": "Revolut", "account_type": "wallet", "currency": "DKK",
                                     "phone_number": messy(phone[has_rev], rng), "is_primary": False,
                                     "opened_at": opened(int(has_rev.sum()), "2018-01-01")}))
    owners.own("phone", phone[has_rev], P["party_id"][has_rev], "accounts")
    bg.add("accounts", pd.DataFrame({"account_id": C["acc"], "party_id": C["party_id"], "provider": _pick(rng, names.BANKS, n_comp),
                                     "account_type": "business", "currency": "DKK", "is_primary": True,
                                     "opened_at": C["onboarded_at"].to_numpy() + np.timedelta64(30, "D")}))

    # ---------------- employments, payroll ----------------
    # directors paid by dividend have no payslip (benign group dividend_director)
    on_payroll = employed_idx[~P["paid_by_dividend"].to_numpy()[employed_idx]]
    E = P.loc[on_payroll, ["idx", "party_id", "employer", "base_gross", "variable_pay", "tax_rate", "primary_acc", "nationality",
                           "job_title"]].reset_index(drop=True)
    ne = len(E)
    E["employer_id"] = C["party_id"].to_numpy()[E["employer"]]
    E["employer_acc"] = C["acc"].to_numpy()[E["employer"]]
    E["employer_name"] = C["full_name"].to_numpy()[E["employer"]]
    E["category"] = C["category"].to_numpy()[E["employer"]]
    non_eu = ~E["nationality"].isin(EU)
    scheme = np.where(non_eu, np.where(E["category"] == "office", "pay_limit", "positive_list"), "none")
    bg.add("employments", pd.DataFrame({
        "employment_id": ids.many("EM", ne), "employer_party_id": E["employer_id"], "employee_party_id": E["party_id"],
        "start_date": _dates(rng, ne, "2012-01-01", "2024-11-30"), "end_date": None,
        "job_title": E["job_title"], "contracted_hours_per_week": 37.0, "work_permit_scheme": scheme}))
    # variable pay: overtime steps k in 0..6, never the same two months running (spread >= 2%)
    steps = np.empty((ne, 12), dtype=np.int64)
    steps[:, 0] = rng.integers(0, 7, ne)
    for m in range(1, 12):
        steps[:, m] = (steps[:, m - 1] + 1 + rng.integers(0, 6, ne)) % 7
    factor = np.where(E["variable_pay"].to_numpy()[:, None], 1 + 0.02 * steps, 1.0)
    gross = np.round(E["base_gross"].to_numpy()[:, None] * factor + np.where(E["variable_pay"].to_numpy()[:, None], rng.integers(0, 100, (ne, 12)) / 4, 0), 2)
    hours = np.round(160.33 * factor, 2)
    am = np.round(gross * 0.08, 2)
    tax = np.round((gross - am) * E["tax_rate"].to_numpy()[:, None], 2)
    net = np.round(gross - am - tax, 2)
    rows = np.repeat(np.arange(ne), 12)
    mon = np.tile(np.arange(12), ne)
    paid_at = timeline.PAYDAYS[mon].astype("datetime64[s]") + np.timedelta64(8 * 3600, "s") + (rows % 3600).astype("timedelta64[s]")
    PR = pd.DataFrame({
        "payslip_id": ids.many("PS", ne * 12), "employer_party_id": E["employer_id"].to_numpy()[rows],
        "employee_party_id": E["party_id"].to_numpy()[rows], "period_start": timeline.MONTH_STARTS[mon],
        "period_end": timeline.MONTH_ENDS[mon], "gross_pay": gross.ravel(), "net_pay": net.ravel(),
        "hours_worked": hours.ravel(), "currency": "DKK", "paid_to_account_id": E["primary_acc"].to_numpy()[rows],
        "paid_at": paid_at})
    bg.add("payroll", PR)
    PR = PR.assign(_tax=tax.ravel(), _am=am.ravel(), _idx=E["idx"].to_numpy()[rows], _month=mon,
                   _employer_acc=E["employer_acc"].to_numpy()[rows], _employer_name=E["employer_name"].to_numpy()[rows],
                   _employer=E["employer"].to_numpy()[rows])
    bg.payroll = PR
    net_month = pd.Series(net.mean(axis=1), index=E["idx"])
    P["net_month"] = net_month.reindex(P["idx"]).fillna(0).to_numpy()
    benefit = np.where(status == "pensioner", 14500, np.where(status == "student", 6400, 11800)) * rng.uniform(0.9, 1.1, n)
    P["benefit"] = np.where(status == "employed", 0.0, np.round(benefit, 2))
    dividend = P["paid_by_dividend"].to_numpy()
    P["dividend_gross"] = np.where(dividend, np.round(rng.uniform(300_000, 900_000, n), -3), 0.0)
    P.loc[dividend, "net_month"] = benign_population.dividend_net(P.loc[dividend, "dividend_gross"].to_numpy()) / 12
    P["income"] = P["net_month"] + P["benefit"]

    # ---------------- company roles ----------------
    d_idx = C["director_idx"].to_numpy().astype(int)
    roles = pd.DataFrame({"company_party_id": C["party_id"], "person_party_id": P["party_id"].to_numpy()[d_idx],
                          "role": "director", "valid_from": C["onboarded_at"].to_numpy().astype("datetime64[D]"), "valid_to": None})
    owner = (rng.random(n_comp) < 0.6) | C["dividend_director"].to_numpy()    # a dividend goes to an owner
    bg.add("company_roles", roles)
    bg.add("company_roles", roles[owner].assign(role="owner"))
    bg.add("company_roles", benign_population.board_pensioners(benign_rng, P, C, bg.groups))

    # ---------------- housing: renters pay a landlord company, owners a mortgage ----------------
    landlords = C.index[C["category"] == "landlord"].to_numpy()
    renter = rng.random(n) < 0.6
    P["landlord"] = np.where(renter, landlords[rng.integers(0, len(landlords), n)], -1)
    P["rent"] = np.round(P["income"] * rng.uniform(0.25, 0.38, n), -1)

    # ---------------- mobile-pay friends: a ring of 4, and a quarter also pay two of a few popular people ----------------
    perm = rng.permutation(n)
    pos = np.empty(n, dtype=np.int64)
    pos[perm] = np.arange(n)
    friends = np.stack([perm[(pos + k) % n] for k in (1, 2, 3, 5)], axis=1)
    popular = rng.choice(n, size=max(2, n // 30), replace=False)
    extra = popular[rng.integers(0, len(popular), (n, 2))]
    extra[rng.random(n) >= 0.25] = -1
    extra[extra == np.arange(n)[:, None]] = -1
    friends = np.concatenate([friends, extra], axis=1)
    # never between a worker and the director of their employer (F17 look-alike territory)
    emp_arr = P["employer"].to_numpy()
    dir_of = np.where(emp_arr >= 0, C["director_idx"].to_numpy()[np.maximum(emp_arr, 0)], -2)
    bad = (friends == dir_of[:, None]) | (friends < 0)
    emp_f = np.where(friends >= 0, emp_arr[np.maximum(friends, 0)], -1)
    dir_f = np.where(emp_f >= 0, C["director_idx"].to_numpy()[np.maximum(emp_f, 0)], -2)
    bad |= dir_f == np.arange(n)[:, None]
    bad |= ~has_mp[:, None] | ~has_mp[np.maximum(friends, 0)]
    friends[bad] = -1
    bg.friends = friends

    P["foreign_home"] = np.where(nat != "DK", nat, None)
    # remittance beneficiaries: a unique name per sender within each country (F05 keys never collide)
    P["benef_name"] = None
    for c, (ff, mm, ll) in names.FOREIGN.items():
        m = np.flatnonzero(nat == c)
        if len(m):
            fn = np.asarray(ff + mm, dtype=object)
            r = np.arange(len(m))
            ini = np.asarray(list("ABCDEFGHIJKLMNOPRSTUVZ"), dtype=object)
            P.loc[m, "benef_name"] = (fn[r % len(fn)] + " " + ini[(r // len(fn)) % len(ini)] + ". "
                                      + np.asarray(ll, dtype=object)[(r // (len(fn) * len(ini))) % len(ll)])
    bg.P = P
    bg.C = C
    _registers(ctx, bg, rng)
    benign_registers.build(ctx, bg, has_mp)
    return bg


def _shared_household_numbers(ctx: Context, bg: Background, P: pd.DataFrame, in_household: np.ndarray,
                              phone_cc: np.ndarray) -> None:
    """In some two-person households one partner gives the other's mobile as their contact number too.

    These are the background's shared identifiers (one phone, two owners), which the warehouse must keep
    rather than collapse. Only Danish numbers of Danish-numbered partners are shared, so no one gains a
    second country code (R07). A stream of its own keeps the rest of the background unchanged.
    """
    rng = ctx.rng("shared-household-numbers")
    households = pd.DataFrame({"idx": P["idx"], "address_id": P["address_id"], "danish_number": phone_cc == "45"})
    households = households[in_household]
    members = households.groupby("address_id")["idx"].transform("size")
    danish_members = households.groupby("address_id")["danish_number"].transform("sum")
    pairs = households[(members == 2) & (danish_members == 2)].sort_values(["address_id", "idx"], kind="stable")
    owner_idx, sharer_idx = pairs["idx"].to_numpy()[0::2], pairs["idx"].to_numpy()[1::2]
    chosen = rng.random(len(owner_idx)) < 0.1
    owner_idx, sharer_idx = owner_idx[chosen], sharer_idx[chosen]
    shared_phone = P["phone"].to_numpy()[owner_idx]
    sharer_party = P["party_id"].to_numpy()[sharer_idx]
    bg.add("party_contacts", pd.DataFrame({"party_id": sharer_party, "contact_type": "phone",
                                           "contact_value": messy(shared_phone, rng),
                                           "first_seen": _dates(rng, len(sharer_idx), "2016-01-01", "2024-12-31")}))
    ctx.owners.own("phone", shared_phone, sharer_party, "party_contacts")


def _registers(ctx: Context, bg: Background, rng: np.random.Generator) -> None:
    """Ads, social posts, location sharing, rentals, observations: ordinary background activity."""
    P, C, ids, owners = bg.P, bg.C, ctx.ids, ctx.owners
    n, nc = len(P), len(C)
    # job ads by companies
    jobs = C.sample(frac=0.5, random_state=int(rng.integers(1 << 30)))
    nj = len(jobs)
    bg.add("online_ads", pd.DataFrame({
        "ad_id": ids.many("AJ", nj), "site": _pick(rng, ["Jobindex", "Jobnet", "StepStone"], nj), "site_category": "job",
        "posted_at": timeline.at(timeline.random_days(rng, nj), rng, 8, 17), "contact_email": mixed_case(jobs["email"], rng),
        "ad_text": "Vi søger " + jobs["category"].map(JOB_TITLES).str.lower() + " til fast stilling. Løn efter overenskomst.",
        "location_city": jobs["city"]}))
    owners.seen("email", jobs["email"], "online_ads")
    # classifieds by persons
    cl = P.sample(frac=0.1, random_state=int(rng.integers(1 << 30)))
    ncl = len(cl)
    bg.add("online_ads", pd.DataFrame({
        "ad_id": ids.many("AK", ncl), "site": _pick(rng, ["DBA", "Guloggratis"], ncl), "site_category": "classifieds",
        "posted_at": timeline.at(timeline.random_days(rng, ncl), rng, 8, 22), "contact_phone": messy(cl["phone"], rng),
        "ad_text": _pick(rng, ["Sælger sofa, god stand", "Barnevogn sælges", "Cykel til salg", "Spisebord med 6 stole"], ncl),
        "location_city": cl["home_city"], "price_dkk": np.round(rng.uniform(100, 4000, ncl), -1)}))
    owners.seen("phone", cl["phone"], "online_ads")
    # dating profiles (no '$', never on escort sites)
    dt_ = P[(P["sex"] != "X")].sample(frac=0.05, random_state=int(rng.integers(1 << 30)))
    nd = len(dt_)
    handle = (dt_["full_name"].str.split(" ").str[0].str.lower().str.normalize("NFKD").str.encode("ascii", errors="ignore").str.decode("ascii")
              + "_" + (1960 + dt_["idx"] % 45).astype(str))
    with_phone = rng.random(nd) < 0.3
    bg.add("online_ads", pd.DataFrame({
        "ad_id": ids.many("AS", nd), "site": _pick(rng, ["Dating.dk", "Tinder", "Happy Pancake"], nd), "site_category": "dating",
        "posted_at": timeline.at(timeline.random_days(rng, nd), rng, 8, 23),
        "contact_phone": np.where(with_phone, messy(dt_["phone"], rng), None),
        "profile_handle": mixed_case(handle, rng), "ad_text": "Glad og aktiv, søger en at dele hverdagen med",
        "location_city": dt_["home_city"]}))
    # a profile with a phone is tied to its owner through that phone; one without stays anonymous
    owners.handle_with_phone(handle[with_phone], dt_["phone"][with_phone], "online_ads")
    owners.seen("handle", handle[~with_phone], "online_ads")
    owners.made_for("handle", handle, dt_["party_id"])
    # social posts: ordinary chatter; job offers only by companies in general groups with realistic pay
    groups = [("Jobs i Aarhus", None), ("Køb og salg København", None), ("Hundeejere i Danmark", None),
              ("Polacy w Danii", "PL"), ("Українці в Данії", "UA"), ("Români în Danemarca", "RO"), ("Filipinos in Denmark", "PH")]
    sp = P.sample(frac=0.08, random_state=int(rng.integers(1 << 30)))
    ns = len(sp)
    chatter_handles = person_handles(sp)
    g = rng.integers(0, len(groups), ns)
    bg.add("social_posts", pd.DataFrame({
        "post_id": ids.many("SP", ns), "platform": _pick(rng, ["Facebook", "Facebook", "Instagram"], ns),
        "group_name": [groups[i][0] for i in g], "group_audience_nationality": [groups[i][1] for i in g],
        "posted_at": timeline.at(timeline.random_days(rng, ns), rng, 7, 23),
        "author_handle": messy_handle(chatter_handles, rng), "post_type": "other", "redirects_to_encrypted_app": False,
        "post_text": _pick(rng, ["Nogen der kender en god tandlæge?", "Loppemarked på søndag", "Hvem vil med til fællesspisning?",
                                  "Tabt nøgle ved stationen", "Anbefalinger til en elektriker?"], ns)}))
    owners.seen("handle", chatter_handles, "social_posts")        # no phone beside them: nobody's in the data
    owners.made_for("handle", chatter_handles, sp["party_id"])
    cj = C.sample(frac=0.3, random_state=int(rng.integers(1 << 30)))
    ncj = len(cj)
    company_handles = cj["full_name"].str.lower().str.replace(r"[^a-z0-9]+", "", regex=True)
    bg.add("social_posts", pd.DataFrame({
        "post_id": ids.many("SP", ncj), "platform": "Facebook", "group_name": _pick(rng, ["Jobs i Aarhus", "Job i København"], ncj),
        "posted_at": timeline.at(timeline.random_days(rng, ncj), rng, 8, 17),
        "author_handle": mixed_case(company_handles, rng),
        "post_type": "job_offer", "promised_monthly_pay_dkk": np.round(rng.uniform(27000, 36000, ncj), -2),
        "redirects_to_encrypted_app": False, "post_text": "Vi ansætter! Send ansøgning til " + cj["email"]}))
    owners.seen("handle", company_handles, "social_posts")
    owners.made_for("handle", company_handles, cj["party_id"])
    # location sharing within families: one viewer, one or two phones
    fam = P.sample(frac=0.015, random_state=int(rng.integers(1 << 30)))
    nf = len(fam)
    partner = P["phone"].to_numpy()[(fam["idx"].to_numpy() + 7) % n]
    bg.add("platform_signals", pd.DataFrame({
        "signal_id": ids.many("SG", nf), "platform": _pick(rng, ["Google Maps", "Find My", "Life360"], nf),
        "observed_at": timeline.at(timeline.random_days(rng, nf), rng, 8, 22), "signal_type": "location_sharing",
        "subject_phone": messy(partner, rng), "counterpart_phone": messy(fam["phone"], rng),
        "details": "family location sharing"}))
    owners.seen("phone", partner, "platform_signals")
    owners.seen("phone", fam["phone"], "platform_signals")
    # tourists' rentals: one trip each, one or two bookings
    nt = max(10, n // 25)
    tour_cc = _pick(rng, ["49", "46", "31", "44", "47"], nt)
    tphone = np.empty(nt, dtype=object)
    for cc in np.unique(tour_cc):
        m = tour_cc == cc
        tphone[m] = ctx.phones.e164(cc, int(m.sum()))
    two = rng.random(nt) < 0.4
    n_rent_addr = max(20, nt // 2)
    raddr = ids.many("AD", n_rent_addr)
    rcity = _pick(rng, ["København", "Skagen", "Aarhus", "Ribe", "Rømø", "Bornholm", "Odense", "Blåvand"], n_rent_addr)
    start = timeline.random_days(rng, nt, np.datetime64("2025-01-05"), np.datetime64("2025-12-10"))
    nights1 = rng.integers(2, 8, nt)
    a1 = rng.integers(0, n_rent_addr, nt)
    a2 = (a1 + 1 + rng.integers(0, n_rent_addr - 1, nt)) % n_rent_addr
    b1 = pd.DataFrame({"guest_phone": messy(tphone, rng), "address_id": raddr[a1], "city": rcity[a1],
                       "check_in": start, "check_out": start + nights1.astype("timedelta64[D]")})
    nights2 = rng.integers(2, 6, nt)
    b2 = pd.DataFrame({"guest_phone": messy(tphone, rng), "address_id": raddr[a2], "city": rcity[a2],
                       "check_in": start + nights1.astype("timedelta64[D]"),
                       "check_out": start + (nights1 + nights2).astype("timedelta64[D]")})[two]
    B = pd.concat([b1, b2], ignore_index=True)
    B.insert(0, "booking_id", ids.many("BK", len(B)))
    B.insert(1, "platform", _pick(rng, ["Airbnb", "Booking.com", "Novasol"], len(B)))
    bg.add("rental_bookings", B)
    owners.seen("phone", np.concatenate([tphone, tphone[two]]), "rental_bookings")   # tourists are nobody's customers
    # routine frontline observations: nothing notable
    no = max(3, n // 150)
    ob = P.sample(n=no, random_state=int(rng.integers(1 << 30)))
    bg.add("frontline_observations", pd.DataFrame({
        "observation_id": ids.many("OB", no), "party_id": ob["party_id"],
        "observed_at": timeline.at(timeline.random_days(rng, no), rng, 9, 16),
        "org_type": _pick(rng, ["bank", "bank", "municipality", "authority"], no),
        "context": _pick(rng, ["account_opening", "branch_visit", "other"], no),
        "third_party_spoke": False, "looked_to_third_party": False, "poor_appearance": False, "malnourished": False,
        "no_local_language": False, "notes": "routine visit, nothing to note"}))


def person_handles(df: pd.DataFrame) -> pd.Series:
    """A person's social-media handle in its clean spelling: ascii name, dots, the person's index."""
    return (df["full_name"].str.lower().str.normalize("NFKD").str.encode("ascii", errors="ignore").str.decode("ascii")
            .str.replace(r"[^a-z]+", ".", regex=True) + df["idx"].astype(str))
