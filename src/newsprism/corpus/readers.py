"""Read user files into a raw table of strings, turning every failure into a located DataError.

Supported inputs: CSV/TSV (also ``.gz``), JSON Lines (``.jsonl``/``.ndjson``, also ``.gz``),
Parquet, and a folder of ``.txt`` files (one story per file; files in sub-folders get the
sub-folder name as ``topic``). Each returned table has a ``_row`` column: the 1-based line of
the record in the file (CSV: assuming no line breaks inside fields), or the file name for
``.txt`` folders, so rejects and errors can point back at the source.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("id,text\\n1,hello\\n")
    >>> read_table(folder / "a.csv")[["_row", "id", "text"]].values.tolist()
    [[2, '1', 'hello']]
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from pathlib import Path

import pandas as pd

from newsprism.errors import DataError

FORMATS = {
    ".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".parquet": "parquet", ".pq": "parquet",
}


def detect_format(path: Path) -> str:
    """``csv``, ``tsv``, ``jsonl``, ``parquet`` or ``txt_folder``; DataError otherwise."""
    if path.is_dir():
        return "txt_folder"
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in FORMATS:
        return FORMATS[suffixes[-1]]
    if suffixes and suffixes[-1] == ".txt":
        return "txt_file"
    raise DataError(
        f"unknown format {''.join(path.suffixes) or '(no extension)'}; expected .csv, .tsv, "
        ".jsonl, .ndjson, .parquet (optionally .gz) or a folder of .txt files",
        path=path,
    )


def decode(data: bytes, path, *, encoding_errors: str = "strict") -> tuple[str, int]:
    """UTF-8 text of ``data`` (BOM stripped) and how many bytes had to be replaced.

    Undecodable bytes raise a DataError naming the line, unless
    ``encoding_errors="replace"``, which substitutes U+FFFD and counts them.
    """
    try:
        return data.decode("utf-8-sig"), 0
    except UnicodeDecodeError as exc:
        if encoding_errors == "replace":
            text = data.decode("utf-8-sig", errors="replace")
            return text, text.count("\ufffd") - data.decode("utf-8-sig", "ignore").count("\ufffd")
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid UTF-8; "
            "re-save the file as UTF-8 or pass encoding_errors='replace' "
            "(CLI: --encoding-errors replace)",
            path=path, row=line,
        ) from None


def _read_bytes(path: Path) -> bytes:
    try:
        if path.suffix.lower() == ".gz":
            with gzip.open(path, "rb") as fh:
                return fh.read()
        return path.read_bytes()
    except (OSError, EOFError) as exc:
        raise DataError(f"cannot read file: {exc}", path=path) from None


def read_table(path, *, encoding_errors: str = "strict") -> pd.DataFrame:
    """Read ``path`` into a DataFrame of strings plus ``_row`` (see module docstring)."""
    path = Path(path)
    if not path.exists():
        raise DataError("no such file or folder", path=path)
    fmt = detect_format(path)
    if fmt == "txt_folder":
        return read_txt_folder(path, encoding_errors=encoding_errors)
    if fmt == "parquet":
        return _read_parquet(path)
    data = _read_bytes(path)
    if not data.strip():
        raise DataError("file is empty", path=path)
    text, _ = decode(data, path, encoding_errors=encoding_errors)
    if fmt == "txt_file":
        return _txt_rows([(path, text)], root=path.parent)
    if fmt == "jsonl":
        if path.name.lower().endswith((".json", ".json.gz")) and text.lstrip().startswith("["):
            return _read_json_array(text, path)
        return _read_jsonl(text, path)
    return _read_csv(text, path, sep="\t" if fmt == "tsv" else _sniff_separator(text))


def _sniff_separator(text: str) -> str:
    """``,`` unless the header line clearly uses ``;``, tab or ``|`` (European/Excel exports)."""
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts[","] else ","


def _read_json_array(text: str, path: Path) -> pd.DataFrame:
    """A ``.json`` file holding one array of objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON ({exc.msg})", path=path, row=exc.lineno) from None
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        raise DataError("expected a JSON array of objects (or one object per line)", path=path)
    if not data:
        raise DataError("file is empty", path=path)
    df = pd.DataFrame.from_records(data)
    for col in df.columns:
        df[col] = df[col].map(_as_str).astype(object)
    df.insert(0, "_row", range(1, len(df) + 1))
    return df


