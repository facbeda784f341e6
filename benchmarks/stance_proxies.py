"""Design proxies of the stance model: score candidate recipes without the test splits.

The stance benchmark's test splits (NewsMTSC devtest_mt, and the gold set as a test set
for the NewsMTSC model) must not steer the design, so candidate recipes are compared on
four proxies built from the training sides only (docs/stance_models.md):

* ``gold CV``: gold 5-fold grouped CV (seed 0), the recipe tuned inside each fold;
* ``gold → pte``: fit on all gold rows, score on "pte", the 30% of NewsMTSC
  ``train.jsonl`` articles held out by ``GroupShuffleSplit(test_size=0.3, seed 0)``;
* ``ptr → pte``: fit on the other 70% ("ptr"), score on pte;
* ``ptr → pte71``: the same model scored on pte with its non-neutral rows subsampled
  at random (seed 0) until 71% of rows are neutral, gold's label mix: a pure label shift.

devtest_mt is never read here, and no model trained on NewsMTSC is scored on gold.

Every fit also receives the *inputs* (``text, start, end``; no labels) of the rows it is
scored on as ``unlabeled`` -- each held-out fold in gold CV, pte for gold → pte and
ptr → pte, pte71 for ptr → pte71 (a second ptr fit). Only recipes with
``target_min_df > 0`` use them; for the others the output is unchanged.
F1m ×100 of every recipe and of the lexicon baseline are printed as a Markdown table
(``--json`` also writes them with accuracy and per-proxy details).

The recipes here are the adopted linear model (R14, the default: C tuned by grouped CV with
the one-standard-error rule, ``target_min_df=1``) and its two neighbours on the one option
the library keeps (R6 ``target_min_df=0``, R15 ``target_min_df=2``). The recipes of the
rejected options (R0-R5, R7-R13) need code the library no longer has;
``git checkout 4755f5e`` reproduces their tables.

Usage:
    python benchmarks/stance_proxies.py [--recipes R6 R14] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

GOLD_NEUTRAL_SHARE = 0.71  # neutral share of the 685-item gold set

# Each recipe: values added to (or replacing) DEFAULT_GRID for TunedLinearStance.
RECIPES = {
    "R6 target_min_df=0 (no feature subsetting)": {"grid_extra": {"target_min_df": [0]}},
    "R14 target_min_df=1 (the default)": {"grid_extra": {}},
    "R15 target_min_df=2": {"grid_extra": {"target_min_df": [2]}},
}


def proxy_splits(train: pd.DataFrame, *, seed: int = 0, neutral_share: float =
                 GOLD_NEUTRAL_SHARE) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(ptr, pte, pte71) from NewsMTSC train rows (article groups never split)."""
    from sklearn.model_selection import GroupShuffleSplit

    tr, te = next(GroupShuffleSplit(n_splits=1, test_size=0.3, random_state=seed)
                  .split(train, groups=train["group"]))
    ptr, pte = train.iloc[tr].reset_index(drop=True), train.iloc[te].reset_index(drop=True)
    neutral = pte[pte["label"] == "neutral"]
    other = pte[pte["label"] != "neutral"]
    n_other = int(round(len(neutral) * (1 - neutral_share) / neutral_share))
    keep = other.sample(n=min(n_other, len(other)), random_state=seed)
    pte71 = pte.loc[sorted(neutral.index.tolist() + keep.index.tolist())].reset_index(drop=True)
    return ptr, pte, pte71


def make_model(recipe: dict, seed: int = 0):
    from newsprism.stance.train import DEFAULT_GRID, TunedLinearStance

    return TunedLinearStance(grid={**DEFAULT_GRID, **recipe.get("grid_extra", {})}, seed=seed)


def _inputs(frame: pd.DataFrame) -> pd.DataFrame:
    """The unlabelled inputs of scored rows (what a transductive fit may see)."""
    return frame[["text", "start", "end"]]


def _uses_unlabeled(recipe: dict) -> bool:
    from newsprism.stance.train import DEFAULT_GRID

    grid = {**DEFAULT_GRID, **recipe.get("grid_extra", {})}
    return any(v for v in grid.get("target_min_df", [0]))


def _scores(y, pred) -> dict:
    from newsprism.stance.evaluate import accuracy, f1m, f1pn

    return {"f1m": f1m(y, pred), "accuracy": accuracy(y, pred), "f1pn": f1pn(y, pred)}


