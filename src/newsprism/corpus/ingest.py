"""Ingestion: raw rows in, the canonical corpus table plus a rejects table out.

Every row read ends up either in ``corpus`` or in ``rejects`` with a reason, and
``summary`` accounts for all of them (``read = kept + rejected``) together with every
repair made along the way. Nothing is dropped or changed silently.

Reject reasons: ``empty_text``, ``too_short`` (fewer than ``min_chars`` characters after
cleaning), ``not_txt`` (a file in a ``.txt`` folder that is not a ``.txt`` file),
``duplicate_id`` (the first row with an id is kept), and, only with
``duplicates="drop"``, ``exact_duplicate`` / ``near_duplicate`` (the first member of each
duplicate group is kept). Bad dates are not rejects: the row is kept with ``date = NaT``
and the problem is counted.

Example:
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"id": ["1", "2", "3"], "body": ["A long enough story. " * 3, "", "x"]})
    >>> result = ingest_frame(raw, text="body", min_chars=10)
    >>> result.summary["read"], result.summary["kept"], result.summary["rejects"]
    (3, 1, {'empty_text': 1, 'too_short': 1})
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from newsprism.corpus.boilerplate import remove_boilerplate
from newsprism.corpus.clean import clean_text
from newsprism.corpus.columns import (  # noqa: F401  (re-exported: the canonical names)
    AUTO_COLUMNS,
    CANONICAL_COLUMNS,
    DUP_COLUMNS,
    LABEL_COLUMNS,
    WIRE_COLUMNS,
    extra_columns,
    resolve_columns,
)
from newsprism.corpus.dateline import infer_year, parse_dateline
from newsprism.corpus.dates import parse_dates
from newsprism.corpus.dedup import duplicate_groups
from newsprism.corpus.summary import format_summary
from newsprism.corpus.sources import host_of, normalize_source, url_section
from newsprism.errors import DataError

REJECT_REASONS = ["empty_text", "too_short", "boilerplate_only", "not_txt", "duplicate_id",
                  "exact_duplicate", "near_duplicate"]
REJECT_COLUMNS = ["row", "doc_id", "reason", "detail", "title", "text"]


@dataclass
class IngestResult:
    """What :func:`ingest` returns: the corpus, the rejected rows and the load summary."""

    corpus: pd.DataFrame
    rejects: pd.DataFrame
    summary: dict = field(default_factory=dict)

    def format_summary(self) -> str:
        """The summary as a short human-readable report."""
        return format_summary(self.summary)


def ingest_frame(
    raw: pd.DataFrame,
    *,
    name: str = "corpus",
    path=None,
    duplicates: str = "flag",
    min_chars: int = 100,
    year: int | None = None,
    repair_quotes: bool = False,
    id_prefix: str = "",
    outlet_name: str | None = None,
    wire: bool | None = None,
    near_threshold: float = 0.8,
    sample: int | None = None,
    seed: int = 0,
    max_date=None,
    boilerplate: bool | dict = True,
    **column_mapping,
) -> IngestResult:
    """Validate and clean a raw table of strings (see :func:`ingest` for the arguments).

    ``outlet_name`` gives every row the same outlet (a single-outlet corpus such as BBC);
    ``source=COLUMN``, like every canonical name, maps a column. ``raw`` may carry ``_row`` (where each row came from) and ``_reject`` /
    ``_reject_detail`` (rows a reader could not use, e.g. a non-``.txt`` file in a ``.txt``
    folder: rejected with that reason); it is never modified.
    """
    if duplicates not in ("flag", "drop"):
        raise ValueError(f"duplicates must be 'flag' or 'drop', not {duplicates!r}")
    if sample is not None and (isinstance(sample, bool) or int(sample) != sample or sample < 1):
        raise ValueError(f"sample must be a positive number of rows, not {sample!r}")
    raw, sampled_from = _sampled(raw, sample, seed)
    cols = resolve_columns(raw.columns, column_mapping, path=path)
    fields = _Fields(raw, cols)
    out = pd.DataFrame(index=raw.index)
    out["doc_id"] = _doc_ids(raw, fields, id_prefix)
    out["title"], out["text"], repairs = _clean_texts(fields.text("text"), fields.text("title"),
                                                      repair_quotes=repair_quotes, name=name)
    is_wire = bool(wire)
    if is_wire:
        wire_cols = _wire_columns(out["text"], year)
        out["text"] = wire_cols.pop("body")
        dates, problem = wire_cols.pop("date"), wire_cols.pop("problem")
        for k, v in wire_cols.items():
            out[k] = v
    else:
        dates, problem = _dates(raw, cols, max_date)
    out.insert(1, "date", dates.astype("datetime64[ns]"))
    url = fields.text("url").str.strip()
    out.insert(2, "source", _sources(fields, url, out.get("agency"), outlet_name=outlet_name,
                                                      wire=is_wire))
    out["url"] = url
    out = _with_labels(out, fields, url)
    extras = extra_columns(raw.columns, cols)
    cleaned_length = out["text"].str.len()
    bp_summary = _remove_boilerplate(out, raw, boilerplate)
    reason, detail = _validate(out, raw, min_chars=min_chars, id_prefix=id_prefix)
    if bp_summary["enabled"]:
        _boilerplate_only(reason, detail, out, cleaned_length, min_chars, bp_summary)
    dup_summary = _flag_duplicates(out, reason, detail, duplicates=duplicates,
                                   near_threshold=near_threshold)
    kept = reason == ""
    rejects = pd.DataFrame({
        "row": raw["_row"].astype(str),
        "doc_id": out["doc_id"],
        "reason": reason,
        "detail": detail,
        "title": out["title"],
        "text": fields.text("text").str.slice(0, 300),
    })[~kept].reset_index(drop=True).astype(str)
    summary = {
        "name": name,
        "path": str(path) if path is not None else None,
        "read": int(len(raw)),
        "kept": int(kept.sum()),
        "rejected": int((~kept).sum()),
        "rejects": {r: int((reason == r).sum()) for r in REJECT_REASONS if (reason == r).any()},
        "repairs": repairs,
        "dates": _date_summary(out["date"], problem),
        "duplicates": dup_summary,
        "duplicates_policy": duplicates,
        "boilerplate": bp_summary,
        "sampled_from": sampled_from,
        "seed": seed,
        "columns": cols,
        "extra_columns": extras,
    }
    if summary["read"] != summary["kept"] + summary["rejected"]:
        raise RuntimeError(f"ingest lost rows: {summary['read']} read, {summary['kept']} kept, "
                           f"{summary['rejected']} rejected")
    corpus = _corpus_table(out, kept, duplicates)
    for col, name in extras.items():  # the researcher's own columns, after the canonical ones
        corpus[name] = raw.loc[kept, col].map(_to_str).to_numpy(dtype=object)
    return IngestResult(corpus=corpus, rejects=rejects,
                        summary=summary)


def _remove_boilerplate(out: pd.DataFrame, raw: pd.DataFrame, boilerplate) -> dict:
    """Remove each outlet's boilerplate from ``out["text"]`` in place; its summary."""
    if boilerplate is False or boilerplate is None:
        return {"enabled": False}
    options = boilerplate if isinstance(boilerplate, dict) else {}
    live = (raw["_reject"].fillna("").astype(str) == "") if "_reject" in raw.columns else \
        pd.Series(True, index=out.index)
    found = remove_boilerplate(out.loc[live, "text"], out.loc[live, "source"], **options)
    out.loc[live, "text"] = found.texts
    return {"enabled": True, **found.summary}


