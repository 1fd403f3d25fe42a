"""Great Expectations validation of the staged inputs and the risk mart.

`redflags build` runs this after a successful `dbt build`; `redflags validate`
runs it alone. It fails (report.success is False) when any expectation fails,
and the report names each failed expectation, its arguments and examples of
the rows that broke it. GX Data Docs HTML of the run is written beside the
database (`<db folder>/gx_docs/<db name>/index.html`).

Why GX's pandas path and not its SQL path: GX's SQL datasource needs SQLAlchemy
and duckdb-engine (not among the pinned dependencies) and, over duckdb-engine,
returns empty results with the pinned versions (GX #10738, #11579), so an
expectation would pass on data it never saw. Instead this module opens the
DuckDB file read-only, reads each mart (and one-row-per-table summaries of the
staged inputs, computed in SQL, so 10 million transactions never reach pandas)
into a pandas frame, closes the connection, and validates the frames through an
ephemeral GX context with a pandas datasource. The suite is defined here in
code: the definition is versioned with the models it checks and there is no GX
project state to drift. Data Docs load their styles from CDNs, so viewed
offline they are unstyled but complete.

Only what the contracts guarantee is expected (keys, allowed values, ranges,
the scoring principle "one flag alone never makes an alert", reconciliation of
the mart with fct_red_flags); the scoring rules themselves live in SQL.

Expectations of severity "warning" report what a build should know but may
legitimately have (a core indicator without data: marts.indicator_coverage);
they are printed as warnings and never fail the validation.
"""
from __future__ import annotations

import os
import shutil
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import yaml

from redflags.paths import PROJECT_DIR

# GX sends usage analytics unless told not to; the warehouse may run offline,
# and no partner data should leave it. Set before GX is first imported.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

ENTITY_TYPES = ["party", "phone", "email", "address", "beneficiary", "handle"]
ROLE_SIDES = ["victim", "trafficker", "both"]
LIKELY_ROLES = ["victim", "trafficker", "both", "undetermined"]
RISK_TIERS = ["alert", "watch", "info"]
# Ordered, comma-separated catalogue ids, e.g. "B01,F04,R07".
INDICATOR_IDS_PATTERN = r"^[A-Z][0-9]{2}(,[A-Z][0-9]{2})*$"
NOT_BLANK_PATTERN = r"\S"

FCT_RED_FLAGS_COLUMNS = [
    "flag_id", "entity_type", "entity_id", "indicator_id", "indicator_name", "category", "identifies",
    "default_weight", "role_side", "strength", "window_start", "window_end", "measure", "threshold", "evidence",
]
RISK_ENTITIES_COLUMNS = [
    "entity_type", "entity_id", "display_name", "indicator_count", "counted_indicator_count", "indicator_ids",
    "category_count", "victim_signals", "trafficker_signals", "likely_role", "indicator_weights", "evidence_weight",
    "source_count",
    "evidence_sources", "control_signals", "risk_score", "risk_tier", "tier_on_own_flags", "tier_reason",
    "cluster_id", "cluster_size", "cluster_indicator_count", "evidence_summary", "first_flagged_at",
    "last_flagged_at", "as_of_date",
]
ENTITY_LINKS_COLUMNS = [
    "entity_type_a", "entity_id_a", "entity_type_b", "entity_id_b", "link_type", "link_evidence", "cluster_id",
]
INDICATOR_COVERAGE_COLUMNS = [
    "indicator_id", "indicator_name", "category", "is_core", "coverage_status", "coverage_reason",
    "needed_tables", "needed_inputs", "required_needs", "required_needs_met", "enriching_needs",
    "enriching_needs_met", "flag_count", "entities_flagged",
]
COVERAGE_STATUSES = ["ready", "partial", "no_data"]
LANDING_COVERAGE_COLUMNS = [
    "table_name", "files_landed", "rows_landed", "rows_staged", "rows_rejected", "exact_duplicates_collapsed",
    "lines_unreadable", "is_empty", "indicators_reading", "indicators_reading_without_data", "indicator_ids_reading",
]
DIM_INDICATORS_COLUMNS = [
    "indicator_id", "indicator_name", "category", "identifies", "description", "default_weight",
    "thresholds_in_force", "thresholds_overridden", "entities_flagged", "threshold_source",
]

