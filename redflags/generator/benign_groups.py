"""Benign background groups: ordinary Danish life that comes near the red-flag rules.

Each group is a kind of person or company that banks, the tax authority and platforms see every
day and that one or more indicator rules can mistake for a victim or a trafficker: migrant workers
on fixed pay who keep a home SIM and send money home, parents who follow their children's phones,
club treasurers collecting ticket money by MobilePay, directors paid by dividend, and so on.
They are background: never in truth_entities. Their membership is written to
truth/background_groups (one row per entity and group; every other background party as
'ordinary'), so the evaluation can report how each group is scored.

GROUPS holds each group's share and what it is a share of; SCENARIOS.md gives the source or the
stated assumption behind every number. `count` turns a share into a head count with a floor, so
the tiny scale (about 200 persons) still carries every group.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa


@dataclass(frozen=True)
class Group:
    share: float | None   # of the denominator below; None: follows from other draws (see SCENARIOS.md)
    of: str                # the denominator, in words (SCENARIOS.md and the generator tests use it)
    floor: int             # at least this many whenever the denominator allows


GROUPS: dict[str, Group] = {
    # persons
    "migrant_worker": Group(None, "employees (follows from the nationality mix)", 0),
    "migrant_fixed_monthly_pay": Group(0.6, "migrant workers", 2),
    "migrant_employer_housing": Group(None, "migrant workers (houses of 3-6 colleagues)", 2),
    "migrant_home_sim": Group(0.6, "migrant workers", 2),
    "migrant_monthly_remittance": Group(0.6, "migrant workers", 2),
    "migrant_noted_no_danish": Group(0.1, "migrant workers", 2),
    "parent_tracking_children": Group(0.01, "background adults", 2),
    "tracked_child": Group(None, "3-4 per tracking parent", 0),
    "club_treasurer": Group(0.015, "background adults", 2),
    "salaried_staff_variable_industry": Group(0.15, "employees of construction, hotel, restaurant and cleaning firms", 2),
    "dividend_director": Group(0.25, "companies", 2),
    "board_pensioner": Group(0.03, "pensioners", 2),
    "salary_to_own_external_account": Group(0.05, "employees", 2),
    "remitting_siblings": Group(0.03, "foreign nationals (sets of three)", 3),
    "elderly_accompanied_by_relative": Group(0.05, "persons aged 75 or more", 2),
    "relative_speaking_for_elderly": Group(None, "one per accompanied elderly person", 0),
    "socially_vulnerable_poor_appearance": Group(0.0012, "background adults", 2),
    "dane_with_foreign_sim": Group(0.01, "Danish nationals", 2),
    "family_visa_trip": Group(0.005, "background adults", 2),
    "market_trader": Group(0.003, "background adults", 2),
    "bank_switcher": Group(0.01, "background adults", 2),
    "road_trip_rentals": Group(0.005, "background adults", 2),
    "work_trip_rentals_paid_by_employer": Group(0.03, "employees of construction firms", 2),
    # companies
    "retail_chain": Group(0.15, "retail and restaurant companies", 2),
    "importer_declared_high_risk_country": Group(0.3, "wholesale and retail companies", 2),
    "company_kyc_countries_missing": Group(0.1, "companies", 2),
    "company_recruiting_in_community_groups": Group(0.25, "companies employing two or more migrant workers", 2),
    "company_job_post_high_wage": Group(0.3, "office companies (IT, accounting, consultancy)", 2),
    "company_job_post_whatsapp": Group(0.1, "restaurant and cleaning companies", 2),
    "employer_paying_work_trip_rentals": Group(None, "employers of work_trip_rentals_paid_by_employer", 0),
    # the company side of person groups (rules that flag the employer or the company flag these)
    "employer_of_migrant_workers": Group(None, "employers of migrant_worker", 0),
    "employer_providing_housing": Group(None, "employers of migrant_employer_housing", 0),
    "employer_of_salaried_staff": Group(None, "employers of salaried_staff_variable_industry", 0),
    "employer_of_salary_mover": Group(None, "employers of salary_to_own_external_account", 0),
    "company_paying_dividend": Group(None, "companies of dividend_director", 0),
    "company_with_pensioner_on_board": Group(None, "companies of board_pensioner", 0),
    # other entities
    "employer_housing_address": Group(None, "addresses of migrant_employer_housing", 0),
    "remitting_siblings_parent": Group(None, "one beneficiary per set of remitting siblings", 0),
}
ORDINARY = "ordinary"
# Parties the planted scenarios create around their positives (payers, relatives, customers, tourists) that
# truth_entities does not list: not background, but not in the truth either. Listed so that the file accounts
# for every party outside truth_entities; leave them out of background rates.
SCENARIO_SIDE = "scenario_side_party"
COLUMNS = ["entity_type", "entity_id", "benign_group", "is_danish", "nationality"]


def count(group: str, denominator: int) -> int:
    """Head count of a group: its share of the denominator, at least its floor, at most the denominator."""
    spec = GROUPS[group]
    return int(min(denominator, max(spec.floor, round((spec.share or 0.0) * denominator))))


def choose(rng: np.random.Generator, candidates: np.ndarray, group: str, denominator: int | None = None) -> np.ndarray:
    """Sorted positions drawn from candidates: count(group, denominator or len(candidates)) of them."""
    candidates = np.asarray(candidates)
    k = min(len(candidates), count(group, len(candidates) if denominator is None else denominator))
    return np.sort(rng.choice(candidates, size=k, replace=False)) if k else candidates[:0]


class Membership:
    """Collects (entity_type, entity_id, group) as the background is built."""

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []

    def add(self, group: str, entity_ids, entity_type: str = "party") -> None:
        if group not in GROUPS:
            raise ValueError(f"unknown benign group {group!r}; add it to benign_groups.GROUPS")
        ids = np.asarray(entity_ids, dtype=object)
        if len(ids):
            self._parts.append(pd.DataFrame({"entity_type": entity_type, "entity_id": ids, "benign_group": group}))

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            return pd.DataFrame(columns=["entity_type", "entity_id", "benign_group"])
        return pd.concat(self._parts, ignore_index=True).drop_duplicates()


def groups_table(membership: Membership, persons: pd.DataFrame, companies: pd.Series, side_parties: pd.DataFrame) -> pa.Table:
    """One row per background entity and benign group, every other background party as 'ordinary', and the
    planted scenarios' side parties as SCENARIO_SIDE.

    persons: party_id and nationality of every background person (children included);
    companies: the party_id of every background company; side_parties: party_id and nationality
    (null for companies) of the scenario parties truth_entities does not list. is_danish and
    nationality describe persons only (null for companies, addresses and beneficiaries).
    """
    rows = membership.frame()
    in_group = set(rows.loc[rows["entity_type"] == "party", "entity_id"])
    everyone = pd.concat([persons["party_id"], companies], ignore_index=True)
    ordinary = everyone[~everyone.isin(in_group)]
    rows = pd.concat([rows, pd.DataFrame({"entity_type": "party", "entity_id": ordinary.to_numpy(), "benign_group": ORDINARY}),
                      pd.DataFrame({"entity_type": "party", "entity_id": side_parties["party_id"].to_numpy(), "benign_group": SCENARIO_SIDE})],
                     ignore_index=True)
    persons = pd.concat([persons, side_parties[side_parties["nationality"].notna()]], ignore_index=True)
    nationality = pd.Series(persons["nationality"].to_numpy(), index=persons["party_id"].to_numpy())
    is_person = (rows["entity_type"] == "party") & rows["entity_id"].isin(nationality.index)
    nat = rows["entity_id"].map(nationality).where(is_person)
    rows = rows.assign(nationality=nat, is_danish=(nat == "DK").where(is_person))
    rows = rows.sort_values(["benign_group", "entity_type", "entity_id"], kind="stable").reset_index(drop=True)
    return pa.Table.from_pandas(rows[COLUMNS], preserve_index=False, schema=pa.schema([
        ("entity_type", pa.string()), ("entity_id", pa.string()), ("benign_group", pa.string()),
        ("is_danish", pa.bool_()), ("nationality", pa.string())]))
