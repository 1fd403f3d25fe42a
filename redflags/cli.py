"""The redflags command line: generate a synthetic landing zone, build and validate
the warehouse, score it against ground truth, explain an entity.

    redflags generate --out data/landing --truth data/truth --seed 42 --scale demo
    redflags build                  # dbt build, then Great Expectations on the marts
    redflags validate               # Great Expectations only
    redflags evaluate --truth data/truth [--json out.json] [--sensitivity]
    redflags explain PA6A0S3QEB
    redflags docs                   # dbt's documentation site, one HTML file (data/dbt_docs/index.html)
    redflags demo                   # generate, build, top alerts, evaluation summary
"""
from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from redflags.dbt_runner import DbtRun
from redflags.paths import WarehousePaths, resolve_paths

if TYPE_CHECKING:
    from redflags.identity_check import IdentityComparison

SCALES = ("tiny", "demo", "large", "xl")
ENTITY_TYPES = ("party", "phone", "email", "address", "beneficiary", "handle")


def _add_path_arguments(parser: argparse.ArgumentParser,
                        db_help: str = "DuckDB file to build (default: $REDFLAGS_DB_PATH or data/redflags.duckdb)") -> None:
    parser.add_argument("--landing", help="landing directory (default: $REDFLAGS_LANDING_DIR or data/landing)")
    parser.add_argument("--db", help=db_help)


def command_generate(args: argparse.Namespace) -> int:
    from redflags.generator import generate

    paths = resolve_paths(landing_dir=args.out, truth_dir=args.truth)
    started = time.perf_counter()
    counts = generate(
        paths.landing_dir,
        paths.truth_dir,
        seed=args.seed,
        scale=args.scale,
        persons=args.persons,
        fmt=args.format,
        inject_bad_rows=args.inject_bad_rows,
    )
    elapsed = time.perf_counter() - started
    total = sum(counts.values())
    for table_name, rows in sorted(counts.items()):
        print(f"{table_name:<24}{rows:>12,}")
    print(f"{'total':<24}{total:>12,}  in {elapsed:.1f} s ({total / max(elapsed, 1e-9):,.0f} rows/s)")
    print(f"landing zone: {paths.landing_dir}\nground truth: {paths.truth_dir}")
    return 0


def command_build(args: argparse.Namespace) -> int:
    """dbt build into the working database, validate, then publish the marts for readers."""
    from redflags.dbt_runner import invoke_dbt

    paths = resolve_paths(landing_dir=args.landing, db_path=args.db, publish_dir=getattr(args, "publish", None),
                          target=getattr(args, "target", None), spark_dir=getattr(args, "spark_dir", None))
    started = time.perf_counter()
    # Production build: models and the data tests that guard the data; the
    # unit tests of the project's own logic run in `make test` and CI.
    dbt_command = ["build", "--exclude-resource-type", "unit_test"]
    if args.vars:
        dbt_command += ["--vars", args.vars]
    if args.full_refresh:
        dbt_command.append("--full-refresh")
    validator_import = None if args.no_validate else _start_validator_import()
    run = invoke_dbt(dbt_command, paths)
    elapsed = time.perf_counter() - started
    if paths.is_spark:
        # The Spark build's tables, read as Parquet through DuckDB views (redflags/spark_tables.py).
        from redflags.spark_tables import write_duckdb_views, warehouse_dir

        write_duckdb_views(paths.spark_home, paths.spark_tables_db)
        print(f"Spark warehouse: {warehouse_dir(paths.spark_home)} (read through {paths.spark_tables_db})")
        paths = paths.reading_paths()
    _print_build_summary(run, paths)
    print(f"dbt build {'succeeded' if run.success else 'FAILED'} in {elapsed:.1f} s; working database: {paths.db_path}")
    if not run.success:
        print(f"nothing published: the published mart in {paths.published_dir} is unchanged", file=sys.stderr)
        return 1
    if validator_import is not None:
        validator_import.join()
    if not args.no_validate and not _validate(paths.db_path):
        print(f"nothing published: the published mart in {paths.published_dir} is unchanged", file=sys.stderr)
        return 1
    from redflags.publish import publish_marts

    publication = publish_marts(paths.db_path, paths.published_dir)
    print(f"published {len(publication.tables)} marts to {publication.database} and {publication.database.parent / 'parquet'}")
    return 0


