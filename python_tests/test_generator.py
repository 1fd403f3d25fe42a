"""Fast tests of the synthetic data generator (tiny scale only)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from redflags.generator import generate
from redflags.generator import schema

INDICATORS = [f"B0{i}" for i in range(1, 4)] + [f"F{i:02d}" for i in range(1, 18)] + [f"R0{i}" for i in range(1, 9)]
REASON_PREFIXES = ["required value missing: ", "unparseable integer: ", "unparseable decimal: ", "unparseable boolean: ",
                   "unparseable date: ", "unparseable timestamp: ", "unparseable phone: ", "value not allowed: ",
                   "negative amount: ", "timestamp after run time: ", "end before start: ", "unknown currency: ",
                   "conflicting duplicate key", "exact duplicate"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("tiny")
    counts = generate(root / "landing", root / "truth", seed=7, scale="tiny", inject_bad_rows=True)
    return root / "landing", root / "truth", counts


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_table_written(tiny):
    landing, _, counts = tiny
    for table in schema.tables():
        files = list((landing / table).glob("part-*.parquet"))
        assert files, table
        assert counts[table] > 0, table
    assert len(list((landing / "transactions").glob("part-*.parquet"))) >= 2


def test_columns_follow_contract(tiny):
    landing, _, _ = tiny
    for table in schema.tables():
        cols = pq.read_schema(landing / table / "part-0.parquet").names
        assert cols == list(schema.columns(table)), table


def test_deterministic(tmp_path):
    a = generate(tmp_path / "a" / "l", tmp_path / "a" / "t", seed=3, scale="tiny", persons=120)
    b = generate(tmp_path / "b" / "l", tmp_path / "b" / "t", seed=3, scale="tiny", persons=120)
    assert a == b
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_truth_covers_every_indicator(tiny):
    _, truth_dir, _ = tiny
    t = pd.read_parquet(truth_dir / "truth_entities.parquet")
    assert set(t.columns) == {"entity_type", "entity_id", "scenario_id", "scenario", "role", "expected_indicators"}
    assert t["role"].isin(["victim", "trafficker", "benign_lookalike"]).all()
    pos = t[t["role"] != "benign_lookalike"]
    assert (pos["expected_indicators"] != "").all()
    look = t[t["role"] == "benign_lookalike"]
    assert (look["expected_indicators"].fillna("") == "").all()
    for ind in INDICATORS:
        carrying = pos[pos["expected_indicators"].str.split(",").apply(lambda xs: ind in xs)]
        assert carrying["entity_id"].nunique() >= 2, ind
        looks = look[look["scenario"].str.startswith(f"lookalike_{ind}_")]
        assert looks["scenario_id"].nunique() >= 2, ind
    assert t["entity_type"].isin(["party", "phone", "email", "address", "beneficiary", "handle"]).all()
    assert {"phone", "address", "beneficiary", "handle"} <= set(t["entity_type"])
    phones = t.loc[t["entity_type"] == "phone", "entity_id"]
    assert phones.str.fullmatch(r"\+\d{8,15}").all()


def test_composites_present(tiny):
    _, truth_dir, _ = tiny
    t = pd.read_parquet(truth_dir / "truth_entities.parquet")
    for sc in ["criminal_exploitation_minor", "sexual_exploitation_telegram", "labour_exploitation_pay_limit"]:
        rows = t[t["scenario"] == sc]
        assert rows["scenario_id"].nunique() >= 2, sc
        assert {"victim", "trafficker"} <= set(rows["role"]), sc
        people = rows[rows["entity_type"] == "party"]
        assert (people["expected_indicators"].str.count(",") >= 1).all(), sc   # two indicators or more each


def test_bad_rows_manifest(tiny):
    landing, truth_dir, _ = tiny
    m = pd.read_csv(truth_dir / "injected_bad_rows.csv", keep_default_na=False)
    assert list(m.columns) == ["table_name", "source_file", "key_value", "expected_reason", "kind"]
    for prefix in REASON_PREFIXES:
        assert m["expected_reason"].str.startswith(prefix).any(), prefix
    for table in ["transactions", "parties", "accounts", "payroll", "party_contacts", "rental_bookings"]:
        assert (landing / table / "bad_rows.csv").exists(), table
        assert (m["table_name"] == table).sum() >= 3, table
    conflicts = m[m["expected_reason"] == "conflicting duplicate key"]
    assert (conflicts.groupby(["table_name", "key_value"]).size() == 2).all()
    counts = pd.read_csv(truth_dir / "generated_counts.csv")
    assert {"table_name", "rows_written", "bad_rows", "exact_duplicates"} <= set(counts.columns)
    # bad rows never touch planted entities
    t = pd.read_parquet(truth_dir / "truth_entities.parquet")
    planted = set(t["entity_id"])
    bad = pd.read_csv(landing / "parties" / "bad_rows.csv", dtype=str)
    assert not (set(bad["party_id"].dropna()) & planted)


def test_csv_format(tmp_path):
    counts = generate(tmp_path / "l", tmp_path / "t", seed=1, scale="tiny", persons=100, fmt="csv")
    tx = pd.concat(pd.read_csv(p, dtype=str) for p in sorted((tmp_path / "l" / "transactions").glob("part-*.csv")))
    assert len(tx) == counts["transactions"]
    assert list(tx.columns) == list(schema.columns("transactions"))
    assert tx["booked_at"].str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d").all()
    assert (tmp_path / "t" / "truth_entities.csv").exists()
    groups = pd.read_csv(tmp_path / "t" / "background_groups.csv", dtype=str)
    assert list(groups.columns) == ["entity_type", "entity_id", "benign_group", "is_danish", "nationality"] and len(groups)


def test_messy_identifiers(tiny):
    landing, _, _ = tiny
    pc = pd.read_parquet(landing / "party_contacts" / "part-0.parquet")
    phones = pc.loc[pc["contact_type"] == "phone", "contact_value"]
    assert phones.str.startswith("00").any() and phones.str.contains(" ").any() and phones.str.fullmatch(r"\d{8}").any()
    emails = pc.loc[pc["contact_type"] == "email", "contact_value"]
    assert (emails != emails.str.lower()).any()


# ------------------------------------------------------------------ benign background groups

from redflags.generator.benign_groups import GROUPS, ORDINARY, SCENARIO_SIDE, count  # noqa: E402
from redflags.generator.benign_population import MIGRANT_NATS, SALARIED_TITLES  # noqa: E402
from redflags.generator.phones import normalise_phone  # noqa: E402

AS_OF = pd.Timestamp("2025-01-01")


def _landing(folder: Path, table: str) -> pd.DataFrame:
    """A landing table's part files (never bad_rows.csv)."""
    return pd.concat([pd.read_parquet(p) for p in sorted((folder / table).glob("part-*.parquet"))], ignore_index=True)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("demo")
    generate(root / "landing", root / "truth", seed=42, scale="demo")
    return root / "landing", root / "truth"


