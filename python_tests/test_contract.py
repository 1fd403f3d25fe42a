"""The project's source definitions transcribe contract/landing.yml exactly."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _contract() -> dict:
    return yaml.safe_load((ROOT / "contract" / "landing.yml").read_text())["tables"]


def _sources() -> dict:
    document = yaml.safe_load((ROOT / "models" / "staging" / "landing" / "_landing__sources.yml").read_text())
    (landing,) = [source for source in document["sources"] if source["name"] == "landing"]
    return {table["name"]: table for table in landing["tables"]}


def test_sources_declare_exactly_the_contract_tables() -> None:
    assert sorted(_sources()) == sorted(_contract())


def test_sources_declare_exactly_the_contract_columns_types_and_rules() -> None:
    sources = _sources()
    for table_name, spec in _contract().items():
        declared = {column["name"]: column for column in sources[table_name]["columns"]}
        assert list(declared) == list(spec["columns"]), f"{table_name}: columns differ from the contract"
        for column_name, column_spec in spec["columns"].items():
            meta = declared[column_name]["meta"]
            where = f"{table_name}.{column_name}"
            assert meta["contract_type"] == column_spec["type"], where
            assert meta["required"] == bool(column_spec.get("required", False)), where
            assert meta.get("allowed_values") == column_spec.get("values"), where
            assert declared[column_name]["description"].strip(), f"{where} is undocumented"
        key = spec["key"] if isinstance(spec["key"], list) else [spec["key"]]
        assert sources[table_name]["meta"]["key"] == key, f"{table_name}: key differs"


def test_landing_table_names_macro_lists_every_contract_table() -> None:
    macro = (ROOT / "macros" / "landing" / "landing_table_names.sql").read_text()
    assert sorted(re.findall(r"'([a-z_]+)'", macro)) == sorted(_contract())


def test_every_landing_table_has_base_staging_and_rejects_models() -> None:
    for table_name in _contract():
        assert (ROOT / "models" / "staging" / "landing" / "base" / f"base_{table_name}.sql").is_file()
        assert (ROOT / "models" / "staging" / "landing" / f"stg_{table_name}.sql").is_file()
        assert (ROOT / "models" / "audit" / f"rejects_{table_name}.sql").is_file()