def command_landing_inventory(args: argparse.Namespace) -> int:
    """Write the landing inventory the Spark macro reads (Spark SQL cannot list files)."""
    from redflags.dbt_runner import write_landing_inventory

    paths = resolve_paths(landing_dir=args.landing, db_path=args.db, target="spark", spark_dir=args.spark_dir)
    document = write_landing_inventory(paths)
    if document["error"]:
        print(f"landing zone: {document['error']}", file=sys.stderr)
        return 2
    files = sum(len(table["files"]) for table in document["tables"])
    print(f"{files} landing files listed in {paths.landing_inventory}\n"
          f"then: REDFLAGS_LANDING_DIR={paths.landing_dir} REDFLAGS_SPARK_DIR={paths.spark_home} "
          f"dbt build --profiles-dir . --target spark")
    return 0


def _print_build_summary(run: DbtRun, paths: WarehousePaths) -> None:
    """This run's landing summary and data warnings, or a plain word that there is none."""
    from redflags.summary import (
        currency_rejects,
        entries_not_read,
        format_currency_rejects,
        format_entries_not_read,
        format_indicator_coverage,
        format_landing_summary,
        format_reporting_period,
        format_unusual_files,
        indicator_coverage,
        landing_summary,
        reporting_period,
        unusual_files,
    )

    if not run.built("landing_reconciliation"):
        print("no landing summary for this run: the build stopped before audit.landing_reconciliation was built "
              "(see dbt's messages above)")
    else:
        print(format_landing_summary(landing_summary(paths.db_path)))
        print(format_unusual_files(unusual_files(paths.db_path)))
        if run.built("landing_entries_not_read"):
            print(format_entries_not_read(entries_not_read(paths.db_path)))
        print(format_currency_rejects(currency_rejects(paths.db_path)))
    if run.built("int_reporting_period"):
        print(format_reporting_period(reporting_period(paths.db_path)))
    if run.built("indicator_coverage"):
        print(format_indicator_coverage(indicator_coverage(paths.db_path)))
    else:
        print("no indicator coverage for this run: the build stopped before marts.indicator_coverage was built")
    warned = run.nodes_with("warn")
    if warned:
        print(f"{len(warned)} observation(s) about the landed data (data tests with severity warn):")
        for name in warned:
            print(f"  warn: {name}")
    failed = run.nodes_with("fail") + run.nodes_with("error")
    if failed:
        print(f"{len(failed)} invariant(s) of the project's logic failed (data tests with severity error):")
        for name in failed:
            print(f"  FAIL: {name}")


def _start_validator_import() -> threading.Thread:
    """Import Great Expectations in a thread while dbt runs in its child process:
    the parent only waits for dbt, and the import would otherwise add ~2 s after it."""
    from redflags.validation import import_great_expectations

    thread = threading.Thread(target=import_great_expectations, name="import-great-expectations", daemon=True)
    thread.start()
    return thread


def _validate(db_path: Path) -> bool:
    """Great Expectations on the staged inputs and the marts; prints the report.
    Runs only after dbt's child process has ended (the file is opened read-only)."""
    from redflags.validation import validate_warehouse

    report = validate_warehouse(db_path)
    print(report.format())
    if not report.success:
        print(f"validation FAILED: {len(report.failures)} expectation(s) not met (see above)", file=sys.stderr)
    return report.success


def command_validate(args: argparse.Namespace) -> int:
    paths = resolve_paths(db_path=args.db)
    return 0 if _validate(paths.db_path) else 1


def _add_reading_arguments(parser: argparse.ArgumentParser) -> None:
    """Where explain and evaluate read the marts: the published copy unless told otherwise."""
    parser.add_argument("--publish", help="folder of the published marts to read (default: $REDFLAGS_PUBLISH_DIR or "
                                          "data/published); readable while a build runs")
    parser.add_argument("--working", action="store_true",
                        help="read the working database (--db) instead of the published copy "
                             "(it cannot be opened while a build writes it)")


