"""Boilerplate and self-references: what ingestion removes per outlet, and the top-20
distinctive terms per outlet afterwards (none should be an outlet name or a widget word).

Corpora: NewsArticles (built-in) and a 3,000-article AllSides sample (8 outlets, seed 0,
read from $NEWSPRISM_SHARED_DATA/allsides; written to a temporary CSV, never the repo).
Writes reports/benchmarks/boilerplate.{json,md}.

    $ NEWSPRISM_DATA_DIR=... .venv/bin/python benchmarks/bench_boilerplate.py
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from newsprism import config
from newsprism.corpus import ingest, self_reference_terms
from newsprism.features.distinctive import distinctive_terms

ALLSIDES_OUTLETS = ["Washington Times", "CNN (Web News)", "Politico", "Fox Online News",
                    "NPR Online News", "USA TODAY", "The Hill", "New York Times - News"]
# words of page furniture the issue found among the top terms (share rows, captions, footers)
WIDGET_WORDS = {"share", "slide", "learn", "photos", "hide", "caption", "replay", "toggle",
                "enlarge", "newsletters", "newsletter", "llc", "reprint", "permission",
                "copyright", "subscribe", "advertisement", "click", "getty", "images", "facebook",
                "twitter", "whatsapp", "tumblr", "permalink", "videos", "email", "unsubscribe",
                "recaptcha", "signing"}
OUT = Path(__file__).resolve().parents[1] / "reports" / "benchmarks"


def allsides_sample(n: int = 3000, seed: int = 0) -> Path:
    """The sample as a researcher would export it: renamed columns, own tag column."""
    src = config.shared_data_dir() / "allsides" / "articles.jsonl.gz"
    df = pd.read_json(src, lines=True, dtype=False)
    s = df[df["source"].isin(ALLSIDES_OUTLETS)].sample(n, random_state=seed)
    out = pd.DataFrame({"article_id": s["id"], "headline": s["title"], "body": s["text"],
                        "published": s["date"], "outlet": s["source"], "tag": s["topic"],
                        "leaning": s["bias"]})
    path = Path(tempfile.mkdtemp()) / "allsides3k.csv"
    out.to_csv(path, index=False)
    return path


def check(name: str, source) -> dict:
    clock = time.perf_counter()
    result = ingest(source)
    seconds = time.perf_counter() - clock
    corpus = result.corpus
    terms = distinctive_terms(corpus, top=20, min_count=10)
    refs = self_reference_terms(corpus["source"].unique())
    own = set(refs["tokens"])
    bad = terms[terms["term"].map(lambda t: bool(set(re.split(r"[\s_]+", t)) & (own | WIDGET_WORDS)))]
    b = result.summary["boilerplate"]
    return {"corpus": name, "articles": int(len(corpus)), "ingest_seconds": round(seconds, 2),
            "boilerplate": {k: b[k] for k in ("min_docs", "min_share", "articles_changed",
                                              "segments_removed", "widgets_removed",
                                              "chars_removed")},
            "by_outlet": b["by_outlet"], "top_lines": b["top_lines"],
            "rejected_boilerplate_only": result.summary["rejects"].get("boilerplate_only", 0),
            "self_reference_tokens": sorted(own),
            "top20": {str(o): g["term"].tolist() for o, g in terms.groupby("source")},
            "flagged_terms": bad[["source", "rank", "term"]].values.tolist()}


def markdown(runs: list[dict]) -> str:
    lines = ["# Boilerplate and self-references", "",
             "`benchmarks/bench_boilerplate.py`: ingestion (boilerplate removed by default: a "
             "line or sentence in at least max(5, 2%) of one outlet's articles, plus share rows, "
             "The Hill's \"… MORE\" link lists and NPR's caption toggles), then the top-20 "
             "weighted log-odds terms per outlet (datelines and outlet names removed by default).",
             ""]
    for run in runs:
        b = run["boilerplate"]
        lines += [f"## {run['corpus']} ({run['articles']:,} articles)", "",
                  f"Removed from {b['articles_changed']:,} articles: {b['segments_removed']:,} "
                  f"repeated lines, {b['widgets_removed']:,} widgets, {b['chars_removed']:,} "
                  f"characters; {run['rejected_boilerplate_only']} articles rejected as "
                  "boilerplate only.", "",
                  "| outlet | articles | changed | lines removed | widgets removed | characters | most frequent line (articles) |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for outlet, c in run["by_outlet"].items():
            top = run["top_lines"].get(outlet)
            example = f"`{top[0][0][:70]}` ({top[0][1]})" if top else ""
            lines.append(f"| {outlet} | {c['articles']:,} | {c['articles_changed']:,} | "
                         f"{c['segments_removed']:,} | {c['widgets_removed']:,} | "
                         f"{c['chars_removed']:,} | {example} |")
        flagged = run["flagged_terms"]
        lines += ["", f"Outlet-name or widget words among the top-20 terms: **{len(flagged)}**"
                  + (": " + ", ".join(f"{o} #{r} {t}" for o, r, t in flagged) if flagged else ""),
                  "", "| outlet | top-20 distinctive terms |", "|---|---|"]
        for outlet, terms in run["top20"].items():
            lines.append(f"| {outlet} | {', '.join(terms)} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    runs = [check("NewsArticles", "newsarticles")]
    if (config.shared_data_dir() / "allsides").is_dir():
        runs.append(check("AllSides sample (3,000 articles, 8 outlets, seed 0)", allsides_sample()))
    else:
        print("AllSides not found: only NewsArticles measured", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "boilerplate.json").write_text(json.dumps(runs, indent=2, ensure_ascii=False) + "\n")
    (OUT / "boilerplate.md").write_text(markdown(runs))
    for run in runs:
        print(run["corpus"], "flagged:", run["flagged_terms"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