class World:
    """The background as the landing files show it, with the denominators of the groups' shares."""

    def __init__(self, landing: Path, truth_dir: Path) -> None:
        self.groups = pd.read_parquet(truth_dir / "background_groups.parquet")
        truth = pd.read_parquet(truth_dir / "truth_entities.parquet")
        parties = _landing(landing, "parties")
        self.parties = parties[~parties["party_id"].isin(truth["entity_id"])].drop_duplicates("party_id")
        side = self.groups.loc[self.groups["benign_group"] == SCENARIO_SIDE, "entity_id"]
        background = self.parties[~self.parties["party_id"].isin(side)]
        persons = background[background["party_type"] == "person"].copy()
        persons["age"] = (AS_OF - pd.to_datetime(persons["birth_date"])).dt.days / 365.25
        self.adults = persons[persons["age"] >= 18]
        self.companies = background[background["party_type"] == "company"]
        emp = _landing(landing, "employments")
        emp = emp[emp["employee_party_id"].isin(self.adults["party_id"])]
        self.employments = emp.merge(self.companies[["party_id", "industry_code"]], left_on="employer_party_id", right_on="party_id")
        self.payroll = _landing(landing, "payroll")
        self.roles = _landing(landing, "company_roles")

    def members(self, group: str) -> set[str]:
        return set(self.groups.loc[self.groups["benign_group"] == group, "entity_id"])

    def employees_in(self, *prefixes: str) -> pd.Series:
        e = self.employments
        return e.loc[e["industry_code"].str.startswith(prefixes), "employee_party_id"].drop_duplicates()

    def companies_in(self, *prefixes: str) -> pd.Series:
        return self.companies.loc[self.companies["industry_code"].str.startswith(prefixes), "party_id"]

    def migrant_workers(self) -> set[str]:
        """Employees of Polish, Romanian, Lithuanian or Ukrainian nationality who hold no role in their employer."""
        e = self.employments.merge(self.adults[["party_id", "nationality"]], left_on="employee_party_id", right_on="party_id",
                                   suffixes=("", "_person"))
        e = e[e["nationality"].isin(MIGRANT_NATS)]
        role = e.merge(self.roles, left_on=["employer_party_id", "employee_party_id"],
                       right_on=["company_party_id", "person_party_id"], how="left", indicator=True)
        return set(role.loc[role["_merge"] == "left_only", "employee_party_id"])

    def denominators(self) -> dict[str, int]:
        """The number each group's share applies to (benign_groups.GROUPS[...].of), counted from the landing files."""
        adults, migrants = len(self.adults), len(self.migrant_workers())
        mig_per_employer = self.employments[self.employments["employee_party_id"].isin(self.migrant_workers())] \
            .groupby("employer_party_id").size()
        return {
            "migrant_fixed_monthly_pay": migrants, "migrant_home_sim": migrants, "migrant_monthly_remittance": migrants,
            "migrant_noted_no_danish": migrants,
            "parent_tracking_children": adults, "club_treasurer": adults, "socially_vulnerable_poor_appearance": adults,
            "family_visa_trip": adults, "market_trader": adults, "bank_switcher": adults, "road_trip_rentals": adults,
            "salaried_staff_variable_industry": len(self.employees_in("41", "42", "43", "55", "56", "81.2")),
            "dividend_director": len(self.companies),
            "board_pensioner": int((self.adults["age"] >= 67).sum()),
            "salary_to_own_external_account": self.payroll.loc[self.payroll["employee_party_id"].isin(self.adults["party_id"]),
                                                              "employee_party_id"].nunique(),
            "remitting_siblings": int((self.adults["nationality"] != "DK").sum()),
            "elderly_accompanied_by_relative": int((self.adults["age"] >= 75).sum()),
            "dane_with_foreign_sim": int((self.adults["nationality"] == "DK").sum()),
            "work_trip_rentals_paid_by_employer": len(self.employees_in("41", "42", "43")),
            "retail_chain": len(self.companies_in("47", "56")),
            "importer_declared_high_risk_country": len(self.companies_in("46", "47")),
            "company_kyc_countries_missing": len(self.companies),
            "company_recruiting_in_community_groups": int((mig_per_employer >= 2).sum()),
            "company_job_post_high_wage": len(self.companies_in("62", "69", "70")),
            "company_job_post_whatsapp": len(self.companies_in("56", "81.2")),
        }


