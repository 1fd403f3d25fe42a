"""What the landing zone holds, file by file, before DuckDB parses anything.

SQL cannot list a folder without glob patterns (a folder named `landing [2025]`
is a pattern to DuckDB), cannot tell a zero-byte file from a header-only one,
and cannot decode Windows-1252 (DuckDB's own readers know UTF-8, UTF-16 and a
Latin-1 that refuses the bytes 0x80-0x9F where Windows puts the euro sign and
typographic quotes). This module does those file-level jobs and nothing else:
it never looks at a data row. The dbt on-run-start macro
`register_landing_tables` calls it through the DuckDB functions that
`redflags.dbt_plugin` registers, and DuckDB then parses every file.

Per CSV file it records what the parser needs: the delimiter (the one of
`,` `;` tab `|` the header line uses most), the line ending, whether the file
is empty (zero bytes, a byte-order mark only, or a header only) and the header's
column names. Encoding is decided in SQL from DuckDB's own UTF-8 check; a file
that is not UTF-8 is transcoded here, whole and streaming, into a UTF-8 copy.

It also lists what the warehouse does not read (not_read): a file in a table
folder that is neither .parquet nor .csv (a .tsv, a .txt, a .csv.gz), a folder
inside a table folder, and a file or folder in the landing directory that is
not one of the contract's tables (a `Transactions` or `transaction` folder).
Each is recorded with the reason, so that a partner's delivery is never
dropped without a word.
"""
from __future__ import annotations

import codecs
import difflib
import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

DELIMITERS = (",", ";", "\t", "|")
BOM = codecs.BOM_UTF8
# Windows-1252 leaves five bytes undefined; a file using them is read as Latin-1.
FALLBACK_ENCODINGS = ("windows-1252", "latin-1")
_CHUNK = 1 << 20


@dataclass
class LandingFile:
    path: str
    file_format: str  # parquet | csv
    size_bytes: int
    # Size and modification time: a file replaced under the same name is staged again.
    fingerprint: str = ""
    is_empty: bool = False
    empty_reason: str | None = None
    delimiter: str | None = None
    line_ending: str | None = None
    header: list[str] = field(default_factory=list)


@dataclass
class LandingTable:
    name: str
    folder: str
    folder_exists: bool
    files: list[LandingFile] = field(default_factory=list)


@dataclass
class EntryNotRead:
    """A file or folder in the landing directory that the warehouse does not read, and why."""

    table_name: str | None  # the table folder it is in; None in the landing directory itself
    path: str
    entry_type: str  # file | folder
    # Hadoop and Spark write markers and checksums beside their data (_SUCCESS, .part-0.crc):
    # names starting with '_' or '.' are expected there and hold no rows.
    is_hidden: bool
    size_bytes: int | None
    reason: str


COMPRESSED_SUFFIXES = (".gz", ".zip", ".bz2", ".xz", ".zst", ".7z")


class LandingDirectoryError(ValueError):
    """The landing directory cannot be a landing zone: nothing may be built from it."""


def resolve_landing_dir(landing_dir: str, base_dir: str | None) -> Path:
    """A relative landing directory is relative to the dbt project, never to the shell's folder."""
    path = Path(landing_dir).expanduser()
    if not path.is_absolute():
        path = Path(base_dir or os.getcwd()) / path
    return path.resolve()


