"""A small hand-made warehouse with the marts' interface tables, for fast unit
tests of validation, evaluation and explain (no dbt run needed).

The story, kept small enough to score by hand:
- yousef-1 (composite criminal_exploitation_minor): victim PV1 (B01, B02, R01)
  and trafficker PT1 (B01, R01), both alert; linked by a shared phone. PV2 is
  a planted victim expecting F04 and R01 that only F04 found; it is in watch
  and linked to PT1 by money, so cluster C1 = {PV1, PT1, PV2} shows 4
  indicators.
- PS1: a single-indicator F04 positive, flagged, info.
- PL1: an F04 look-alike that F04 flags (a false positive), info.
- PL2: a B01 look-alike nobody flags.
- background parties PB1-PB4; PB1 and an unowned phone are flagged by R01.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]

CATALOGUE = [
    # indicator_id, indicator_name, category, identifies, description, default_weight
    ("B01", "third_party_speaks", "behavioural", "both", "A third party speaks for the person.", 1.0),
    ("B02", "poor_appearance", "behavioural", "victim", "Poor appearance.", 1.0),
    ("F04", "mobile_payment_fan_in", "financial", "both", "Many payers, similar amounts.", 1.0),
    ("R01", "location_surveillance", "recruitment_coercion_surveillance", "both", "Location tracking.", 1.0),
]
CATEGORY = {row[0]: row[2] for row in CATALOGUE}
NAME = {row[0]: row[1] for row in CATALOGUE}
IDENTIFIES = {row[0]: row[3] for row in CATALOGUE}

PARTIES = [
    ("PV1", "person", "Vera Victim"),
    ("PT1", "person", "Tom Trafficker"),
    ("PV2", "person", "Vic Second"),
    ("PS1", "company", "Single Signal ApS"),
    ("PL1", "company", "Sports Club"),
    ("PL2", "person", "Ivan Interpreter"),
    ("PB1", "person", "Bea Background"),
    ("PB2", "person", "Bo Background"),
    ("PB3", "person", "Bent Background"),
    ("PB4", "person", "Birte Background"),
]
PHONE = "+4511111111"

# entity_type, entity_id, indicator_id, role_side, strength, measure, threshold, evidence
FLAGS = [
    ("party", "PV1", "B01", "victim", 0.5, 1, 1, "A third party answered for the person at the bank on 2025-03-02 (threshold: 1)."),
    ("party", "PV1", "B02", "victim", 0.5, 1, 1, "Recorded malnourished at the job centre on 2025-03-05 (threshold: 1)."),
    ("party", "PV1", "R01", "victim", 0.6, 3, 3, "Phone location shared with PT1's account together with 2 others (threshold: 3)."),
    ("party", "PT1", "B01", "trafficker", 0.8, 3, 2, "Accompanied 3 different people who did not speak for themselves (threshold: 2)."),
    ("party", "PT1", "R01", "trafficker", 0.7, 4, 3, "Tracks the location of 4 phones (threshold: 3)."),
    ("party", "PS1", "F04", "both", 0.6, 12, 10, "Received MobilePay from 12 numbers in 30 days (threshold: 10)."),
    ("party", "PL1", "F04", "both", 0.55, 11, 10, "Received MobilePay from 11 numbers in 30 days (threshold: 10)."),
    ("party", "PV2", "F04", "victim", 0.5, 10, 10, "Received MobilePay from 10 numbers in 30 days (threshold: 10)."),
    ("party", "PB1", "R01", "victim", 0.5, 3, 3, "Phone location shared with 3 trackers (threshold: 3)."),
    ("phone", PHONE, "R01", "trafficker", 0.5, 3, 3, "Number tracks 3 phones (threshold: 3)."),
]

# entity_type, entity_id, display_name, indicator_count, indicator_ids, category_count, victim_signals,
# trafficker_signals, likely_role, risk_score, risk_tier, cluster_id, cluster_size, cluster_indicator_count,
# evidence_summary
RISK_ENTITIES = [
    ("party", "PV1", "Vera Victim", 3, "B01,B02,R01", 2, 3.0, 0.0, "victim", 72.0, "alert", "C1", 3, 4,
     "3 indicators: R01 location tracked; B01 third party spoke; B02 poor appearance."),
    ("party", "PT1", "Tom Trafficker", 2, "B01,R01", 2, 0.0, 2.0, "trafficker", 60.0, "alert", "C1", 3, 4,
     "2 indicators in 2 categories: B01 accompanies 3 people; R01 tracks 4 phones."),
    ("party", "PV2", "Vic Second", 1, "F04", 1, 1.0, 0.0, "victim", 35.0, "watch", "C1", 3, 4,
     "F04 MobilePay fan-in; linked by money to PT1 whose cluster shows 4 indicators."),
    ("party", "PS1", "Single Signal ApS", 1, "F04", 1, 0.5, 0.5, "both", 20.0, "info", "C2", 1, 1,
     "F04 MobilePay fan-in from 12 numbers."),
    ("party", "PL1", "Sports Club", 1, "F04", 1, 0.5, 0.5, "both", 18.0, "info", "C3", 1, 1,
     "F04 MobilePay fan-in from 11 numbers."),
    ("party", "PB1", "Bea Background", 1, "R01", 1, 1.0, 0.0, "victim", 15.0, "info", "C4", 2, 1,
     "R01 location shared with 3 trackers."),
    ("phone", PHONE, None, 1, "R01", 1, 0.0, 1.0, "trafficker", 15.0, "info", "C4", 2, 1,
     "R01 number tracks 3 phones."),
]

ENTITY_LINKS = [
    ("party", "PV1", "party", "PT1", "shared_phone", "Both use +4522222222 (party_contacts).", "C1"),
    ("party", "PT1", "party", "PV2", "money_flow", "PV2 paid PT1 DKK 24,000 in 6 transfers.", "C1"),
    ("party", "PB1", "phone", PHONE, "tracked_by", "PB1's phone shares its location with " + PHONE + ".", "C4"),
]

TRUTH = [
    ("party", "PV1", "yousef-1", "criminal_exploitation_minor", "victim", "B01,B02,R01"),
    ("party", "PT1", "yousef-1", "criminal_exploitation_minor", "trafficker", "B01,R01"),
    ("party", "PV2", "R01-pos-1", "R01_location_surveillance", "victim", "F04,R01"),
    ("party", "PS1", "F04-pos-1", "F04_mobile_payment_fan_in", "trafficker", "F04"),
    ("party", "PL1", "F04-look-1", "lookalike_F04_sports_club", "benign_lookalike", ""),
    ("party", "PL2", "B01-look-1", "lookalike_B01_interpreter_once", "benign_lookalike", ""),
]
TRUTH_COLUMNS = ["entity_type", "entity_id", "scenario_id", "scenario", "role", "expected_indicators"]


def truth_frame() -> pd.DataFrame:
    return pd.DataFrame(TRUTH, columns=TRUTH_COLUMNS)


def write_truth(truth_dir: Path, fmt: str = "parquet") -> Path:
    truth_dir.mkdir(parents=True, exist_ok=True)
    path = truth_dir / f"truth_entities.{fmt}"
    frame = truth_frame()
    if fmt == "parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)
    return path


def _contract_tables() -> dict[str, list[str]]:
    contract = yaml.safe_load((PROJECT_DIR / "contract" / "landing.yml").read_text())
    return {
        name: (table["key"] if isinstance(table["key"], list) else [table["key"]])
        for name, table in contract["tables"].items()
    }


def build_fixture_warehouse(db_path: Path) -> Path:
    """Write the fixture warehouse to db_path and close it."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db_path)) as connection:
        for schema in ("reference", "staging", "audit", "marts"):
            connection.execute(f"create schema {schema}")
        connection.execute(
            "create table reference.indicator_catalogue (indicator_id varchar, indicator_name varchar, "
            "category varchar, identifies varchar, description varchar, default_weight double)"
        )
        connection.executemany("insert into reference.indicator_catalogue values (?, ?, ?, ?, ?, ?)", CATALOGUE)

        reconciliation = []
        for table_name, keys in _contract_tables().items():
            if table_name == "parties":
                connection.execute(
                    "create table staging.stg_parties (party_id varchar, party_type varchar, full_name varchar)"
                )
                connection.executemany("insert into staging.stg_parties values (?, ?, ?)", PARTIES)
                reconciliation.append((table_name, len(PARTIES) + 1, len(PARTIES), 1, 0))
            else:
                columns = ", ".join(f"{key} varchar" for key in keys)
                connection.execute(f"create table staging.stg_{table_name} ({columns})")
                values = ", ".join(f"'{table_name}-{key}-1'" for key in keys)
                connection.execute(f"insert into staging.stg_{table_name} values ({values})")
                reconciliation.append((table_name, 1, 1, 0, 0))
        connection.execute(
            "create table audit.landing_reconciliation (table_name varchar, rows_landed bigint, rows_staged bigint, "
            "rows_rejected bigint, exact_duplicates_collapsed bigint)"
        )
        connection.executemany("insert into audit.landing_reconciliation values (?, ?, ?, ?, ?)", reconciliation)

        connection.execute(
            """
            create table marts.fct_red_flags (
                flag_id varchar, entity_type varchar, entity_id varchar, indicator_id varchar,
                indicator_name varchar, category varchar, identifies varchar, default_weight double,
                role_side varchar, strength double, window_start date, window_end date, measure double,
                threshold double, evidence varchar)
            """
        )
        connection.executemany(
            "insert into marts.fct_red_flags values (?, ?, ?, ?, ?, ?, ?, 1.0, ?, ?, date '2025-03-01', "
            "date '2025-03-30', ?, ?, ?)",
            [
                (f"flag-{number}", entity_type, entity_id, indicator_id, NAME[indicator_id], CATEGORY[indicator_id],
                 IDENTIFIES[indicator_id], role_side, strength, measure, threshold, evidence)
                for number, (entity_type, entity_id, indicator_id, role_side, strength, measure, threshold, evidence)
                in enumerate(FLAGS)
            ],
        )
        connection.execute(
            """
            create table marts.risk_entities (
                entity_type varchar, entity_id varchar, display_name varchar, indicator_count integer,
                indicator_ids varchar, category_count integer, victim_signals double, trafficker_signals double,
                likely_role varchar, risk_score double, risk_tier varchar, cluster_id varchar, cluster_size integer,
                cluster_indicator_count integer, evidence_summary varchar, first_flagged_at date,
                last_flagged_at date, as_of_date date)
            """
        )
        connection.executemany(
            "insert into marts.risk_entities values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "date '2025-03-01', date '2025-03-30', date '2025-12-31')",
            RISK_ENTITIES,
        )
        connection.execute(
            """
            create table marts.entity_links (
                entity_type_a varchar, entity_id_a varchar, entity_type_b varchar, entity_id_b varchar,
                link_type varchar, link_evidence varchar, cluster_id varchar)
            """
        )
        connection.executemany("insert into marts.entity_links values (?, ?, ?, ?, ?, ?, ?)", ENTITY_LINKS)
        connection.execute(
            """
            create table marts.dim_indicators as
            select
                catalogue.indicator_id,
                catalogue.indicator_name,
                catalogue.category,
                catalogue.identifies,
                catalogue.description,
                catalogue.default_weight,
                'min_observations=1' as thresholds_in_force,
                false as thresholds_overridden,
                (select count(distinct entity_type || entity_id) from marts.fct_red_flags as flags
                  where flags.indicator_id = catalogue.indicator_id) as entities_flagged,
                'catalogue' as threshold_source
            from reference.indicator_catalogue as catalogue
            """
        )
        # Every indicator had its data; F04 is core (it needs only a bank's data).
        connection.execute(
            """
            create table marts.indicator_coverage as
            select
                catalogue.indicator_id,
                catalogue.indicator_name,
                catalogue.category,
                catalogue.indicator_id = 'F04' as is_core,
                'ready' as coverage_status,
                'Every need has values.' as coverage_reason,
                'transactions' as needed_tables,
                'required x: transactions.txn_id: 1 of 1 rows filled (100%)' as needed_inputs,
                1 as required_needs,
                1 as required_needs_met,
                0 as enriching_needs,
                0 as enriching_needs_met,
                (select count(*) from marts.fct_red_flags as flags
                  where flags.indicator_id = catalogue.indicator_id) as flag_count,
                (select count(distinct entity_type || entity_id) from marts.fct_red_flags as flags
                  where flags.indicator_id = catalogue.indicator_id) as entities_flagged
            from reference.indicator_catalogue as catalogue
            """
        )
    return db_path


def execute(db_path: Path, *statements: str) -> None:
    """Break the fixture (or a copy of a real warehouse) on purpose."""
    with duckdb.connect(str(db_path)) as connection:
        for statement in statements:
            connection.execute(statement)
