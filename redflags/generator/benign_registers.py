"""Register rows of the benign groups: children and their phones, observations, posts, rentals, accounts.

Called at the end of population.build, when every background person has an address, a phone and
accounts. Each step writes exactly the landing rows it names, records every identifier in the owner
ledger and group membership in bg.groups; the groups' money is in benign_txns.py. Shares and
floors: benign_groups.GROUPS (sources in SCENARIOS.md).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import names, timeline
from .benign_groups import GROUPS, choose
from .benign_population import MIGRANT_CATEGORIES
from .context import Context
from .phones import beneficiary_key, messy, mixed_case

COMMUNITY_GROUPS = [("Polacy w Danii", "PL"), ("Români în Danemarca", "RO"), ("Українці в Данії", "UA"),
                    ("Lietuviai Danijoje", "LT")]
HOLIDAY_TOWNS = ["Skagen", "Ribe", "Rømø", "Bornholm", "Blåvand", "Løkken", "Ebeltoft", "Marstal"]
PROJECT_CITIES = ["Esbjerg", "Aalborg", "Herning", "Sønderborg", "Næstved", "Holstebro", "Viborg", "Frederikshavn"]


def _days(rng, n, lo: str, hi: str) -> np.ndarray:
    return timeline.random_days(rng, n, np.datetime64(lo), np.datetime64(hi))


def company_handles(C: pd.DataFrame) -> pd.Series:
    """A company's social-media handle in its clean spelling (as population._registers writes it)."""
    return C["full_name"].str.lower().str.replace(r"[^a-z0-9]+", "", regex=True)


def build(ctx: Context, bg, has_mp: np.ndarray) -> None:
    rng = ctx.rng("benign-registers")
    P = bg.P
    adults = P["idx"].to_numpy()
    _tracking_parents(ctx, bg, rng)
    _observations(ctx, bg, rng)
    bg_groups = bg.groups
    pid = P["party_id"].to_numpy()

    treasurers = choose(rng, adults[has_mp], "club_treasurer", len(adults))
    P["treasurer"] = False
    P.loc[treasurers, "treasurer"] = True
    bg_groups.add("club_treasurer", pid[treasurers])

    on_payroll = np.unique(bg.payroll["_idx"].to_numpy())
    movers = choose(rng, on_payroll, "salary_to_own_external_account")
    P["external_share"] = 0.0
    P.loc[movers, "external_share"] = rng.uniform(0.6, 0.9, len(movers))
    P["external_bank"] = None
    P.loc[movers, "external_bank"] = np.asarray(["Lunar", "Nordea", "Danske Bank", "Jyske Bank", "Arbejdernes Landsbank"],
                                                dtype=object)[rng.integers(0, 5, len(movers))]
    bg_groups.add("salary_to_own_external_account", pid[movers])

    for column, group in (("visa_trip", "family_visa_trip"), ("market_trader", "market_trader")):
        chosen = choose(rng, adults[P["status"].to_numpy() != "pensioner"], group, len(adults))
        P[column] = False
        P.loc[chosen, column] = True
        bg_groups.add(group, pid[chosen])

    _sibling_parents(bg, rng)
    _bank_switchers(ctx, bg, rng)
    _rentals(ctx, bg, rng)
    _job_posts(ctx, bg, rng)
    _company_sides(bg)


def _company_sides(bg) -> None:
    """The companies behind person groups, so that a rule flagging the employer is not read as 'ordinary'."""
    P, C = bg.P, bg.C
    employer = P["employer"].to_numpy()
    for group, people in (("employer_of_migrant_workers", P["migrant_worker"].to_numpy()),
                          ("employer_of_salaried_staff", P["salaried"].to_numpy()),
                          ("employer_of_salary_mover", P["external_share"].to_numpy() > 0),
                          ("company_paying_dividend", P["paid_by_dividend"].to_numpy())):
        bg.groups.add(group, C["party_id"].to_numpy()[np.unique(employer[people])])
    for group, column in (("employer_providing_housing", "housing_employer"), ("company_with_pensioner_on_board", "board_company")):
        companies = P[column].to_numpy()
        bg.groups.add(group, C["party_id"].to_numpy()[np.unique(companies[companies >= 0])])