def inventory(landing_dir: str, table_names: list[str], base_dir: str | None = None) -> list[LandingTable]:
    """Every Parquet and CSV file of every table folder, sorted by name.

    Raises LandingDirectoryError when the directory does not exist or holds
    none of the tables' folders: an empty warehouse built from a mistyped path
    would look like a quiet one.
    """
    root = resolve_landing_dir(landing_dir, base_dir)
    if not root.is_dir():
        raise LandingDirectoryError(
            f"landing directory {root} does not exist (set REDFLAGS_LANDING_DIR or --landing to the folder "
            f"that holds one folder per table: {', '.join(table_names[:3])}, ...)"
        )
    tables = []
    for name in table_names:
        folder = root / name
        table = LandingTable(name=name, folder=str(folder), folder_exists=folder.is_dir())
        table.files = [_describe(Path(entry.path), _extract_format(entry))
                       for entry in _sorted_entries(folder) if _extract_format(entry)]
        tables.append(table)
    if not any(table.folder_exists for table in tables):
        raise LandingDirectoryError(
            f"landing directory {root} holds no table folder (expected folders named like the contract's "
            f"tables: {', '.join(table_names)}); refusing to build an empty warehouse from it"
        )
    return tables


def not_read(landing_dir: str, table_names: list[str], base_dir: str | None = None) -> list[EntryNotRead]:
    """Every entry of the landing directory and its table folders that inventory() does not read, sorted."""
    root = resolve_landing_dir(landing_dir, base_dir)
    entries = []
    for entry in _sorted_entries(root):
        if entry.is_dir() and entry.name in table_names:
            entries += [_entry_not_read(inner, entry.name, _reason_in_table_folder(inner))
                        for inner in _sorted_entries(Path(entry.path)) if not _extract_format(inner)]
        else:
            entries.append(_entry_not_read(entry, None, _reason_in_landing_dir(entry, table_names)))
    return entries


def _extract_format(entry: os.DirEntry) -> str | None:
    """'parquet' or 'csv' for a file the warehouse reads (the contract's two extract formats), else None."""
    suffix = Path(entry.name).suffix.lower()
    return suffix[1:] if entry.is_file() and suffix in (".parquet", ".csv") else None


def _sorted_entries(folder: Path) -> list[os.DirEntry]:
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda e: e.name)


def _entry_not_read(entry: os.DirEntry, table_name: str | None, reason: str) -> EntryNotRead:
    is_file = entry.is_file()
    return EntryNotRead(
        table_name=table_name, path=entry.path, entry_type="file" if is_file else "folder",
        is_hidden=entry.name.startswith((".", "_")), size_bytes=entry.stat().st_size if is_file else None,
        reason=reason,
    )


def _reason_in_table_folder(entry: os.DirEntry) -> str:
    if not entry.is_file():
        return "a folder inside the table's folder: only the files directly in the table's folder are read"
    if entry.name.lower().endswith(COMPRESSED_SUFFIXES):
        return "a compressed file: the warehouse reads .parquet and .csv files; unpack it into the table's folder"
    return ("neither .parquet nor .csv: the warehouse reads only those two extract formats "
            "(a delimited text file named .tsv or .txt is read once it is named .csv)")


def _reason_in_landing_dir(entry: os.DirEntry, table_names: list[str]) -> str:
    if entry.is_file():
        return "a file in the landing directory itself: files are read from the table folders only"
    reason = "a folder that is not one of the contract's tables"
    close = difflib.get_close_matches(entry.name.lower().strip(), table_names, n=1, cutoff=0.8)
    return reason + (f" (is it {close[0]}?)" if close else "")


def _describe(path: Path, file_format: str) -> LandingFile:
    stat = path.stat()
    size = stat.st_size
    described = LandingFile(path=str(path), file_format=file_format, size_bytes=size,
                            fingerprint=f"{size}:{stat.st_mtime_ns}")
    if file_format != "csv":
        return described
    header_bytes = _first_line(path)
    body = header_bytes[len(BOM):] if header_bytes.startswith(BOM) else header_bytes
    if size == 0:
        return _empty(described, "zero bytes")
    if not body.strip():
        return _empty(described, "byte-order mark only" if header_bytes.startswith(BOM) else "blank")
    header_text = _decode(body.rstrip(b"\r\n"))
    described.line_ending = "\r\n" if body.endswith(b"\r\n") else "\n"
    described.delimiter = max(DELIMITERS, key=header_text.count)
    described.header = [_column_name(name) for name in header_text.split(described.delimiter)]
    if not _has_data_after_header(path, len(header_bytes)):
        return _empty(described, "header only")
    return described