# Columns that identify a row in the failure report ("e.g. party PA123").
ROW_KEYS = {
    "staged_inputs": ["table_name"],
    "fct_red_flags": ["entity_type", "entity_id", "indicator_id"],
    "risk_entities": ["entity_type", "entity_id"],
    "entity_links": ["entity_id_a", "entity_id_b", "link_type"],
    "dim_indicators": ["indicator_id"],
    "indicator_coverage": ["indicator_id"],
    "landing_coverage": ["table_name"],
    "mart_reconciliation": [],
}

RECONCILIATION_QUERY = """
    with flagged_entities as (
        select distinct entity_type, entity_id from marts.fct_red_flags
    ),
    flagged_pairs as (
        select distinct entity_type, entity_id, indicator_id from marts.fct_red_flags
    )
    select
        (select count(*) from marts.risk_entities) as risk_entity_rows,
        (select count(*) from flagged_entities) as flagged_entities,
        (select cast(coalesce(sum(indicator_count), 0) as bigint) from marts.risk_entities) as sum_indicator_count,
        (select count(*) from flagged_pairs) as flagged_entity_indicator_pairs,
        (select count(*) from marts.risk_entities as r
          where not exists (select 1 from flagged_entities as f
                             where f.entity_type = r.entity_type and f.entity_id = r.entity_id)
        ) as risk_entities_without_flags,
        (select count(*) from flagged_entities as f
          where not exists (select 1 from marts.risk_entities as r
                             where r.entity_type = f.entity_type and r.entity_id = f.entity_id)
        ) as flagged_entities_missing_from_risk_entities,
        (select cast(coalesce(sum(entities_flagged), 0) as bigint) from marts.dim_indicators) as dim_indicators_entities_flagged
"""


@dataclass
class ExpectationFailure:
    """One failed expectation (or a table that could not be read), readable."""

    asset: str
    expectation: str
    arguments: dict[str, Any]
    description: str
    detail: str
    severity: str = "critical"  # "warning": reported, never fails the validation

    def format(self) -> str:
        arguments = ", ".join(f"{name}={value!r}" for name, value in self.arguments.items())
        label = "WARNING" if self.severity == "warning" else "FAILED"
        return f"  {label} {self.asset}: {self.expectation}({arguments})\n         {self.description}: {self.detail}"


@dataclass
class ValidationReport:
    success: bool
    expectations_evaluated: int
    failures: list[ExpectationFailure] = field(default_factory=list)
    warnings: list[ExpectationFailure] = field(default_factory=list)
    assets: dict[str, int] = field(default_factory=dict)
    docs_index: Path | None = None
    elapsed_seconds: float = 0.0

    def format(self) -> str:
        rows = ", ".join(f"{asset} ({count:,} rows)" for asset, count in self.assets.items())
        lines = [
            f"Great Expectations: {self.expectations_evaluated} expectations on {rows or 'nothing'}: "
            + ("all passed" if self.success else f"{len(self.failures)} FAILED")
            + (f", {len(self.warnings)} warning(s)" if self.warnings else "")
            + f" in {self.elapsed_seconds:.1f} s"
        ]
        lines += [failure.format() for failure in self.failures]
        lines += [warning.format() for warning in self.warnings]
        if self.docs_index is not None:
            lines.append(f"GX Data Docs: {self.docs_index}")
        return "\n".join(lines)


def default_docs_dir(db_path: Path) -> Path:
    """Data Docs of a warehouse: beside it, one folder per database file."""
    return Path(db_path).resolve().parent / "gx_docs" / Path(db_path).stem


# --------------------------------------------------------------------------- frames


def _landing_tables() -> list[str]:
    """The landing tables of the contract (contract/landing.yml), in name order."""
    return sorted(yaml.safe_load((PROJECT_DIR / "contract" / "landing.yml").read_text())["tables"])