def _read_csv(text: str, path: Path, *, sep: str) -> pd.DataFrame:
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                         on_bad_lines="error", quoting=csv.QUOTE_MINIMAL)
    except pd.errors.EmptyDataError:
        raise DataError("file is empty", path=path) from None
    except pd.errors.ParserError as exc:
        msg = str(exc)
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", msg)
        if m:
            raise DataError(f"malformed CSV row: expected {m[1]} fields, found {m[3]} "
                            "(an unquoted separator or quote inside a field?)",
                            path=path, row=int(m[2])) from None
        m = re.search(r"EOF inside string starting at row (\d+)", msg)
        if m:
            raise DataError("malformed CSV: a quoted field is never closed",
                            path=path, row=int(m[1]) + 1) from None
        raise DataError(f"malformed CSV: {msg.replace('Error tokenizing data. C error: ', '')}",
                        path=path) from None
    if df.empty:
        raise DataError("file has a header but no rows", path=path)
    if any(str(c).startswith("Unnamed: ") for c in df.columns) and not str(df.columns[0]).startswith("Unnamed"):
        raise DataError("header has an empty column name", path=path, row=1)
    df.insert(0, "_row", range(2, len(df) + 2))
    return df


def _read_jsonl(text: str, path: Path) -> pd.DataFrame:
    records, rows = [], []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"not valid JSON ({exc.msg} at character {exc.pos + 1})",
                            path=path, row=lineno) from None
        if not isinstance(obj, dict):
            raise DataError(f"expected a JSON object per line, found {type(obj).__name__}",
                            path=path, row=lineno)
        records.append(obj)
        rows.append(lineno)
    if not records:
        raise DataError("file is empty", path=path)
    df = pd.DataFrame.from_records(records)
    # keep strings as strings; nested values (lists of authors) become their JSON text
    for col in df.columns:
        df[col] = df[col].map(_as_str).astype(object)
    df.insert(0, "_row", rows)
    return df


def _as_str(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many types; all mean "not a usable Parquet file"
        raise DataError(f"not a readable Parquet file ({type(exc).__name__}: {exc})", path=path) from None
    if df.empty:
        raise DataError("file has no rows", path=path)
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[col]):
            out[col] = df[col]
        else:
            out[col] = df[col].map(_as_str).astype(object)
    out.insert(0, "_row", range(1, len(out) + 1))
    return out.reset_index(drop=True)


def read_txt_folder(folder, *, encoding_errors: str = "strict") -> pd.DataFrame:
    """One row per ``.txt`` file under ``folder`` (sorted; sub-folder name → ``topic``)."""
    folder = Path(folder)
    files = sorted(p for p in folder.rglob("*.txt") if p.is_file())
    if not files:
        raise DataError("folder holds no .txt files", path=folder)
    items = []
    for f in files:
        data = f.read_bytes()
        text, _ = decode(data, f, encoding_errors=encoding_errors)
        items.append((f, text))
    return _txt_rows(items, root=folder)


def _txt_rows(items, *, root: Path) -> pd.DataFrame:
    from newsprism.corpus.dateline import parse_dateline

    rows = []
    for f, text in items:
        rel = f.relative_to(root)
        title, body = "", text
        # "Title\n\nBody": a short first line followed by a blank line is the headline
        head, sep, rest = text.lstrip().partition("\n")
        if sep and len(head) <= 200 and rest.startswith(("\n", "\r\n")) and parse_dateline(text) is None:
            title, body = head.strip(), rest
        rows.append({
            "_row": str(rel),
            "id": f.stem if len(rel.parts) == 1 else "-".join((*rel.parts[:-1], f.stem)),
            "title": title,
            "text": body,
            "topic": rel.parts[-2] if len(rel.parts) > 1 else "",
        })
    df = pd.DataFrame(rows)
    for col in ("topic", "title"):
        if not (df[col] != "").any():
            df = df.drop(columns=col)
    return df
