"""Benchmark of newsprism.themes / newsprism.trends; writes reports/benchmarks/themes.{json,md}.

Measures, on the machine it runs on (conditions are recorded with the numbers):

1. ``ThemeModel(n_themes="auto")`` (NMF, default candidates, 3 runs per candidate) on
   NewsArticles: wall time of vectorising + choosing the count + the final fit, and
   the selection table (coherence, stability per candidate).
2. LDA at the chosen count (one fit) for comparison.
3. Guided themes (the shipped file) on NewsArticles and weekly prevalence by outlet
   with 1,000 bootstrap replicates.
4. AllSides (36k articles, skipped when ../shared/data is absent): monthly prevalence
   2012–2020 of the AllSides topic labels by the outlets' bias, one chart, and the
   guided *migration* theme against the human *immigration* label per month (a
   validity check of the guided theme).

Usage:
    python benchmarks/bench_themes.py [--skip-allsides] [--reports-dir reports]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")


def _conditions() -> dict:
    from _machine import conditions

    return conditions("shared machine (other jobs running); wall-clock times, single process")


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, round(time.perf_counter() - t0, 2)


def bench_newsarticles(result: dict, reports_dir: Path):
    from newsprism import config
    from newsprism.corpus import load_corpus
    from newsprism.plots import plot_theme_selection
    from newsprism.report.writer import save_figure
    from newsprism.themes import GuidedThemes, ThemeModel, default_theme_file
    from newsprism.trends import prevalence

    corpus, t_load = _timed(lambda: load_corpus("newsarticles", data_dir=config.data_dir()))
    cpu0 = time.process_time()
    tm, t_nmf = _timed(lambda: ThemeModel(n_themes="auto", method="nmf", seed=0).fit(corpus))
    cpu_nmf = round(time.process_time() - cpu0, 2)
    result["newsarticles"] = {
        "n_docs": len(corpus), "load_seconds": t_load,
        "nmf_auto_seconds": t_nmf, "nmf_auto_cpu_seconds": cpu_nmf,
        "nmf_auto_under_60s": t_nmf < 60, "nmf_auto_timings": tm.timings_,
        "n_themes_chosen": int(tm.n_themes_), "vocabulary": int(len(tm.terms_)),
        "selection": tm.selection_.round(4).to_dict("records"),
        "themes": tm.themes_[["label", "top_terms", "coherence", "n_dominant"]].round(4).to_dict("records"),
    }
    save_figure(plot_theme_selection(tm.selection_, title="NewsArticles: choosing the number of "
                                     "NMF themes"), "themes_selection_newsarticles", reports_dir / "benchmarks")
    _, t_lda = _timed(lambda: ThemeModel(n_themes=tm.n_themes_, method="lda", seed=0).fit(corpus))
    result["newsarticles"]["lda_fixed_k_seconds"] = t_lda
    g = GuidedThemes.from_toml(default_theme_file(), min_matches=2).fit()
    assign, t_guided = _timed(lambda: g.assign(corpus))
    prev, t_prev = _timed(lambda: prevalence(assign, period="W", n_boot=1000, seed=0))
    result["newsarticles"].update({"guided_assign_seconds": t_guided,
                                   "weekly_prevalence_1000_boot_seconds": t_prev,
                                   "prevalence_rows": len(prev)})


def bench_allsides(result: dict, reports_dir: Path):
    import numpy as np
    import pandas as pd

    from newsprism import config
    from newsprism.corpus import load_corpus
    from newsprism.plots import plot_outlet_multiples
    from newsprism.report.writer import save_figure
    from newsprism.themes import GuidedThemes, default_theme_file
    from newsprism.trends import prevalence

    path = config.shared_data_dir() / "allsides" / "articles.jsonl.gz"
    if not path.is_file():
        result["allsides"] = {"skipped": f"{path} not found"}
        return
    cache = config.cache_dir() / "allsides_corpus.parquet"
    if cache.is_file():
        corpus, t_load = _timed(lambda: pd.read_parquet(cache))
        load_note = "read from the parquet cache of an earlier load_corpus run"
    else:
        corpus, t_load = _timed(lambda: load_corpus(path))
        cache.parent.mkdir(parents=True, exist_ok=True)
        corpus.to_parquet(cache)
        load_note = "load_corpus (cleaning + duplicate detection), then cached"
    a = corpus[["doc_id", "date", "bias", "topic"]].rename(columns={"topic": "theme"})
    a = a[(a["date"] >= "2012-01-01") & (a["date"] < "2021-01-01")]
    prev, t_prev = _timed(lambda: prevalence(a, period="M", by="bias", n_boot=1000, seed=0))
    top = (a["theme"].value_counts().index[:5]).tolist()
    fig = plot_outlet_multiples(prev, themes=top, sources=["left", "center", "right"], ncols=2,
                                min_docs=20, bursts=False, facet="theme",
                                title="AllSides: monthly share of each topic label by outlet bias "
                                      "(95% CI; months with < 20 articles not drawn)")
    save_figure(fig, "allsides_topic_share_by_bias_monthly", reports_dir / "benchmarks")
    g = GuidedThemes.from_toml(default_theme_file(), min_matches=2).fit()
    sub = corpus[(corpus["date"] >= "2012-01-01") & (corpus["date"] < "2021-01-01")]
    guided, t_guided = _timed(lambda: g.assign(sub))
    gm = prevalence(guided, period="M", by=None, themes=["migration"], n_boot=0)
    lab = prevalence(a.assign(theme=a["theme"].where(a["theme"] == "immigration")),
                     period="M", by=None, themes=["immigration"], n_boot=0)
    both = gm[["period", "share", "n_docs"]].merge(lab[["period", "share"]], on="period",
                                                     suffixes=("_guided", "_label"))
    both = both[both["n_docs"] >= 50]
    r = float(np.corrcoef(both["share_guided"], both["share_label"])[0, 1])
    result["allsides"] = {
        "n_docs_2012_2020": int(len(a)), "load_seconds": t_load, "load_note": load_note,
        "monthly_prevalence_by_bias_1000_boot_seconds": t_prev, "prevalence_rows": len(prev),
        "n_topic_labels": int(a["theme"].nunique()), "chart": "reports/benchmarks/figures/allsides_topic_share_by_bias_monthly.png",
        "guided_assign_seconds": t_guided,
        "guided_migration_vs_immigration_label_monthly_pearson_r": round(r, 3),
        "months_compared": int(len(both)),
    }


def write_markdown(result: dict, path: Path):
    c = result["conditions"]
    lines = ["# Themes & trends benchmark", "",
             f"Machine: {c['cpus_available']} CPUs ({c['cpu']}), load average at start "
             f"{', '.join(f'{x:.1f}' for x in c['load_average_at_start'])} — {c['note']}. "
             f"Python {c['python']}, scikit-learn {c['scikit-learn']}.", ""]
    na = result.get("newsarticles")
    if na:
        lines += ["## NewsArticles", "",
                  f"- {na['n_docs']:,} articles; NMF with automatic theme count: **{na['nmf_auto_seconds']} s "
                  f"wall-clock**, {na['nmf_auto_cpu_seconds']} s CPU (process time, all threads) — "
                  f"vectorising {na['nmf_auto_timings']['vectorize']['wall_s']} s wall / "
                  f"{na['nmf_auto_timings']['vectorize']['cpu_s']} s CPU, {len(na['selection'])} candidates × "
                  f"3 runs {na['nmf_auto_timings']['fit_candidates']['wall_s']} s wall / "
                  f"{na['nmf_auto_timings']['fit_candidates']['cpu_s']} s CPU. Target < 60 s wall: "
                  f"{'met' if na['nmf_auto_under_60s'] else 'NOT met on this run'}; chose "
                  f"**{na['n_themes_chosen']}** themes over a {na['vocabulary']:,}-term vocabulary.",
                  f"- LDA at the same count (one fit): {na['lda_fixed_k_seconds']} s.",
                  f"- Guided themes (shipped file) on all articles: {na['guided_assign_seconds']} s; weekly "
                  f"prevalence by outlet with 1,000 bootstrap replicates: {na['weekly_prevalence_1000_boot_seconds']} s.",
                  "", "| themes | coherence (NPMI) | stability (Jaccard) | score | chosen |", "|---|---|---|---|---|"]
        lines += [f"| {r['n_themes']} | {r['coherence']:.3f} | {r['stability']:.3f} | {r['score']:.3f} | "
                  f"{'✔' if r['chosen'] else ''} |" for r in na["selection"]]
        lines += ["", "| label | top terms | NPMI | articles (dominant) |", "|---|---|---|---|"]
        lines += [f"| {t['label']} | {t['top_terms']} | {t['coherence']:.3f} | {t['n_dominant']} |"
                  for t in na["themes"]]
        lines.append("")
    al = result.get("allsides", {})
    lines += ["## AllSides (36k articles)", ""]
    if "skipped" in al:
        lines.append(f"Skipped: {al['skipped']}.")
    elif al:
        lines += [f"- {al['n_docs_2012_2020']:,} dated articles 2012–2020, {al['n_topic_labels']} topic labels; "
                  f"monthly prevalence by bias with 1,000 bootstrap replicates: **{al['monthly_prevalence_by_bias_1000_boot_seconds']} s** "
                  f"({al['prevalence_rows']:,} rows). Loading: {al['load_seconds']} s ({al['load_note']}).",
                  f"- Chart: `{al['chart']}`.",
                  f"- Guided *migration* theme (≥ 2 matches) vs the human *immigration* topic label, monthly "
                  f"shares over {al['months_compared']} months with ≥ 50 articles: Pearson r = "
                  f"**{al['guided_migration_vs_immigration_label_monthly_pearson_r']}** "
                  f"(guided scoring took {al['guided_assign_seconds']} s)."]
    path.write_text("\n".join(lines) + "\n")


def main(argv=None):
    from newsprism import config

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports-dir", default=None)
    ap.add_argument("--skip-allsides", action="store_true")
    args = ap.parse_args(argv)
    reports_dir = Path(args.reports_dir) if args.reports_dir else config.reports_dir()
    os.environ.setdefault("TQDM_DISABLE", "1")
    result = {"conditions": _conditions()}
    bench_newsarticles(result, reports_dir)
    if args.skip_allsides:
        result["allsides"] = {"skipped": "--skip-allsides"}
    else:
        bench_allsides(result, reports_dir)
    result["conditions"]["load_average_at_end"] = list(os.getloadavg())
    out = reports_dir / "benchmarks"
    out.mkdir(parents=True, exist_ok=True)
    (out / "themes.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    write_markdown(result, out / "themes.md")
    print((out / "themes.md").read_text())


if __name__ == "__main__":
    main()
