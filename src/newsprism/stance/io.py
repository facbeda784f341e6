"""Read stance data (NewsMTSC JSONL or CSV) into one table, write predictions.

Two input formats are accepted, chosen by file extension:

- **NewsMTSC JSONL** (``.jsonl``/``.json``): one sentence a line with
  ``sentence_normalized`` and ``targets: [{from, to, mention[, polarity]}]``; each target
  becomes one row. Polarity maps 6→favor, 4→neutral, 2→against.
- **CSV**: ``text,target[,start,end][,label]`` (``sentence`` is accepted for ``text``, so
  the gold-set files work as they are). Without ``start,end`` the first mention of
  ``target`` in ``text`` is used (literal text first, then the aliases of a target of
  that name in the targets file).

Files must be UTF-8 (a byte-order mark is allowed). Given offsets must cover a mention of
the target: the target's own name (any case), a match of its aliases or patterns in the
targets file, or, for a target not in that file, text starting with its name ("Putin" →
"Putin's"); anything else is refused, as is a CSV field over 131,072 characters (usually
a quote left open). Every refusal is a :class:`~newsprism.errors.DataError` naming the
file, the physical line and the column.

The table has columns ``line, item_id, group, text, target, mention, start, end, label``;
``line`` is the 1-based line of the input file the row came from, ``group`` keeps rows of
one article (or one sentence) together in cross-validation.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "in.csv"
    >>> _ = path.write_text("text,target\\nNATO praised Russia.,Russia\\n")
    >>> read_stance_data(path)[["target", "mention", "start", "end"]].values.tolist()
    [['Russia', 'Russia', 13, 19]]
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from newsprism.errors import DataError
from newsprism.stance.labels import LABELS, POLARITY_TO_LABEL, proba_table

FIELD_LIMIT = csv.field_size_limit()  # the csv module's own cap (131,072 characters)
STANCE_COLUMNS = ["line", "item_id", "group", "text", "target", "mention", "start", "end", "label"]


def _field_at(text: str, *, offset: int | None = None,
              longer_than: int | None = None) -> tuple[int, int] | None:
    """(physical line, field index) where the CSV field holding ``offset`` starts, or the
    first field longer than ``longer_than`` characters (None if there is none).

    A plain scan of quotes, commas and line ends: the csv module reports neither.
    """
    line, field, start, field_line, quoted = 1, 0, 0, 1, False
    for i, ch in enumerate(text):
        if offset is not None and i >= offset:
            return field_line, field
        if quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch in ",\n":
            # the field text runs from start to i, its enclosing quotes not counted
            if longer_than is not None and i - start - 2 > longer_than:
                return field_line, field
            field, start = (field + 1 if ch == "," else 0), i + 1
            field_line = line + (ch == "\n")
        line += ch == "\n"
    if offset is not None or (longer_than is not None and len(text) - start - 2 > longer_than):
        return field_line, field
    return None


def _column_name(text: str, index: int) -> str:
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
    return header[index] if index < len(header) else f"field {index + 1}"


def read_text(path: Path, *, is_csv: bool = False) -> str:
    """The UTF-8 text of ``path``; a one-line :class:`DataError` for any other encoding.

    The error names the physical line and (``is_csv``) the column of the first byte that
    is not UTF-8, e.g. a file saved as latin-1 or cp1252.
    """
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError("the file is UTF-16; save it as UTF-8", path=path, row=1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = None
        if is_csv:
            prefix = raw[:exc.start].decode("utf-8-sig")
            column = _column_name(prefix, _field_at(prefix, offset=len(prefix))[1])
        raise DataError(f"byte 0x{raw[exc.start]:02x} is not UTF-8 (a latin-1 or cp1252 "
                        f"file?); save the file as UTF-8", path=path, row=line,
                        column=column) from None


def _label(value, *, path, line, require: bool) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        value = ""
    text = str(value).strip().lower()
    if text in LABELS:
        return text
    try:
        number = float(text)
    except ValueError:
        number = None
    if number in POLARITY_TO_LABEL:
        return POLARITY_TO_LABEL[number]
    if text == "":
        return ""  # unlabelled: dropped by the caller when labels are required
    raise DataError(f"label {value!r} is not one of favor, against, neutral (or 2/4/6)",
                    path=path, row=line, column="label")


def _check_span(text, start, end, *, path, line):
    if not (0 <= start < end <= len(text)):
        raise DataError(f"mention offsets {start}..{end} lie outside the text "
                        f"({len(text)} characters)", path=path, row=line, column="start")


def _unencodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True  # a lone surrogate ("\\ud800" in JSON) could never be written out
    return False


def _record(raw: str, *, path, line_no: int) -> dict:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON ({exc.msg})", path=path, row=line_no) from None
    except RecursionError:
        raise DataError("JSON nested too deeply", path=path, row=line_no) from None
    if not isinstance(record, dict):
        raise DataError("expected a JSON object", path=path, row=line_no)
    return record


def _read_jsonl(path: Path, require_label: bool, ignore_labels: bool = False) -> list[dict]:
    rows = []
    for line_no, raw in enumerate(read_text(path).split("\n"), start=1):
        if not raw.strip():
            continue
        record = _record(raw, path=path, line_no=line_no)
        text = record.get("sentence_normalized", record.get("text"))
        if not isinstance(text, str) or not text.strip() or _unencodable(text):
            raise DataError("missing, empty or unencodable sentence_normalized", path=path,
                            row=line_no, column="sentence_normalized")
        targets = record.get("targets")
        if not isinstance(targets, list) or not targets:
            raise DataError("targets must be a non-empty list", path=path, row=line_no,
                            column="targets")
        gid = str(record.get("primary_gid", f"line{line_no}"))
        # NewsMTSC gids start with the article: allsides_<article>_<outlet>_...
        group = ("_".join(gid.split("_")[:3])
                 if gid.startswith(("allsides", "mediacloud", "polusa")) else gid)
        for k, target in enumerate(targets):
            try:
                start, end = int(target["from"]), int(target["to"])
            except (KeyError, TypeError, ValueError) as exc:
                raise DataError(f"target {k} needs integer 'from' and 'to'", path=path,
                                row=line_no, column="targets") from exc
            _check_span(text, start, end, path=path, line=line_no)
            mention = str(target.get("mention", text[start:end]))
            if mention != text[start:end]:
                raise DataError(f"target {k}: text[{start}:{end}] is {text[start:end]!r}, "
                                f"not its mention {mention!r}", path=path, row=line_no,
                                column="targets")
            rows.append({
                "line": line_no, "item_id": str(target.get("Input.gid", f"{gid}#{k}")),
                "group": group, "text": text, "target": mention, "mention": mention,
                "start": start, "end": end,
                "label": "" if ignore_labels else _label(
                    target.get("polarity"), path=path, line=line_no, require=require_label),
            })
    return rows


def _locate(text: str, target: str, targets_by_name: dict) -> tuple[int, int] | None:
    at = text.find(target)
    if at >= 0:
        return at, at + len(target)
    found = re.search(re.escape(target), text, flags=re.IGNORECASE)
    if found:
        return found.span()
    spec = targets_by_name.get(target.lower())
    if spec is not None:
        from newsprism.stance.mentions import find_mentions

        mentions = find_mentions(text, [spec])
        if len(mentions):
            return int(mentions["start"].iloc[0]), int(mentions["end"].iloc[0])
    return None


def _names_target(text: str, start: int, end: int, target: str, spec) -> bool:
    """Whether ``text[start:end]`` is a mention of ``target`` (see the module docstring)."""
    covered = " ".join(text[start:end].split()).casefold()
    name = " ".join(target.split()).casefold()
    if covered == name:
        return True
    if spec is None:  # a target the targets file does not define: its name starts the span
        return len(name) >= 2 and covered.startswith(name)
    for regex in (spec.plain_regex, spec.contextual_regex):
        if regex is not None and (regex.fullmatch(text[start:end]) or any(
                m.span() == (start, end) for m in regex.finditer(text))):
            return True
    return False


def _csv_records(text: str, path: Path):
    """(first physical line, record) of every CSV record; csv errors become DataError."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    last_line = 1
    try:
        fields = reader.fieldnames or []
        yield 1, fields
        for record in reader:
            yield last_line + 1, record
            last_line = reader.line_num
    except csv.Error as exc:
        if "field larger" not in str(exc):
            raise DataError(f"not a valid CSV file ({exc})", path=path,
                            row=reader.line_num) from None
        line, index = _field_at(text, longer_than=FIELD_LIMIT) or (reader.line_num, None)
        raise DataError(f"a field is longer than {FIELD_LIMIT:,} characters (a quote left "
                        f"open?)", path=path, row=line,
                        column=None if index is None else _column_name(text, index)) from None


