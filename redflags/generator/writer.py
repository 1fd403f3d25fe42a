"""Turn collected frames into typed Arrow tables and write them as Parquet or CSV files."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from . import schema


def _column(values, typ: pa.DataType, n: int) -> pa.Array:
    if values is None:
        return pa.nulls(n, type=typ)
    if isinstance(values, pd.Series):
        values = values.to_numpy(dtype=object) if values.dtype == object or str(values.dtype) == "str" else values.to_numpy()
    if pa.types.is_timestamp(typ) or pa.types.is_date32(typ):
        if isinstance(values, np.ndarray) and values.dtype.kind == "M":
            unit = "us" if pa.types.is_timestamp(typ) else "D"
            arr = values.astype(f"datetime64[{unit}]")
            mask = np.isnat(arr)
            return pa.array(arr, type=typ, mask=mask if mask.any() else None)
        return pa.array(list(values), type=typ, from_pandas=True)
    if pa.types.is_floating(typ):
        arr = pa.array(values, from_pandas=True)
        if not pa.types.is_floating(arr.type):
            arr = arr.cast(pa.float64()) if len(arr) else pa.array([], pa.float64())
        return pc.round(arr, 2)
    return pa.array(values, type=typ, from_pandas=True)


def to_arrow(table: str, frame: pd.DataFrame | dict) -> pa.Table:
    """Contract columns in contract order, typed; columns the frame lacks are null."""
    sch = schema.arrow_schema(table)
    n = len(frame) if isinstance(frame, pd.DataFrame) else len(next(iter(frame.values())))
    cols = [_column(frame[f.name] if f.name in frame else None, f.type, n) for f in sch]
    return pa.Table.from_arrays(cols, schema=sch)


def as_text(t: pa.Table) -> pa.Table:
    """Everything as strings the way a CSV partner would write it."""
    cols = []
    for f, col in zip(t.schema, t.columns):
        if pa.types.is_timestamp(f.type):
            col = pc.strftime(pc.cast(col, pa.timestamp("s")), format="%Y-%m-%d %H:%M:%S")
        elif pa.types.is_boolean(f.type):
            col = pc.if_else(col, "true", "false")
        elif pa.types.is_floating(f.type):
            col = pc.cast(col, pa.string())
        else:
            col = pc.cast(col, pa.string())
        cols.append(col)
    return pa.Table.from_arrays(cols, names=t.column_names)


def write_table(path: Path, t: pa.Table, fmt: str) -> None:
    if fmt == "parquet":
        pq.write_table(t, path, compression="zstd", write_statistics=True)
    else:
        pacsv.write_csv(as_text(t), path)


def reset_dir(d: Path) -> None:
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)


def write_parts(out_dir: Path, table: str, parts: list[pa.Table], fmt: str) -> list[str]:
    """One file per part: part-0.<fmt>, part-1.<fmt>, ... Returns the basenames."""
    d = out_dir / table
    reset_dir(d)
    names = []
    for i, t in enumerate(parts):
        name = f"part-{i}.{fmt}"
        write_table(d / name, t, fmt)
        names.append(name)
    return names