def _boilerplate_only(reason, detail, out, cleaned_length, min_chars, summary) -> None:
    """Reject as ``boilerplate_only`` the rows that were long enough until boilerplate went."""
    hit = reason.isin(["empty_text", "too_short"]) & (cleaned_length >= min_chars)
    reason[hit] = "boilerplate_only"
    detail[hit] = [f"{n} of {k} characters left after removing boilerplate"
                   for n, k in zip(out.loc[hit, "text"].str.len(), cleaned_length[hit])]
    for outlet, n in out.loc[hit, "source"].value_counts().items():
        summary["by_outlet"].setdefault(str(outlet), {})["rejected_boilerplate_only"] = int(n)
    summary["rejected_boilerplate_only"] = int(hit.sum())


class _Fields:
    """The raw table's columns by canonical name (strings; empty when the file lacks one)."""

    def __init__(self, raw: pd.DataFrame, cols: dict[str, str]):
        self.raw, self.cols = raw, cols

    def __contains__(self, canon: str) -> bool:
        return canon in self.cols

    def text(self, canon: str) -> pd.Series:
        if canon in self.cols:
            return self.raw[self.cols[canon]].map(_to_str)
        return pd.Series([""] * len(self.raw), index=self.raw.index, dtype=object)


def _sampled(raw: pd.DataFrame, sample: int | None, seed: int) -> tuple[pd.DataFrame, int | None]:
    """``raw`` with ``_row`` (1-based row numbers unless given), randomly sampled when asked."""
    raw = raw.reset_index(drop=True)
    if "_row" not in raw.columns:
        raw = raw.assign(_row=np.arange(1, len(raw) + 1))
    if sample is None or sample >= len(raw):
        return raw, None
    sampled = raw.sample(n=int(sample), random_state=seed).sort_index().reset_index(drop=True)
    return sampled, len(raw)


