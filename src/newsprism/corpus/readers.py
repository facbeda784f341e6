"""Read user files into a raw table of strings, turning every failure into a located DataError.

Supported inputs: CSV/TSV, JSON Lines (``.jsonl``/``.ndjson``), JSON (``.json``: one array of
objects, or one object per line), Parquet — each optionally gzipped (``.gz``) — and a
folder of ``.txt`` files (one story per file, any letter case: ``a.txt``, ``B.TXT``; files in
sub-folders get the sub-folder name as ``topic``). Text files are UTF-8; a UTF-16 file with
its byte-order mark is decoded too.

Each returned table has a ``_row`` column pointing back at the source: the physical line
on which the record starts (CSV, also when quoted fields span several lines; JSON Lines),
the position in a JSON array or Parquet file, or the file's path relative to a ``.txt``
folder. A reader marks rows it could not use as text (a non-``.txt`` file in a ``.txt``
folder) in ``_reject``, so ingestion counts them as rejected instead of dropping them.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text('id,text\\n1,"two\\nlines"\\n2,x\\n')
    >>> read_table(folder / "a.csv")[["_row", "id", "text"]].values.tolist()
    [[2, '1', 'two\\nlines'], [4, '2', 'x']]
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import zlib
from collections import Counter
from pathlib import Path

import pandas as pd

from newsprism.errors import DataError

FORMATS = {
    ".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".parquet": "parquet", ".pq": "parquet",
}
_TOO_DEEP = ("JSON nested too deeply to read (arrays or objects inside each other thousands "
             "of levels deep)")
_SURROGATE = re.compile("[\ud800-\udfff]")
# byte-order marks, longest first (a UTF-32 LE mark starts with the UTF-16 LE one)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def detect_format(path: Path) -> str:
    """``csv``, ``tsv``, ``jsonl``, ``parquet``, ``txt_file`` or ``txt_folder``, else DataError."""
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
        ".json, .jsonl, .ndjson, .parquet (optionally .gz) or a folder of .txt files",
        path=path,
    )


def decode(data: bytes, path, *, encoding_errors: str = "strict") -> tuple[str, int]:
    """The text of ``data`` (UTF-8, or UTF-16/32 with a byte-order mark) and how many
    characters had to be replaced.

    Undecodable bytes raise a DataError naming the line, unless
    ``encoding_errors="replace"``, which substitutes U+FFFD and counts them.

    Example:
        >>> decode("id\\n".encode("utf-16"), "a.csv")
        ('id\\n', 0)
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            break
    else:
        encoding = "utf-8-sig"
        if _looks_like_utf16(data):
            raise DataError("the file looks like UTF-16 without a byte-order mark, which is not "
                            "supported; save it as UTF-8", path=path)
    try:
        return data.decode(encoding), 0
    except UnicodeDecodeError as exc:
        if encoding_errors == "replace":
            text = data.decode(encoding, errors="replace")
            return text, text.count("\ufffd") - data.decode(encoding, "ignore").count("\ufffd")
        name = ("UTF-8" if encoding == "utf-8-sig"
                else f"{encoding.upper()} (its byte-order mark says so)")
        line = data[: exc.start].count(b"\n") + 1 if encoding == "utf-8-sig" else None
        raise DataError(
            f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid {name}; "
            "re-save the file as UTF-8 or pass encoding_errors='replace' "
            "(CLI: --encoding-errors replace)",
            path=path, row=line,
        ) from None


