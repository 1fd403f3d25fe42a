"""Who is in which benign group, decided while population.build draws the background.

Each function takes the internal person (P) and company (C) frames at the step of build() where
the attribute it decides is drawn, sets the group's internal columns and records membership in
bg.groups. Shares and floors come from benign_groups.GROUPS; their sources are in SCENARIOS.md.
All vectorised or looping over companies and sets only (a few thousand at the large scale).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import names
from .benign_groups import Membership, choose, count
from .phones import COUNTRY_CC

MIGRANT_NATS = ["PL", "RO", "LT", "UA"]
# industries where the Danish statistics find most foreign workers (SCENARIOS.md)
MIGRANT_CATEGORIES = ["cleaning", "construction", "hotel", "restaurant", "agriculture", "transport", "wholesale"]
SALARIED_CATEGORIES = ["construction", "hotel", "restaurant", "cleaning"]
SALARIED_TITLES = {
    "construction": ["Project manager", "Site manager", "Office administrator", "Quantity surveyor"],
    "hotel": ["Hotel manager", "Front office manager", "Accountant"],
    "restaurant": ["Restaurant manager", "Bookkeeper", "Administration and payroll officer"],
    "cleaning": ["Operations manager", "Area manager", "Office administrator"],
}
SALARIED_PAY = (38000, 56000)
# remitting siblings: nationalities on the seed's higher-risk list that the background has names for
SIBLING_NATS = ["RO", "UA", "MA", "PK", "CN"]


def remitting_siblings(rng: np.random.Generator, P: pd.DataFrame, groups: Membership) -> None:
    """Sets of three adult siblings, one nationality and one surname, who each send money to the same parent.

    Drawn right after names: a set's members take the set's nationality and a shared surname
    (persons already of that nationality are preferred). P['sibling_set'] = set number or -1.
    """
    nat = P["nationality"].to_numpy(dtype=object).copy()
    age = P["age"].to_numpy()
    n_sets = max(1, count("remitting_siblings", int((nat != "DK").sum())) // 3)
    sibling_set = np.full(len(P), -1)
    free = (nat != "DK") & (age >= 22) & (age <= 60)
    full_name = P["full_name"].to_numpy(dtype=object).copy()
    for s in range(n_sets):
        country = SIBLING_NATS[int(rng.integers(0, len(SIBLING_NATS)))]
        same = np.flatnonzero(free & (nat == country))
        other = np.flatnonzero(free & (nat != country))
        pick = np.concatenate([rng.permutation(same), rng.permutation(other)])[:3]
        if len(pick) < 3:
            break
        first_names, _, surnames = names.FOREIGN[country]
        surname = surnames[int(rng.integers(0, len(surnames)))]
        for j in pick:
            if nat[j] != country:
                first_names_of = names.FOREIGN[country][1 if P["sex"].iat[j] == "M" else 0]
                full_name[j] = f"{first_names_of[int(rng.integers(0, len(first_names_of)))]} {surname}"
            else:
                full_name[j] = f"{full_name[j].rsplit(' ', 1)[0]} {surname}"
        nat[pick] = country
        free[pick] = False
        sibling_set[pick] = s
    P["nationality"] = nat
    P["full_name"] = full_name
    P["sibling_set"] = sibling_set
    groups.add("remitting_siblings", P["party_id"].to_numpy()[sibling_set >= 0])


def place_migrant_workers(rng: np.random.Generator, P: pd.DataFrame, C: pd.DataFrame, employed_idx: np.ndarray,
                          emp: np.ndarray, forced: int, sizes: np.ndarray) -> None:
    """Employed Polish, Romanian, Lithuanian and Ukrainian nationals work mostly in labour-intensive firms.

    emp (employer per employed person, in employed_idx order) is changed in place; the first
    `forced` positions keep their employer (every company has at least one worker).
    """
    nat = P["nationality"].to_numpy(dtype=object)[employed_idx]
    migrant = np.isin(nat, MIGRANT_NATS)
    movable = migrant & (np.arange(len(emp)) >= forced)
    labour = np.flatnonzero(C["category"].isin(MIGRANT_CATEGORIES).to_numpy())
    w = sizes[labour] / sizes[labour].sum()
    emp[movable] = labour[rng.choice(len(labour), size=int(movable.sum()), p=w)]
    P["migrant_worker"] = False
    P.loc[employed_idx[migrant], "migrant_worker"] = True


def migrant_traits(rng: np.random.Generator, P: pd.DataFrame, groups: Membership) -> None:
    """Which migrant workers are on fixed monthly pay, keep a home SIM, remit monthly, were noted without Danish."""
    P["migrant_worker"] = P["migrant_worker"] & ~P["is_director"]     # directors run the firm; they are not its workers
    mig = np.flatnonzero(P["migrant_worker"].to_numpy())
    groups.add("migrant_worker", P["party_id"].to_numpy()[mig])
    for col, group in (("fixed_pay", "migrant_fixed_monthly_pay"), ("home_sim", "migrant_home_sim"),
                       ("remits_monthly", "migrant_monthly_remittance"), ("noted_no_danish", "migrant_noted_no_danish")):
        chosen = choose(rng, mig, group)
        P[col] = False
        P.loc[chosen, col] = True
        groups.add(group, P["party_id"].to_numpy()[chosen])
    # monthly remitters: 30 % through a money-transfer service (a quarter of those twice a month), the rest by bank
    rem = np.flatnonzero(P["remits_monthly"].to_numpy())
    mts = rng.random(len(rem)) < 0.3
    P["remit_channel"] = None
    P.loc[rem, "remit_channel"] = np.where(mts, "money_transfer_service", "transfer")
    P["remit_twice"] = False
    P.loc[rem[mts & (rng.random(len(rem)) < 0.25)], "remit_twice"] = True


def pay_kinds(rng: np.random.Generator, P: pd.DataFrame, C: pd.DataFrame, groups: Membership) -> None:
    """Identical monthly pay where it is normal: salaried staff of building, hotel, restaurant and cleaning firms,
    and migrant workers on a fixed monthly wage. Called after the directors are chosen."""
    emp = P["employer"].to_numpy()
    cat = np.where(emp >= 0, C["category"].to_numpy()[np.maximum(emp, 0)], None)
    P["salaried"] = False
    pool = np.flatnonzero(np.isin(cat, SALARIED_CATEGORIES) & ~P["is_director"].to_numpy() & ~P["migrant_worker"].to_numpy())
    denominator = int(np.isin(cat, SALARIED_CATEGORIES).sum())
    chosen = choose(rng, pool, "salaried_staff_variable_industry", denominator)
    P.loc[chosen, "salaried"] = True
    P.loc[chosen, "base_gross"] = np.round(rng.uniform(*SALARIED_PAY, len(chosen)), -2)
    P.loc[chosen, "job_title"] = [SALARIED_TITLES[c][int(rng.integers(0, len(SALARIED_TITLES[c])))] for c in cat[chosen]]
    groups.add("salaried_staff_variable_industry", P["party_id"].to_numpy()[chosen])
    P["variable_pay"] = P["variable_pay"] & ~P["salaried"] & ~P["fixed_pay"]


def dividend_directors(rng: np.random.Generator, P: pd.DataFrame, C: pd.DataFrame, groups: Membership) -> None:
    """Owner-directors who take no salary: they leave the payroll and are paid a yearly dividend."""
    chosen = choose(rng, C["cidx"].to_numpy(), "dividend_director")
    C["dividend_director"] = False
    C.loc[chosen, "dividend_director"] = True
    directors = C["director_idx"].to_numpy()[chosen].astype(int)
    P["paid_by_dividend"] = False
    P.loc[directors, "paid_by_dividend"] = True
    groups.add("dividend_director", P["party_id"].to_numpy()[directors])


def employer_housing(rng: np.random.Generator, P: pd.DataFrame, C: pd.DataFrame, job_titles: dict[str, str],
                     groups: Membership) -> list[tuple[int, np.ndarray]]:
    """Employers who rent a house for 3-6 of their migrant workers. Returns (employer, worker positions) per house.

    An employer with three or more migrant workers houses 3-6 of them with probability 3/4, and again for
    the rest while three or more remain. If none does (the
    smallest scale has a handful of migrant workers), the employer with the most of them hires up to
    two more and houses three, so every scale has a house. The caller gives each house a new address.
    """
    # remitting siblings keep their own flats (population.build places them in three cities)
    mig = np.flatnonzero(P["migrant_worker"].to_numpy() & (P["sibling_set"].to_numpy() < 0))
    by_employer = pd.Series(mig).groupby(P["employer"].to_numpy()[mig]).apply(np.asarray)
    houses: list[tuple[int, np.ndarray]] = []
    for employer, workers in by_employer.items():
        workers = rng.permutation(workers)
        while len(workers) >= 3 and rng.random() < 0.75:
            k = min(len(workers), int(rng.integers(3, 7)))
            houses.append((int(employer), np.sort(workers[:k])))
            workers = workers[k:]
    if not houses and len(mig) >= 2:
        employer = int(by_employer.map(len).idxmax())
        workers = by_employer[employer]
        hired = np.setdiff1d(mig, workers)[: max(0, 3 - len(workers))]
        P.loc[hired, "employer"] = employer
        P.loc[hired, "job_title"] = job_titles[C["category"].iat[employer]]
        houses.append((employer, np.sort(np.concatenate([workers, hired])[:6])))
    housed = np.concatenate([w for _, w in houses]) if houses else np.array([], dtype=int)
    groups.add("migrant_employer_housing", P["party_id"].to_numpy()[housed])
    P["housing_employer"] = -1
    for employer, workers in houses:
        P.loc[workers, "housing_employer"] = employer
    return houses


def second_phones(rng: np.random.Generator, P: pd.DataFrame, phone_cc: np.ndarray, groups: Membership) -> tuple[np.ndarray, np.ndarray]:
    """Country code of each person's second number (None: none) and whether it is prepaid.

    One in five has a second number (work phone, old number kept); migrant workers with a home SIM
    keep their home country's number beside the Danish one; some Danes keep a Swedish, German,
    Norwegian or British number from work or study abroad.
    """
    n = len(P)
    nat = P["nationality"].to_numpy(dtype=object)
    cc2 = np.where(rng.random(n) < 0.2, phone_cc, None).astype(object)
    prepaid2 = rng.random(n) < 0.1
    home = P["home_sim"].to_numpy()
    cc2[home] = pd.Series(nat[home]).map(COUNTRY_CC).to_numpy()
    prepaid2[home] = rng.random(int(home.sum())) < 0.5
    danes = np.flatnonzero((nat == "DK") & ~home)
    abroad = choose(rng, danes, "dane_with_foreign_sim")
    cc2[abroad] = np.asarray(["46", "49", "47", "44"], dtype=object)[rng.integers(0, 4, len(abroad))]
    prepaid2[abroad] = False
    groups.add("dane_with_foreign_sim", P["party_id"].to_numpy()[abroad])
    return cc2, prepaid2 & pd.notna(cc2)


def company_traits(rng: np.random.Generator, C: pd.DataFrame, groups: Membership) -> None:
    """Chains with shops in several cities, importers from China that declare it, KYC without trading countries,
    and companies whose ordinary job posts come near R05 (a high IT wage; 'write to us on WhatsApp')."""
    cat = C["category"].to_numpy()
    cidx = C["cidx"].to_numpy()
    pid = C["party_id"].to_numpy()
    C["trade_countries"] = C["expected_countries"]      # where suppliers are paid, whatever the KYC says

    def flag(column: str, group: str, pool: np.ndarray) -> np.ndarray:
        chosen = choose(rng, pool, group)
        C[column] = False
        C.loc[chosen, column] = True
        groups.add(group, pid[chosen])
        return chosen

    flag("chain", "retail_chain", cidx[np.isin(cat, ["retail", "restaurant"])])
    importers = flag("imports_from_cn", "importer_declared_high_risk_country", cidx[np.isin(cat, ["wholesale", "retail"])])
    C.loc[importers, "expected_countries"] = C.loc[importers, "expected_countries"] + ",CN"
    missing = flag("kyc_countries_missing", "company_kyc_countries_missing", cidx[~C["imports_from_cn"].to_numpy()])
    C.loc[missing, "expected_countries"] = None
    flag("high_wage_post", "company_job_post_high_wage", cidx[cat == "office"])
    flag("whatsapp_post", "company_job_post_whatsapp", cidx[np.isin(cat, ["restaurant", "cleaning"])])


def dividend_net(gross: np.ndarray) -> np.ndarray:
    """Dividend after Danish share-income tax: 27 % up to the progression limit, 42 % above (2025 limit DKK 67,500)."""
    limit = 67_500.0
    return np.round(gross - 0.27 * np.minimum(gross, limit) - 0.42 * np.maximum(gross - limit, 0.0), 2)


def board_pensioners(rng: np.random.Generator, P: pd.DataFrame, C: pd.DataFrame, groups: Membership) -> pd.DataFrame:
    """Pensioners on the board of a company (register role 'director'), paid a yearly board fee, no payslip.

    Seats go to A/S companies first (an A/S must have a board), then to any company. Returns the roles.
    """
    pensioners = np.flatnonzero(P["status"].to_numpy() == "pensioner")
    chosen = choose(rng, pensioners, "board_pensioner")
    a_s = C["cidx"].to_numpy()[C["full_name"].str.contains("A/S", regex=False).to_numpy()]
    others = np.setdiff1d(C["cidx"].to_numpy(), a_s)
    seats = np.concatenate([rng.permutation(a_s), rng.permutation(others)])[: len(chosen)]
    chosen = chosen[: len(seats)]
    P["board_company"] = -1
    P.loc[chosen, "board_company"] = seats
    groups.add("board_pensioner", P["party_id"].to_numpy()[chosen])
    since = np.datetime64("2016-01-01") + rng.integers(0, 9 * 365, len(chosen)).astype("timedelta64[D]")
    return pd.DataFrame({"company_party_id": C["party_id"].to_numpy()[seats], "person_party_id": P["party_id"].to_numpy()[chosen],
                         "role": "director", "valid_from": since, "valid_to": None})