def _staged_inputs_query() -> str:
    """One row per landing table: staged rows, null and duplicate keys (the key
    from the landing contract), and the audit reconciliation of the build.

    Each staged model is read once: at 10 million bookings every read of
    stg_transactions (a view) evaluates the staging again."""
    contract = yaml.safe_load((PROJECT_DIR / "contract" / "landing.yml").read_text())
    selects = []
    for table_name, table in sorted(contract["tables"].items()):
        keys = table["key"] if isinstance(table["key"], list) else [table["key"]]
        key_list = ", ".join(keys)
        key_value = keys[0] if len(keys) == 1 else f"row({key_list})"
        any_null = " or ".join(f"{key} is null" for key in keys)
        # Rows beyond the first of each key; rows with a null key are counted apart.
        selects.append(
            f"""
            select
                '{table_name}' as table_name,
                '{key_list}' as key_columns,
                count(*) as staged_rows,
                count(*) filter (where {any_null}) as null_key_rows,
                count(*) filter (where not ({any_null}))
                    - count(distinct {key_value}) filter (where not ({any_null})) as duplicate_key_rows
            from staging.stg_{table_name}
            """
        )
    return f"""
        with staged as ({' union all '.join(selects)})
        select
            staged.table_name,
            staged.key_columns,
            staged.staged_rows,
            staged.null_key_rows,
            staged.duplicate_key_rows,
            audit.rows_landed,
            audit.rows_staged as audited_staged_rows,
            audit.rows_staged + audit.rows_rejected + audit.exact_duplicates_collapsed as rows_accounted
        from staged
        left join audit.landing_reconciliation as audit
            on audit.table_name = staged.table_name
        order by staged.table_name
    """


ASSET_QUERIES: dict[str, Callable[[], str]] = {
    "staged_inputs": _staged_inputs_query,
    "fct_red_flags": lambda: "select * from marts.fct_red_flags",
    "risk_entities": lambda: "select * from marts.risk_entities",
    "entity_links": lambda: "select * from marts.entity_links",
    "dim_indicators": lambda: "select * from marts.dim_indicators",
    "indicator_coverage": lambda: "select * from marts.indicator_coverage",
    "landing_coverage": lambda: "select * from marts.landing_coverage",
    "mart_reconciliation": lambda: RECONCILIATION_QUERY,
}


@dataclass
class WarehouseFrames:
    frames: dict[str, pd.DataFrame]
    catalogue: pd.DataFrame
    unreadable: dict[str, str]


def read_frames(db_path: Path) -> WarehouseFrames:
    """Read every asset into pandas through one read-only connection, closed on return."""
    frames: dict[str, pd.DataFrame] = {}
    unreadable: dict[str, str] = {}
    with duckdb.connect(str(db_path), read_only=True) as connection:
        try:
            catalogue = connection.execute(
                "select indicator_id, category, identifies from reference.indicator_catalogue"
            ).df()
        except duckdb.Error as error:
            unreadable["indicator_catalogue"] = str(error).splitlines()[0]
            catalogue = pd.DataFrame({"indicator_id": [], "category": [], "identifies": []}, dtype=str)
        for asset, query in ASSET_QUERIES.items():
            try:
                frames[asset] = connection.execute(query()).df()
            except duckdb.Error as error:
                unreadable[asset] = str(error).splitlines()[0]
    return WarehouseFrames(frames=frames, catalogue=catalogue, unreadable=unreadable)


# --------------------------------------------------------------------------- the suite


