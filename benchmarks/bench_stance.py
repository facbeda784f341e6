"""Benchmark of newsprism.stance; writes reports/benchmarks/stance.{json,md}.

Runs :func:`newsprism.stance.benchmark.run_benchmark` in its default (full) settings --
all four splits (NewsMTSC train → devtest_mt, gold k-fold, NewsMTSC → gold, gold →
devtest_mt), ``folds=5``, ``n_boot=1000`` -- and records the table, the parameters chosen
per split, the wall time and the machine's load. The gold set is grouped as notebook 03
groups it (article, or the corpus's duplicate cluster).

Usage:
    python benchmarks/bench_stance.py [--reports-dir reports]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path


def _conditions() -> dict:
    from _machine import conditions

    return conditions("shared machine; wall-clock time of one run_benchmark call, one process")


def load_gold():
    """The gold set grouped by article or duplicate cluster (as notebook 03 does)."""
    from newsprism import config
    from newsprism.corpus import load_corpus
    from newsprism.stance.io import read_stance_data

    gold = read_stance_data(config.annotations_dir() / "stance_newsarticles.csv",
                            require_label=True)
    docs = load_corpus("newsarticles")
    if "dup_group" in docs.columns:
        dup = docs.set_index("doc_id")["dup_group"].astype(str)
        gold = gold.assign(group=gold["group"].map(dup).fillna(gold["group"]))
    return gold


def _markdown(table) -> list[str]:
    cols = list(table.columns)
    rows = [[("" if str(v) == "nan" else str(v)) for v in r] for r in table.to_numpy()]
    return (["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
            + ["| " + " | ".join(r) + " |" for r in rows])


def main(argv=None):
    from newsprism import config
    from newsprism.stance.benchmark import headline, run_benchmark
    from newsprism.stance.train import DEFAULT_GRID

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports-dir", default=None)
    args = parser.parse_args(argv)
    out_dir = Path(args.reports_dir or config.reports_dir()) / "benchmarks"
    out_dir.mkdir(parents=True, exist_ok=True)
    newsmtsc = config.shared_data_dir() / "newsmtsc"
    gold = load_gold()
    conditions = _conditions()
    t0 = time.perf_counter()
    result = run_benchmark(newsmtsc_dir=newsmtsc if newsmtsc.is_dir() else None, gold=gold)
    seconds = round(time.perf_counter() - t0, 2)
    conditions["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    wide = headline(result.table)
    record = {"run_benchmark_seconds": seconds, "conditions": conditions,
              "settings": {"folds": 5, "n_boot": 1000, "seed": 0, "grid": "DEFAULT_GRID",
                           "grid_values": {k: [list(x) if isinstance(x, tuple) else x
                                               for x in v] for k, v in DEFAULT_GRID.items()},
                           # target_min_df > 0: each split's test inputs (no labels)
                           # are passed to fit as `unlabeled` (transductive)
                           "transductive": any(DEFAULT_GRID.get("target_min_df", [0]))},
              "params": {k: {p: (list(v) if isinstance(v, tuple) else v)
                             for p, v in d.items()} for k, d in result.params.items()},
              "table": json.loads(result.table.to_json(orient="records"))}
    (out_dir / "stance.json").write_text(json.dumps(record, indent=2) + "\n")
    lines = ["# Stance benchmark", "",
             f"`run_benchmark` with default (full) settings: {seconds} s wall time "
             f"(load average at start {conditions['load_average_at_start']}, "
             f"{conditions['cpus_available']} CPUs).", "",
             "F1m, accuracy, F1pn ×100 with 95% bootstrap CIs (1,000 draws resampling "
             "articles).", "", *_markdown(wide), "",
             "Linear parameters chosen by grouped CV inside each training set:", ""]
    lines += [f"- {k}: `{v}`" for k, v in record["params"].items()]
    (out_dir / "stance.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