def _doc_ids(raw: pd.DataFrame, fields: _Fields, id_prefix: str) -> pd.Series:
    ids = fields.text("doc_id")
    if "doc_id" not in fields:
        ids = pd.Series([str(r) for r in raw["_row"]], index=raw.index)
    return id_prefix + ids.str.strip()


def _clean_texts(raw_text: pd.Series, raw_title: pd.Series, *, repair_quotes: bool,
                 name: str) -> tuple[pd.Series, pd.Series, dict]:
    """Cleaned titles and texts, and how many documents each kind of repair touched."""
    texts, titles = [], []
    counts = {"mojibake_or_entities": 0, "quote_artefacts": 0, "quote_marks": 0,
              "whitespace_or_unicode": 0, "replacement_chars": 0}
    n = len(raw_text)
    for t, ti in tqdm(zip(raw_text, raw_title), total=n, desc=f"clean {name}", unit="doc",
                      leave=False, disable=True if n < 2000 else None):
        ct = clean_text(t, quote_artefacts=repair_quotes)
        cti = clean_text(ti, quote_artefacts=repair_quotes)
        texts.append(ct.text)
        titles.append(cti.text)
        counts["mojibake_or_entities"] += ct.mojibake or cti.mojibake
        counts["quote_artefacts"] += bool(ct.quotes or cti.quotes)
        counts["quote_marks"] += ct.quotes + cti.quotes
        counts["replacement_chars"] += bool(ct.replacement_chars or cti.replacement_chars)
        counts["whitespace_or_unicode"] += (ct.changed or cti.changed) and not (
            ct.mojibake or cti.mojibake or ct.quotes or cti.quotes)
    index = raw_text.index
    return (pd.Series(titles, index=index, dtype=object),
            pd.Series(texts, index=index, dtype=object), counts)


def _dates(raw: pd.DataFrame, cols: dict, max_date) -> tuple[pd.Series, pd.Series]:
    """Parsed dates and a problem label per row (see :mod:`newsprism.corpus.dates`)."""
    if "date" in cols:
        return parse_dates(raw[cols["date"]], max_date=max_date)
    return (pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]"),
            pd.Series("no_date_column", index=raw.index, dtype=object))


def _date_summary(dates: pd.Series, problem: pd.Series) -> dict:
    summary = {"parsed": int(dates.notna().sum())}
    for kind, k in problem[problem != ""].value_counts().items():
        summary[str(kind)] = int(k)
    return summary


def _sources(fields: _Fields, url: pd.Series, agency, *, outlet_name: str | None,
             wire: bool) -> pd.Series:
    """The outlet: the given ``outlet_name`` (one for every row), the source column (else the URL's host), or the
    wire agency."""
    if outlet_name is not None:
        return pd.Series([outlet_name] * len(url), index=url.index, dtype=object)
    if wire:
        return agency.map(normalize_source)
    if "source" in fields:
        src = fields.text("source").map(normalize_source)
        # a missing outlet name falls back to the URL's host
        return src.where(src != "", url.map(lambda u: normalize_source(host_of(u))))
    return url.map(lambda u: normalize_source(host_of(u)) if u else "")


def _with_labels(out: pd.DataFrame, fields: _Fields, url: pd.Series) -> pd.DataFrame:
    """``out`` plus the label columns present: topic, bias, section (from the URL if absent)."""
    out = out.copy()
    for label in ("topic", "bias"):
        if label in fields:
            out[label] = fields.text(label).str.strip()
    if "section" in fields:
        out["section"] = fields.text("section").str.strip().str.lower()
    elif (url != "").any():
        sections = url.map(url_section)
        if (sections != "").any():
            out["section"] = sections
    return out