def build_expectations(catalogue: pd.DataFrame) -> dict[str, list[Any]]:
    """The suite, one list of expectations per asset. Value sets come from the
    contracts (entity types, sides, tiers, roles) and from the catalogue seed."""
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    indicator_ids = sorted(catalogue["indicator_id"].tolist())
    categories = sorted(catalogue["category"].unique().tolist())
    identifies = sorted(catalogue["identifies"].unique().tolist())

    def not_null(column: str) -> Any:
        return gxe.ExpectColumnValuesToNotBeNull(column=column, description=f"{column} is never null")

    def not_blank(column: str) -> Any:
        return gxe.ExpectColumnValuesToMatchRegex(
            column=column, regex=NOT_BLANK_PATTERN, description=f"{column} is not empty or blank"
        )

    def in_set(column: str, values: list[str], what: str) -> Any:
        return gxe.ExpectColumnValuesToBeInSet(column=column, value_set=values, description=f"{column} is {what}")

    def at_least(column: str, minimum: float) -> Any:
        return gxe.ExpectColumnValuesToBeBetween(column=column, min_value=minimum, description=f"{column} >= {minimum}")

    def equal(column_a: str, column_b: str, description: str) -> Any:
        return gxe.ExpectColumnPairValuesToBeEqual(column_A=column_a, column_B=column_b, description=description)

    def zero(column: str, description: str) -> Any:
        return gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0, max_value=0, description=description)

    def has_columns(columns: list[str]) -> Any:
        return gxe.ExpectTableColumnsToMatchSet(
            column_set=columns, exact_match=False, description="the table has the interface's columns"
        )

    return {
        "staged_inputs": [
            gxe.ExpectTableRowCountToBeBetween(
                min_value=1, description="every landing table of the contract has a staged model"
            ),
            zero("null_key_rows", "no staged row has a null key"),
            zero("duplicate_key_rows", "no two staged rows share a key"),
            not_null("rows_landed"),
            equal("rows_landed", "rows_accounted", "landed rows = staged + rejected + exact duplicates collapsed"),
            equal("staged_rows", "audited_staged_rows", "the audit counts the staged rows that exist"),
        ],
        "fct_red_flags": [
            has_columns(FCT_RED_FLAGS_COLUMNS),
            not_null("flag_id"),
            gxe.ExpectColumnValuesToBeUnique(column="flag_id", description="flag_id is unique"),
            gxe.ExpectCompoundColumnsToBeUnique(
                column_list=["indicator_id", "entity_type", "entity_id", "role_side"],
                description="one flag per indicator, entity and side",
            ),
            not_null("entity_id"),
            in_set("entity_type", ENTITY_TYPES, "an entity type of the indicator contract"),
            in_set("indicator_id", indicator_ids, "an indicator of the catalogue"),
            not_null("indicator_id"),
            not_null("indicator_name"),
            in_set("category", categories, "a catalogue category"),
            in_set("identifies", identifies, "victim, trafficker or both"),
            in_set("role_side", ROLE_SIDES, "victim, trafficker or both"),
            not_null("role_side"),
            not_null("strength"),
            gxe.ExpectColumnValuesToBeBetween(
                column="strength", min_value=0, max_value=1, description="strength is between 0 and 1"
            ),
            not_null("window_start"),
            not_null("window_end"),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="window_end", column_B="window_start", or_equal=True,
                description="a flag's window ends on or after it starts",
            ),
            not_null("evidence"),
            not_blank("evidence"),
        ],
        "risk_entities": [
            has_columns(RISK_ENTITIES_COLUMNS),
            gxe.ExpectCompoundColumnsToBeUnique(
                column_list=["entity_type", "entity_id"], description="one row per entity"
            ),
            not_null("entity_id"),
            in_set("entity_type", ENTITY_TYPES, "an entity type of the indicator contract"),
            not_null("risk_score"),
            gxe.ExpectColumnValuesToBeBetween(
                column="risk_score", min_value=0, max_value=100, description="risk_score is between 0 and 100"
            ),
            not_null("risk_tier"),
            in_set("risk_tier", RISK_TIERS, "alert, watch or info"),
            not_null("likely_role"),
            in_set("likely_role", LIKELY_ROLES, "victim, trafficker, both or undetermined"),
            not_null("indicator_count"),
            at_least("indicator_count", 1),
            gxe.ExpectColumnValuesToMatchRegex(
                column="indicator_ids", regex=INDICATOR_IDS_PATTERN,
                description="indicator_ids is a comma-separated list of catalogue ids",
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="category_count", min_value=1, max_value=len(categories),
                description="category_count is between 1 and the number of catalogue categories",
            ),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="indicator_count", column_B="category_count", or_equal=True,
                description="an entity has no more categories than indicators",
            ),
            at_least("victim_signals", 0),
            at_least("trafficker_signals", 0),
            # The scoring principle: one flag alone never makes an alert, unless
            # the entity's close network shows more indicators than it does itself.
            gxe.ExpectColumnValuesToBeBetween(
                column="cluster_indicator_count", min_value=2,
                row_condition=(Column("risk_tier") == "alert") & (Column("counted_indicator_count") < 2),
                description="no alert on a single indicator unless its cluster carries more indicators",
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="cluster_size", min_value=2,
                row_condition=(Column("risk_tier") == "alert") & (Column("counted_indicator_count") < 2),
                description="an alert on a single indicator comes from a cluster of several entities",
            ),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="cluster_indicator_count", column_B="counted_indicator_count", or_equal=True,
                ignore_row_if="either_value_is_missing",
                description="a cluster carries at least the counted indicators of each member",
            ),
            not_blank("tier_reason"),
            gxe.ExpectColumnValuesToBeBetween(
                column="cluster_size", min_value=1, description="cluster_size >= 1"
            ),
            not_null("evidence_summary"),
            not_blank("evidence_summary"),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="last_flagged_at", column_B="first_flagged_at", or_equal=True,
                description="last_flagged_at is on or after first_flagged_at",
            ),
            not_null("as_of_date"),
            gxe.ExpectColumnUniqueValueCountToBeBetween(
                column="as_of_date", min_value=0, max_value=1, description="one as_of_date for the whole mart"
            ),
        ],
        "entity_links": [
            has_columns(ENTITY_LINKS_COLUMNS),
            *(not_null(column) for column in ["entity_type_a", "entity_id_a", "entity_type_b", "entity_id_b"]),
            gxe.ExpectCompoundColumnsToBeUnique(
                column_list=["entity_type_a", "entity_id_a", "entity_type_b", "entity_id_b", "link_type"],
                description="one row per link and link type",
            ),
            in_set("entity_type_a", ENTITY_TYPES, "an entity type of the indicator contract"),
            in_set("entity_type_b", ENTITY_TYPES, "an entity type of the indicator contract"),
            not_null("link_type"),
            not_null("cluster_id"),
            not_null("link_evidence"),
            not_blank("link_evidence"),
        ],
        "dim_indicators": [
            has_columns(DIM_INDICATORS_COLUMNS),
            gxe.ExpectTableRowCountToEqual(
                value=len(indicator_ids), description="one row per catalogue indicator"
            ),
            not_null("indicator_id"),
            gxe.ExpectColumnValuesToBeUnique(column="indicator_id", description="indicator_id is unique"),
            in_set("indicator_id", indicator_ids, "an indicator of the catalogue"),
            in_set("category", categories, "a catalogue category"),
            in_set("identifies", identifies, "victim, trafficker or both"),
            not_null("default_weight"),
            at_least("default_weight", 0),
            not_null("entities_flagged"),
            at_least("entities_flagged", 0),
        ],
        "indicator_coverage": [
            has_columns(INDICATOR_COVERAGE_COLUMNS),
            gxe.ExpectTableRowCountToEqual(
                value=len(indicator_ids), description="one row per catalogue indicator"
            ),
            not_null("indicator_id"),
            gxe.ExpectColumnValuesToBeUnique(column="indicator_id", description="indicator_id is unique"),
            in_set("indicator_id", indicator_ids, "an indicator of the catalogue"),
            not_null("coverage_status"),
            in_set("coverage_status", COVERAGE_STATUSES, "ready, partial or no_data"),
            not_null("coverage_reason"),
            not_blank("coverage_reason"),
            # An indicator without its data cannot have fired: a flag there means the
            # seed indicator_data_needs calls something required that is not.
            gxe.ExpectColumnValuesToBeBetween(
                column="flag_count", min_value=0, max_value=0,
                row_condition=Column("coverage_status") == "no_data",
                description="an indicator without the data it needs raised no flag",
            ),
            # Warning only: a bank's parties, accounts and transactions are the data every
            # deployment starts from, so a core indicator without data usually means an
            # extract or a column is missing; the build stays valid.
            gxe.ExpectColumnValuesToBeInSet(
                column="coverage_status", value_set=["ready", "partial"],
                row_condition=Column("is_core") == True,  # noqa: E712 - a GX row condition, not a Python test
                severity="warning",
                description="a core indicator (needs only parties, accounts, transactions) has the data it needs",
            ),
        ],
        "landing_coverage": [
            has_columns(LANDING_COVERAGE_COLUMNS),
            gxe.ExpectTableRowCountToEqual(
                value=len(_landing_tables()), description="one row per landing table of the contract"
            ),
            in_set("table_name", _landing_tables(), "a landing table of the contract"),
            gxe.ExpectColumnValuesToBeUnique(column="table_name", description="table_name is unique"),
            at_least("rows_staged", 0),
        ],
        "mart_reconciliation": [
            gxe.ExpectTableRowCountToEqual(value=1, description="one reconciliation row"),
            equal(
                "risk_entity_rows", "flagged_entities",
                "risk_entities has one row per distinct (entity_type, entity_id) in fct_red_flags",
            ),
            zero("risk_entities_without_flags", "every risk entity has a flag in fct_red_flags"),
            zero("flagged_entities_missing_from_risk_entities", "every flagged entity is in risk_entities"),
            equal(
                "sum_indicator_count", "flagged_entity_indicator_pairs",
                "the indicator counts of risk_entities add up to the distinct (entity, indicator) pairs of fct_red_flags",
            ),
            equal(
                "dim_indicators_entities_flagged", "flagged_entity_indicator_pairs",
                "dim_indicators.entities_flagged adds up to the distinct (entity, indicator) pairs of fct_red_flags",
            ),
        ],
    }