def _read_csv(path: Path, require_label: bool, targets, ignore_labels: bool = False) -> list[dict]:
    targets_by_name = {t.name.lower(): t for t in (targets or [])}
    records = _csv_records(read_text(path, is_csv=True), path)
    _, fields = next(records)
    text_col = "text" if "text" in fields else ("sentence" if "sentence" in fields else None)
    if text_col is None or "target" not in fields:
        raise DataError("CSV needs columns text (or sentence) and target", path=path, row=1)
    has_span = "start" in fields and "end" in fields
    if require_label and "label" not in fields:
        raise DataError("training data needs a label column", path=path, row=1,
                        column="label")
    rows = []
    for line_no, record in records:
        if None in record:
            raise DataError("more fields than the header", path=path, row=line_no)
        text = record.get(text_col) or ""
        target = (record.get("target") or "").strip()
        if not text.strip():
            raise DataError("text is empty", path=path, row=line_no, column=text_col)
        if not target:
            raise DataError("target is empty", path=path, row=line_no, column="target")
        if has_span and (record.get("start") or "").strip() != "":
            span = _given_span(record, text, target, targets_by_name, path=path,
                               line=line_no)
        else:
            span = _locate(text, target, targets_by_name)
            if span is None:
                raise DataError(f"target {target!r} does not occur in the text; give "
                                f"start,end columns", path=path, row=line_no,
                                column="target")
        label = "" if ignore_labels else _label(record.get("label"), path=path,
                                                line=line_no, require=require_label)
        rows.append({
            "line": line_no, "item_id": record.get("item_id") or f"line{line_no}",
            "group": record.get("doc_id") or f"line{line_no}", "text": text,
            "target": target, "mention": text[span[0]:span[1]],
            "start": span[0], "end": span[1], "label": label,
        })
    return rows


