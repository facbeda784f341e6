"""Fuzz every loader and text function with hypothesis; only one-line newsprism errors allowed.

For each target, ``--examples`` generated inputs (default 10,000) are fed in; an exception that
is not a :class:`newsprism.errors.DataError` (or, for model files, an
:class:`~newsprism.errors.UntrustedModelError`) is a finding. Writes
``reports/benchmarks/fuzz.{json,md}`` with the examples run, the duration and every finding
(type, message, a shortened input).

Usage::

    python benchmarks/fuzz_inputs.py [--examples 10000] [--only csv,sentences] [--out reports/benchmarks]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import conditions  # noqa: E402

_TEXTY = st.text(alphabet=st.characters(codec="utf-8"), max_size=300) | st.text(
    alphabet=st.sampled_from(list(".!?…\"'“”()[]-–— \n\t\r,;:aZ9ÄŽ\u200b\ufeff")), max_size=300)
_FIELD = st.one_of(_TEXTY, st.integers(), st.floats(allow_nan=True), st.none(), st.booleans())
_COLUMNS = st.sampled_from(["text", "title", "body", "date", "published", "source", "outlet",
                            "url", "id", "doc_id", "topic", "x", "", "Text", "text "])


def _csv_bytes():
    rows = st.lists(st.lists(_TEXTY, min_size=1, max_size=6), max_size=6)
    header = st.lists(_COLUMNS, min_size=1, max_size=6)

    def build(parts):
        head, body, sep, enc = parts
        lines = [sep.join(head)] + [sep.join(r) for r in body]
        return "\n".join(lines).encode(enc, "surrogatepass")

    return st.tuples(header, rows, st.sampled_from([",", ";", "\t", "|"]),
                     st.sampled_from(["utf-8", "utf-16", "latin-1", "utf-8-sig"])).map(
        lambda p: _safe_encode(build, p))


def _safe_encode(build, parts):
    try:
        return build(parts)
    except UnicodeEncodeError:
        return build((parts[0], parts[1], parts[2], "utf-8"))


def _json_value(depth=3):
    leaf = _FIELD
    return st.recursive(leaf, lambda children: st.lists(children, max_size=4)
                        | st.dictionaries(_COLUMNS, children, max_size=5), max_leaves=12)


def _jsonl_bytes():
    line = st.one_of(st.dictionaries(_COLUMNS, _FIELD, max_size=6).map(json.dumps), _TEXTY,
                     st.just("{" * 2000), st.just('{"text": "\\ud800"}'))
    return st.lists(line, max_size=6).map(lambda ls: "\n".join(ls).encode("utf-8", "surrogatepass"))


def _json_bytes():
    return st.one_of(_json_value().map(lambda v: json.dumps(v).encode()),
                     st.integers(1, 200_000).map(lambda n: (b"[" * n) + (b"]" * n)),
                     st.binary(max_size=200))


def _stance_csv_bytes():
    header = st.lists(st.sampled_from(["text", "target", "start", "end", "label", "sentence",
                                       "x"]), min_size=1, max_size=6)
    cell = st.one_of(_TEXTY, st.integers(-5, 400).map(str),
                     st.sampled_from(["favor", "against", "neutral", "positive", "2.0"]))
    rows = st.lists(st.lists(cell, min_size=1, max_size=6), max_size=5)
    return st.tuples(header, rows).map(lambda p: "\n".join(
        [",".join(p[0])] + [",".join(json.dumps(c) for c in r) for r in p[1]]).encode(
            "utf-8", "surrogatepass"))


def _targets():
    from newsprism.resources import resource_path
    from newsprism.stance.targets import load_targets

    return load_targets(resource_path("targets.toml"))


def _file_runner(suffix, reader):
    folder = Path(tempfile.mkdtemp(prefix="newsprism-fuzz-"))

    def run(data: bytes):
        path = folder / f"input{suffix}"
        path.write_bytes(data)
        reader(path)

    return run


def _targets_table():
    from newsprism.corpus.loaders import ingest
    from newsprism.corpus.readers import read_table
    from newsprism.persist import load_model
    from newsprism.stance.io import read_stance_data
    from newsprism.stance.mentions import find_mentions
    from newsprism.text import normalize, sentences, tokenize
    from newsprism.corpus.clean import normalize_whitespace, repair_quote_artefacts
    from newsprism.corpus.dateline import parse_dateline

    targets = _targets()
    return {
        "csv (read_table)": (_csv_bytes(), _file_runner(".csv", read_table)),
        "csv (ingest)": (_csv_bytes(), _file_runner(".csv", lambda p: ingest(p, min_chars=1))),
        "jsonl (ingest)": (_jsonl_bytes(), _file_runner(".jsonl", lambda p: ingest(p, min_chars=1))),
        "json (ingest)": (_json_bytes(), _file_runner(".json", lambda p: ingest(p, min_chars=1))),
        "parquet (read_table)": (st.binary(max_size=300), _file_runner(".parquet", read_table)),
        "stance csv": (_stance_csv_bytes(), _file_runner(".csv", read_stance_data)),
        "stance jsonl": (_jsonl_bytes(), _file_runner(".jsonl", read_stance_data)),
        "model file": (st.binary(max_size=300), _file_runner(
            ".skops", lambda p: load_model(p, check_card=False))),
        "normalize": (_TEXTY, normalize),
        "sentences": (_TEXTY, sentences),
        "tokenize": (_TEXTY, tokenize),
        "find_mentions": (_TEXTY, lambda t: find_mentions(t, targets)),
        "repair_quote_artefacts": (_TEXTY, repair_quote_artefacts),
        "normalize_whitespace": (_TEXTY, normalize_whitespace),
        "parse_dateline": (_TEXTY, parse_dateline),
    }


def fuzz(name, strategy, func, examples: int) -> dict:
    from newsprism.errors import DataError, UntrustedModelError

    allowed = (DataError, UntrustedModelError)
    findings, count = {}, [0]

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def check(value):
        count[0] += 1
        try:
            func(value)
        except allowed:
            pass
        except Exception as exc:  # a finding: anything else reaching the user is a bug
            key = (type(exc).__name__, traceback.extract_tb(exc.__traceback__)[-1][:3])
            findings.setdefault(key, {"type": type(exc).__name__, "message": str(exc)[:200],
                                      "where": f"{key[1][0]}:{key[1][1]}",
                                      "input": repr(value)[:160], "count": 0})
            findings[key]["count"] += 1

    start = time.perf_counter()
    check()
    return {"target": name, "examples": count[0], "seconds": round(time.perf_counter() - start, 1),
            "findings": list(findings.values())}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--only", default="")
    parser.add_argument("--out", default="reports/benchmarks")
    args = parser.parse_args(argv)
    table = _targets_table()
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    results = []
    for name, (strategy, func) in table.items():
        if only and not any(o in name for o in only):
            continue
        result = fuzz(name, strategy, func, args.examples)
        print(f"{name}: {result['examples']:,} examples in {result['seconds']} s, "
              f"{len(result['findings'])} finding(s)", flush=True)
        for f in result["findings"]:
            print(f"   {f['type']} at {f['where']} x{f['count']}: {f['message'][:100]}")
        results.append(result)
    report = {"benchmark": "fuzz", "conditions": conditions("hypothesis, derandomized"),
              "results": results}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "fuzz.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = ["# Fuzzing loaders and text functions", "",
             "Only `DataError` (and `UntrustedModelError` for model files) may escape.", "",
             "| target | examples | seconds | findings |", "|---|---:|---:|---:|"]
    lines += [f"| {r['target']} | {r['examples']:,} | {r['seconds']} | {len(r['findings'])} |"
              for r in results]
    for r in results:
        for f in r["findings"]:
            lines.append(f"- {r['target']}: `{f['type']}` at {f['where']} (x{f['count']}): "
                         f"{f['message'][:120]}")
    (out / "fuzz.md").write_text("\n".join(lines) + "\n")
    return report


if __name__ == "__main__":
    main()