def _empty(described: LandingFile, reason: str) -> LandingFile:
    described.is_empty = True
    described.empty_reason = reason
    return described


def _first_line(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.readline()


def _has_data_after_header(path: Path, header_length: int) -> bool:
    with path.open("rb") as handle:
        handle.seek(header_length)
        while chunk := handle.read(_CHUNK):
            if chunk.strip():
                return True
    return False


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8", *FALLBACK_ENCODINGS):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")


def _column_name(raw: str) -> str:
    """Header names are case-insensitive and may be quoted."""
    name = raw.strip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = name[1:-1].replace('""', '"')
    return name.strip().lower()


def transcode_to_utf8(path: str, work_dir: str) -> tuple[str, str]:
    """A UTF-8 copy of a file that is not UTF-8, and the encoding it was read with.

    The copy lives in work_dir under a name derived from the path, size and
    modification time, so a file that has not changed is transcoded once.
    """
    source = Path(path)
    encoding = _fallback_encoding(source)
    stat = source.stat()
    digest = hashlib.sha256(f"{source}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:24]
    target = Path(work_dir) / f"{digest}.utf8.csv"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        with source.open("r", encoding=encoding, newline="") as reader, partial.open("w", encoding="utf-8", newline="") as writer:
            shutil.copyfileobj(reader, writer, _CHUNK)
        os.replace(partial, target)
    return str(target), encoding


def _fallback_encoding(source: Path) -> str:
    decoder = codecs.getincrementaldecoder(FALLBACK_ENCODINGS[0])()
    try:
        with source.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return FALLBACK_ENCODINGS[0]
    except UnicodeDecodeError:
        return FALLBACK_ENCODINGS[1]


def csv_tail(path: str, after_line: int, work_dir: str) -> str:
    """A copy of a CSV file holding its header line and every line after `after_line` (1-based).

    DuckDB reads an unterminated quote to the end of the file as one value;
    the warehouse rejects that line alone and reads the rest from this copy.
    """
    source = Path(path)
    digest = hashlib.sha256(f"{source}|tail|{after_line}".encode()).hexdigest()[:24]
    target = Path(work_dir) / f"{digest}.tail.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as reader, target.open("wb") as writer:
        writer.write(reader.readline())
        for _ in range(after_line - 1):
            if not reader.readline():
                break
        shutil.copyfileobj(reader, writer, _CHUNK)
    return str(target)


def csv_head(path: str, before_line: int, work_dir: str) -> str:
    """A copy of a CSV file holding its lines before `before_line` (1-based; the header is line 1)."""
    source = Path(path)
    digest = hashlib.sha256(f"{source}|head|{before_line}".encode()).hexdigest()[:24]
    target = Path(work_dir) / f"{digest}.head.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as reader, target.open("wb") as writer:
        for _ in range(before_line - 1):
            line = reader.readline()
            if not line:
                break
            writer.write(line)
    return str(target)


def inventory_json(landing_dir: str, table_names_json: str, base_dir: str | None) -> str:
    """inventory() and not_read() as JSON for the dbt macro: {"error": null | text, "tables": [...], "not_read": [...]}."""
    table_names = json.loads(table_names_json)
    try:
        tables = inventory(landing_dir, table_names, base_dir)
    except LandingDirectoryError as error:
        return json.dumps({"error": str(error), "tables": [], "not_read": []})
    return json.dumps({"error": None, "tables": [asdict(table) for table in tables],
                       "not_read": [asdict(entry) for entry in not_read(landing_dir, table_names, base_dir)]})


# --- Spark: the listing step runs before dbt --------------------------------------------------
# Spark SQL can neither list a folder nor call Python from a dbt macro, so for the Spark
# target the CLI (`redflags build --target spark`, `redflags landing-inventory`) writes the
# inventory to a JSON file before dbt starts, and the macro spark__register_landing_tables
# reads that file through Spark. Per file it adds what DuckDB finds out in SQL: a CSV
# file's encoding (a file that is not UTF-8 is read from a UTF-8 copy, as on DuckDB) and a
# Parquet file's columns and row count (from its footer).

# 2: not_read added; the macro refuses another version's file.
INVENTORY_VERSION = 2


def utf8_check(path: str | os.PathLike[str]) -> tuple[bool, bool]:
    """(has undecodable bytes, has valid non-ASCII characters) of a file read as UTF-8, streaming."""
    undecodable = 0

    def count(error: UnicodeDecodeError) -> tuple[str, int]:
        nonlocal undecodable
        undecodable += 1
        return "", error.end

    handler = "redflags_count_undecodable"
    codecs.register_error(handler, count)
    decoder = codecs.getincrementaldecoder("utf-8")(errors=handler)
    non_ascii = False
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            text = decoder.decode(chunk)
            non_ascii = non_ascii or not text.isascii()
        non_ascii = non_ascii or not decoder.decode(b"", final=True).isascii()
    return undecodable > 0, non_ascii


def _parquet_footer(path: str) -> dict:
    import pyarrow.parquet as pq

    metadata = pq.read_metadata(path)
    schema = metadata.schema.to_arrow_schema()
    return {
        "columns": [{"name": field.name, "type": str(field.type)} for field in schema],
        "rows_in_file": metadata.num_rows,
    }


def spark_inventory(landing_dir: str, table_names: list[str], base_dir: str | None, work_dir: str) -> dict:
    """inventory() with what the Spark macro needs per file, and not_read():
    {"error", "landing_dir", "tables": [...], "not_read": [...]}.

    CSV files: encoding (UTF-8; windows-1252 or latin-1 for a file with undecodable bytes
    and no valid non-ASCII character, read from a UTF-8 copy in work_dir, the rule DuckDB
    applies), read_path (the file Spark parses) and has_undecodable_lines (a UTF-8 file
    with some undecodable bytes: Spark reads them as U+FFFD and the macro rejects those
    records as unreadable). Parquet files: columns (name, Arrow type) and rows_in_file.
    """
    try:
        tables = inventory(landing_dir, table_names, base_dir)
    except LandingDirectoryError as error:
        return {"version": INVENTORY_VERSION, "error": str(error), "landing_dir": None, "tables": [], "not_read": []}
    described = []
    for table in tables:
        entry = asdict(table)
        for file in entry["files"]:
            if file["file_format"] == "parquet":
                file.update(_parquet_footer(file["path"]))
            elif not file["is_empty"]:
                undecodable, non_ascii = utf8_check(file["path"])
                file.update(encoding="UTF-8", read_path=file["path"], has_undecodable_lines=undecodable and non_ascii)
                if undecodable and not non_ascii:
                    copy, encoding = transcode_to_utf8(file["path"], work_dir)
                    file.update(encoding=encoding, read_path=copy)
        described.append(entry)
    return {
        "version": INVENTORY_VERSION,
        "error": None,
        "landing_dir": str(resolve_landing_dir(landing_dir, base_dir)),
        "tables": described,
        "not_read": [asdict(entry) for entry in not_read(landing_dir, table_names, base_dir)],
    }


def write_spark_inventory(landing_dir: str, table_names: list[str], base_dir: str | None,
                          work_dir: str | os.PathLike[str], out_path: str | os.PathLike[str]) -> dict:
    """Write spark_inventory() as one line of JSON (Spark reads it with its text source), atomically."""
    document = spark_inventory(landing_dir, table_names, base_dir, str(work_dir))
    target = Path(out_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(json.dumps(document, ensure_ascii=True) + "\n", encoding="utf-8")
    os.replace(partial, target)
    return document