def _tracking_parents(ctx: Context, bg, rng: np.random.Generator) -> None:
    """Parents aged 30-55 who follow the live location of their 3-4 children (aged 8-17, living with them).

    The children are bank customers (a youth account) with a phone of their own; the subscription is in
    the parent's name (a family plan, or a prepaid card the parent bought). A platform reports each
    child's sharing with the parent about once a quarter.
    """
    P = bg.P
    age = P["age"].to_numpy()
    parents = choose(rng, np.flatnonzero((age >= 30) & (age <= 55)), "parent_tracking_children", len(P))
    kids = np.where(rng.random(len(parents)) < 0.7, 3, 4)
    parent = np.repeat(parents, kids)
    k = len(parent)
    sex = np.where(rng.random(k) < 0.5, "F", "M")
    nat = P["nationality"].to_numpy(dtype=object)[parent]
    first = np.empty(k, dtype=object)
    pools = {("DK", "F"): names.DK_F, ("DK", "M"): names.DK_M}
    pools.update({(c, s): v[0 if s == "F" else 1] for c, v in names.FOREIGN.items() for s in "FM"})
    for (country, s), pool in pools.items():
        m = (nat == country) & (sex == s)
        first[m] = np.asarray(pool, dtype=object)[rng.integers(0, len(pool), int(m.sum()))]
    surname = P["full_name"].str.rsplit(" ", n=1).str[-1].to_numpy(dtype=object)[parent]
    birth = _days(rng, k, "2008-01-01", "2017-06-30")
    K = pd.DataFrame({"party_id": ctx.ids.many("PA", k), "parent_idx": parent, "nationality": nat, "sex": sex,
                      "full_name": first + " " + surname, "birth_date": birth})
    K["onboarded_at"] = timeline.at(birth + rng.integers(30, 2000, k).astype("timedelta64[D]"), rng, 9, 16)
    K.loc[K["onboarded_at"] > np.datetime64("2024-12-01"), "onboarded_at"] = np.datetime64("2024-12-01T10:00:00")
    bg.add("parties", pd.DataFrame({
        "party_id": K["party_id"], "party_type": "person", "full_name": K["full_name"], "birth_date": birth, "sex": sex,
        "nationality": nat, "country_of_residence": "DK", "onboarded_at": K["onboarded_at"].to_numpy()}))
    bg.add("party_addresses", pd.DataFrame({
        "party_id": K["party_id"], "address_id": P["address_id"].to_numpy()[parent], "street": P["street"].to_numpy()[parent],
        "postcode": P["postcode"].to_numpy()[parent], "city": P["home_city"].to_numpy()[parent], "country": "DK",
        "address_type": "residence", "valid_from": birth, "valid_to": None}))
    K["acc"] = ctx.ids.many("AC", k)
    bg.add("accounts", pd.DataFrame({"account_id": K["acc"], "party_id": K["party_id"],
                                     "provider": np.asarray(names.BANKS, dtype=object)[rng.integers(0, len(names.BANKS), k)],
                                     "account_type": "personal", "currency": "DKK", "is_primary": True,
                                     "opened_at": K["onboarded_at"].to_numpy()}))
    K["phone"] = ctx.phones.e164("45", k)
    parent_pid = P["party_id"].to_numpy()[parent]
    activated = timeline.at(_days(rng, k, "2019-01-01", "2024-08-31"), rng, 10, 18)
    bg.add("phone_subscriptions", pd.DataFrame({
        "phone_number": messy(K["phone"], rng), "subscriber_party_id": parent_pid,
        "contract_type": np.where(rng.random(k) < 0.6, "postpaid", "prepaid"), "activated_at": activated}))
    bg.add("party_contacts", pd.DataFrame({"party_id": K["party_id"], "contact_type": "phone", "contact_value": messy(K["phone"], rng),
                                           "first_seen": activated.astype("datetime64[D]")}))
    owners = ctx.owners
    owners.own("phone", K["phone"], parent_pid, "phone_subscriptions")
    owners.own("phone", K["phone"], K["party_id"], "party_contacts")
    owners.made_for("phone", K["phone"], K["party_id"])
    # one sharing report per child and quarter
    child = np.repeat(np.arange(k), 4)
    quarter = np.tile(np.arange(4), k)
    day = timeline.START + (quarter * 91 + rng.integers(0, 91, len(child))).astype("timedelta64[D]")
    platform = np.asarray(["Find My", "Google Maps", "Life360"], dtype=object)[parent[child] % 3]
    viewer = P["phone"].to_numpy()[parent[child]]
    bg.add("platform_signals", pd.DataFrame({
        "signal_id": ctx.ids.many("SG", len(child)), "platform": platform, "observed_at": timeline.at(day, rng, 7, 22),
        "signal_type": "location_sharing", "subject_phone": messy(K["phone"].to_numpy()[child], rng),
        "counterpart_phone": messy(viewer, rng), "details": "family location sharing"}))
    owners.seen("phone", K["phone"].to_numpy()[child], "platform_signals")
    owners.seen("phone", viewer, "platform_signals")
    K["pocket_money"] = np.round(rng.uniform(150, 600, k), -1)
    bg.K = K
    bg.groups.add("parent_tracking_children", P["party_id"].to_numpy()[parents])
    bg.groups.add("tracked_child", K["party_id"])


