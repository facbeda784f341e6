"""Fuzz the loaders: whatever the bytes, a file gives a table or one DataError, nothing else.

The suite runs a few hundred examples per loader; the measured run of issue 18 sets
``NEWSPRISM_FUZZ_EXAMPLES=10000``::

    NEWSPRISM_FUZZ_EXAMPLES=10000 python -m pytest tests/corpus/test_fuzz.py -q
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.corpus import ingest
from newsprism.corpus.dates import parse_dates
from newsprism.corpus.readers import read_table
from newsprism.errors import DataError

EXAMPLES = int(os.environ.get("NEWSPRISM_FUZZ_EXAMPLES", "150"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SUFFIXES = [".csv", ".tsv", ".jsonl", ".json", ".txt", ".parquet", ".csv.gz", ".json.gz",
            ".jsonl.gz", ".parquet.gz"]
# every code point, lone surrogates included (they cannot be encoded: used inside JSON escapes)
any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
cell = st.one_of(st.text(max_size=30), st.sampled_from(['"', '""', "\n", "\r\n", ",", ";", "\t",
                                                      "=1+1", "2017-02-07 25:99", "\ufeff"]))


def _load(data: bytes, suffix: str) -> None:
    """Read ``data`` as a file named ``*suffix``, then ingest it: DataError is the only failure."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        try:
            raw = read_table(path)
        except DataError as exc:
            assert "\n" not in str(exc) or "\n" in str(exc.path)
            return
        assert "_row" in raw.columns
        try:
            result = ingest(path, min_chars=1)
        except DataError:
            return
        s = result.summary
        assert s["read"] == s["kept"] + s["rejected"] == len(raw)


GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"


@fuzz
@given(st.one_of(st.binary(max_size=600), st.binary(max_size=300).map(GZIP_HEADER.__add__)),
       st.sampled_from(SUFFIXES))
def test_any_bytes(data, suffix):
    _load(data, suffix)


@fuzz
@given(st.lists(st.lists(cell, min_size=1, max_size=5), min_size=1, max_size=8),
       st.sampled_from([",", ";", "\t", "|"]), st.booleans(),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]),
       st.sampled_from([".csv", ".tsv", ".csv.gz"]))
def test_csv_like_text(rows, sep, quote_all, encoding, suffix):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
               ).writerows([["id", "text", "date"][: len(rows[0])] or ["text"]] + rows)
    data = buffer.getvalue().encode(encoding, errors="replace")
    if suffix.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    _load(data, suffix)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(any_char, max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
records = st.dictionaries(st.sampled_from(["id", "text", "title", "date", "source", "x"]),
                          json_values, max_size=5)


@fuzz
@given(st.lists(records, max_size=6), st.sampled_from([".jsonl", ".json", ".json.gz"]),
       st.booleans())
def test_json_like_text(objects, suffix, as_array):
    if as_array and suffix != ".jsonl":
        text = json.dumps(objects)
    elif len(objects) == 1 and suffix != ".jsonl":
        text = json.dumps({"articles": objects})
    else:
        text = "\n".join(json.dumps(o) for o in objects)
    data = text.encode("utf-8")
    if suffix.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    _load(data, suffix)


@fuzz
@given(st.dictionaries(st.one_of(
    st.from_regex(r"[a-zA-Z0-9][a-zA-Z0-9_.\-]{0,11}(\.(txt|TXT|Txt|md|csv))?", fullmatch=True),
    st.sampled_from([".DS_Store", ".hidden.txt", "a-b.txt", "a.TXT"])),
    st.binary(max_size=200), min_size=1, max_size=6),
       st.sampled_from(["", "sub/", "a/b/"]))
def test_txt_folders(files, prefix):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        for name, data in files.items():
            (root / prefix / name).parent.mkdir(parents=True, exist_ok=True)
            (root / prefix / name).write_bytes(data)
        visible = [p for p in root.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(root).parts)]
        try:
            result = ingest(root, min_chars=1)
        except DataError:
            return
        assert result.summary["read"] == len(visible)  # every visible file is counted
        assert result.summary["read"] == result.summary["kept"] + result.summary["rejected"]


@fuzz
@given(st.lists(st.one_of(st.text(max_size=25), st.from_regex(
    r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([T ]\d{1,2}:\d{1,2}(:\d{1,2})?)?", fullmatch=True)),
    max_size=10))
def test_any_date_text(values):
    dates, problem = parse_dates(pd.Series(values, dtype=object), max_date="2030-01-01")
    assert len(dates) == len(problem) == len(values)
    assert set(problem) <= {"", "month_day_year", "missing", "unparseable", "impossible",
                            "impossible_time"}
    assert (dates.isna() == problem.isin(["missing", "unparseable", "impossible",
                                          "impossible_time"])).all()
