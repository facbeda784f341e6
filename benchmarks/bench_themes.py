"""Themes benchmark: newsprism's discovered themes against NMF, LDA and BERTopic, one run.

Writes reports/benchmarks/themes.{json,md}. For each corpus every method is fitted in a
fresh process (so its peak RSS is its own) and scored the same way:

- **AllSides** (Baly et al. 2020; the articles of the upstream *random* split's ``valid``
  part that carry a macro topic — the method choices were made on samples of ``train``):
  NMI and ARI of each article's dominant theme with its macro topic (the 108 human topic
  tags grouped into the shipped 14 macro topics), NMI with the outlet (the confound), their
  ratio, NPMI coherence of the top-10 terms, share of articles in the largest theme, number
  of themes, fit time and peak RSS.
- **NewsArticles** (the embedded corpus, copies removed): NMI with the outlet and with the
  URL section, the same quality columns, and the outlet self-references (an outlet's name,
  its dateline words) among the themes' top-10 terms; "today" is the 6-theme NMF the
  notebooks used before the outlet filter.

Methods: ``newsprism`` (``ThemeModel()`` defaults), ``nmf`` / ``lda`` (plain scikit-learn
on TF-IDF / counts of scikit-learn's own tokens, as many themes as newsprism chose),
``bertopic`` (its defaults — UMAP + HDBSCAN + c-TF-IDF — on the same packaged
all-MiniLM-L6-v2 embeddings, run by ``--bertopic-python`` in a separate venv; its outlier
topic -1 counts as a theme). Coherence is computed for every method on one reference
(binary scikit-learn unigram + bigram document-term matrix of the corpus).

Usage:
    python benchmarks/bench_themes.py [--bertopic-python /work/bench-venv/bin/python]
        [--skip-allsides] [--allsides-sample N] [--coverage-sims 500]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SELF_REFERENCES = {"al jazeera", "jazeera", "tass", "china daily", "cnn", "bbc", "dw",
                   "deutsche welle", "rte", "abc news", "huffpost", "huffington post",
                   "moscow february", "moscow march", "moscow january", "february tass"}
PLAIN = {"ngram_range": (1, 2), "min_df": 5, "max_df": 0.5, "max_features": 5000,
         "stop_words": "english"}


def _corpus(name: str, sample):
    import _theme_data as td

    return td.newsarticles() if name == "newsarticles" else td.allsides("valid", sample=sample)


def _fit(name: str, method: str, k, sample, queue):
    """Fit one method in this (fresh) process; put dominant themes, top terms, times."""
    os.environ["TQDM_DISABLE"] = "1"
    from newsprism.themes import corpus_texts

    docs = _corpus(name, sample)
    clock = (time.perf_counter(), time.process_time())
    out = {}
    if method == "newsprism":
        from newsprism.themes import ThemeModel

        tm = ThemeModel(seed=0).fit(docs)
        W = tm.doc_themes_
        terms = [t.split(", ") for t in tm.themes_["top_terms"]]
        out = {"selection": tm.selection_.round(4).to_dict("records"),
               "n_outlet_terms_dropped": int(len(tm.outlet_terms_)),
               "outlet_terms_dropped_top": tm.outlet_terms_["term"].head(15).tolist()}
    elif method == "today":
        from sklearn.decomposition import NMF

        from newsprism.features import NewsTfidfVectorizer
        from newsprism.themes.discovered import DEFAULT_VECTORIZER

        vec = NewsTfidfVectorizer(**DEFAULT_VECTORIZER)
        X = vec.fit_transform(corpus_texts(docs))
        nmf = NMF(n_components=6, init="nndsvda", max_iter=400, random_state=0, tol=1e-4)
        W = nmf.fit_transform(X)
        vocab = vec.get_feature_names_out()
        terms = [[vocab[i] for i in np.argsort(-row)[:10]] for row in nmf.components_]
    else:
        from sklearn.decomposition import NMF, LatentDirichletAllocation
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

        vec = (TfidfVectorizer if method == "nmf" else CountVectorizer)(**PLAIN)
        X = vec.fit_transform(corpus_texts(docs))
        model = (NMF(n_components=k, init="nndsvda", max_iter=400, random_state=0)
                 if method == "nmf" else
                 LatentDirichletAllocation(n_components=k, learning_method="online",
                                           batch_size=512, random_state=0))
        W = model.fit_transform(X)
        vocab = vec.get_feature_names_out()
        terms = [[vocab[i] for i in np.argsort(-row)[:10]] for row in model.components_]
    wall, cpu = time.perf_counter() - clock[0], time.process_time() - clock[1]
    dominant = np.where(W.sum(axis=1) > 0, W.argmax(axis=1), -1)
    out.update({"dominant": dominant.tolist(), "top_terms": terms, "wall_s": round(wall, 1),
                "cpu_s": round(cpu, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})
    queue.put(out)


def fit_in_process(name, method, k=None, sample=None) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_fit, args=(name, method, k, sample, queue))
    proc.start()
    out = queue.get()
    proc.join()
    return out


def fit_bertopic(python: str, texts, embeddings) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.npz", Path(tmp) / "out.json"
        np.savez(src, texts=np.asarray(texts, dtype=str), embeddings=embeddings)
        env = {**os.environ, "TOKENIZERS_PARALLELISM": "false"}
        subprocess.run([python, str(HERE / "_bertopic_run.py"), str(src), str(dst), "0"],
                       check=True, env=env)
        out = json.loads(dst.read_text())
    out["dominant"] = out.pop("topics")
    terms = out.pop("top_terms")
    out["top_terms"] = [terms[k] for k in sorted(terms, key=int)]
    return out


def reference_matrix(texts):
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(ngram_range=(1, 2), min_df=2, binary=True)
    return vec.fit_transform(texts), vec.vocabulary_


def score(fit: dict, X, vocab, labels: dict) -> dict:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from newsprism.themes import npmi_coherence

    dom = np.asarray(fit["dominant"])
    row = {"n_themes": int(len(set(dom.tolist()))),
           "largest_share": round(float(np.bincount(dom - dom.min()).max() / len(dom)), 4)}
    for name, truth in labels.items():
        mask = truth != ""
        row[f"nmi_{name}"] = round(float(normalized_mutual_info_score(truth[mask], dom[mask])), 4)
        if name == "topic":
            row["ari_topic"] = round(float(adjusted_rand_score(truth[mask], dom[mask])), 4)
    if "nmi_topic" in row:
        row["nmi_ratio"] = round(row["nmi_topic"] / max(row["nmi_outlet"], 1e-9), 3)
    idx = [[vocab[t.lower()] for t in terms if t.lower() in vocab] for terms in fit["top_terms"]]
    row["npmi"] = round(float(np.nanmean(npmi_coherence(idx, X))), 4)
    row["self_references"] = sorted({t for terms in fit["top_terms"] for t in terms
                                     if t.lower() in SELF_REFERENCES})
    for key in ("wall_s", "cpu_s", "peak_rss_mb"):
        row[key] = fit.get(key)
    return row


def bench_corpus(name: str, args) -> dict:
    import _theme_data as td

    from newsprism.themes import corpus_texts

    docs = _corpus(name, args.allsides_sample)
    texts = corpus_texts(docs)
    labels = {"outlet": docs["source"].astype(str).to_numpy()}
    if name == "allsides":
        labels["topic"] = docs["macro_topic"].astype(str).to_numpy()
    elif "section" in docs.columns:
        labels["section"] = docs["section"].fillna("").astype(str).to_numpy()
    X, vocab = reference_matrix(texts)
    result = {"n_docs": len(docs), "n_outlets": int(docs["source"].nunique()), "methods": {}}
    fits = {"newsprism": fit_in_process(name, "newsprism", sample=args.allsides_sample)}
    k = int(max(fits["newsprism"]["dominant"]) + 1)
    if name == "newsarticles":
        fits["today"] = fit_in_process(name, "today")
    for method in ("nmf", "lda"):
        fits[method] = fit_in_process(name, method, k, args.allsides_sample)
    if args.bertopic_python:
        key = "newsarticles" if name == "newsarticles" else "allsides_valid" + (
            f"_sample{args.allsides_sample}" if args.allsides_sample else "")
        vectors, seconds, cached = td.embeddings(texts, key)
        fits["bertopic"] = fit_bertopic(args.bertopic_python, texts, vectors)
        fits["bertopic"]["encoder_s"] = seconds
        result["encoder"] = {"seconds": seconds, "cached": cached, "max_length": td.MAX_LENGTH}
    for method, fit in fits.items():
        row = score(fit, X, vocab, labels)
        if method == "bertopic":
            dom = np.asarray(fit["dominant"])
            row["outlier_share"] = round(float((dom == -1).mean()), 4)
            row["versions"] = fit.get("versions")
        for extra in ("selection", "n_outlet_terms_dropped", "outlet_terms_dropped_top"):
            if extra in fit:
                row[extra] = fit[extra]
        row["top_terms"] = [", ".join(t) for t in fit["top_terms"]][:60]
        result["methods"][method] = row
        print(f"{name} {method}: " + ", ".join(f"{c}={v}" for c, v in row.items()
                                                if c not in ("top_terms", "selection")),
              flush=True)
    return result


COLUMNS = {"allsides": ["n_themes", "nmi_topic", "ari_topic", "nmi_outlet", "nmi_ratio", "npmi",
                        "largest_share", "wall_s", "cpu_s", "peak_rss_mb"],
           "newsarticles": ["n_themes", "nmi_outlet", "nmi_section", "npmi", "largest_share",
                            "self_references", "wall_s", "cpu_s", "peak_rss_mb"]}
LABELS = {"newsprism": "newsprism ThemeModel() (defaults)", "today": "NMF, 6 themes (before)",
          "nmf": "scikit-learn NMF (TF-IDF)", "lda": "scikit-learn LDA (counts)",
          "bertopic": "BERTopic (UMAP + HDBSCAN)"}


def table(corpus: str, result: dict) -> list[str]:
    cols = COLUMNS[corpus]
    lines = ["| method | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for method, row in result["methods"].items():
        cells = []
        for c in cols:
            v = row.get(c)
            cells.append(", ".join(v) or "none" if isinstance(v, list) else
                         f"{v:.3f}" if isinstance(v, float) and c not in ("wall_s", "cpu_s")
                         else str(v))
        lines.append(f"| {LABELS.get(method, method)} | " + " | ".join(cells) + " |")
    return lines


def _num(value) -> str:
    return "—" if value is None or value != value else f"{value:.3f}"


def write_markdown(result: dict, path: Path) -> None:
    c = result["conditions"]
    lines = ["# Themes benchmark", "",
             f"Machine: {c['cpus_available']} CPUs ({c['cpu']}), load average at start "
             f"{', '.join(f'{x:.1f}' for x in c['load_average_at_start'])} — {c['note']}. "
             f"Python {c['python']}, scikit-learn {c['scikit-learn']}. Times are wall-clock "
             "seconds of the fit alone (data loading excluded); CPU is process time (all "
             "threads); peak RSS is the fitting process's.", ""]
    for corpus, title in (("allsides", "AllSides"), ("newsarticles", "NewsArticles")):
        res = result.get(corpus)
        if not res or "skipped" in res:
            lines += [f"## {title}", "", f"Skipped: {(res or {}).get('skipped', 'not run')}.", ""]
            continue
        lines += [f"## {title}", "", f"{res['n_docs']:,} articles from {res['n_outlets']} outlets"
                  + (f" ({res['note']})" if res.get("note") else "") + ".", ""]
        lines += table(corpus, res)
        enc = res.get("encoder")
        if enc:
            lines += ["", f"BERTopic's embeddings (packaged all-MiniLM-L6-v2, first "
                          f"{enc['max_length']} tokens of title + text) took {enc['seconds']} s "
                          "to compute on this machine (not included in its fit time above; "
                          f"{'read from the cache in this run' if enc['cached'] else 'computed in this run'})."]
        bt = res["methods"].get("bertopic")
        if bt:
            lines += [f"BERTopic's outlier topic -1 holds {100 * bt['outlier_share']:.1f} % of the "
                      f"articles (counted as one theme); versions {bt.get('versions')}."]
        ours = res["methods"]["newsprism"]
        plain = res["methods"].get("nmf")
        if plain and plain.get("wall_s"):
            lines += ["", f"Fit time relative to plain NMF with the same number of themes in this "
                          f"run: "
                          f"{ours['wall_s'] / plain['wall_s']:.2f}× wall, "
                          f"{ours['cpu_s'] / max(plain['cpu_s'], 1e-9):.2f}× CPU (the fits run "
                          "one after the other, so a change of load between them moves the "
                          "ratio too)."]
        lines += ["", f"newsprism dropped {ours['n_outlet_terms_dropped']} outlet-specific terms "
                      f"(e.g. {', '.join(ours['outlet_terms_dropped_top'][:10])}).", "",
                  "| candidate themes | coherence | stability | largest theme | eligible | score "
                  "| chosen |", "|---|---|---|---|---|---|---|"]
        lines += [f"| {r['n_themes']} | {r['coherence']:.3f} | {_num(r['stability'])} | "
                  f"{r['largest_share']:.3f} | {'yes' if r['eligible'] else 'no'} | "
                  f"{_num(r['score'])} | {'✔' if r['chosen'] else ''} |"
                  for r in ours["selection"]]
        lines += ["", "Stability is measured only for the counts that can be chosen (largest "
                  "theme ≤ 15 %); '—' marks the others."]
        lines.append("")
    cov = result.get("effects_coverage")
    if cov:
        lines += ["## Covariate effects: interval coverage on simulated data", "",
                  *([f"({result['effects_coverage_note']}.)", ""]
                    if result.get("effects_coverage_note") else []),
                  "`trends.theme_effects` on data simulated with a known outlet effect, a smooth "
                  "seasonal swing and day-level shocks (`benchmarks/_effects_sim.py`): share of "
                  "95 % intervals that hold the true value.", "",
                  "| setting | simulations × articles | estimates | contrasts | mean width |",
                  "|---|---|---|---|---|"]
        for name, row in cov.items():
            lines.append(f"| {name} | {row['n_sims']} × {row['n_docs']:,} | "
                         f"{row['coverage_estimates']:.3f} | {row['coverage_contrasts']:.3f} | "
                         f"{row['mean_interval_width']:.3f} |")
        lines.append("")
    path.write_text("\n".join(lines) + "\n")


def main(argv=None):
    from _machine import conditions

    from newsprism import config

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports-dir", default=None)
    ap.add_argument("--bertopic-python", default=None,
                    help="python of a venv with bertopic (the reference runs only with it)")
    ap.add_argument("--skip-allsides", action="store_true")
    ap.add_argument("--skip-newsarticles", action="store_true")
    ap.add_argument("--allsides-sample", type=int, default=None)
    ap.add_argument("--coverage-sims", type=int, default=500)
    args = ap.parse_args(argv)
    os.environ.setdefault("TQDM_DISABLE", "1")
    reports = Path(args.reports_dir) if args.reports_dir else config.reports_dir()
    result = {"conditions": conditions("shared machine (other jobs running: timings are upper "
                                       "bounds); every fit in a fresh process")}
    previous = reports / "benchmarks" / "themes.json"
    if not args.coverage_sims and previous.is_file():
        # the simulation does not depend on the theme model: keep the last measured one
        kept = json.loads(previous.read_text()).get("effects_coverage")
        if kept:
            result["effects_coverage"] = kept
            result["effects_coverage_note"] = ("carried over from the previous run "
                                               "(--coverage-sims 0)")
    if args.coverage_sims:
        import _effects_sim as sim

        result["effects_coverage"] = {
            "day-clustered (default)": sim.coverage(args.coverage_sims, 3000, seed=0),
            "independent articles (cluster=None)": sim.coverage(args.coverage_sims, 3000,
                                                                seed=0, cluster=None)}
        print(result["effects_coverage"], flush=True)
    for corpus, skip in (("newsarticles", args.skip_newsarticles),
                         ("allsides", args.skip_allsides)):
        if skip:
            result[corpus] = {"skipped": f"--skip-{corpus}"}
            continue
        if corpus == "allsides" and not (config.shared_data_dir() / "allsides").is_dir():
            result[corpus] = {"skipped": f"{config.shared_data_dir() / 'allsides'} not found"}
            continue
        result[corpus] = bench_corpus(corpus, args)
        if corpus == "allsides":
            result[corpus]["note"] = ("upstream random split, valid part, articles with a macro "
                                      "topic" + (f"; random sample of {args.allsides_sample}"
                                                 if args.allsides_sample else ""))
    result["conditions"]["load_average_at_end"] = list(os.getloadavg())
    out = reports / "benchmarks"
    out.mkdir(parents=True, exist_ok=True)
    (out / "themes.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    write_markdown(result, out / "themes.md")
    print((out / "themes.md").read_text())


if __name__ == "__main__":
    main()