def _observations(ctx: Context, bg, rng: np.random.Generator) -> None:
    """Frontline notes on benign people: a migrant worker without Danish at account opening, an elderly customer
    whose son or daughter does the talking, a homeless person at the municipality's help desk."""
    P = bg.P
    pid = P["party_id"].to_numpy()
    rows = []
    nodanish = np.flatnonzero(P["noted_no_danish"].to_numpy())
    rows.append(pd.DataFrame({
        "party_id": pid[nodanish], "org_type": "bank",
        "context": np.asarray(["account_opening", "branch_visit"], dtype=object)[rng.integers(0, 2, len(nodanish))],
        "no_local_language": True, "third_party_spoke": False, "looked_to_third_party": False, "poor_appearance": False,
        "malnourished": False, "notes": "Customer speaks no Danish; we used a translation app"}))
    age = P["age"].to_numpy()
    elderly = choose(rng, np.flatnonzero(age >= 75), "elderly_accompanied_by_relative")
    relatives = rng.choice(np.flatnonzero((age >= 40) & (age <= 62)), size=len(elderly), replace=False)
    rows.append(pd.DataFrame({
        "party_id": pid[elderly], "org_type": "bank", "context": "branch_visit", "third_party_spoke": True,
        "looked_to_third_party": rng.random(len(elderly)) < 0.5, "accompanied_by_party_id": pid[relatives],
        "no_local_language": False, "poor_appearance": False, "malnourished": False,
        "notes": "Customer came with an adult child, who explained the errand; customer is hard of hearing"}))
    bg.groups.add("elderly_accompanied_by_relative", pid[elderly])
    bg.groups.add("relative_speaking_for_elderly", pid[relatives])
    vulnerable = choose(rng, np.flatnonzero(P["status"].to_numpy() == "unemployed"), "socially_vulnerable_poor_appearance", len(P))
    rows.append(pd.DataFrame({
        "party_id": pid[vulnerable], "org_type": "municipality", "context": "other", "third_party_spoke": False,
        "looked_to_third_party": False, "poor_appearance": True, "malnourished": rng.random(len(vulnerable)) < 0.3,
        "no_local_language": False, "notes": "Homeless; came to the help desk for emergency housing"}))
    bg.groups.add("socially_vulnerable_poor_appearance", pid[vulnerable])
    obs = pd.concat(rows, ignore_index=True)
    obs.insert(0, "observation_id", ctx.ids.many("OB", len(obs)))
    obs["observed_at"] = timeline.at(timeline.random_days(rng, len(obs)), rng, 9, 16)
    bg.add("frontline_observations", obs)


def _sibling_parents(bg, rng: np.random.Generator) -> None:
    """The mother each set of remitting siblings sends to: the set's surname and country (a beneficiary key)."""
    P = bg.P
    sets = P["sibling_set"].to_numpy()
    first = pd.Series(np.arange(len(P)))[sets >= 0].groupby(sets[sets >= 0]).min().to_numpy()
    country = P["nationality"].to_numpy(dtype=object)[first]
    surname = P["full_name"].str.rsplit(" ", n=1).str[-1].to_numpy(dtype=object)[first]
    mother = [names.FOREIGN[c][0][int(rng.integers(0, len(names.FOREIGN[c][0])))] for c in country]
    parents = pd.DataFrame({"name": [f"{m} {s}" for m, s in zip(mother, surname)], "country": country})
    bg.extra["sibling_parents"] = parents
    bg.groups.add("remitting_siblings_parent", [beneficiary_key(n, c) for n, c in zip(parents["name"], parents["country"])],
                  "beneficiary")