def _looks_like_utf16(data: bytes) -> bool:
    """NUL bytes in every other position of the first kilobytes: UTF-16 text without a BOM."""
    head = data[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return False
    even, odd = head[0::2], head[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.3


def _read_bytes(path: Path) -> bytes:
    try:
        if path.suffix.lower() == ".gz":
            with gzip.open(path, "rb") as fh:
                return fh.read()
        return path.read_bytes()
    except (OSError, EOFError, zlib.error) as exc:  # zlib: a gzip header over broken data
        raise DataError(f"cannot read file: {exc}", path=path) from None


def read_table(path, *, encoding_errors: str = "strict") -> pd.DataFrame:
    """Read ``path`` into a DataFrame of strings plus ``_row`` (see module docstring)."""
    path = Path(path)
    if not path.exists():
        raise DataError("no such file or folder", path=path)
    fmt = detect_format(path)
    if fmt == "txt_folder":
        return read_txt_folder(path, encoding_errors=encoding_errors)
    data = _read_bytes(path)
    if fmt == "parquet":
        return _read_parquet(data, path)
    if not data.strip():
        raise DataError("file is empty", path=path)
    text, _ = decode(data, path, encoding_errors=encoding_errors)
    if fmt == "txt_file":
        return _txt_rows([(path, text)], root=path.parent)
    if fmt == "jsonl":
        if path.name.lower().endswith((".json", ".json.gz")):
            whole = _json_document(text, path)
            if whole is not None:
                return _json_records(whole, path, encoding_errors)
        return _read_jsonl(text, path, encoding_errors)
    return _read_csv(text, path, sep="\t" if fmt == "tsv" else _sniff_separator(text))


def _sniff_separator(text: str) -> str:
    """``,`` unless the header line clearly uses ``;``, tab or ``|`` (European/Excel exports)."""
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts[","] else ","


# --------------------------------------------------------------------------- JSON


def _loads(text: str, path: Path, row=None):
    """``json.loads`` of a whole file (``row`` None) or of the line ``row`` of a JSON Lines file."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        line, char = (exc.lineno, exc.colno) if row is None else (row, exc.pos + 1)
        raise DataError(f"not valid JSON ({exc.msg} at character {char})", path=path,
                        row=line) from None
    except RecursionError:
        raise DataError(_TOO_DEEP, path=path, row=row) from None


def _json_document(text: str, path: Path):
    """The parsed ``.json`` file when it is one JSON document, else None (JSON Lines)."""
    start = text.lstrip()[:1]
    if start == "[":
        return _loads(text, path)
    if start == "{":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return None  # several objects: one per line
        except RecursionError:
            raise DataError(_TOO_DEEP, path=path) from None
    return None


def _json_records(data, path: Path, encoding_errors: str) -> pd.DataFrame:
    """A ``.json`` document: an array of objects, or one object (one article)."""
    if isinstance(data, dict):
        _refuse_wrapped_array(data, path, row=1)
        data = [data]
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        raise DataError("expected a JSON array of objects (or one object per line)", path=path)
    if not data:
        raise DataError("file is empty", path=path)
    return _records_frame(data, list(range(1, len(data) + 1)), path, encoding_errors)


def _refuse_wrapped_array(obj: dict, path: Path, *, row) -> None:
    """One object holding the articles as a list (``{"articles": [...]}``): say so."""
    if any(isinstance(v, str) for v in obj.values()):
        return  # has text fields of its own: one article
    for key, value in obj.items():
        if isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            raise DataError(
                f"the file is one JSON object with keys {list(obj)[:10]}, not a list of "
                f"articles; the {len(value):,} articles seem to be the list under {key!r}: save "
                "that list as the file (a JSON array), or one article object per line (JSON Lines)",
                path=path, row=row)


def _read_jsonl(text: str, path: Path, encoding_errors: str) -> pd.DataFrame:
    records, rows = [], []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        obj = _loads(line, path, row=lineno)
        if not isinstance(obj, dict):
            raise DataError(f"expected a JSON object per line, found {type(obj).__name__}",
                            path=path, row=lineno)
        records.append(obj)
        rows.append(lineno)
    if not records:
        raise DataError("file is empty", path=path)
    if len(records) == 1:
        _refuse_wrapped_array(records[0], path, row=rows[0])
    return _records_frame(records, rows, path, encoding_errors)


def _records_frame(records: list[dict], rows: list, path: Path,
                   encoding_errors: str) -> pd.DataFrame:
    records = [_text_only(r, path, row, encoding_errors) for r, row in zip(records, rows)]
    df = pd.DataFrame.from_records(records)
    for col in df.columns:
        df[col] = df[col].map(_as_str).astype(object)
    df.insert(0, "_row", rows)
    return df


def _text_only(record: dict, path: Path, row, encoding_errors: str) -> dict:
    """The record with nested values as their JSON text, and no lone surrogates.

    JSON can escape half a character pair (``"\\ud800"``), which is no text and which no
    file can store: it is refused (naming row and field) or replaced with U+FFFD.
    """
    clean = {}
    for key, value in record.items():
        if isinstance(value, (list, dict)):  # lists of authors etc. become their JSON text
            try:
                value = json.dumps(value, ensure_ascii=False)
            except RecursionError:
                raise DataError(_TOO_DEEP, path=path, row=row, column=key) from None
        if isinstance(value, str) and _SURROGATE.search(value):
            if encoding_errors != "replace":
                char = _SURROGATE.search(value).group()
                raise DataError(
                    f"the JSON escape \\u{ord(char):04x} is half of a character pair (a lone "
                    "surrogate), not text; fix the export or pass encoding_errors='replace' "
                    "(CLI: --encoding-errors replace)", path=path, row=row, column=key)
            value = _SURROGATE.sub("\ufffd", value)
        clean[key] = value
    return clean


def _as_str(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# --------------------------------------------------------------------------- CSV


def _read_csv(text: str, path: Path, *, sep: str) -> pd.DataFrame:
    """CSV with ``_row`` = the physical line each record starts on (fields may span lines)."""
    records, starts = _csv_records(text, path, sep, strict=True)
    header, body, starts = records[0], records[1:], starts[1:]
    if not body:
        raise DataError("file has a header but no rows", path=path)
    columns = _csv_header(header, path)
    width = len(columns)
    for start, record in zip(starts, body):
        if len(record) > width:
            raise DataError(f"malformed CSV row: expected {width} fields, found {len(record)} "
                            "(an unquoted separator or quote inside a field?)",
                            path=path, row=start)
    # short records are padded with empty fields (as pandas does)
    df = pd.DataFrame([r + [""] * (width - len(r)) for r in body], columns=columns, dtype=object)
    df.insert(0, "_row", starts)
    return df


def _csv_records(text: str, path: Path, sep: str, *, strict: bool):
    """Non-blank records and the line each starts on; a lenient second pass for stray quotes."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=strict)
    records, starts, previous = [], [], 0
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a field can never exceed the file
    try:
        for record in reader:
            if record:
                records.append(record)
                starts.append(previous + 1)
            previous = reader.line_num
    except csv.Error as exc:
        if "unexpected end of data" in str(exc) or "EOF" in str(exc):
            raise DataError("malformed CSV: a quoted field is never closed",
                            path=path, row=previous + 1) from None
        if strict:  # text after a closing quote ("x"y): read it as pandas and Excel do
            return _csv_records(text, path, sep, strict=False)
        raise DataError(f"malformed CSV: {exc}", path=path, row=previous + 1) from None
    finally:
        csv.field_size_limit(limit)
    if not records:
        raise DataError("file is empty", path=path)
    return records, starts


def _csv_header(header: list[str], path: Path) -> list[str]:
    """Column names; a nameless first column (an exported index) becomes ``Unnamed: 0``."""
    if "" in header[1:] and header[0] != "":
        raise DataError("header has an empty column name", path=path, row=1,
                        column=f"#{header.index('', 1) + 1}")
    columns, seen = [], {}
    for i, name in enumerate(header):
        name = name or f"Unnamed: {i}"
        if name in seen:  # a repeated name gets a suffix, as pandas does: text, text.1
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        seen.setdefault(name, 0)
        columns.append(name)
    return columns


# --------------------------------------------------------------------------- Parquet


def _read_parquet(data: bytes, path: Path) -> pd.DataFrame:
    from pyarrow import ArrowException

    try:
        df = pd.read_parquet(io.BytesIO(data))
    except (ArrowException, OSError, ValueError) as exc:
        raise DataError(f"not a readable Parquet file ({type(exc).__name__}: {exc})",
                        path=path) from None
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


# --------------------------------------------------------------------------- .txt folders


def read_txt_folder(folder, *, encoding_errors: str = "strict") -> pd.DataFrame:
    """One row per file under ``folder`` (sorted by path; sub-folder name → ``topic``).

    ``.txt`` files (any letter case) are read; every other file becomes a row marked
    ``_reject = "not_txt"``, so it is counted as rejected. Hidden files and folders (names
    starting with ``.``) are left out.
    """
    folder = Path(folder)
    files = sorted((p for p in folder.rglob("*") if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(folder).parts)),
                   key=lambda p: p.relative_to(folder).as_posix())
    texts = [p for p in files if p.suffix.lower() == ".txt"]
    if not texts:
        others = f" (it holds {len(files)} other files)" if files else ""
        raise DataError(f"folder holds no .txt files{others}", path=folder)
    items = []
    for f in files:
        if f.suffix.lower() != ".txt":
            items.append((f, None))
            continue
        try:
            data = f.read_bytes()
        except OSError as exc:
            raise DataError(f"cannot read file: {exc.strerror}", path=f) from None
        items.append((f, decode(data, f, encoding_errors=encoding_errors)[0]))
    return _txt_rows(items, root=folder)


def _txt_rows(items, *, root: Path) -> pd.DataFrame:
    """Rows of ``(file, text)`` pairs; ``text`` None marks a file that is not a ``.txt`` file."""
    from newsprism.corpus.dateline import parse_dateline

    rels = [f.relative_to(root) for f, _ in items]
    # the id is the path without its extension: a/b.txt and a-b.txt stay apart; two files
    # differing only in the extension's case keep their full names
    ids = [rel.with_suffix("").as_posix() for rel in rels]
    clash = {i for i, n in Counter(ids).items() if n > 1}
    rows = []
    for (f, text), rel, doc_id in zip(items, rels, ids):
        row = {"_row": rel.as_posix(), "id": rel.as_posix() if doc_id in clash else doc_id,
               "title": "", "text": text or "",
               "topic": rel.parts[-2] if len(rel.parts) > 1 else "", "_reject": "",
               "_reject_detail": ""}
        if text is None:
            row["_reject"] = "not_txt"
            row["_reject_detail"] = f"{f.suffix or 'no extension'}: only .txt files are read"
        else:
            # "Title\n\nBody": a short first line followed by a blank line is the headline
            head, sep, rest = text.lstrip().partition("\n")
            titled = sep and len(head) <= 200 and rest.startswith(("\n", "\r\n"))
            if titled and parse_dateline(text) is None:
                row["title"], row["text"] = head.strip(), rest
        rows.append(row)
    df = pd.DataFrame(rows)
    for col in ("topic", "title"):
        if not (df[col] != "").any():
            df = df.drop(columns=col)
    if not (df["_reject"] != "").any():
        df = df.drop(columns=["_reject", "_reject_detail"])
    return df
