"""The redflags command line: generate a synthetic landing zone, build the warehouse.

    redflags generate --out data/landing --truth data/truth --seed 42 --scale demo
    redflags build
    redflags demo
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from redflags.paths import resolve_paths

SCALES = ("tiny", "demo", "large")


def _add_path_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--landing", help="landing directory (default: $REDFLAGS_LANDING_DIR or data/landing)")
    parser.add_argument("--db", help="DuckDB file to build (default: $REDFLAGS_DB_PATH or data/redflags.duckdb)")


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
    from redflags.dbt_runner import run_dbt
    from redflags.summary import format_landing_summary, landing_summary

    paths = resolve_paths(landing_dir=args.landing, db_path=args.db)
    if not paths.landing_dir.is_dir():
        print(f"landing directory {paths.landing_dir} does not exist; run 'redflags generate' first", file=sys.stderr)
        return 2
    started = time.perf_counter()
    dbt_command = ["build"]
    if args.vars:
        dbt_command += ["--vars", args.vars]
    succeeded = run_dbt(dbt_command, paths)
    elapsed = time.perf_counter() - started
    try:
        print(format_landing_summary(landing_summary(paths.db_path)))
    except Exception as error:  # the build may have failed before the audit model existed
        print(f"no landing summary: {error}", file=sys.stderr)
    print(f"dbt build {'succeeded' if succeeded else 'FAILED'} in {elapsed:.1f} s; warehouse: {paths.db_path}")
    return 0 if succeeded else 1


def command_demo(args: argparse.Namespace) -> int:
    generate_args = argparse.Namespace(
        out=args.landing, truth=None, seed=42, scale=args.scale, persons=None, format="parquet", inject_bad_rows=False
    )
    command_generate(generate_args)
    return command_build(argparse.Namespace(landing=args.landing, db=args.db, vars=None))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="redflags", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser("generate", help="write a synthetic landing zone and its ground truth")
    generate.add_argument("--out", help="landing directory to write (default: data/landing)")
    generate.add_argument("--truth", help="ground-truth directory to write (default: data/truth)")
    generate.add_argument("--seed", type=int, default=42, help="random seed; the same seed gives the same data")
    size = generate.add_mutually_exclusive_group()
    size.add_argument("--scale", choices=SCALES, default="demo", help="tiny (tests), demo (~1M transactions), large (~10M)")
    size.add_argument("--persons", type=int, help="background population size instead of a named scale")
    generate.add_argument("--format", choices=("parquet", "csv"), default="parquet", help="file format of the extracts")
    generate.add_argument("--inject-bad-rows", action="store_true", help="add malformed rows of every kind (CSV) to exercise the rejects")
    generate.set_defaults(handler=command_generate)

    build = commands.add_parser("build", help="run dbt build on the landing zone and print a per-table summary")
    _add_path_arguments(build)
    build.add_argument("--vars", help="dbt vars as YAML, e.g. '{threshold_overrides: {F04: {min_distinct_payers: 8}}}'")
    build.set_defaults(handler=command_build)

    demo = commands.add_parser("demo", help="generate the demo landing zone and build the warehouse on it")
    _add_path_arguments(demo)
    demo.add_argument("--scale", choices=SCALES, default="demo", help="size of the synthetic data (default: demo)")
    demo.set_defaults(handler=command_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