def _bank_switchers(ctx: Context, bg, rng: np.random.Generator) -> None:
    """Customers who leave their old bank: a current, a savings and a budget account opened together years ago,
    closed together in 2025; the balance goes to the primary account (benign_txns)."""
    P = bg.P
    chosen = choose(rng, P["idx"].to_numpy(), "bank_switcher")
    k = len(chosen)
    opened = _days(rng, k, "2012-01-01", "2020-12-31")
    closed = _days(rng, k, "2025-02-01", "2025-11-15")
    bank = np.asarray(["Sydbank", "Spar Nord", "Nykredit", "Jyske Bank"], dtype=object)[rng.integers(0, 4, k)]
    acc = ctx.ids.many("AC", 3 * k).reshape(k, 3)
    who = np.repeat(np.arange(k), 3)
    bg.add("accounts", pd.DataFrame({
        "account_id": acc.ravel(), "party_id": P["party_id"].to_numpy()[chosen][who], "provider": bank[who],
        "account_type": "personal", "currency": "DKK", "is_primary": False,
        "opened_at": timeline.at(opened[who] + rng.integers(0, 3, 3 * k).astype("timedelta64[D]"), rng, 10, 15),
        "closed_at": timeline.at(closed[who] + rng.integers(0, 3, 3 * k).astype("timedelta64[D]"), rng, 10, 15)}))
    bg.extra["switchers"] = pd.DataFrame({"idx": chosen, "old_acc": acc[:, 0], "closed": closed,
                                          "balance": np.round(rng.uniform(5000, 60000, k), 2)})
    bg.groups.add("bank_switcher", P["party_id"].to_numpy()[chosen])


def _rentals(ctx: Context, bg, rng: np.random.Generator) -> None:
    """A family's summer road trip through 3-4 holiday rentals, self-paid; a fitter on a building project staying in
    3-4 rentals near the sites, paid by the employer."""
    P, C, owners = bg.P, bg.C, ctx.owners
    trip = choose(rng, P["idx"].to_numpy()[P["age"].to_numpy() < 75], "road_trip_rentals", len(P))
    builders = bg.payroll.loc[bg.payroll["_employer"].map(C["category"]).eq("construction"), "_idx"].unique()
    work = choose(rng, np.sort(builders), "work_trip_rentals_paid_by_employer")
    frames = []
    for people, towns, nights, start_lo, start_hi, paid_by_employer in (
            (trip, HOLIDAY_TOWNS, (2, 6), "2025-06-20", "2025-08-01", False),
            (work, PROJECT_CITIES, (7, 13), "2025-02-01", "2025-09-30", True)):
        stays = rng.integers(3, 5, len(people))
        who = np.repeat(people, stays)
        trip_no = np.repeat(np.arange(len(people)), stays)
        seq = pd.Series(trip_no).groupby(trip_no).cumcount().to_numpy()
        length = rng.integers(*nights, len(who))
        offset = pd.Series(length).groupby(trip_no).cumsum().to_numpy() - length     # back to back
        start = np.repeat(_days(rng, len(people), start_lo, start_hi), stays)
        check_in = start + offset.astype("timedelta64[D]")
        town = np.asarray(towns, dtype=object)[(np.repeat(rng.integers(0, len(towns), len(people)), stays) + seq) % len(towns)]
        employer_acc = C["acc"].to_numpy()[P["employer"].to_numpy()[who]] if paid_by_employer else None
        frames.append(pd.DataFrame({
            "platform": np.asarray(["Airbnb", "Booking.com", "Novasol"], dtype=object)[rng.integers(0, 3, len(who))],
            "guest_party_id": P["party_id"].to_numpy()[who], "guest_phone": messy(P["phone"].to_numpy()[who], rng),
            "address_id": ctx.ids.many("AD", len(who)), "city": town, "check_in": check_in,
            "check_out": check_in + length.astype("timedelta64[D]"),
            "paid_by_account_id": employer_acc if paid_by_employer else P["primary_acc"].to_numpy()[who]}))
        owners.own("phone", P["phone"].to_numpy()[who], P["party_id"].to_numpy()[who], "rental_bookings")
    B = pd.concat(frames, ignore_index=True)
    B.insert(0, "booking_id", ctx.ids.many("BK", len(B)))
    bg.add("rental_bookings", B)
    bg.groups.add("road_trip_rentals", P["party_id"].to_numpy()[trip])
    bg.groups.add("work_trip_rentals_paid_by_employer", P["party_id"].to_numpy()[work])
    bg.groups.add("employer_paying_work_trip_rentals", np.unique(C["party_id"].to_numpy()[P["employer"].to_numpy()[work]]))


