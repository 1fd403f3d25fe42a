"""`redflags explain` and the alert list: what an analyst reads about one entity.

Unit tests use the hand-made fixture warehouse (python_tests/mart_fixture.py);
the end-to-end test explains a composite-scenario trafficker of the tiny build.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import query
from mart_fixture import ENTITY_LINKS, FLAGS, PHONE, PROJECT_DIR, build_fixture_warehouse, write_lock_held
from redflags import cli
from redflags.evaluation import load_truth
from redflags.explain import explain, format_alert_list
from redflags.publish import publish_marts

MARTS_READY = (PROJECT_DIR / "models" / "marts" / "risk_entities.sql").exists()


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("explain") / "warehouse.duckdb")


def _flattened(text: str) -> str:
    """The text with wrapped lines joined, to search for whole sentences."""
    return " ".join(text.split())


def test_explain_prints_tier_score_role_flags_and_network(fixture_db: Path) -> None:
    explanation = explain(fixture_db, "PV1")
    assert explanation.found and explanation.exit_code == 0
    text = _flattened(explanation.text)
    assert "party PV1 - Vera Victim" in text
    assert "tier ALERT, risk score 72.0 / 100, likely role: victim" in text
    assert "3 distinct indicator(s) in 2 categories: B01,B02,R01" in text
    for entity_type, entity_id, indicator_id, role_side, strength, measure, threshold, evidence in FLAGS:
        if entity_id == "PV1":
            assert evidence in text, indicator_id
    # strongest flag first
    assert text.index("R01 location_surveillance") < text.index("B01 third_party_speaks")
    # cluster C1: its members, flagged or not, and the links between them with their evidence
    assert "cluster C1, 3 member(s), 4 distinct indicator(s)" in text
    assert "party PT1 (Tom Trafficker): alert 60.0, trafficker, B01,R01" in text
    assert "party PV2 (Vic Second): watch 35.0, victim, F04" in text
    for link in ENTITY_LINKS:
        if link[-1] == "C1":
            assert f"{link[0]} {link[1]} -- {link[2]} {link[3]}: {link[4]}" in text
            assert link[5] in text


def test_explain_a_phone_and_its_unflagged_network(fixture_db: Path) -> None:
    explanation = explain(fixture_db, PHONE, entity_type="phone")
    text = _flattened(explanation.text)
    assert explanation.found
    assert f"phone {PHONE}" in text and "tier INFO" in text and "likely role: trafficker" in text
    assert "party PB1 (Bea Background): info 15.0, victim, R01" in text
    assert "tracked_by" in text


def test_explain_an_entity_alone_in_its_cluster(fixture_db: Path) -> None:
    text = _flattened(explain(fixture_db, "PS1").text)
    assert "tier INFO" in text
    assert "holds this entity only" in text


def test_unknown_entity_is_a_clear_error(fixture_db: Path) -> None:
    explanation = explain(fixture_db, "NOBODY")
    assert not explanation.found and explanation.exit_code == 1
    assert explanation.text.startswith("Unknown entity 'NOBODY': it is not in marts.risk_entities (7 flagged entities)")
    assert "Did you mean" not in explanation.text


def test_unknown_entity_suggests_close_ids(fixture_db: Path) -> None:
    explanation = explain(fixture_db, "pv")
    assert not explanation.found
    assert "Did you mean: party PV1 (alert), party PV2 (watch)" in explanation.text


def test_entity_type_filter(fixture_db: Path) -> None:
    explanation = explain(fixture_db, "PV1", entity_type="phone")
    assert not explanation.found
    assert "Unknown entity phone 'PV1'" in explanation.text


def test_known_party_without_flags(fixture_db: Path) -> None:
    explanation = explain(fixture_db, "PB2")
    assert explanation.found
    assert "party PB2 (Bo Background) has no red flags" in explanation.text


def test_alert_list_shows_alerts_by_score(fixture_db: Path) -> None:
    text = format_alert_list(fixture_db, limit=10)
    assert text.startswith("marts.risk_entities: 2 alert, 1 watch, 4 info. Top 2 alerts by score:")
    assert text.index("party PV1") < text.index("party PT1")
    for not_alerted in ("PV2", "PS1", "PL1", "PB1"):
        assert not_alerted not in text
    assert "3 indicators: R01 location tracked" in text


def test_alert_list_respects_the_limit(fixture_db: Path) -> None:
    text = format_alert_list(fixture_db, limit=1)
    assert "Top 1 alerts" in text and "PV1" in text and "PT1" not in text


def test_explain_command_exit_codes(fixture_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["explain", "PT1", "--db", str(fixture_db)]) == 0
    assert "likely role: trafficker" in capsys.readouterr().out
    assert cli.main(["explain", "NOBODY", "--db", str(fixture_db)]) == 1
    assert "Unknown entity" in capsys.readouterr().err
    assert cli.main(["explain", "PT1", "--db", str(fixture_db.parent / "missing.duckdb")]) == 2


# ----------------------------------------------------------------------------- end to end


@pytest.mark.skipif(not MARTS_READY, reason="models/marts/risk_entities.sql does not exist yet")
def test_explain_a_composite_trafficker_of_the_tiny_build(warehouse, tiny_build) -> None:
    truth = load_truth(tiny_build.truth_dir)
    scenario = truth[(truth.scenario == "criminal_exploitation_minor") & (truth.entity_type == "party")]
    trafficker = scenario[scenario.role == "trafficker"].iloc[0]
    text = _flattened(explain(tiny_build.db_path, trafficker.entity_id).text)
    assert "tier ALERT" in text
    flags = query(
        warehouse,
        f"select indicator_id, evidence from marts.fct_red_flags where entity_id = '{trafficker.entity_id}'",
    )
    assert len(flags) >= 2
    for flag in flags.itertuples():
        assert _flattened(flag.evidence) in text, flag.indicator_id
    victims = scenario[(scenario.scenario_id == trafficker.scenario_id) & (scenario.role == "victim")]
    assert any(f"party {victim}" in text for victim in victims.entity_id), "no victim of the scenario in the cluster"


def test_explain_command_on_a_warehouse_without_marts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import duckdb

    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    assert cli.main(["explain", "PV1", "--db", str(empty)]) == 2
    assert "cannot read the risk mart" in capsys.readouterr().err


def test_explain_reads_the_published_copy_while_a_build_holds_the_working_database(
    fixture_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    published = publish_marts(fixture_db, tmp_path / "published").database
    with write_lock_held(fixture_db):
        assert cli.main(["explain", "PT1", "--publish", str(published.parent)]) == 0
        text = _flattened(capsys.readouterr().out)
        assert "tier ALERT, risk score 60.0 / 100, likely role: trafficker" in text
        assert "party PV2 (Vic Second): watch 35.0, victim, F04" in text
        # The working database is locked by the "build": reading it fails, plainly.
        assert cli.main(["explain", "PT1", "--working", "--db", str(fixture_db)]) == 2
        assert f"cannot read the risk mart in {fixture_db}" in capsys.readouterr().err
    assert cli.main(["explain", "PT1", "--working", "--db", str(fixture_db)]) == 0
    capsys.readouterr()


def test_explain_on_the_published_copy_points_to_the_working_database_for_unflagged_parties(
    fixture_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    published = publish_marts(fixture_db, tmp_path / "published").database
    # PB2 is a staged party without flags: only the working database knows it.
    assert cli.main(["explain", "PB2", "--publish", str(published.parent)]) == 1
    assert ("Unknown entity 'PB2': it is not in marts.risk_entities (7 flagged entities); the published mart holds "
            "flagged entities only (whether it is a known party without flags: redflags explain PB2 --working)."
            in capsys.readouterr().err)
    assert cli.main(["explain", "PB2", "--db", str(fixture_db)]) == 0
    assert "party PB2 (Bo Background) has no red flags" in capsys.readouterr().out

