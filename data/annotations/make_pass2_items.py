"""Draw the blind second-pass subset of the stance gold set (no labels).

Seeded, stratified by target: the same share of every target's items (at least
``--n`` items in total), so the second annotator sees every target.

    .venv/bin/python data/annotations/make_pass2_items.py \
        --gold data/annotations/stance_newsarticles.csv \
        --out data/annotations/stance_pass2_items.csv --n 140 --seed 1
"""

from __future__ import annotations

import argparse
import math

import numpy as np
import pandas as pd

PASS2_COLUMNS = ["item_id", "doc_id", "source", "target", "mention", "start", "end", "sentence"]


def pass2_subset(gold: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frac = n / len(gold)
    parts = []
    for target, items in gold.groupby("target", sort=True):
        k = min(len(items), max(1, math.ceil(frac * len(items))))
        parts.append(items.iloc[np.sort(rng.choice(len(items), size=k, replace=False))])
    subset = pd.concat(parts)
    # shuffle so the annotator does not read one target's items in a block
    subset = subset.iloc[rng.permutation(len(subset))]
    return subset[PASS2_COLUMNS].reset_index(drop=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--gold", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--n", type=int, default=140)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    gold = pd.read_csv(args.gold, dtype=str, keep_default_na=False)
    subset = pass2_subset(gold, args.n, args.seed)
    subset.to_csv(args.out, index=False)
    print(f"{len(subset)} items -> {args.out}")
    print(subset["target"].value_counts().to_string())


if __name__ == "__main__":
    main()
