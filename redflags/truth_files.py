"""The one reader of the ground-truth tables the generator writes (truth_entities,
identifier_owners, background_groups): Parquet, or CSV read as text."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd


def read_truth_table(truth_dir: Path, name: str, columns: Sequence[str]) -> pd.DataFrame:
    """<name>.parquet (or .csv, read as text with empty cells as '') from truth_dir, just the given columns."""
    truth_dir = Path(truth_dir)
    parquet, csv = truth_dir / f"{name}.parquet", truth_dir / f"{name}.csv"
    if parquet.is_file():
        frame = pd.read_parquet(parquet)
    elif csv.is_file():
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    else:
        raise FileNotFoundError(f"no {name}.parquet or {name}.csv in {truth_dir}")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"ground truth {truth_dir / name} lacks columns: {', '.join(missing)}")
    return frame[list(columns)]
