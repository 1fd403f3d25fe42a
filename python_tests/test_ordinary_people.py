"""Ordinary people written by hand (python_tests/ordinary_people.py), not by the
generator, added to the tiny landing zone: the issue's false alerts and one
benign case per rule fixed for it. None may reach watch or alert, while the
planted cases of the same build still alert."""
from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

import ordinary_people
from redflags.cli import main as redflags
from redflags.paths import WarehousePaths


@pytest.fixture(scope="module")
def probed(tiny_paths: WarehousePaths, tiny_generated: dict[str, int], tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("ordinary")
    landing = root / "landing"
    shutil.copytree(tiny_paths.landing_dir, landing)
    ordinary_people.main(landing)
    paths = WarehousePaths(landing_dir=landing, db_path=root / "redflags.duckdb", truth_dir=tiny_paths.truth_dir,
                           publish_dir=root / "published")
    assert redflags(["build", "--landing", str(landing), "--db", str(paths.db_path),
                     "--publish", str(paths.published_dir)]) == 0
    with duckdb.connect(str(paths.db_path), read_only=True) as connection:
        mart = connection.execute(
            "select entity_type, entity_id, risk_tier, indicator_ids, counted_indicator_count, tier_reason "
            "from marts.risk_entities").df()
        links = connection.execute("select entity_id_a, entity_id_b, link_type from marts.entity_links").df()
    return mart, links, dict(ordinary_people.probes)


def test_no_ordinary_person_or_company_reaches_watch_or_alert(probed) -> None:
    mart, _, probes = probed
    tiered = mart[mart.entity_id.isin(probes) & mart.risk_tier.isin(["watch", "alert"])]
    assert tiered.empty, [f"{row.entity_id} ({probes[row.entity_id]}): {row.risk_tier} {row.indicator_ids}"
                          for row in tiered.itertuples()]


def test_a_home_sim_is_no_red_flag_and_one_observation_is_no_alert(probed) -> None:
    mart, _, probes = probed
    pole = next(party for party, what in probes.items() if what.startswith("R07 + B03"))
    row = mart.set_index("entity_id").loc[pole]
    assert row.indicator_ids == "B03" and row.risk_tier == "info", row.to_dict()


def test_escort_and_dating_ad_on_one_phone_counts_once(probed) -> None:
    mart, _, probes = probed
    person = next(party for party, what in probes.items() if what.startswith("F03 + R02"))
    row = mart.set_index("entity_id").loc[person]
    assert (row.indicator_ids, row.counted_indicator_count, row.risk_tier) == ("F03,R02", 1, "info")


def test_a_friends_small_payments_tie_nobody(probed) -> None:
    _, links, probes = probed
    friend = next(party for party, what in probes.items() if what.startswith("friend"))
    assert links[(links.entity_id_a == friend) | (links.entity_id_b == friend)].empty


def test_the_planted_cases_of_the_same_build_still_alert(probed, truth: pd.DataFrame) -> None:
    mart, _, _ = probed
    composite = truth[truth.scenario.isin(["criminal_exploitation_minor", "sexual_exploitation_telegram",
                                           "labour_exploitation_pay_limit"]) & truth.role.isin(["victim", "trafficker"])]
    tiers = composite.merge(mart, on=["entity_type", "entity_id"], how="left")
    assert len(tiers) > 20 and (tiers.risk_tier == "alert").all(), tiers[tiers.risk_tier != "alert"].to_dict("records")
