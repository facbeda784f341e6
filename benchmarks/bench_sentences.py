"""Sentence splitting stays linear in the length of punctuation runs (issue 18, item 2).

Times ``sentences`` on runs of ``n`` and ``10 n`` dots (and mixed ``?!`` / ``…`` runs, and an
article with a 46-dot leader repeated) in one run, and reports the ratio ``t(10 n) / t(n)``:
about 10 for a linear splitter, about 100 for a quadratic one (the old splitter did not
finish 50 dots in under 3 minutes). Ratios from one run are robust to a shared machine.

Usage::

    python benchmarks/bench_sentences.py [--out reports/benchmarks]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import conditions  # noqa: E402


def _best_of(func, repeats: int = 5) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv=None) -> dict:
    from newsprism.text import sentences

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="reports/benchmarks")
    args = parser.parse_args(argv)
    cases = {
        "dots": lambda n: "." * n,
        "?! pairs": lambda n: "?!" * (n // 2) + " Next.",
        "ellipsis characters": lambda n: "\u2026" * n,
        "46-dot leaders in an article": lambda n: ("Russia said so" + "." * 46 + "x ") * (n // 60),
    }
    rows = []
    for name, make in cases.items():
        for n in (10_000, 100_000, 1_000_000):
            text = make(n)
            rows.append({"case": name, "chars": len(text),
                         "seconds": _best_of(lambda text=text: sentences(text))})
    for row in rows:
        smaller = [r for r in rows if r["case"] == row["case"] and r["chars"] < row["chars"]]
        row["ratio_to_previous"] = (round(row["seconds"] / smaller[-1]["seconds"], 2)
                                    if smaller and smaller[-1]["seconds"] > 0 else None)
    result = {"benchmark": "sentences", "conditions": conditions("best of 5 per size"),
              "rows": rows}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "sentences.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = ["# Sentence splitting on long punctuation runs", "",
             "Best of 5 per size; ratio = time / time at the previous size (10x fewer chars):",
             "~10 means linear, ~100 quadratic.", "",
             "| case | chars | seconds | ratio to previous |", "|---|---:|---:|---:|"]
    lines += [f"| {r['case']} | {r['chars']:,} | {r['seconds']:.4f} | "
              f"{r['ratio_to_previous'] if r['ratio_to_previous'] is not None else '–'} |"
              for r in rows]
    (out / "sentences.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return result


if __name__ == "__main__":
    main()
