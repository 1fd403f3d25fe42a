"""The project's own generic data tests fail on the rows they guard against.

A copy of the session's tiny build is broken on purpose: an indicator row is
repeated, another indicator loses its evidence, an intermediate table repeats
its grain and another holds a null in a required column. `dbt test` on the
copy (failures stored) must fail exactly those four tests, and each stored
failure must say what is wrong. Every other test of the same kinds still
passes, so the checks are not failing on sound data.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from redflags.dbt_runner import invoke_dbt
from redflags.paths import WarehousePaths


def test_grain_and_indicator_checks_fail_on_broken_rows(tiny_build: WarehousePaths, tmp_path: Path) -> None:
    broken = tmp_path / "broken" / "redflags.duckdb"
    broken.parent.mkdir()
    shutil.copy2(tiny_build.db_path, broken)
    with duckdb.connect(str(broken)) as connection:
        for table in ("indicators.ind_f04_mobile_payment_fan_in", "indicators.ind_r07_many_prepaid_phones",
                      "intermediate.int_entity_evidence_corroborated", "intermediate.int_mobile_payments_received"):
            assert connection.execute(f"select count(*) from {table}").fetchone()[0] > 0, f"{table} is empty in the tiny build"
        connection.execute("insert into indicators.ind_f04_mobile_payment_fan_in "
                           "select * from indicators.ind_f04_mobile_payment_fan_in limit 1")
        connection.execute("update indicators.ind_r07_many_prepaid_phones set evidence = ' ' "
                           "where entity_id = (select min(entity_id) from indicators.ind_r07_many_prepaid_phones)")
        connection.execute("insert into intermediate.int_entity_evidence_corroborated "
                           "select * from intermediate.int_entity_evidence_corroborated limit 1")
        connection.execute("update intermediate.int_mobile_payments_received set booked_date = null "
                           "where txn_id = (select min(txn_id) from intermediate.int_mobile_payments_received)")

    paths = WarehousePaths(landing_dir=tiny_build.landing_dir, db_path=broken, truth_dir=tiny_build.truth_dir)
    run = invoke_dbt(["test", "--store-failures", "--target-path", str(tmp_path / "target"),
                      "--select", "test_name:grain_and_not_null", "test_name:indicator_output"], paths)

    failed = run.nodes_with("fail")
    expected = ("grain_and_not_null_int_entity_evidence_corroborated_", "grain_and_not_null_int_mobile_payments_received_",
                "indicator_output_ind_f04_", "indicator_output_ind_r07_")
    assert len(failed) == 4 and all(sum(name.startswith(prefix) for name in failed) == 1 for prefix in expected), failed
    # Every other test of both kinds (one per indicator model, dozens of grains) ran and passed.
    assert run.count("error") == 0 and run.count("pass") >= 70, run.statuses

    with duckdb.connect(str(broken), read_only=True) as connection:
        audit_tables = connection.execute("select table_schema, table_name from information_schema.tables "
                                          "where table_schema like '%dbt_test__audit'").fetchall()
        stored = [connection.execute(f'select * from "{schema}"."{name}"').fetchdf() for schema, name in audit_tables]
    problems = sorted(
        # (problem, columns): grain_and_not_null names the columns; indicator_output returns the row itself.
        sorted((row["problem"], row.get("column_names", row.get("entity_id"))) for _, row in frame.iterrows())
        for frame in stored if len(frame)
    )
    assert [[problem for problem, _ in rows] for rows in problems] == [
        ["evidence missing"],
        ["grain repeats"],
        ["more than one row for this entity and role side"] * 2,
        ["null"],
    ], problems
    assert ("null", "booked_date") in problems[3] and ("grain repeats", "entity_type, entity_id") in problems[1], problems