@pytest.fixture(scope="module")
def tiny_world(tiny) -> World:
    return World(tiny[0], tiny[1])


@pytest.fixture(scope="module")
def demo_world(demo) -> World:
    return World(*demo)


def test_background_groups_cover_the_background_and_nothing_planted(tiny, tiny_world: World):
    _, truth_dir, _ = tiny
    groups = tiny_world.groups
    assert list(groups.columns) == ["entity_type", "entity_id", "benign_group", "is_danish", "nationality"]
    truth = pd.read_parquet(truth_dir / "truth_entities.parquet")
    assert not set(groups["entity_id"]) & set(truth["entity_id"])
    assert set(groups["benign_group"]) == set(GROUPS) | {ORDINARY, SCENARIO_SIDE}
    parties = groups[groups["entity_type"] == "party"]
    # every party outside truth_entities is listed; 'ordinary' exactly when it is in no benign group
    assert set(parties["entity_id"]) == set(tiny_world.parties["party_id"])
    side = set(parties.loc[parties["benign_group"] == SCENARIO_SIDE, "entity_id"])
    assert not side & set(parties.loc[parties["benign_group"] != SCENARIO_SIDE, "entity_id"])
    in_group = set(parties.loc[~parties["benign_group"].isin([ORDINARY, SCENARIO_SIDE]), "entity_id"])
    assert set(parties.loc[parties["benign_group"] == ORDINARY, "entity_id"]) == set(tiny_world.parties["party_id"]) - in_group - side
    assert not groups.duplicated(["entity_type", "entity_id", "benign_group"]).any()
    # is_danish and nationality follow the person's nationality; null for companies and other entities
    nationality = tiny_world.parties.set_index("party_id")["nationality"]
    persons = parties[parties["entity_id"].isin(tiny_world.parties.loc[tiny_world.parties["party_type"] == "person", "party_id"])]
    assert (persons["nationality"].to_numpy() == nationality[persons["entity_id"]].to_numpy()).all()
    assert (persons["is_danish"] == (persons["nationality"] == "DK")).all()
    others = groups[~groups.index.isin(persons.index)]
    assert others["is_danish"].isna().all() and others["nationality"].isna().all()
    assert {"address", "beneficiary"} <= set(groups["entity_type"])


