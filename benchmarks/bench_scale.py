"""Scale benchmark: the pipeline on 10^4 … 10^6 articles, in memory vs streamed vs Dask.

Builds perturbed resamples of the AllSides and NewsArticles texts (seeded; written outside
the repository, default /work/scale-data): 90 % splice the start of one article onto the
end of another (new text, the first article's outlet, title, topic and date), 7 % are
lightly edited copies of an original (near duplicates), 3 % exact copies. Then, for each
size in increasing order and each engine, runs
``newsprism.workflows.scale.run_pipeline`` in a fresh process (ingest → dedup → hashed
features → themes and topics fitted on a 5,000-article hash sample, assigned partition by
partition → prevalence with 200 Poisson-bootstrap replicates), sampling the RSS of that
process and all its children every 0.5 s. Results are written after every run
(reports/benchmarks/scale.{json,md}; the plot scale.png after each size), so an
interrupted benchmark still leaves its table.

Usage (on a shared machine): ``nice -n 10 .venv/bin/python benchmarks/bench_scale.py``
``[--sizes 10000 100000 300000 1000000] [--engines memory stream dask1 dask2]``
``[--memory-max 100000] [--data /work/scale-data]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "reports" / "benchmarks"
ALLSIDES = Path("/work/shared/data/allsides/articles.jsonl.gz")
NEWSARTICLES = Path("/work/main/data/raw/newsarticles/NewsArticles.zip")
ENGINES = {"memory": ("memory", 1), "stream": ("stream", 1), "dask1": ("dask", 1),
           "dask2": ("dask", 2)}
_EDIT_WORDS = ["reportedly", "officials", "meanwhile", "update", "sources", "however"]


def originals():
    import pandas as pd

    rows = []
    with gzip.open(ALLSIDES, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            rows.append({k: r.get(k, "") for k in ("date", "source", "title", "topic", "bias",
                                                    "text")})
    df = pd.DataFrame(rows)
    if NEWSARTICLES.exists():
        na = pd.read_csv(NEWSARTICLES, dtype=str, keep_default_na=False, encoding="latin-1")
        df = pd.concat([df, pd.DataFrame({"date": na["publish_date"], "source": "",
                                          "url": na["article_source_link"],
                                          "title": na["title"], "topic": "", "bias": "",
                                          "text": na["text"]})], ignore_index=True)
    df = df.fillna("")
    return df[df["text"].str.len() > 200].reset_index(drop=True)


def build_corpus(n: int, path: Path, seed: int = 0, batch: int = 50_000) -> Path:
    """Write ``n`` perturbed articles to ``path`` (Parquet, row groups of ``batch``)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    if path.exists():
        return path
    base = originals()
    texts = base["text"].tolist()
    rng = np.random.default_rng(seed)
    tmp = path.with_suffix(".tmp")
    writer = None
    for start in range(0, n, batch):
        m = min(batch, n - start)
        a = rng.integers(0, len(base), m)
        b = rng.integers(0, len(base), m)
        kind = rng.random(m)
        cut_a, cut_b = rng.random(m), rng.random(m)
        out = []
        for i in range(m):
            ta = texts[a[i]]
            if kind[i] < 0.90:
                tb = texts[b[i]]
                t = ta[: int(len(ta) * (0.3 + 0.4 * cut_a[i]))] + " " + tb[int(len(tb) * cut_b[i] * 0.7):]
            elif kind[i] < 0.97:
                p = int(len(ta) * cut_a[i])
                t = ta[:p] + " " + _EDIT_WORDS[i % len(_EDIT_WORDS)] + " " + ta[p + 12:]
            else:
                t = ta
            out.append(t)
        frame = base.iloc[a].reset_index(drop=True).assign(text=out)
        frame.insert(0, "id", [f"s{start + i}" for i in range(m)])
        table = pa.Table.from_pandas(frame, preserve_index=False)
        writer = writer or pq.ParquetWriter(tmp, table.schema)
        writer.write_table(table, row_group_size=batch)
    writer.close()
    tmp.rename(path)
    return path


