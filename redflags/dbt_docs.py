"""dbt's documentation site as one file: `dbt docs generate --static`.

`dbt docs generate` compiles the project and reads the warehouse's catalog
(column types, row counts); `--static` (dbt-core 1.7 and newer) also writes
static_index.html, the site with the manifest and the catalog inside it, which
opens from disk in any browser without `dbt docs serve`. It is copied to
<out>/index.html. dbt's run-start hook registers the landing zone (as for a
build), so the command needs the landing directory and the working database,
and runs after a build, not during one (DuckDB allows one writer).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from redflags.dbt_runner import run_dbt
from redflags.paths import WarehousePaths

STATIC_PAGE = "static_index.html"


def write_static_docs(paths: WarehousePaths, out_dir: Path) -> Path:
    """Generate the static site into a scratch target folder and move its page to out_dir/index.html."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".dbt_docs_", dir=out_dir) as scratch:
        target = Path(scratch) / "target"
        if not run_dbt(["docs", "generate", "--static", "--target-path", str(target),
                        "--log-path", str(Path(scratch) / "logs")], paths):
            raise RuntimeError("dbt docs generate failed (see dbt's messages above)")
        page = target / STATIC_PAGE
        if not page.is_file():
            raise RuntimeError(f"dbt docs generate --static wrote no {STATIC_PAGE} in {target}")
        index = out_dir / "index.html"
        partial = out_dir / f".index.html.{os.getpid()}.partial"
        shutil.copyfile(page, partial)
        os.replace(partial, index)  # a reader never opens half a page
    return index
