"""dbt-duckdb plugin: the file-level functions the landing macros call.

profiles.yml loads it (`plugins: [{module: redflags.dbt_plugin}]`), so plain
`dbt build` reads a landing zone exactly as `redflags build` does. Each
function works on whole files (listing, transcoding, copying a file's tail),
never on rows: DuckDB parses the contents.

    redflags_landing_inventory(landing_dir, table_names_json, base_dir) -> JSON
    redflags_transcode_to_utf8(path, work_dir) -> JSON {"path", "encoding"}
    redflags_csv_head(path, before_line, work_dir) -> path of a copy of the lines before
    redflags_csv_tail(path, after_line, work_dir) -> path of a copy of the header and the lines after

Its one setting, `temp_directory` (profiles.yml, from REDFLAGS_TEMP_DIR), is
DuckDB's spill folder. It is set here, once when the connection opens, and
not in the profile's `settings`: dbt-duckdb runs those on every cursor, and
DuckDB refuses `SET temp_directory` once a query has spilled, so a build that
spills would fail on its next cursor. Empty: DuckDB's default,
<database>.tmp beside the warehouse file.
"""
from __future__ import annotations

import json

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

from redflags import landing_files


def _transcode(path: str, work_dir: str) -> str:
    copy, encoding = landing_files.transcode_to_utf8(path, work_dir)
    return json.dumps({"path": copy, "encoding": encoding})


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict) -> None:
        self.temp_directory = (plugin_config or {}).get("temp_directory") or ""

    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        if self.temp_directory:
            conn.execute("set temp_directory = '" + self.temp_directory.replace("'", "''") + "'")
        conn.create_function(
            "redflags_landing_inventory", landing_files.inventory_json,
            ["VARCHAR", "VARCHAR", "VARCHAR"], "VARCHAR", side_effects=True,
        )
        conn.create_function(
            "redflags_transcode_to_utf8", _transcode, ["VARCHAR", "VARCHAR"], "VARCHAR", side_effects=True,
        )
        conn.create_function(
            "redflags_csv_head", landing_files.csv_head, ["VARCHAR", "BIGINT", "VARCHAR"], "VARCHAR", side_effects=True,
        )
        conn.create_function(
            "redflags_csv_tail", landing_files.csv_tail, ["VARCHAR", "BIGINT", "VARCHAR"], "VARCHAR", side_effects=True,
        )