def _one(args) -> None:
    """Child process: one engine on one corpus; prints the run record as JSON."""
    import shutil

    from newsprism.workflows.scale import ScaleConfig, run_pipeline

    out = Path(args.work)
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    run = run_pipeline(args.one, out, engine=args.engine, workers=args.workers,
                       cfg=ScaleConfig(chunk_rows=args.chunk_rows, sample_size=args.sample_size))
    run.pop("tables")
    run["wall"] = round(time.perf_counter() - t0, 2)
    shutil.rmtree(out, ignore_errors=True)
    print("RESULT " + json.dumps(run, default=str), flush=True)


def measure(corpus: Path, engine: str, workers: int, work: Path, chunk_rows: int,
            sample_size: int) -> dict:
    """Run one engine in a child process, sampling the RSS of its process tree."""
    import psutil

    cmd = [sys.executable, __file__, "--one", str(corpus), "--engine", engine,
           "--workers", str(workers), "--work", str(work), "--chunk-rows", str(chunk_rows),
           "--sample-size", str(sample_size)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={**__import__("os").environ, "TQDM_DISABLE": "1"})
    root = psutil.Process(proc.pid)
    peak_proc, peak_total = 0, 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            rss = [p.memory_info().rss for p in tree if p.is_running()]
        except psutil.Error:
            rss = []
        if rss:
            peak_proc, peak_total = max(peak_proc, max(rss)), max(peak_total, sum(rss))
        time.sleep(0.5)
    stdout = proc.stdout.read()
    lines = [ln for ln in stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode or not lines:
        return {"error": f"exit {proc.returncode}", "wall": round(time.perf_counter() - t0, 1)}
    run = json.loads(lines[-1][7:])
    return {"wall": run["wall"], "timings": run["timings"], "kept": run["summary"]["kept"],
            "read": run["summary"]["read"], "near": run["summary"]["duplicates"]["near"],
            "exact": run["summary"]["duplicates"]["exact"],
            "peak_rss_gb_max_process": round(peak_proc / 2**30, 3),
            "peak_rss_gb_total": round(peak_total / 2**30, 3)}


def exponent(sizes, values, smallest: int = 100_000) -> float | None:
    """Slope of log(value) on log(size) over the sizes >= ``smallest`` (None: < 2 sizes)."""
    pts = [(s, v) for s, v in zip(sizes, values) if v and s >= smallest]
    if len(pts) < 2:
        return None
    x, y = np.log([p[0] for p in pts]), np.log([p[1] for p in pts])
    return round(float(np.polyfit(x, y, 1)[0]), 3)


def write_reports(results: dict, conditions: dict) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    fits = {}
    for eng in ENGINES:
        rows = sorted((int(n), r[eng]) for n, r in results.items() if "wall" in r.get(eng, {})
                      and "error" not in r[eng])
        if rows:
            fits[eng] = {"time_exponent_1e5_up": exponent([n for n, _ in rows],
                                                          [r["wall"] for _, r in rows]),
                         "rss_exponent_1e5_up": exponent(
                             [n for n, _ in rows], [r["peak_rss_gb_max_process"] for _, r in rows]),
                         "time_exponent_all_sizes": exponent([n for n, _ in rows],
                                                             [r["wall"] for _, r in rows], 0),
                         "time_exponent_all_sizes_without_fit": exponent(
                             [n for n, _ in rows],
                             [r["wall"] - r["timings"].get("fit_models", 0) for _, r in rows], 0),
                         "rss_exponent_all_sizes": exponent(
                             [n for n, _ in rows], [r["peak_rss_gb_max_process"] for _, r in rows],
                             0)}
    speedup = {n: round(r["dask1"]["wall"] / r["dask2"]["wall"], 2) for n, r in results.items()
               if "wall" in r.get("dask1", {}) and "wall" in r.get("dask2", {})
               and "error" not in r["dask1"] and "error" not in r["dask2"]}
    (OUT / "scale.json").write_text(json.dumps({"conditions": conditions, "results": results,
                                                "fits": fits, "dask_speedup_2_vs_1": speedup},
                                               indent=2) + "\n")
    lines = ["# Scale benchmark", "", f"Machine: {conditions.get('cpus_available')} CPUs "
             f"({conditions.get('cpu')}), load at start {conditions.get('load_average_at_start')}; "
             f"{conditions.get('note')}", "",
             "| articles | engine | wall s | wall without fit s | ingest+dedup s | fit s | features s | assign s | "
             "prevalence s | peak RSS/process GB | peak RSS total GB | near / exact dups |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in sorted(results, key=int):
        for eng, r in results[n].items():
            if "error" in r:
                lines.append(f"| {int(n):,} | {eng} | failed ({r['error']}) after {r['wall']} s |"
                             " | | | | | | | | |")
                continue
            t = r["timings"]
            ing = t.get("ingest", 0) + t.get("ingest_dedup", 0) + t.get("split", 0)
            lines.append(f"| {int(n):,} | {eng} | {r['wall']:.1f} | "
                         f"{r['wall'] - t.get('fit_models', 0):.1f} | {ing:.1f} | "
                         f"{t.get('fit_models', 0):.1f} | {t.get('features', 0):.1f} | "
                         f"{t.get('assign', 0):.1f} | {t.get('prevalence', 0):.1f} | "
                         f"{r['peak_rss_gb_max_process']:.2f} | {r['peak_rss_gb_total']:.2f} | "
                         f"{r['near']:,} / {r['exact']:,} |")
    lines += ["", "Fitted exponents (log-log slope; `1e5_up`: sizes >= 10^5, null when fewer than "
              "two such sizes ran): " + json.dumps(fits),
              "", "Dask 2 workers vs 1 (wall-time ratio): " + json.dumps(speedup), ""]
    (OUT / "scale.md").write_text("\n".join(lines))
    _plot(results, fits)


def _best(fit: dict, what: str) -> str:
    if fit.get(f"{what}_exponent_1e5_up") is not None:
        return f"{fit[f'{what}_exponent_1e5_up']} from 1e5"
    if fit.get(f"{what}_exponent_all_sizes") is not None:
        return f"{fit[f'{what}_exponent_all_sizes']}, all sizes"
    return "n/a: one size"


def _plot(results: dict, fits: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for eng in ENGINES:
        rows = sorted((int(n), r[eng]) for n, r in results.items()
                      if eng in r and "error" not in r[eng])
        if not rows:
            continue
        x = [n for n, _ in rows]
        e = fits.get(eng, {})
        axes[0].loglog(x, [r["wall"] for _, r in rows], "o-",
                       label=f"{eng} (exponent {_best(e, 'time')})")
        axes[1].loglog(x, [r["peak_rss_gb_max_process"] for _, r in rows], "o-",
                       label=f"{eng} (exponent {_best(e, 'rss')})")
    axes[0].set(xlabel="articles", ylabel="wall time (s)", title="time, end to end")
    axes[1].set(xlabel="articles", ylabel="peak RSS per process (GB)", title="memory")
    axes[1].axhline(4, color="grey", ls=":", lw=1)
    for ax in axes:
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(OUT / "scale.png", dpi=120)
    plt.close(fig)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 300_000, 1_000_000])
    p.add_argument("--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES))
    p.add_argument("--memory-max", type=int, default=100_000,
                   help="largest size the in-memory engine is run on")
    p.add_argument("--data", default="/work/scale-data")
    p.add_argument("--chunk-rows", type=int, default=20_000)
    p.add_argument("--sample-size", type=int, default=5000,
                   help="articles the theme and topic models are fitted on")
    p.add_argument("--one"), p.add_argument("--engine"), p.add_argument("--work")
    p.add_argument("--workers", type=int, default=1)
    args = p.parse_args()
    if args.one:
        return _one(args)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from _machine import conditions

    cond = conditions("shared machine: other helpers running; benchmark under nice -n 10")
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    previous = json.loads((OUT / "scale.json").read_text()) if (OUT / "scale.json").exists() else {}
    results = previous.get("results", {})
    for n in sorted(args.sizes):
        corpus = build_corpus(n, data / f"scale_{n}.parquet")
        for eng in args.engines:
            if eng == "memory" and n > args.memory_max:
                continue
            engine, workers = ENGINES[eng]
            print(f"{n:,} articles, {eng} ...", flush=True)
            r = measure(corpus, engine, workers, data / f"run_{eng}", args.chunk_rows,
                        args.sample_size)
            r["sample_size"] = args.sample_size
            results.setdefault(str(n), {})[eng] = r
            print(json.dumps(r), flush=True)
            write_reports(results, cond)


if __name__ == "__main__":
    main()