def _marts_database(args: argparse.Namespace, paths: WarehousePaths) -> Path:
    """The DuckDB file to read the marts from: the published copy, or the working database when
    --working (or an explicit --db) asks for it."""
    return paths.db_path if args.working or args.db else paths.published_db


def command_evaluate(args: argparse.Namespace) -> int:
    import duckdb

    from redflags.evaluation import (
        evaluate,
        evaluation_to_dict,
        format_evaluation,
        format_sensitivity,
        load_truth,
        run_sensitivity,
        write_json,
    )
    from redflags.background_evaluation import load_background_groups
    from redflags.identity_check import comparison_to_dict

    paths = resolve_paths(landing_dir=args.landing, db_path=args.db, truth_dir=args.truth, publish_dir=args.publish)
    database = _marts_database(args, paths)
    if not database.is_file():
        print(f"warehouse {database} does not exist; run 'redflags build' first", file=sys.stderr)
        return 2
    if args.sensitivity:
        from redflags.spark_tables import holds_spark_build

        if paths.db_path.is_file() and holds_spark_build(paths.db_path):
            print(f"evaluate --sensitivity is DuckDB-only: it rebuilds the indicators with dbt-duckdb in a copy of a "
                  f"DuckDB working database, and {paths.db_path} holds views over a Spark build; run it on a DuckDB "
                  f"build of the same landing zone (the engines build the same marts)", file=sys.stderr)
            return 2
    try:
        truth = load_truth(paths.truth_dir)
    except (FileNotFoundError, ValueError) as error:
        print(f"cannot read the ground truth: {error}", file=sys.stderr)
        return 2
    try:
        background_groups = load_background_groups(paths.truth_dir)
    except FileNotFoundError:
        background_groups = None  # a truth without the benign background: planted cases only
        print(f"no background_groups in {paths.truth_dir}: the benign background is not scored")
    except ValueError as error:
        print(f"cannot read the background groups: {error}", file=sys.stderr)
        return 2
    try:
        evaluation = evaluate(database, truth, background_groups)
    except duckdb.Error as error:
        print(f"cannot read the risk mart in {database}: {error}", file=sys.stderr)
        return 2
    print(f"Risk mart read from {database}")
    print(format_evaluation(evaluation))
    # Identity resolution is an intermediate model: only the working database holds it.
    identity = _check_identity(paths)
    sensitivity = None
    if args.sensitivity:
        print("\nThreshold sensitivity: rebuilding the indicator models in a copy of the working warehouse "
              f"{paths.db_path} ...")
        # The baseline comes from the warehouse the copy is made of, so every factor compares with the same build.
        sensitivity = run_sensitivity(paths, truth, baseline=evaluation if database == paths.db_path else None)
        print(format_sensitivity(sensitivity))
    if args.json:
        document = evaluation_to_dict(evaluation, sensitivity, database=database, truth=paths.truth_dir)
        document["identity_resolution"] = None if identity is None else comparison_to_dict(identity)
        print(f"evaluation written to {write_json(Path(args.json).expanduser().resolve(), document)}")
    if args.check and not evaluation.passed:
        print("evaluation FAILED its acceptance criteria", file=sys.stderr)
        return 1
    if args.check and (identity is None or not identity.passed):
        print("evaluation FAILED: identity resolution "
              + ("could not be checked" if identity is None else "differs from the generator's identifier owners"),
              file=sys.stderr)
        return 1
    return 0


def _check_identity(paths: WarehousePaths) -> IdentityComparison | None:
    """Print the identity-resolution check; None (with the reason) when it cannot run."""
    import duckdb

    from redflags.identity_check import check_identity_resolution, format_identity_comparison

    try:
        comparison = check_identity_resolution(paths.db_path, paths.truth_dir)
    except (FileNotFoundError, ValueError, duckdb.Error) as error:
        print(f"\nIdentity resolution not checked: {error}")
        return None
    print("\nIdentity resolution (int_identifiers_resolved_to_parties against the generator's identifier owners)")
    print(format_identity_comparison(comparison))
    return comparison