def _job_posts(ctx: Context, bg, rng: np.random.Generator) -> None:
    """Ordinary company job posts that come near R05 and R06: a firm with migrant staff recruiting in two or three
    nationality groups, an IT firm's real 45,000-65,000 wage, a restaurant asking applicants to write on WhatsApp."""
    P, C, owners = bg.P, bg.C, ctx.owners
    migrants_per_company = pd.Series(P["employer"].to_numpy()[P["migrant_worker"].to_numpy()]).value_counts()
    pool = np.sort(migrants_per_company.index[migrants_per_company >= 2].to_numpy())
    recruiters = choose(rng, pool, "company_recruiting_in_community_groups")
    short = GROUPS["company_recruiting_in_community_groups"].floor - len(recruiters)
    if short > 0:      # the smallest scale: firms in the migrant workers' industries fill the floor
        others = np.setdiff1d(C["cidx"].to_numpy()[C["category"].isin(MIGRANT_CATEGORIES).to_numpy()], recruiters)
        recruiters = np.sort(np.concatenate([recruiters, rng.choice(others, size=min(short, len(others)), replace=False)]))
    C["recruits_in_community_groups"] = False
    C.loc[recruiters, "recruits_in_community_groups"] = True
    bg.groups.add("company_recruiting_in_community_groups", C["party_id"].to_numpy()[recruiters])
    n_groups = rng.integers(2, 4, len(recruiters))
    who = np.repeat(recruiters, n_groups)
    seq = np.concatenate([np.arange(g) for g in n_groups]) if len(n_groups) else np.array([], dtype=int)
    first = np.repeat(rng.integers(0, len(COMMUNITY_GROUPS), len(recruiters)), n_groups)
    grp = (first + seq) % len(COMMUNITY_GROUPS)
    posted = np.repeat(_days(rng, len(recruiters), "2025-01-15", "2025-10-15"), n_groups) + (seq * rng.integers(5, 25, len(who))).astype("timedelta64[D]")
    frames = [pd.DataFrame({"company": who, "group_name": [COMMUNITY_GROUPS[g][0] for g in grp],
                            "audience": [COMMUNITY_GROUPS[g][1] for g in grp], "posted": posted,
                            "pay": np.round(rng.uniform(27000, 34000, len(who)), -2), "redirect": False,
                            "text": "We are hiring for permanent positions in Denmark, collective agreement pay. Apply by e-mail."})]
    for column, pay, redirect, text in (
            ("high_wage_post", (45000, 65000), False, "Senior udvikler søges. Løn 45-65.000 kr. Søg via vores hjemmeside."),
            ("whatsapp_post", (25000, 30000), True, "Vi mangler folk! Skriv til os på WhatsApp.")):
        cos = C["cidx"].to_numpy()[C[column].to_numpy()]
        frames.append(pd.DataFrame({"company": cos, "group_name": np.asarray(["Jobs i Aarhus", "Job i København", "IT-jobs i Danmark"],
                                                                             dtype=object)[rng.integers(0, 3, len(cos))],
                                    "audience": None, "posted": _days(rng, len(cos), "2025-01-10", "2025-12-10"),
                                    "pay": np.round(rng.uniform(*pay, len(cos)), -2), "redirect": redirect, "text": text}))
    posts = pd.concat(frames, ignore_index=True)
    handles = company_handles(C).to_numpy(dtype=object)[posts["company"]]
    with_phone = rng.random(len(posts)) < 0.5
    phone = np.where(with_phone, C["phone"].to_numpy()[posts["company"]], None)
    bg.add("social_posts", pd.DataFrame({
        "post_id": ctx.ids.many("SP", len(posts)), "platform": "Facebook", "group_name": posts["group_name"],
        "group_audience_nationality": posts["audience"], "posted_at": timeline.at(posts["posted"].to_numpy(), rng, 8, 17),
        "author_handle": mixed_case(handles, rng), "author_phone": messy(phone, rng), "post_type": "job_offer",
        "promised_monthly_pay_dkk": posts["pay"], "redirects_to_encrypted_app": posts["redirect"], "post_text": posts["text"]}))
    owners.handle_with_phone(handles[with_phone], phone[with_phone], "social_posts")
    owners.seen("handle", handles[~with_phone], "social_posts")
    owners.made_for("handle", handles, C["party_id"].to_numpy()[posts["company"]])
