"""Nationality and a person's sex are never inputs of the risk scoring or the
network (the leaflet; DESIGN.md "Scoring principle"), and the scoring
parameters are validated like thresholds.

The compiled SQL (Jinja rendered, comments gone) of risk_entities,
entity_links and every model they depend on under models/intermediate/scoring/
and models/intermediate/network/ must not name either column; the dbt
singular test tests/marts/scoring_models_never_read_personal_attributes.sql
checks the raw SQL on every build as well."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from redflags.dbt_runner import run_dbt
from redflags.paths import WarehousePaths

FORBIDDEN = re.compile(r"(?<![a-z0-9_])(nationality|sex)(?![a-z0-9_])", re.IGNORECASE)
SCORING_FOLDERS = ("models/intermediate/scoring/", "models/intermediate/network/")
MARTS = ("risk_entities", "entity_links")


def _paths(root: Path) -> WarehousePaths:
    (root / "landing").mkdir(exist_ok=True)
    return WarehousePaths(landing_dir=root / "landing", db_path=root / "redflags.duckdb", truth_dir=root / "truth")


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("scoring_compile")
    target = root / "target"
    selection = ["risk_entities", "entity_links", "path:models/intermediate/scoring", "path:models/intermediate/network"]
    assert run_dbt(["compile", "--target-path", str(target), "--select", *selection], _paths(root))
    return target, json.loads((target / "manifest.json").read_text())


def _scoring_models(manifest: dict) -> dict[str, dict]:
    """risk_entities, entity_links and their ancestors under the scoring and network folders."""
    nodes = manifest["nodes"]
    found: dict[str, dict] = {}
    pending = [node_id for node_id, node in nodes.items() if node["resource_type"] == "model" and node["name"] in MARTS]
    while pending:
        node_id = pending.pop()
        node = nodes[node_id]
        if node_id in found:
            continue
        found[node_id] = node
        for parent_id in node["depends_on"]["nodes"]:
            parent = nodes.get(parent_id)
            if parent and parent["resource_type"] == "model" and parent["original_file_path"].startswith(SCORING_FOLDERS):
                pending.append(parent_id)
    return found


def test_scoring_and_network_sql_never_names_nationality_or_sex(compiled: tuple[Path, dict]) -> None:
    target, manifest = compiled
    models = _scoring_models(manifest)
    names = {node["name"] for node in models.values()}
    # The check must cover the whole scoring lineage, not pass on an empty set.
    assert {"risk_entities", "entity_links", "int_entity_clusters_labelled", "int_entity_links_selected", "int_entity_links_collected"} <= names
    offenders = []
    for node in models.values():
        compiled_file = target / "compiled" / "redflags" / node["original_file_path"]
        sql = compiled_file.read_text()
        assert sql.strip(), f"{node['name']}: compiled SQL is empty"
        for match in FORBIDDEN.finditer(sql):
            offenders.append(f"{node['name']}: {match.group(0)}")
    assert not offenders, offenders


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ("{threshold_overrides: {RISK: {alert_min_indicatorz: 4}}}", "a misspelt RISK parameter"),
        ("{threshold_overrides: {RISK: {alert_min_indicators: 1}}}", "cut-offs that would let one flag alone alert"),
    ],
)
def test_invalid_scoring_parameters_stop_the_compile(tmp_path: Path, overrides: str, message: str) -> None:
    paths = _paths(tmp_path)
    compiled_ok = run_dbt(["compile", "--target-path", str(tmp_path / "target"), "--select", "risk_entities", "--vars", overrides], paths)
    assert not compiled_ok, f"{message} compiled without error"