def command_explain(args: argparse.Namespace) -> int:
    import duckdb

    from redflags.explain import explain

    paths = resolve_paths(db_path=args.db, publish_dir=args.publish)
    database = _marts_database(args, paths)
    if not database.is_file():
        print(f"warehouse {database} does not exist; run 'redflags build' first", file=sys.stderr)
        return 2
    try:
        explanation = explain(database, args.entity_id, args.entity_type)
    except duckdb.Error as error:
        print(f"cannot read the risk mart in {database}: {error}", file=sys.stderr)
        return 2
    print(explanation.text, file=sys.stdout if explanation.found else sys.stderr)
    return explanation.exit_code


def default_docs_dir(paths: WarehousePaths) -> Path:
    """dbt's documentation of a warehouse: beside it, like the GX Data Docs (gx_docs/)."""
    return paths.db_path.parent / "dbt_docs"


def command_docs(args: argparse.Namespace) -> int:
    """dbt's documentation as one self-contained HTML file (dbt docs generate --static)."""
    from redflags.dbt_docs import write_static_docs

    paths = resolve_paths(landing_dir=args.landing, db_path=args.db)
    out_dir = Path(args.out).expanduser().resolve() if args.out else default_docs_dir(paths)
    try:
        index = write_static_docs(paths, out_dir)
    except RuntimeError as error:
        print(f"no documentation written: {error}", file=sys.stderr)
        return 1
    print(f"dbt documentation (models, columns, tests, lineage from landing to the marts and their exposures): {index}")
    return 0