@pytest.mark.parametrize("scale", ["tiny", "demo"])
def test_every_benign_group_is_present_at_its_intended_share(scale, request):
    world: World = request.getfixturevalue(f"{scale}_world")
    sizes = world.groups.groupby("benign_group").size()
    for group, spec in GROUPS.items():
        assert sizes.get(group, 0) >= max(1, min(spec.floor, 2)), (scale, group)
    for group, denominator in world.denominators().items():
        expected = count(group, denominator)
        tolerance = max(2, 0.15 * expected)
        assert abs(sizes.get(group, 0) - expected) <= tolerance, (scale, group, sizes.get(group, 0), expected, denominator)
    # groups whose size follows from other draws
    migrants = world.migrant_workers()
    assert world.members("migrant_worker") == migrants
    parents, children = sizes["parent_tracking_children"], sizes["tracked_child"]
    assert 3 * parents <= children <= 4 * parents
    assert sizes["relative_speaking_for_elderly"] == sizes["elderly_accompanied_by_relative"]
    assert sizes["remitting_siblings"] % 3 == 0 and sizes["remitting_siblings_parent"] == sizes["remitting_siblings"] // 3
    assert world.members("migrant_employer_housing") <= migrants
    # the company side of the person groups, as the employment and business registers show it
    employer = world.employments.set_index("employee_party_id")["employer_party_id"]
    for companies, people in (("employer_of_migrant_workers", "migrant_worker"),
                              ("employer_of_salaried_staff", "salaried_staff_variable_industry"),
                              ("employer_of_salary_mover", "salary_to_own_external_account")):
        assert world.members(companies) == set(employer[list(world.members(people))]), companies
    roles = world.roles[world.roles["role"] == "director"]
    for companies, people in (("company_paying_dividend", "dividend_director"), ("company_with_pensioner_on_board", "board_pensioner")):
        held = roles[roles["person_party_id"].isin(world.members(people))]
        assert world.members(companies) <= set(held["company_party_id"]), companies
        assert len(world.members(companies)) >= 1, companies
    if scale == "demo":
        employees = world.payroll["employee_party_id"].nunique()
        # Polish, Romanian, Ukrainian and Lithuanian workers: about 4 % of employees (SCENARIOS.md)
        assert 0.025 <= len(migrants) / employees <= 0.06, len(migrants) / employees
        assert len(world.members("migrant_employer_housing")) >= 0.1 * len(migrants)


