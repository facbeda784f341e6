"""Throughput of newsprism text processing against scikit-learn and NLTK on NewsArticles.

Measures, in one run and interleaved round by round (the machine may be shared, so compare
ratios, which are robust to load that hits all contenders alike):

(a) scikit-learn ``TfidfVectorizer()`` with default settings, fit_transform;
(b) NLTK ``NLTKWordTokenizer().tokenize`` (the tokenizer inside ``word_tokenize``, without
    punkt sentence splitting, which needs a data download);
(c) ``newsprism.text.NewsAnalyzer().tokens`` with a fresh (cold) type cache each round;
(d) ``NewsTfidfVectorizer()`` fit_transform: single process *cold* (in-process chunk memory
    cleared first), single process *warm* (a refit in a process that has already seen this
    corpus, as in GridSearchCV or subsample runs), and ``n_jobs=2`` (its worker processes are
    reused across rounds, so rounds after the first are warm too);
(e) the same with ``cache_dir`` when the cache is already populated (a notebook rerun);
(f) import + first fit in a brand-new interpreter, scikit-learn vs newsprism (each in its
    own subprocess, the corpus read from a JSON file before the clock starts), so one-off
    costs such as imports count too.

Each is repeated ``--repeats`` times (default 3); the median is reported as MB/s and docs/s.
Also reports sentence-splitter accuracy on the hand-checked gold set in ``tests/text/data``.

Usage::

    python benchmarks/bench_text.py [--repeats 3] [--out reports/benchmarks] [--sample N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


_FRESH_PROCESS = """
import json, sys, time
docs = json.load(open(sys.argv[1], encoding="utf-8"))
start = time.perf_counter()
if sys.argv[2] == "sklearn":
    from sklearn.feature_extraction.text import TfidfVectorizer
    TfidfVectorizer().fit_transform(docs)
else:
    from newsprism.features import NewsTfidfVectorizer
    NewsTfidfVectorizer().fit_transform(docs)
