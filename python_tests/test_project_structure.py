"""The project's structure rules, checked over dbt's manifest (dbt-project-evaluator
cannot be installed here): prefixes per layer, every model and column
documented, sources only in staging, indicators tagged and tested, no
personal attribute in indicator or scoring SQL."""
from __future__ import annotations

import re

from redflags.paths import PROJECT_DIR

PREFIX_BY_FOLDER = {
    "staging": ("stg_", "base_"),
    "intermediate": ("int_",),
    "indicators": ("ind_",),
    "marts": ("fct_", "dim_", "risk_", "entity_", "indicator_"),
    "audit": ("rejects_", "landing_"),
}


def _models(manifest: dict) -> list[dict]:
    return [node for node in manifest["nodes"].values() if node["resource_type"] == "model" and node["package_name"] == "redflags"]


def test_model_names_carry_their_layer_prefix(manifest: dict) -> None:
    wrong = []
    for model in _models(manifest):
        layer = model["original_file_path"].split("/")[1]
        if not model["name"].startswith(PREFIX_BY_FOLDER[layer]):
            wrong.append(model["original_file_path"])
    assert not wrong


def test_every_model_and_column_is_documented(manifest: dict) -> None:
    undocumented = []
    for model in _models(manifest):
        if not model["description"].strip():
            undocumented.append(model["name"])
        sql_columns = model["columns"]
        if not sql_columns:
            undocumented.append(f"{model['name']}: no columns documented")
        for name, column in sql_columns.items():
            if not column["description"].strip():
                undocumented.append(f"{model['name']}.{name}")
    assert not undocumented, undocumented


def test_sources_are_referenced_only_in_staging_and_audit(manifest: dict) -> None:
    offenders = [
        model["name"]
        for model in _models(manifest)
        if model["sources"] and not model["original_file_path"].startswith(("models/staging/", "models/audit/"))
    ]
    assert not offenders


def test_every_indicator_is_tagged_and_has_output_and_unit_tests(manifest: dict) -> None:
    indicators = [model for model in _models(manifest) if model["name"].startswith("ind_")]
    tests_by_model: dict[str, set[str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test":
            for parent in node["depends_on"]["nodes"]:
                tests_by_model.setdefault(parent.split(".")[-1], set()).add(node.get("test_metadata", {}).get("name", "singular"))
    unit_tests_by_model: dict[str, int] = {}
    for unit_test in manifest.get("unit_tests", {}).values():
        unit_tests_by_model[unit_test["model"]] = unit_tests_by_model.get(unit_test["model"], 0) + 1
    problems = []
    for model in indicators:
        if "indicator" not in model["tags"]:
            problems.append(f"{model['name']}: not tagged indicator")
        if "indicator_output" not in tests_by_model.get(model["name"], set()):
            problems.append(f"{model['name']}: no indicator_output test")
        if unit_tests_by_model.get(model["name"], 0) < 3:
            problems.append(f"{model['name']}: fewer than 3 unit tests (firing, look-alike, threshold edge)")
    assert not problems, problems


def _sql_code(text: str) -> str:
    """The SQL without Jinja comments, SQL comments and string literals."""
    text = re.sub(r"\{#.*?#\}", " ", text, flags=re.DOTALL)
    text = re.sub(r"--[^\n]*", " ", text)
    return re.sub(r"'(?:[^']|'')*'", "''", text)


def test_no_personal_attribute_in_indicator_sql() -> None:
    # F01 may use the sex of a business's payers (the leaflet's beauty-clinic example).
    column_reference = re.compile(r"(?<![\w-])(nationality|sex)(?![\w-])", re.IGNORECASE)
    offenders = []
    for path in (PROJECT_DIR / "models" / "indicators").rglob("*.sql"):
        if path.name.startswith("ind_f01_"):
            continue
        if column_reference.search(_sql_code(path.read_text())):
            offenders.append(path.name)
    assert not offenders


def test_every_mart_has_an_enforced_contract_with_typed_columns(manifest: dict) -> None:
    """BI tools read the marts: a column cannot change type or vanish without the contract (and the
    README's mart schema changelog) changing with it."""
    problems = []
    for model in _models(manifest):
        if not model["original_file_path"].startswith("models/marts/"):
            continue
        if not model["config"].get("contract", {}).get("enforced"):
            problems.append(f"{model['name']}: contract not enforced")
        problems += [f"{model['name']}.{name}: no data_type" for name, column in model["columns"].items()
                     if not column.get("data_type")]
    assert not problems, problems

