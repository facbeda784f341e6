"""load_corpus on a 3,000-row CSV: cold (first call) and warm (cached), each in a fresh process.

The CSV is a 3,000-article AllSides sample exported as a researcher would (columns
article_id, headline, body, published, outlet, tag, leaning; written to a temporary
folder, never the repo). "Cold" ingests with an empty cache folder, "warm" reads the
cached result in a new process; both include Python start-up and imports. Also timed:
pandas reading the same CSV (the floor). Writes reports/benchmarks/load.{json,md}.

    $ .venv/bin/python benchmarks/bench_load.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_boilerplate import allsides_sample

OUT = Path(__file__).resolve().parents[1] / "reports" / "benchmarks"
LOAD = ("import time; t = time.perf_counter(); from newsprism.corpus import load_corpus; "
        "c = load_corpus({path!r}, cache_dir={cache!r}, topic='tag'); "
        "print(time.perf_counter() - t, len(c))")
PANDAS = ("import time; t = time.perf_counter(); import pandas as pd; "
          "c = pd.read_csv({path!r}); print(time.perf_counter() - t, len(c))")


# the code before this change, for a ratio measured in the same run: set BASELINE_SRC to
# the src/ folder of a checkout of main (e.g. /work/main/src)
BASELINE = os.environ.get("BASELINE_SRC")
LOAD_BASELINE = ("import time; t = time.perf_counter(); from newsprism.corpus import ingest; "
                 "c = ingest({path!r}, topic='tag').corpus; print(time.perf_counter() - t, len(c))")


def run(code: str, src: str | None = None) -> dict:
    clock = time.perf_counter()
    env = {**os.environ, "TQDM_DISABLE": "1", **({"PYTHONPATH": src} if src else {})}
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, env=env).stdout.split()
    return {"process_seconds": round(time.perf_counter() - clock, 2),
            "in_process_seconds": round(float(out[0]), 2), "rows": int(out[1])}


def main(repeats: int = 2) -> int:
    path = str(allsides_sample())
    rows = []
    for r in range(repeats):
        cache = tempfile.mkdtemp()
        rows.append({"repeat": r, "pandas_read_csv": run(PANDAS.format(path=path)),
                     **({"before": run(LOAD_BASELINE.format(path=path), BASELINE)} if BASELINE else {}),
                     "cold": run(LOAD.format(path=path, cache=cache)),
                     "warm": run(LOAD.format(path=path, cache=cache))})
    steps = ["pandas_read_csv"] + (["before"] if BASELINE else []) + ["cold", "warm"]
    best = {k: min(x[k]["process_seconds"] for x in rows) for k in steps}
    load = os.getloadavg()[0]
    result = {"csv_rows": rows[0]["cold"]["rows"], "repeats": rows, "best_process_seconds": best,
              "load_average_1min": round(load, 2), "cpus": os.cpu_count(),
              "target_cold_seconds": 3.0}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "load.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = ["# load_corpus speed", "",
             "`benchmarks/bench_load.py`: `load_corpus(csv, topic='tag')` on a 3,000-row AllSides "
             "CSV (18 MB; 8 outlets), each call in a fresh Python process (start-up and imports "
             f"included), best of {repeats}. Cold = empty cache folder (read, clean, boilerplate, "
             "dates, duplicates); warm = the cached Parquet of the same content and arguments.",
             "", "| step | in-process s | whole process s |", "|---|---:|---:|"]
    for k in steps:
        x = min(rows, key=lambda r: r[k]["process_seconds"])[k]
        lines.append(f"| {k} | {x['in_process_seconds']:.2f} | {x['process_seconds']:.2f} |")
    if BASELINE:
        lines += ["", f"Cold / before: {best['cold'] / best['before']:.2f}; warm / before: "
                  f"{best['warm'] / best['before']:.2f} (ratios from the same run; 'before' = "
                  "main's ingestion without a cache, boilerplate detection did not exist)."]
    lines += ["", f"Machine: {os.cpu_count()} CPUs shared with other jobs, 1-minute load average "
              f"{load:.1f} at the end of the run (absolute times scale with the load; compare the "
              "ratios). Target: cold <= 3 s on an unloaded machine.", ""]
    (OUT / "load.md").write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