print(time.perf_counter() - start)
"""


def _fresh_process_fit(docs_path: str, which: str) -> float:
    """Seconds for import + first fit in a new interpreter (corpus read from JSON first)."""
    import subprocess

    out = subprocess.run([sys.executable, "-c", _FRESH_PROCESS, docs_path, which],
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sample", type=int, default=None, help="use only N documents")
    parser.add_argument("--out", type=Path, default=Path("reports/benchmarks"))
    args = parser.parse_args(argv)

    import nltk
    import sklearn
    from nltk.tokenize import NLTKWordTokenizer
    from sklearn.feature_extraction.text import TfidfVectorizer

    from newsprism.corpus import load_corpus
    from newsprism.features import NewsTfidfVectorizer
    from newsprism.features.vectorizers import clear_caches
    from newsprism.text import NewsAnalyzer
    from newsprism.text.evaluate import sentence_accuracy

    corpus = load_corpus("newsarticles")
    docs = corpus["text"].fillna("").astype(str).tolist()
    if args.sample:
        docs = docs[: args.sample]
    n_docs = len(docs)
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    load_before = os.getloadavg()

    nltk_tok = NLTKWordTokenizer()
    cache_dir = tempfile.mkdtemp(prefix="newsprism-bench-")
    # populate the cache once; (e) then times reruns served from it
    NewsTfidfVectorizer(cache_dir=cache_dir).fit_transform(docs)

    contenders = {
        "a_sklearn_tfidf_default": lambda: TfidfVectorizer().fit_transform(docs),
        "b_nltk_word_tokenizer": lambda: [nltk_tok.tokenize(d) for d in docs],
        "c_newsprism_tokenize": lambda: [a.tokens(d) for a in [NewsAnalyzer()] for d in docs],
        "d_newsprism_tfidf_cold": lambda: (clear_caches(),
                                           NewsTfidfVectorizer().fit_transform(docs))[1],
        "d_newsprism_tfidf_warm": lambda: NewsTfidfVectorizer().fit_transform(docs),
        "d_newsprism_tfidf_n_jobs_2": lambda: NewsTfidfVectorizer(n_jobs=2).fit_transform(docs),
        "e_newsprism_tfidf_cached_rerun":
            lambda: NewsTfidfVectorizer(cache_dir=cache_dir).fit_transform(docs),
    }
    docs_json = Path(cache_dir) / "docs.json"
    docs_json.write_text(json.dumps(docs), "utf-8")
    fresh = {"f_sklearn_tfidf_fresh_process": "sklearn",
             "f_newsprism_tfidf_fresh_process": "newsprism"}
    times: dict[str, list[float]] = {name: [] for name in [*contenders, *fresh]}
    shapes = {}
    for _ in range(args.repeats):
        for name, func in contenders.items():
            seconds, result = _timed(func)
            times[name].append(seconds)
            if hasattr(result, "shape"):
                shapes[name] = list(result.shape)
        for name, which in fresh.items():
            times[name].append(_fresh_process_fit(str(docs_json), which))
    load_after = os.getloadavg()

    rows = {}
    for name, runs in times.items():
        median = statistics.median(runs)
        rows[name] = {"median_s": round(median, 4), "runs_s": [round(r, 4) for r in runs],
                      "mb_per_s": round(megabytes / median, 2),
                      "docs_per_s": round(n_docs / median, 1)}
    med = {k: v["median_s"] for k, v in rows.items()}
    ratios = {
        "newsprism_tfidf_cold_vs_sklearn_tfidf": round(med["a_sklearn_tfidf_default"]
                                                       / med["d_newsprism_tfidf_cold"], 3),
        "newsprism_tfidf_warm_vs_sklearn_tfidf": round(med["a_sklearn_tfidf_default"]
                                                       / med["d_newsprism_tfidf_warm"], 3),
        "newsprism_tfidf_n_jobs_2_vs_sklearn_tfidf": round(
            med["a_sklearn_tfidf_default"] / med["d_newsprism_tfidf_n_jobs_2"], 3),
        "newsprism_tokenize_vs_nltk": round(med["b_nltk_word_tokenizer"]
                                            / med["c_newsprism_tokenize"], 3),
        "newsprism_tfidf_cold_vs_nltk_tokenize_only": round(
            med["b_nltk_word_tokenizer"] / med["d_newsprism_tfidf_cold"], 3),
        "cached_rerun_speedup_vs_cold": round(med["d_newsprism_tfidf_cold"]
                                              / med["e_newsprism_tfidf_cached_rerun"], 1),
        "newsprism_tfidf_fresh_process_vs_sklearn_fresh_process": round(
            med["f_sklearn_tfidf_fresh_process"] / med["f_newsprism_tfidf_fresh_process"], 3),
    }
    gold_path = Path(__file__).resolve().parents[1] / "tests" / "text" / "data" / \
        "sentences_gold.json"
    sentence_scores = None
    if gold_path.is_file():
        gold = json.loads(gold_path.read_text("utf-8"))["passages"]
        sentence_scores = {k: (round(v, 4) if isinstance(v, float) else v)
                           for k, v in sentence_accuracy(gold).items()}

    report = {
        "corpus": "newsarticles", "documents": n_docs, "megabytes_utf8": round(megabytes, 3),
        "repeats": args.repeats, "results": rows, "ratios": ratios, "shapes": shapes,
        "sentence_accuracy_gold_set": sentence_scores,
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(),
                    "cpus": os.cpu_count(), "loadavg_before": load_before,
                    "loadavg_after": load_after},
        "versions": {"scikit-learn": sklearn.__version__, "nltk": nltk.__version__},
        "note": "newsprism TF-IDF uses its defaults (news stop words, min_df=2, max_df=0.95, "
                "sublinear tf); scikit-learn uses TfidfVectorizer() defaults.",
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "text.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    (args.out / "text.md").write_text(_markdown(report), "utf-8")
    print(_markdown(report))
    return report


def _markdown(report: dict) -> str:
    lines = [
        f"# Text benchmark: NewsArticles ({report['documents']} docs, "
        f"{report['megabytes_utf8']} MB)",
        "",
        f"Median of {report['repeats']} interleaved runs; load average before/after "
        f"{report['machine']['loadavg_before'][0]:.1f}/{report['machine']['loadavg_after'][0]:.1f}"
        f" on {report['machine']['cpus']} CPUs (shared machine: read the ratios).",
        "",
        "| step | median s | MB/s | docs/s |",
        "|---|---:|---:|---:|",
    ]
    for name, row in report["results"].items():
        lines.append(f"| {name} | {row['median_s']:.3f} | {row['mb_per_s']:.2f} | "
                     f"{row['docs_per_s']:.0f} |")
    lines += ["", "| ratio | value |", "|---|---:|"]
    lines += [f"| {k} | {v}x |" for k, v in report["ratios"].items()]
    if report.get("sentence_accuracy_gold_set"):
        s = report["sentence_accuracy_gold_set"]
        lines += ["", f"Sentence splitter on the hand-checked set ({s['passages']} passages, "
                      f"{s['gold_boundaries']} boundaries): boundary F1 {s['boundary_f1']}, "
                      f"passages exactly right {s['passage_exact']}."]
    lines += ["", report["note"], ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