def _given_span(record, text, target, targets_by_name, *, path, line) -> tuple[int, int]:
    try:
        span = int(record["start"]), int(record["end"])
    except (TypeError, ValueError) as exc:
        raise DataError(f"start/end must be integers, got {record.get('start')!r}, "
                        f"{record.get('end')!r}", path=path, row=line, column="start") from exc
    _check_span(text, *span, path=path, line=line)
    covered = text[span[0]:span[1]]
    given = record.get("mention")
    if given and covered != given:
        raise DataError(f"text[{span[0]}:{span[1]}] is {covered!r}, not the mention "
                        f"{given!r}", path=path, row=line, column="mention")
    if not _names_target(text, *span, target, targets_by_name.get(target.lower())):
        raise DataError(f"text[{span[0]}:{span[1]}] is {covered!r}, which does not name the "
                        f"target {target!r} (nor an alias of it in the targets file)",
                        path=path, row=line, column="start")
    return span


def read_stance_data(path: str | Path, *, require_label: bool = False,
                     ignore_labels: bool = False, targets=None) -> pd.DataFrame:
    """Read NewsMTSC JSONL or a CSV of ``text,target[,start,end][,label]``.

    Args:
        path: the input file (``.jsonl``/``.json`` → NewsMTSC, anything else → CSV).
        require_label: keep only labelled rows (training/evaluation); a bad label is an
            error either way.
        ignore_labels: read the inputs only: any label column is left unread and the
            ``label`` column is empty (data a model is applied or adapted to).
        targets: optional :class:`~newsprism.stance.targets.Target` list used to find a
            target named in a CSV row without offsets (default: the built-in file).

    Raises:
        DataError: naming the file and line of the first malformed row.
    """
    path = Path(path)
    if require_label and ignore_labels:
        raise ValueError("require_label and ignore_labels exclude each other")
    if not path.is_file():
        raise DataError("file not found", path=path)
    if path.suffix.lower() in (".jsonl", ".json"):
        rows = _read_jsonl(path, require_label, ignore_labels)
    else:
        if targets is None:
            from newsprism.stance.targets import load_targets

            targets = load_targets()
        rows = _read_csv(path, require_label, targets, ignore_labels)
    table = pd.DataFrame(rows, columns=STANCE_COLUMNS)
    table = table.astype({"start": "int64", "end": "int64", "line": "int64"})
    if require_label:
        table = table[table["label"] != ""].reset_index(drop=True)
        if table.empty:
            raise DataError("no labelled rows (label must be favor, against or neutral)",
                            path=path, column="label")
    elif table.empty:
        raise DataError("no rows to read", path=path)
    return table


def predict_table(model, data: pd.DataFrame) -> pd.DataFrame:
    """Predictions for every row of ``data``, in input order.

    Returns ``line, item_id, text, target, mention, start, end`` and the
    :func:`~newsprism.stance.labels.proba_table` columns ``label, p_favor, p_against,
    p_neutral``.
    """
    out = data[["line", "item_id", "text", "target", "mention", "start", "end"]]
    table = proba_table(model.predict_proba(data), model.classes_)
    return pd.concat([out.reset_index(drop=True), table], axis=1)