def command_demo(args: argparse.Namespace) -> int:
    from redflags.evaluation import evaluate, format_evaluation, load_truth
    from redflags.explain import format_alert_list

    generate_args = argparse.Namespace(
        out=args.landing, truth=args.truth, seed=42, scale=args.scale, persons=None, format="parquet",
        inject_bad_rows=False,
    )
    command_generate(generate_args)
    status = command_build(argparse.Namespace(landing=args.landing, db=args.db, publish=None, vars=None, no_validate=False,
                                              full_refresh=False, target=None, spark_dir=None))
    if status != 0:
        return status
    paths = resolve_paths(landing_dir=args.landing, db_path=args.db, truth_dir=args.truth)
    print()
    print(format_alert_list(paths.db_path))
    print()
    print(format_evaluation(evaluate(paths.db_path, load_truth(paths.truth_dir)), summary_only=True))
    _check_identity(paths)
    print(f"\nFull evaluation: redflags evaluate --truth {paths.truth_dir} --db {paths.db_path} [--sensitivity]")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="redflags", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser("generate", help="write a synthetic landing zone and its ground truth")
    generate.add_argument("--out", help="landing directory to write (default: data/landing)")
    generate.add_argument("--truth", help="ground-truth directory to write (default: data/truth)")
    generate.add_argument("--seed", type=int, default=42, help="random seed; the same seed gives the same data")
    size = generate.add_mutually_exclusive_group()
    size.add_argument("--scale", choices=SCALES, default="demo", help="tiny (tests), demo (~1M transactions), large (~10M), xl (~50M)")
    size.add_argument("--persons", type=int, help="background population size instead of a named scale")
    generate.add_argument("--format", choices=("parquet", "csv"), default="parquet", help="file format of the extracts")
    generate.add_argument("--inject-bad-rows", action="store_true", help="add malformed rows of every kind (CSV) to exercise the rejects")
    generate.set_defaults(handler=command_generate)

    build = commands.add_parser(
        "build", help="run dbt build on the landing zone, print a per-table summary, validate the marts (Great Expectations)"
    )
    _add_path_arguments(build)
    build.add_argument("--publish", help="folder readers find the marts in (default: $REDFLAGS_PUBLISH_DIR or data/published)")
    build.add_argument("--vars", help="dbt vars as YAML, e.g. '{threshold_overrides: {F04: {min_distinct_payers: 8}}}'")
    build.add_argument("--no-validate", action="store_true", help="skip the Great Expectations validation after dbt")
    build.add_argument("--full-refresh", action="store_true",
                       help="type every landing file again (a build normally types only new or changed files)")
    build.add_argument("--target", choices=("dev", "spark"),
                       help="profiles.yml target: dev (DuckDB, the default) or spark (Apache Spark, method session; "
                            "needs the spark extra and Java 17; default: dev)")
    build.add_argument("--spark-dir", help="target spark: folder of Spark's metastore, tables and landing inventory "
                                           "(default: $REDFLAGS_SPARK_DIR or spark/ beside --db)")
    build.set_defaults(handler=command_build)

    inventory = commands.add_parser(
        "landing-inventory",
        help="target spark: list the landing zone for a plain `dbt build --target spark` (the build does it itself)")
    inventory.add_argument("--landing", help="landing directory (default: $REDFLAGS_LANDING_DIR or data/landing)")
    inventory.add_argument("--db", help="working database; the inventory goes to spark/ beside it")
    inventory.add_argument("--spark-dir", help="folder for the inventory (default: $REDFLAGS_SPARK_DIR or spark/ beside --db)")
    inventory.set_defaults(handler=command_landing_inventory)

    validate = commands.add_parser(
        "validate", help="run the Great Expectations suite on the staged inputs and the marts, write Data Docs"
    )
    validate.add_argument("--db", help="DuckDB file (default: $REDFLAGS_DB_PATH or data/redflags.duckdb)")
    validate.set_defaults(handler=command_validate)

    evaluate = commands.add_parser(
        "evaluate", help="score the risk mart (the published copy by default) against the generator's ground truth")
    evaluate.add_argument("--truth", help="ground-truth directory (default: $REDFLAGS_TRUTH_DIR or data/truth)")
    _add_path_arguments(evaluate, db_help="working database: read instead of the published copy when given (implies "
                                          "--working); --sensitivity copies it (default: $REDFLAGS_DB_PATH or "
                                          "data/redflags.duckdb)")
    _add_reading_arguments(evaluate)
    evaluate.add_argument("--json", metavar="OUT", help="also write the evaluation as JSON to this file")
    evaluate.add_argument(
        "--sensitivity", action="store_true",
        help="also rebuild the indicators in a copy of the warehouse with each main threshold scaled by "
             "0.5, 0.75, 1.25 and 1.5 (runs dbt; minutes)",
    )
    evaluate.add_argument("--check", action="store_true", help="exit 1 when an acceptance criterion fails or identity resolution differs from the truth")
    evaluate.set_defaults(handler=command_evaluate)

    explain = commands.add_parser(
        "explain", help="print an entity's tier, score, flags with evidence and network (from the published copy by default)")
    explain.add_argument("entity_id", metavar="ENTITY_ID", help="e.g. a party id, a phone number in E.164, an address id")
    explain.add_argument("--entity-type", choices=ENTITY_TYPES, help="only this entity type (ids rarely collide)")
    explain.add_argument("--db", help="working database to read, implies --working "
                                      "(default: $REDFLAGS_DB_PATH or data/redflags.duckdb)")
    _add_reading_arguments(explain)
    explain.set_defaults(handler=command_explain)

    docs = commands.add_parser(
        "docs",
        help="write dbt's documentation site as one self-contained HTML file (dbt docs generate --static): "
             "every model and column, the tests and the lineage from landing to the marts",
    )
    _add_path_arguments(docs)
    docs.add_argument("--out", help="folder for index.html (default: dbt_docs/ beside the database, e.g. data/dbt_docs)")
    docs.set_defaults(handler=command_docs)

    demo = commands.add_parser(
        "demo", help="generate the demo landing zone, build and validate the warehouse, print the top alerts and the evaluation"
    )
    _add_path_arguments(demo)
    demo.add_argument("--truth", help="ground-truth directory to write and score against (default: data/truth)")
    demo.add_argument("--scale", choices=SCALES, default="demo", help="size of the synthetic data (default: demo)")
    demo.set_defaults(handler=command_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
