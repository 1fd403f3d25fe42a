"""`redflags docs`: dbt's documentation site as one self-contained HTML file."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from redflags.cli import main as redflags
from redflags.paths import WarehousePaths


def test_docs_writes_one_static_page_with_every_model_and_column(
    tiny_build: WarehousePaths, manifest: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # dbt docs opens the warehouse for writing (the run-start hook); the session holds the
    # tiny one open, so the docs are generated from a copy.
    copy = tmp_path / "work" / "redflags.duckdb"
    copy.parent.mkdir()
    shutil.copy2(tiny_build.db_path, copy)
    assert redflags(["docs", "--landing", str(tiny_build.landing_dir), "--db", str(copy)]) == 0
    index = tmp_path / "work" / "dbt_docs" / "index.html"
    assert f"dbt documentation (models, columns, tests, lineage from landing to the marts and their exposures): {index}" \
        in capsys.readouterr().out
    assert [path.name for path in index.parent.iterdir()] == ["index.html"]  # the scratch target is gone
    page = index.read_text()
    # The manifest and the warehouse's catalog are inside the page: it opens without a server.
    models = [node for node in manifest["nodes"].values()
              if node["resource_type"] in ("model", "analysis") and node["package_name"] == "redflags"]
    missing = [node["unique_id"] for node in models if node["unique_id"] not in page]
    assert not missing, missing
    coverage = manifest["nodes"]["model.redflags.indicator_coverage"]
    assert coverage["description"].split(".")[0] in page
    for name, column in coverage["columns"].items():
        assert column["description"].split(".")[0].split("(")[0].strip()[:40] in page, name
    # The catalog part: every mart as the warehouse holds it, with its column types.
    assert page.count('"metadata": {"type": "BASE TABLE"') >= 50
    assert '"type": "VARCHAR"' in page


def test_docs_fails_clearly_without_a_landing_zone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = redflags(["docs", "--landing", str(tmp_path / "nowhere"), "--db", str(tmp_path / "work" / "redflags.duckdb"),
                       "--out", str(tmp_path / "docs")])
    assert status == 1
    assert "no documentation written: dbt docs generate failed" in capsys.readouterr().err
    assert not (tmp_path / "docs" / "index.html").exists()
