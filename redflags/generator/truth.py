"""Ground truth and generation manifests written next to (never inside) the landing data."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

TRUTH_COLUMNS = ["entity_type", "entity_id", "scenario_id", "scenario", "role", "expected_indicators"]


def truth_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=TRUTH_COLUMNS)
    # one row per (entity, scenario instance): merge indicator lists if an entity was recorded twice
    df = (df.groupby(["entity_type", "entity_id", "scenario_id", "scenario", "role"], sort=False, as_index=False)
            ["expected_indicators"].agg(lambda s: ",".join(sorted({i for v in s for i in v.split(",") if i}))))
    return df[TRUTH_COLUMNS].sort_values(["scenario_id", "entity_type", "entity_id"], kind="stable").reset_index(drop=True)


def write_truth(truth_dir: Path, df: pd.DataFrame, fmt: str) -> Path:
    return write_truth_table(truth_dir, "truth_entities", pa.Table.from_pandas(df.astype(str), preserve_index=False), fmt)


def write_background_groups(truth_dir: Path, table: pa.Table, fmt: str) -> Path:
    """truth_dir/background_groups.<fmt>: the benign group of every background entity (benign_groups.groups_table)."""
    return write_truth_table(truth_dir, "background_groups", table, fmt)


def write_truth_table(truth_dir: Path, name: str, table: pa.Table, fmt: str) -> Path:
    """truth_dir/<name>.<fmt>, replacing the file of a previous run in either format."""
    truth_dir.mkdir(parents=True, exist_ok=True)
    for old in truth_dir.glob(f"{name}.*"):
        old.unlink()
    path = truth_dir / f"{name}.{fmt}"
    if fmt == "parquet":
        pq.write_table(table, path)
    else:
        pacsv.write_csv(table, path)
    return path


def write_csv(path: Path, df: pd.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, lineterminator="\n")
