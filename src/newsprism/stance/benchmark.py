"""The stance benchmark: NewsMTSC, our gold set, and both cross-dataset directions.

:func:`run_benchmark` returns one tidy table (``split, model, metric, value, ci_low,
ci_high, n_train, n_test``) plus the test predictions for error analysis. Every split
scores rows the model never saw; the linear model's hyper-parameters are picked by
grouped CV inside the training data of each split
(:class:`~newsprism.stance.train.TunedLinearStance`), never on the test rows.

Example:
    >>> result = run_benchmark(newsmtsc_dir=None, gold=None)   # doctest: +SKIP
    >>> result.table.pivot_table(index=["split", "model"], columns="metric", values="value")  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from newsprism.stance.evaluate import (cross_val_predict_grouped, metrics_rows, published_rows,
                                       score)
from newsprism.stance.models import LexiconStance
from newsprism.stance.train import DEFAULT_GRID, TunedLinearStance

LEXICON = "lexicon (VADER window)"
LINEAR = "linear (target-aware)"


@dataclass
class BenchmarkResult:
    table: pd.DataFrame
    predictions: dict = field(default_factory=dict)  # split → DataFrame(test rows + preds)
    params: dict = field(default_factory=dict)  # split → chosen linear parameters
    # name → fitted TunedLinearStance. Without target_min_df: "linear_newsmtsc",
    # "linear_gold". With it (transductive), each model is fitted for one test set's
    # inputs and named after it: "linear_newsmtsc@devtest_mt", "linear_newsmtsc@gold",
    # "linear_gold@devtest_mt" (no "linear_gold": refit with your own data's inputs).
    models: dict = field(default_factory=dict)


def _subsample(data: pd.DataFrame, n: int | None, seed: int) -> pd.DataFrame:
    if n is None or len(data) <= n:
        return data
    groups = data["group"].drop_duplicates().sample(frac=1.0, random_state=seed)
    sizes = data.groupby("group").size().reindex(groups)
    keep = set(groups[(sizes.cumsum() <= n).to_numpy()])
    return data[data["group"].isin(keep)].reset_index(drop=True)


def _scored(split, model, y, pred, groups, *, n_boot, seed, n_train) -> list[dict]:
    return metrics_rows(score(y, pred, n_boot=n_boot, seed=seed, groups=groups),
                        split=split, model=model, n_train=n_train)


def _holdout(result, split, train, test, *, grid, n_boot, seed, model_key=None,
             fitted=None, transductive=False):
    lex_pred = LexiconStance().fit(test).predict(test)
    rows = _scored(split, LEXICON, test["label"], lex_pred, test["group"], n_boot=n_boot,
                   seed=seed, n_train=0)
    tuned = fitted
    if tuned is None:
        # transductive: the test rows' inputs (text, start, end; never labels) go to fit
        extra = {"unlabeled": test[["text", "start", "end"]]} if transductive else {}
        tuned = TunedLinearStance(grid=grid, seed=seed).fit(train, train["label"], **extra)
    lin_pred = tuned.predict(test)
    rows += _scored(split, LINEAR, test["label"], lin_pred, test["group"], n_boot=n_boot,
                    seed=seed, n_train=len(train))
    result.params[split] = tuned.best_params_
    result.predictions[split] = test.assign(pred_linear=lin_pred, pred_lexicon=lex_pred)
    if model_key:
        result.models[model_key] = tuned
    return rows


def run_benchmark(*, newsmtsc_dir: str | Path | None, gold: pd.DataFrame | None,
                  folds: int = 5, n_boot: int = 1000, seed: int = 0,
                  train_sample: int | None = None, grid: dict | None = None,
                  min_gold: int = 30) -> BenchmarkResult:
    """Run every split whose data is available.

    Args:
        newsmtsc_dir: folder with NewsMTSC ``train.jsonl`` and ``devtest_mt.jsonl``
            (None or missing → NewsMTSC splits are skipped).
        gold: labelled gold items as read by :func:`~newsprism.stance.io.read_stance_data`
            (``group`` = article, or duplicate cluster); None or fewer than ``min_gold``
            rows → gold splits are skipped.
        folds: k of the grouped k-fold on the gold set.
        train_sample: cap on NewsMTSC training items (fast mode), sampled by article.
        grid: linear-model search grid (default :data:`~newsprism.stance.train.DEFAULT_GRID`).

    When ``grid`` has a ``target_min_df > 0`` (the default grid does) the linear model is
    **transductive**: every fit receives the inputs (``text, start, end``; never the
    labels) of the rows it is scored on as ``unlabeled`` and keeps only the word columns
    that occur there -- devtest_mt's inputs for NewsMTSC train → devtest_mt and gold →
    devtest_mt, each held-out fold's in gold k-fold, and gold's for NewsMTSC train → gold
    (a NewsMTSC model refitted for it). The fitted models are then stored under
    ``"<name>@<test set>"`` (see :class:`BenchmarkResult`).
    """
    from newsprism.stance.io import read_stance_data

    grid = grid if grid is not None else DEFAULT_GRID
    transductive = any(v for v in grid.get("target_min_df", [0]))

    def at(name, target):
        return f"{name}@{target}" if transductive else name

    common = {"grid": grid, "n_boot": n_boot, "seed": seed, "transductive": transductive}
    result = BenchmarkResult(table=pd.DataFrame())
    rows: list[dict] = []
    train = dev = None
    if newsmtsc_dir is not None and (Path(newsmtsc_dir) / "train.jsonl").is_file():
        train = _subsample(read_stance_data(Path(newsmtsc_dir) / "train.jsonl",
                                            require_label=True), train_sample, seed)
        dev = read_stance_data(Path(newsmtsc_dir) / "devtest_mt.jsonl", require_label=True)
        split = "newsmtsc train → devtest_mt"
        rows += _holdout(result, split, train, dev,
                         model_key=at("linear_newsmtsc", "devtest_mt"), **common)
        always = np.full(len(dev), "neutral", dtype=object)
        rows += _scored(split, "always neutral (measured)", dev["label"], always,
                        dev["group"], n_boot=n_boot, seed=seed, n_train=0)
        rows += [dict(r, n_train=np.nan) for r in published_rows(split)]
    if gold is not None and len(gold) >= min_gold:
        split = f"gold {folds}-fold (grouped by article)"
        lex_pred = LexiconStance().fit(gold).predict(gold)
        rows += _scored(split, LEXICON, gold["label"], lex_pred, gold["group"],
                        n_boot=n_boot, seed=seed, n_train=0)
        lin_pred = cross_val_predict_grouped(TunedLinearStance(grid=grid, seed=seed), gold,
                                             folds=folds, seed=seed,
                                             transductive=transductive)
        rows += _scored(split, LINEAR, gold["label"], lin_pred, gold["group"], n_boot=n_boot,
                        seed=seed, n_train=int(len(gold) * (folds - 1) / folds))
        result.predictions[split] = gold.assign(pred_linear=lin_pred, pred_lexicon=lex_pred)
        if train is not None:
            # the NewsMTSC model (tuned on NewsMTSC train only) is reused as it is; a
            # transductive one was fitted for devtest_mt's inputs, so it is refitted
            # (same training rows, same CV) with gold's inputs
            rows += _holdout(result, "newsmtsc train → gold", train, gold,
                             fitted=None if transductive else result.models["linear_newsmtsc"],
                             model_key=at("linear_newsmtsc", "gold") if transductive else None,
                             **common)
            rows += _holdout(result, "gold → newsmtsc devtest_mt", gold, dev,
                             model_key=at("linear_gold", "devtest_mt"), **common)
    result.table = pd.DataFrame(rows, columns=["split", "model", "metric", "value", "ci_low",
                                               "ci_high", "n_train", "n_test"])
    return result


def versus_lexicon(table: pd.DataFrame, *, metric: str = "f1m") -> pd.DataFrame:
    """Per split: the linear model's and the lexicon baseline's ``metric`` and who wins.

    Example:
        >>> t = pd.DataFrame({"split": ["s", "s"], "metric": ["f1m", "f1m"], "value": [0.6, 0.5],
        ...                   "model": ["linear (target-aware)", "lexicon (VADER window)"]})
        >>> versus_lexicon(t).to_dict("records")
        [{'split': 's', 'linear': 0.6, 'lexicon': 0.5, 'linear_beats_lexicon': True}]
    """
    names = {LINEAR: "linear", LEXICON: "lexicon"}
    rows = table[(table["metric"] == metric) & table["model"].isin(names)]
    wide = (rows.assign(model=rows["model"].map(names))
            .pivot_table(index="split", columns="model", values="value", sort=False)
            .reindex(columns=["linear", "lexicon"]).reset_index())
    wide.columns.name = None
    return wide.assign(linear_beats_lexicon=wide["linear"] > wide["lexicon"])


def headline(table: pd.DataFrame) -> pd.DataFrame:
    """Wide view: one row per (split, model), F1m / accuracy / F1pn with CIs as text."""
    def cell(r):
        if pd.isna(r["ci_low"]):
            return f"{100 * r['value']:.1f}"
        return f"{100 * r['value']:.1f} [{100 * r['ci_low']:.1f}, {100 * r['ci_high']:.1f}]"

    t = table.assign(cell=table.apply(cell, axis=1))
    wide = t.pivot_table(index=["split", "model"], columns="metric", values="cell",
                         aggfunc="first", sort=False)
    n = t.groupby(["split", "model"], sort=False)[["n_train", "n_test"]].first()
    cols = [c for c in ("f1m", "accuracy", "f1pn") if c in wide.columns]
    return wide[cols].join(n).reset_index()