def test_benign_groups_show_their_pattern_in_the_landing_data(tiny):
    """Each group's defining trace is in the landing files, not only in the truth."""
    landing, _, _ = tiny
    world = World(landing, tiny[1])
    accounts = _landing(landing, "accounts")
    tx = _landing(landing, "transactions")
    payroll = world.payroll
    # salaried staff: a salaried job title and the same gross pay every month
    salaried = world.members("salaried_staff_variable_industry")
    titles = world.employments.loc[world.employments["employee_party_id"].isin(salaried), "job_title"]
    assert titles.isin({t for ts in SALARIED_TITLES.values() for t in ts}).all()
    assert (payroll[payroll["employee_party_id"].isin(salaried)].groupby("employee_party_id")["gross_pay"].nunique() == 1).all()
    # directors paid by dividend and pensioners on boards: a role, no payslip, money from the company
    for group, reference in (("dividend_director", "Udbytte 2024"), ("board_pensioner", "Bestyrelseshonorar")):
        people = world.members(group)
        assert not people & set(payroll["employee_party_id"]), group
        assert people <= set(world.roles.loc[world.roles["role"] == "director", "person_party_id"]), group
        paid = tx[(tx["reference"] == reference) & (tx["direction"] == "in")].merge(accounts, on="account_id")
        assert people <= set(paid["party_id"]), group
    # treasurers: 15 or more MobilePay payments of DKK 500-1,000 on their wallet within 30 days
    wallets = accounts[accounts["party_id"].isin(world.members("club_treasurer")) & (accounts["provider"] == "MobilePay")]
    got = tx[tx["account_id"].isin(wallets["account_id"]) & (tx["channel"] == "mobile_payment") & (tx["direction"] == "in")
             & tx["amount"].between(500, 1000)]
    per_wallet = got.groupby("account_id")["booked_at"].agg(lambda s: s.sort_values().diff(14).dt.days.min())
    assert len(per_wallet) == len(wallets) and (per_wallet <= 30).all()
    # children of tracking parents: aged 8-17, living at the parent's address, followed by the parent's phone
    children = world.parties[world.parties["party_id"].isin(world.members("tracked_child"))]
    age = (AS_OF - pd.to_datetime(children["birth_date"])).dt.days / 365.25
    assert age.between(7, 18).all()
    addresses = _landing(landing, "party_addresses")
    home = addresses.set_index("party_id")["address_id"]
    child_homes = set(home[list(children["party_id"])])
    assert child_homes <= set(home[list(world.members("parent_tracking_children"))])
    # employer housing: every housed migrant worker lives at one of the houses, with colleagues of the same employer
    housed = world.members("migrant_employer_housing")
    assert set(home[list(housed)]) == world.members("employer_housing_address")
    employer = world.employments.set_index("employee_party_id")["employer_party_id"]
    per_house = pd.DataFrame({"address": home[list(housed)].to_numpy(), "employer": employer[list(housed)].to_numpy()})
    houses = per_house.groupby("address")
    assert (houses["employer"].nunique() == 1).all() and (houses.size() >= 2).all()
    signals = _landing(landing, "platform_signals")
    sharing = signals[signals["signal_type"] == "location_sharing"]
    followed = sharing.assign(viewer=sharing["counterpart_phone"].map(normalise_phone),
                              child=sharing["subject_phone"].map(normalise_phone)).groupby("viewer")["child"].nunique()
    assert (followed >= 3).sum() >= len(world.members("parent_tracking_children"))
    # migrant workers with a home SIM: a Danish and a home-country number
    contacts = _landing(landing, "party_contacts")
    phones = contacts[(contacts["contact_type"] == "phone") & contacts["party_id"].isin(world.members("migrant_home_sim"))]
    codes = phones.assign(cc=phones["contact_value"].map(normalise_phone).str.slice(0, 3)).groupby("party_id")["cc"].nunique()
    assert (codes >= 2).all() and len(codes) == len(world.members("migrant_home_sim"))
    # chains: cash deposits in three or more cities
    chain_accounts = accounts[accounts["party_id"].isin(world.members("retail_chain"))]
    cities = tx[tx["account_id"].isin(chain_accounts["account_id"]) & (tx["channel"] == "cash_deposit")].groupby("account_id")["location_city"].nunique()
    assert len(cities) == len(chain_accounts) and (cities >= 3).all()
    # salary moved to an own account at a bank not in the data: 60 % or more of every net salary, no account id
    movers = world.members("salary_to_own_external_account")
    moved = tx[(tx["reference"].fillna("").str.startswith("Til egen konto")) & tx["counterparty_account_id"].isna()]
    pay = payroll[payroll["employee_party_id"].isin(movers)]
    assert len(moved) >= len(pay) - len(movers)     # December's move may fall in January, outside the year
    assert (moved["amount"].to_numpy() > 0).all()


def test_background_groups_are_deterministic(tmp_path):
    a = generate(tmp_path / "a" / "l", tmp_path / "a" / "t", seed=5, scale="tiny")
    b = generate(tmp_path / "b" / "l", tmp_path / "b" / "t", seed=5, scale="tiny")
    c = generate(tmp_path / "c" / "l", tmp_path / "c" / "t", seed=6, scale="tiny")
    assert a == b
    same = [(tmp_path / x / "t" / "background_groups.parquet").read_bytes() for x in "ab"]
    assert same[0] == same[1]
    other = pd.read_parquet(tmp_path / "c" / "t" / "background_groups.parquet")
    first = pd.read_parquet(tmp_path / "a" / "t" / "background_groups.parquet")
    assert set(first["benign_group"]) == set(other["benign_group"])
    assert not first.equals(other)
    assert c != a
