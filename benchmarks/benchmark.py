"""Measure generator throughput and the production build, phase by phase.

    .venv/bin/python benchmarks/benchmark.py --scale demo
    .venv/bin/python benchmarks/benchmark.py --scale large --skip-generate
    .venv/bin/python benchmarks/benchmark.py --scale large --skip-generate --daily
    REDFLAGS_MEMORY_LIMIT=8GB .venv/bin/python benchmarks/benchmark.py --scale xl

The production build is `redflags build` itself, run as a fresh process as a
user or a scheduler runs it: `dbt build` without unit tests (models, seeds and
data tests), the landing summary, Great Expectations validation (with its Data
Docs) and the publish step. Its wall time is the figure; the dbt and
validation phases come from the command's own report, the rest (start-up,
summary, publish) is the difference. Peak memory is the largest resident set
of the command and dbt's child process in that build (wait4), and the ten
slowest models come from dbt's
target/run_results.json. Writes benchmarks/results/<scale>.json and prints the
figures. A benchmark, not a test: it asserts nothing. Run it on a quiet machine.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from redflags.generator import generate
from redflags.landing_days import split_last_booking_day
from redflags.paths import PROJECT_DIR, WarehousePaths


def _timed(label: str, action):
    started = time.perf_counter()
    outcome = action()
    seconds = round(time.perf_counter() - started, 1)
    print(f"{label}: {seconds:.1f} s")
    return outcome, seconds


def _slowest_models(run_results: Path, count: int = 10) -> list[dict]:
    results = json.loads(run_results.read_text())["results"]
    models = [result for result in results if result["unique_id"].startswith("model.")]
    models.sort(key=lambda result: result["execution_time"], reverse=True)
    return [{"model": result["unique_id"].split(".")[-1], "seconds": round(result["execution_time"], 2)}
            for result in models[:count]]


def _phase_seconds(report: str, pattern: str) -> float | None:
    match = re.search(pattern, report)
    return float(match.group(1)) if match else None


def _production_build(paths: WarehousePaths, fresh: bool = True) -> dict:
    """`redflags build` in a fresh process, timed; fresh: from an empty warehouse."""
    if fresh:
        paths.db_path.unlink(missing_ok=True)
    shutil.rmtree(paths.published_dir, ignore_errors=True)
    command = [sys.executable, "-m", "redflags.cli", "build", "--landing", str(paths.landing_dir),
               "--db", str(paths.db_path), "--publish", str(paths.published_dir)]
    with tempfile.TemporaryFile(mode="w+") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=output, stderr=subprocess.STDOUT, text=True)
        # wait4: this build's own peak (the command and dbt's child, which it waits for), not the largest so far.
        _, status, usage = os.wait4(process.pid, 0)
        total = round(time.perf_counter() - started, 1)
        output.seek(0)
        report = output.read()
    succeeded = os.waitstatus_to_exitcode(status) == 0
    if not succeeded:
        print(report[-5000:])
    peak_gib = round(usage.ru_maxrss / 1024 / 1024, 2)
    dbt_seconds = _phase_seconds(report, r"dbt build (?:succeeded|FAILED) in ([\d.]+) s")
    validate_seconds = _phase_seconds(report, r"Great Expectations: .* in ([\d.]+) s")
    figures: dict = {
        "redflags_build_seconds": total,
        "succeeded": succeeded,
        "dbt_build": {"seconds": dbt_seconds, "peak_rss_gib": peak_gib,
                      "slowest_models": _slowest_models(PROJECT_DIR / "target" / "run_results.json")},
        "validate": {"seconds": validate_seconds},
        # None when a phase is missing from the report (a failed build).
        "rest_seconds": (round(total - dbt_seconds - validate_seconds, 1)
                         if dbt_seconds is not None and validate_seconds is not None else None),
    }
    print(f"redflags build: {total:.1f} s ({'ok' if succeeded else 'FAILED'}): dbt {dbt_seconds} s, "
          f"validation {validate_seconds} s, start-up, summary and publish {figures['rest_seconds']} s; "
          f"peak memory {peak_gib} GiB")
    for model in figures["dbt_build"]["slowest_models"]:
        print(f"  {model['seconds']:>7.2f} s  {model['model']}")
    return figures


def _daily_build(root: Path, landing_dir: Path) -> dict:
    """A copy of the landing zone without its last booking day is built, then that day lands and is built."""
    daily_root = root / "daily"
    shutil.rmtree(daily_root, ignore_errors=True)
    shutil.copytree(landing_dir, daily_root / "landing")
    paths = WarehousePaths(landing_dir=daily_root / "landing", db_path=daily_root / "redflags.duckdb",
                           truth_dir=root / "truth", publish_dir=daily_root / "published")
    last_day = split_last_booking_day(paths.landing_dir, daily_root / "day.parquet")
    print(f"daily: history without {last_day}")
    history = _production_build(paths)
    shutil.copy(daily_root / "day.parquet", paths.landing_dir / "transactions" / f"day-{last_day}.parquet")
    print(f"daily: {last_day} lands")
    one_day = _production_build(paths, fresh=False)
    return {"day": str(last_day), "history_build_seconds": history["redflags_build_seconds"], **one_day}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=("tiny", "demo", "large", "xl"), default="demo")
    parser.add_argument("--workdir", default=str(PROJECT_DIR / "data" / "benchmark"))
    parser.add_argument("--skip-generate", action="store_true", help="reuse the landing zone already in --workdir")
    parser.add_argument("--daily", action="store_true",
                        help="also build the landing zone without its last booking day, then that day incrementally")
    args = parser.parse_args()

    root = Path(args.workdir) / args.scale
    paths = WarehousePaths(landing_dir=root / "landing", db_path=root / "redflags.duckdb", truth_dir=root / "truth",
                           publish_dir=root / "published")
    results: dict = {"scale": args.scale, "machine": platform.platform(), "cpus": os.cpu_count(),
                     # profiles.yml reads it (default 4GB): DuckDB spills beyond it.
                     "memory_limit": os.environ.get("REDFLAGS_MEMORY_LIMIT", "4GB")}

    if not args.skip_generate:
        counts, seconds = _timed("generate", lambda: generate(paths.landing_dir, paths.truth_dir, seed=42, scale=args.scale))
        results["generate"] = {
            "seconds": seconds,
            "rows": sum(counts.values()),
            "transactions": counts.get("transactions"),
            "rows_per_second": round(sum(counts.values()) / seconds),
        }
        print(f"  {sum(counts.values()):,} rows ({results['generate']['rows_per_second']:,} rows/s)")

    results.update(_production_build(paths))
    if args.daily:
        results["daily"] = _daily_build(root, paths.landing_dir)

    out = PROJECT_DIR / "benchmarks" / "results" / f"{args.scale}.json"
    if args.skip_generate and out.is_file() and "generate" in json.loads(out.read_text()):
        # The landing zone is the one generated earlier: keep that run's figures.
        results["generate"] = json.loads(out.read_text())["generate"]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {out}")


if __name__ == "__main__":
    main()
