"""Every indicator against the generator's ground truth, on the tiny build:
it flags every planted (entity, indicator) pair and none of its look-alikes.
One test per indicator, so a regression names the indicator."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import query

CATALOGUE = yaml.safe_load((Path(__file__).resolve().parents[1] / "contract" / "indicators.yml").read_text())["indicators"]
MODELS = yaml.safe_load((Path(__file__).resolve().parents[1] / "dbt_project.yml").read_text())["vars"]["indicators"]


def _flagged(warehouse, indicator_id: str) -> set[tuple[str, str]]:
    model = MODELS[indicator_id]["model"]
    frame = query(warehouse, f"select distinct entity_type, entity_id from indicators.{model}")
    return set(zip(frame.entity_type, frame.entity_id))


@pytest.mark.parametrize("indicator_id", sorted(CATALOGUE))
def test_indicator_finds_every_planted_positive(warehouse, truth, indicator_id: str) -> None:
    planted = truth[truth.expected_indicators.str.split(",").apply(lambda ids: indicator_id in ids)]
    assert len(planted) >= 2, f"{indicator_id}: the generator planted fewer than two positives"
    flagged = _flagged(warehouse, indicator_id)
    missed = [
        f"{row.entity_type} {row.entity_id} ({row.scenario_id})"
        for row in planted.itertuples()
        if (row.entity_type, row.entity_id) not in flagged
    ]
    assert not missed, f"{indicator_id} missed {len(missed)} of {len(planted)} planted positives: {missed}"


@pytest.mark.parametrize("indicator_id", sorted(CATALOGUE))
def test_indicator_ignores_its_lookalikes(warehouse, truth, indicator_id: str) -> None:
    lookalikes = truth[(truth.role == "benign_lookalike") & truth.scenario.str.startswith(f"lookalike_{indicator_id}")]
    assert len(lookalikes) >= 2, f"{indicator_id}: the generator planted fewer than two look-alikes"
    flagged = _flagged(warehouse, indicator_id)
    fired = [
        f"{row.entity_type} {row.entity_id} ({row.scenario})"
        for row in lookalikes.itertuples()
        if (row.entity_type, row.entity_id) in flagged
    ]
    assert not fired, f"{indicator_id} fired on look-alikes: {fired}"