def run(recipes: dict, *, folds: int = 5, seed: int = 0) -> list[dict]:
    from bench_stance import load_gold

    from newsprism import config
    from newsprism.stance.evaluate import cross_val_predict_grouped
    from newsprism.stance.io import read_stance_data
    from newsprism.stance.models import LexiconStance

    train = read_stance_data(config.shared_data_dir() / "newsmtsc" / "train.jsonl",
                             require_label=True)
    ptr, pte, pte71 = proxy_splits(train, seed=seed)
    gold = load_gold()
    rows = []
    lex = LexiconStance()
    rows.append({"recipe": "lexicon", "gold CV": _scores(gold["label"], lex.fit(gold).predict(gold)),
                 "gold → pte": _scores(pte["label"], lex.predict(pte)),
                 "ptr → pte": _scores(pte["label"], lex.predict(pte)),
                 "ptr → pte71": _scores(pte71["label"], lex.predict(pte71))})
    for name, recipe in recipes.items():
        t0 = time.perf_counter()
        cv = cross_val_predict_grouped(make_model(recipe, seed), gold, folds=folds, seed=seed,
                                       transductive=True)
        on_gold = make_model(recipe, seed).fit(gold, gold["label"], unlabeled=_inputs(pte))
        on_ptr = make_model(recipe, seed).fit(ptr, ptr["label"], unlabeled=_inputs(pte))
        # the ptr model scored on pte71 is fitted with pte71's inputs (the same model
        # when the recipe does not use them)
        on_ptr71 = (make_model(recipe, seed).fit(ptr, ptr["label"], unlabeled=_inputs(pte71))
                    if _uses_unlabeled(recipe) else on_ptr)
        rows.append({"recipe": name, "gold CV": _scores(gold["label"], cv),
                     "gold → pte": _scores(pte["label"], on_gold.predict(pte)),
                     "ptr → pte": _scores(pte["label"], on_ptr.predict(pte)),
                     "ptr → pte71": _scores(pte71["label"], on_ptr71.predict(pte71)),
                     "params": {"gold": on_gold.best_params_, "ptr": on_ptr.best_params_,
                                "ptr (pte71)": on_ptr71.best_params_},
                     "kept_columns": {
                         k: (None if m.estimator_.feature_mask_ is None else
                             [int(m.estimator_.feature_mask_.sum()),
                              len(m.estimator_.feature_mask_)])
                         for k, m in (("gold", on_gold), ("ptr", on_ptr),
                                      ("ptr (pte71)", on_ptr71))},
                     "seconds": round(time.perf_counter() - t0, 1)})
        print(f"{name}: {rows[-1]['seconds']} s, gold params {on_gold.best_params_}, "
              f"ptr params {on_ptr.best_params_}, ptr (pte71) params "
              f"{on_ptr71.best_params_}, kept word columns {rows[-1]['kept_columns']}",
              file=sys.stderr)
    sizes = {"gold": len(gold), "ptr": len(ptr), "pte": len(pte), "pte71": len(pte71),
             "pte71 neutral share": float((pte71["label"] == "neutral").mean())}
    print(f"sizes: {sizes}", file=sys.stderr)
    return rows


PROXIES = ("gold CV", "gold → pte", "ptr → pte", "ptr → pte71")


def markdown(rows: list[dict], metric: str = "f1m") -> str:
    lines = ["| recipe | " + " | ".join(PROXIES) + " |", "|---" * (len(PROXIES) + 1) + "|"]
    for r in rows:
        lines.append(f"| {r['recipe']} | "
                     + " | ".join(f"{100 * r[p][metric]:.1f}" for p in PROXIES) + " |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipes", nargs="*", default=None,
                        help="recipe name prefixes (e.g. R0 R3); default: all")
    parser.add_argument("--json", default=None, help="also write the rows here")
    args = parser.parse_args(argv)
    recipes = RECIPES
    if args.recipes:
        recipes = {k: v for k, v in RECIPES.items()
                   if any(k.split()[0] == p for p in args.recipes)}
    rows = run(recipes)
    print(markdown(rows))
    print()
    print(markdown(rows, "accuracy").replace("| recipe |", "| recipe (accuracy) |"))
    if args.json:
        def plain(v):
            if isinstance(v, tuple):
                return list(v)
            return v if not isinstance(v, np.generic) else v.item()

        for r in rows:
            for k in r.get("params", {}):
                r["params"][k] = {p: plain(v) for p, v in r["params"][k].items()}
        Path(args.json).write_text(json.dumps(rows, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
