"""Read stance data (NewsMTSC JSONL or CSV) into one table, write predictions.

Two input formats are accepted, chosen by file extension:

- **NewsMTSC JSONL** (``.jsonl``/``.json``): one sentence a line with
  ``sentence_normalized`` and ``targets: [{from, to, mention[, polarity]}]``; each target
  becomes one row. Polarity maps 6→favor, 4→neutral, 2→against.
- **CSV**: ``text,target[,start,end][,label]`` (``sentence`` is accepted for ``text``, so
  the gold-set files work as they are). Without ``start,end`` the first mention of
  ``target`` in ``text`` is used (literal text first, then the aliases of a target of
  that name in the targets file).

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

import csv
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from newsprism.errors import DataError

LABELS = ("favor", "against", "neutral")
POLARITY_TO_LABEL = {2.0: "against", 4.0: "neutral", 6.0: "favor"}
STANCE_COLUMNS = ["line", "item_id", "group", "text", "target", "mention", "start", "end", "label"]


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
    if text == "" and not require:
        return ""
    if text == "":
        return ""  # unlabelled rows are dropped by the caller
    raise DataError(f"label {value!r} is not one of favor, against, neutral (or 2/4/6)",
                    path=path, row=line, column="label")


def _check_span(text, start, end, *, path, line):
    if not (0 <= start < end <= len(text)):
        raise DataError(f"mention offsets {start}..{end} lie outside the text "
                        f"({len(text)} characters)", path=path, row=line, column="start")


def _read_jsonl(path: Path, require_label: bool, ignore_labels: bool = False) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line_no, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise DataError(f"not valid JSON ({exc.msg})", path=path, row=line_no) from exc
            if not isinstance(record, dict):
                raise DataError("expected a JSON object", path=path, row=line_no)
            text = record.get("sentence_normalized", record.get("text"))
            if not isinstance(text, str) or not text.strip():
                raise DataError("missing or empty sentence_normalized", path=path, row=line_no,
                                column="sentence_normalized")
            targets = record.get("targets")
            if not isinstance(targets, list) or not targets:
                raise DataError("targets must be a non-empty list", path=path, row=line_no,
                                column="targets")
            gid = str(record.get("primary_gid", f"line{line_no}"))
            # NewsMTSC gids start with the article: allsides_<article>_<outlet>_...
            group = "_".join(gid.split("_")[:3]) if gid.startswith(("allsides", "mediacloud", "polusa")) else gid
            for k, target in enumerate(targets):
                try:
                    start, end = int(target["from"]), int(target["to"])
                except (KeyError, TypeError, ValueError) as exc:
                    raise DataError(f"target {k} needs integer 'from' and 'to'", path=path,
                                    row=line_no, column="targets") from exc
                _check_span(text, start, end, path=path, line=line_no)
                mention = str(target.get("mention", text[start:end]))
                rows.append({
                    "line": line_no, "item_id": str(target.get("Input.gid", f"{gid}#{k}")),
                    "group": group, "text": text, "target": mention,
                    "mention": text[start:end], "start": start, "end": end,
                    "label": "" if ignore_labels else _label(
                        target.get("polarity"), path=path, line=line_no,
                        require=require_label),
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


def _read_csv(path: Path, require_label: bool, targets, ignore_labels: bool = False) -> list[dict]:
    targets_by_name = {t.name.lower(): t for t in (targets or [])}
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames or []
        text_col = "text" if "text" in fields else ("sentence" if "sentence" in fields else None)
        if text_col is None or "target" not in fields:
            raise DataError("CSV needs columns text (or sentence) and target", path=path, row=1)
        has_span = "start" in fields and "end" in fields
        if require_label and "label" not in fields:
            raise DataError("training data needs a label column", path=path, row=1,
                            column="label")
        last_line = 1
        for record in reader:
            line_no = last_line + 1  # first physical line of this record
            last_line = reader.line_num
            if None in record:
                raise DataError("more fields than the header", path=path, row=line_no)
            text = record.get(text_col) or ""
            target = (record.get("target") or "").strip()
            if not text.strip():
                raise DataError("text is empty", path=path, row=line_no, column=text_col)
            if not target:
                raise DataError("target is empty", path=path, row=line_no, column="target")
            span = None
            if has_span and (record.get("start") or "").strip() != "":
                try:
                    span = int(record["start"]), int(record["end"])
                except (TypeError, ValueError) as exc:
                    raise DataError(f"start/end must be integers, got {record.get('start')!r},"
                                    f" {record.get('end')!r}", path=path, row=line_no,
                                    column="start") from exc
                _check_span(text, *span, path=path, line=line_no)
                given = record.get("mention")
                if given and text[span[0]:span[1]] != given:
                    raise DataError(f"text[{span[0]}:{span[1]}] is "
                                    f"{text[span[0]:span[1]]!r}, not the mention {given!r}",
                                    path=path, row=line_no, column="mention")
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

    Returns ``line, item_id, text, target, mention, start, end, label, p_favor,
    p_against, p_neutral``.
    """
    proba = model.predict_proba(data)
    classes = list(model.classes_)
    out = data[["line", "item_id", "text", "target", "mention", "start", "end"]].copy()
    out["label"] = np.asarray(classes, dtype=object)[np.argmax(proba, axis=1)]
    for label in LABELS:
        out[f"p_{label}"] = proba[:, classes.index(label)] if label in classes else 0.0
    return out.reset_index(drop=True)