def _validate(out: pd.DataFrame, raw: pd.DataFrame, *, min_chars: int,
              id_prefix: str) -> tuple[pd.Series, pd.Series]:
    """Reject reason and detail per row (``""``: kept); fills in ids made from row numbers."""
    reason = pd.Series("", index=out.index, dtype=object)
    detail = pd.Series("", index=out.index, dtype=object)
    lengths = out["text"].str.len()
    reason[lengths == 0] = "empty_text"
    short = (lengths > 0) & (lengths < min_chars)
    reason[short] = "too_short"
    detail[short] = lengths[short].map(lambda k: f"{k} characters < min_chars={min_chars}")
    if "_reject" in raw.columns:  # rows the reader could not use (e.g. not a .txt file)
        marked = raw["_reject"].fillna("").astype(str) != ""
        reason[marked] = raw.loc[marked, "_reject"]
        detail[marked] = raw.loc[marked, "_reject_detail"] if "_reject_detail" in raw else ""
    empty_id = out["doc_id"].isin(["", id_prefix])
    if empty_id.any():  # a missing id is made from the row number, not rejected
        out.loc[empty_id, "doc_id"] = [f"{id_prefix}row{r}" for r in raw.loc[empty_id, "_row"]]
    # a duplicate id only counts against rows that are otherwise kept
    dup_id = out["doc_id"].where(reason == "").duplicated(keep="first") & (reason == "")
    reason[dup_id] = "duplicate_id"
    detail[dup_id] = "id already used by an earlier row"
    return reason, detail


def _flag_duplicates(out: pd.DataFrame, reason: pd.Series, detail: pd.Series, *,
                     duplicates: str, near_threshold: float) -> dict:
    """Fill ``dup_group``/``dup_kind`` of the kept rows; with ``"drop"``, reject the copies."""
    keep = reason == ""
    groups = duplicate_groups(out.loc[keep, "text"], threshold=near_threshold)
    out["dup_group"] = -1
    out["dup_kind"] = ""
    out.loc[keep, "dup_group"] = groups["dup_group"]
    out.loc[keep, "dup_kind"] = groups["dup_kind"]
    first_of = out.loc[keep].groupby("dup_group")["doc_id"].first()
    if duplicates == "drop":
        for kind in ("exact", "near"):
            hit = keep & (out["dup_kind"] == kind)
            reason[hit] = f"{kind}_duplicate"
            detail[hit] = out.loc[hit, "dup_group"].map(lambda g: f"duplicate of {first_of[g]}")
    out["dup_group"] = out["dup_group"].astype("int64")
    return {
        "exact": int((out["dup_kind"] == "exact").sum()),
        "near": int((out["dup_kind"] == "near").sum()),
        "groups_with_duplicates": int((groups["dup_group"].value_counts() > 1).sum()),
    }


def _corpus_table(out: pd.DataFrame, kept: pd.Series, duplicates: str) -> pd.DataFrame:
    """The kept rows in the canonical column order, strings as ``str``."""
    order = [c for c in CANONICAL_COLUMNS + LABEL_COLUMNS + WIRE_COLUMNS + DUP_COLUMNS
             if c in out.columns]
    corpus = out.loc[kept, order].reset_index(drop=True)
    for c in corpus.columns:
        if c not in ("date", "date_inferred", "dup_group"):
            corpus[c] = corpus[c].astype(str)
    if duplicates == "drop":
        corpus["dup_kind"] = ""
    return corpus


def _to_str(value) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return str(value)


def _wire_columns(texts: pd.Series, year: int | None) -> dict:
    places, agencies, bodies, stamps, inferred, problems = [], [], [], [], [], []
    for text in texts:
        d = parse_dateline(text)
        if d is None:
            places.append("")
            agencies.append("")
            bodies.append(text)
            stamps.append(pd.NaT)
            inferred.append(False)
            problems.append("no_dateline")
            continue
        places.append(d.place)
        agencies.append(d.agency)
        bodies.append(d.body)
        y, guessed = (year, False) if year is not None else (infer_year(d.body), True)
        if y is None:
            stamps.append(pd.NaT)
            inferred.append(False)
            problems.append("no_year")
            continue
        try:
            stamps.append(pd.Timestamp(year=int(y), month=d.month, day=d.day))
            inferred.append(guessed)
            problems.append("inferred_year" if guessed else "")
        except ValueError:
            stamps.append(pd.NaT)
            inferred.append(False)
            problems.append("impossible")
    index = texts.index
    return {
        "place": pd.Series(places, index=index, dtype=object),
        "agency": pd.Series(agencies, index=index, dtype=object),
        "date_inferred": pd.Series(inferred, index=index, dtype=bool),
        "body": pd.Series(bodies, index=index, dtype=object),
        "date": pd.Series(stamps, index=index, dtype="datetime64[ns]"),
        "problem": pd.Series(problems, index=index, dtype=object),
    }


def looks_like_wire(texts: pd.Series) -> bool:
    """True when most texts open with a dateline (``PLACE, MONTH DAY (AGENCY)``)."""
    if len(texts) == 0:
        return False
    hits = sum(parse_dateline(t) is not None for t in texts)
    return hits >= max(1, 0.5 * len(texts))


def _path_name(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet", ".pq", ".txt"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or str(path)
