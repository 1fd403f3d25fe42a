"""Measure generator throughput and `dbt build` wall time and peak memory.

    .venv/bin/python benchmarks/benchmark.py --scale demo
    .venv/bin/python benchmarks/benchmark.py --scale large --skip-generate

Writes benchmarks/results/<scale>.json and prints the figures. Peak memory is
the largest resident set of the child process that ran dbt (getrusage).
A benchmark, not a test: it asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import time
from pathlib import Path

from redflags.dbt_runner import run_dbt
from redflags.generator import generate
from redflags.paths import PROJECT_DIR, WarehousePaths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=("tiny", "demo", "large"), default="demo")
    parser.add_argument("--workdir", default=str(PROJECT_DIR / "data" / "benchmark"))
    parser.add_argument("--skip-generate", action="store_true", help="reuse the landing zone already in --workdir")
    args = parser.parse_args()

    root = Path(args.workdir) / args.scale
    paths = WarehousePaths(landing_dir=root / "landing", db_path=root / "redflags.duckdb", truth_dir=root / "truth")
    results: dict = {"scale": args.scale, "machine": platform.platform(), "cpus": __import__("os").cpu_count()}

    if not args.skip_generate:
        started = time.perf_counter()
        counts = generate(paths.landing_dir, paths.truth_dir, seed=42, scale=args.scale)
        seconds = time.perf_counter() - started
        results["generate"] = {
            "seconds": round(seconds, 2),
            "rows": sum(counts.values()),
            "transactions": counts.get("transactions"),
            "rows_per_second": round(sum(counts.values()) / seconds),
        }
        print(f"generate: {sum(counts.values()):,} rows in {seconds:.1f} s ({results['generate']['rows_per_second']:,} rows/s)")

    if paths.db_path.exists():
        paths.db_path.unlink()
    started = time.perf_counter()
    succeeded = run_dbt(["build"], paths)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    results["dbt_build"] = {"succeeded": succeeded, "seconds": round(seconds, 1), "peak_rss_gib": round(peak_kib / 1024 / 1024, 2)}
    print(f"dbt build: {'ok' if succeeded else 'FAILED'} in {seconds:.1f} s, peak RSS {results['dbt_build']['peak_rss_gib']} GiB")

    out = PROJECT_DIR / "benchmarks" / "results" / f"{args.scale}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {out}")


if __name__ == "__main__":
    main()