# --------------------------------------------------------------------------- running GX


def import_great_expectations() -> None:
    """Import Great Expectations ahead of use: about 2 s that `redflags build`
    spends in a thread while dbt runs in its own process."""
    import great_expectations  # noqa: F401
    import great_expectations.expectations  # noqa: F401
    from great_expectations.data_context.types import base  # noqa: F401


def _gx_context(docs_dir: Path | None) -> Any:
    """An ephemeral context (in-memory stores) whose only Data Docs site, if any, is docs_dir."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={
            "redflags": {
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        } if docs_dir is not None else {},
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _plain(value: Any) -> Any:
    """numpy scalars and tuples of them as plain Python values, for printing."""
    if isinstance(value, (tuple, list)):
        return type(value)(_plain(item) for item in value)
    return value.item() if hasattr(value, "item") else value


def _short(value: Any, limit: int = 80) -> str:
    text = repr(_plain(value))
    return text if len(text) <= limit else text[: limit - 3] + "..."


OPERATORS = {"==": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "IN": "in", "NOT_IN": "not in"}


def _condition_text(condition: Any) -> str:
    """A GX row condition (serialised) as 'risk_tier = 'alert' and indicator_count < 2'."""
    if not isinstance(condition, dict):
        return str(condition)
    if condition.get("type") in ("and", "or"):
        return f" {condition['type']} ".join(_condition_text(part) for part in condition.get("conditions", []))
    column = (condition.get("column") or {}).get("name", "?")
    if condition.get("type") == "nullity":
        return f"{column} is {'null' if condition.get('is_null') else 'not null'}"
    operator = OPERATORS.get(str(condition.get("operator")), condition.get("operator"))
    return f"{column} {operator} {condition.get('parameter')!r}"


def _failure_detail(result: Any, key_columns: list[str]) -> str:
    """What GX saw: the observed value, or how many rows broke it and which."""
    if result.exception_info and result.exception_info.get("raised_exception"):
        message = str(result.exception_info.get("exception_message", "")).splitlines()
        return "could not be evaluated: " + (message[0] if message else "unknown error")
    outcome = result.result or {}
    if "unexpected_count" in outcome:
        element_count = outcome.get("element_count", 0)
        detail = f"{outcome['unexpected_count']:,} of {element_count:,} rows unexpected"
        examples = outcome.get("partial_unexpected_index_list") or []
        values = outcome.get("partial_unexpected_list") or []
        pair = [result.expectation_config.kwargs.get(name) for name in ("column_A", "column_B")]
        if all(pair) and values and isinstance(values[0], (tuple, list)):
            values = [f"{pair[0]} {_short(a, 30)} vs {pair[1]} {_short(b, 30)}" for a, b in values]
            values = [_Raw(value) for value in values]
        if examples and key_columns and isinstance(examples[0], dict):
            shown = []
            for index, example in enumerate(examples[:5]):
                key = " ".join(str(example.get(column)) for column in key_columns)
                value = f" ({_short(values[index], 60)})" if index < len(values) else ""
                shown.append(key + value)
            detail += ", e.g. " + "; ".join(shown)
        elif values:
            detail += ", e.g. " + ", ".join(_short(value, 60) for value in values[:5])
        return detail
    if "observed_value" in outcome:
        return f"observed {_short(outcome['observed_value'], 200)}"
    return _short(outcome, 200)


class _Raw(str):
    """Text printed as is (no quotes) in a failure detail."""

    def __repr__(self) -> str:
        return str(self)


def _expectation_arguments(config: Any) -> dict[str, Any]:
    arguments = {name: value for name, value in config.kwargs.items() if name not in ("batch_id",)}
    if "row_condition" in arguments:
        arguments["row_condition"] = _Raw(_condition_text(arguments["row_condition"]))
    for name, value in list(arguments.items()):
        if isinstance(value, list) and len(value) > 8:
            arguments[name] = value[:8] + ["..."]
    return arguments


def validate_frames(
    frames: WarehouseFrames, docs_dir: Path | None = None
) -> ValidationReport:
    """Validate already-read frames; write Data Docs to docs_dir when given."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    started = time.perf_counter()
    if docs_dir is not None:
        shutil.rmtree(docs_dir, ignore_errors=True)  # the docs show this run only
        docs_dir.mkdir(parents=True, exist_ok=True)
    context = _gx_context(docs_dir)
    datasource = context.data_sources.add_pandas("redflags_warehouse")
    run_id = RunIdentifier(run_name="redflags-validate")
    report = ValidationReport(success=True, expectations_evaluated=0)

    for asset, message in frames.unreadable.items():
        report.failures.append(
            ExpectationFailure(asset, "table_is_readable", {}, f"{asset} could not be read", message)
        )

    for asset, expectations in build_expectations(frames.catalogue).items():
        if asset not in frames.frames:
            continue
        frame = frames.frames[asset]
        report.assets[asset] = len(frame)
        batch = datasource.add_dataframe_asset(name=asset).add_batch_definition_whole_dataframe("whole_table")
        suite = context.suites.add(gx.ExpectationSuite(name=asset))
        for expectation in expectations:
            suite.add_expectation(expectation)
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=asset, data=batch, suite=suite))
        key_columns = [column for column in ROW_KEYS.get(asset, []) if column in frame.columns]
        result_format: dict[str, Any] = {"result_format": "SUMMARY", "partial_unexpected_count": 5}
        if key_columns:
            result_format["unexpected_index_column_names"] = key_columns
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results = definition.run(batch_parameters={"dataframe": frame}, result_format=result_format, run_id=run_id)
        for result in results.results:
            report.expectations_evaluated += 1
            if not result.success:
                config = result.expectation_config
                severity = str(getattr(config.severity, "value", config.severity) or "critical")
                outcome = ExpectationFailure(
                    asset=asset,
                    expectation=config.type,
                    arguments=_expectation_arguments(config),
                    description=config.description or config.type,
                    detail=_failure_detail(result, key_columns),
                    severity=severity,
                )
                (report.warnings if severity == "warning" else report.failures).append(outcome)

    if docs_dir is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            context.build_data_docs(site_names=["redflags"])
        report.docs_index = docs_dir / "index.html"
    report.success = not report.failures
    report.elapsed_seconds = time.perf_counter() - started
    return report


def validate_warehouse(db_path: Path, docs_dir: Path | None = None, write_docs: bool = True) -> ValidationReport:
    """Read the warehouse read-only and validate it; Data Docs beside it by default."""
    started = time.perf_counter()
    db_path = Path(db_path).resolve()
    if not db_path.is_file():
        return ValidationReport(
            success=False,
            expectations_evaluated=0,
            failures=[ExpectationFailure("warehouse", "database_exists", {"path": str(db_path)},
                                         "the warehouse file exists", "not found; run 'redflags build' first")],
        )
    try:
        frames = read_frames(db_path)
    except duckdb.Error as error:  # e.g. another process holds the file for writing
        return ValidationReport(
            success=False,
            expectations_evaluated=0,
            failures=[ExpectationFailure("warehouse", "database_is_readable", {"path": str(db_path)},
                                         "the warehouse opens read-only", str(error).splitlines()[0])],
        )
    if write_docs and docs_dir is None:
        docs_dir = default_docs_dir(db_path)
    report = validate_frames(frames, docs_dir if write_docs else None)
    report.elapsed_seconds = time.perf_counter() - started
    return report
