"""The stance benchmark: NewsMTSC, our gold set, and both cross-dataset directions.

:func:`run_benchmark` returns one tidy table (``split, model, metric, value, ci_low,
ci_high, n_train, n_test``) plus the test predictions for error analysis. Every split
scores rows the model never saw; the linear model's hyper-parameters are picked by
grouped CV inside the training data of each split (:class:`TunedLinearStance`), never on
the test rows.

Example:
    >>> result = run_benchmark(newsmtsc_dir=None, gold=None)   # doctest: +SKIP
    >>> result.table.pivot_table(index=["split", "model"], columns="metric", values="value")  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin

from newsprism.stance.evaluate import (DEFAULT_GRID, cross_val_predict_grouped, metrics_rows,
                                       published_rows, score, tune_linear)
from newsprism.stance.models import (BASELINE, LexiconStance, LinearStance, _check_X,
                                     adjust_posteriors)

# Candidate values when TunedLinearStance chooses the post-processing by CV ("cv")
NEUTRAL_BIAS_GRID = (-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75,
                     2.0)
LEXICON_BLEND_GRID = (0.0, 0.1, 0.2, 0.3, 0.4)


def choose_post(oof_proba, y, classes, lexicon_pred, *, neutral_bias="cv",
                lexicon_blend="cv") -> tuple[dict, pd.DataFrame]:
    """Pick ``neutral_bias`` / ``lexicon_blend`` by macro-F1 of out-of-fold posteriors.

    Each argument is a number (kept fixed) or ``"cv"`` (searched over
    :data:`NEUTRAL_BIAS_GRID` / :data:`LEXICON_BLEND_GRID`). ``oof_proba`` must be
    posteriors of the *training* rows from models that did not see them (the tuning CV's);
    ``lexicon_pred`` the lexicon baseline's decisions on the same rows. Ties go to the
    point closest to the plain model (smallest ``|neutral_bias|``, then ``lexicon_blend``).

    Example:
        >>> p = np.array([[0.6, 0.1, 0.3], [0.1, 0.6, 0.3], [0.1, 0.1, 0.8], [0.45, 0.1, 0.45]])
        >>> y = ["against", "favor", "neutral", "neutral"]
        >>> best, _ = choose_post(p, y, ["against", "favor", "neutral"], ["neutral"] * 4,
        ...                       lexicon_blend=0.0)
        >>> best["neutral_bias"] > 0
        True
    """
    from newsprism.stance.evaluate import f1m

    biases = NEUTRAL_BIAS_GRID if neutral_bias == "cv" else (float(neutral_bias),)
    blends = LEXICON_BLEND_GRID if lexicon_blend == "cv" else (float(lexicon_blend),)
    classes = np.asarray(classes, dtype=object)
    rows = []
    for d in biases:
        for w in blends:
            p = adjust_posteriors(oof_proba, classes, neutral_bias=d, lexicon_blend=w,
                                  lexicon_pred=lexicon_pred)
            rows.append({"neutral_bias": d, "lexicon_blend": w,
                         "f1m": f1m(y, classes[np.argmax(p, axis=1)])})
    table = pd.DataFrame(rows)
    order = np.lexsort((table["lexicon_blend"], table["neutral_bias"].abs(), -table["f1m"]))
    table = table.iloc[order].reset_index(drop=True)
    return {"neutral_bias": float(table["neutral_bias"].iloc[0]),
            "lexicon_blend": float(table["lexicon_blend"].iloc[0])}, table


class TunedLinearStance(ClassifierMixin, BaseEstimator):
    """LinearStance whose parameters are chosen by grouped CV on the data it is fit on.

    ``X`` should carry a ``group`` column (article id); without it, rows are their own
    groups. ``rule`` is the selection rule of :func:`~newsprism.stance.evaluate.tune_linear`
    (default ``"one_se"``: the smallest C within one CV standard error of the best).
    ``prior_shift`` and ``calibration`` are passed to :class:`LinearStance` (label-shift
    correction from the unlabelled rows of each predicted batch); C is tuned on the
    uncorrected predictions and the correction is applied on top.
    ``neutral_bias`` and ``lexicon_blend`` (see :class:`LinearStance`) are numbers, or
    ``"cv"``: chosen by :func:`choose_post` on the out-of-fold posteriors of the tuning
    CV at the chosen parameters (uncorrected by any prior shift), so inside the training
    data and without extra fits. Defaults 0 (off).
    After ``fit``, ``best_params_`` and ``estimator_`` (the refit model) are set.
    ``fit(X, y, unlabeled=T)`` (inputs of the data the model will be applied to, no
    labels) matters only for grid points with ``target_min_df > 0``: the same ``T``
    masks the word columns in every fold of the tuning CV and in the refit (see
    :func:`~newsprism.stance.evaluate.tune_linear`); otherwise it changes nothing.

    Example:
        >>> m = TunedLinearStance(neutral_bias="cv").fit(train, train["label"])  # doctest: +SKIP
        >>> m.best_params_["neutral_bias"]  # doctest: +SKIP
        0.5
    """

    def __init__(self, *, grid: dict | None = None, folds: int = 3, seed: int = 0,
                 rule: str = "one_se", prior_shift: str | None = None,
                 calibration: str | None = None, neutral_bias=0.0, lexicon_blend=0.0):
        self.grid = grid
        self.folds = folds
        self.seed = seed
        self.rule = rule
        self.prior_shift = prior_shift
        self.calibration = calibration
        self.neutral_bias = neutral_bias
        self.lexicon_blend = lexicon_blend

    def fit(self, X, y, unlabeled=None):
        if unlabeled is not None:
            # only the inputs go further: a label column of the target rows is dropped here
            unlabeled = _check_X(unlabeled)[["text", "start", "end"]]
        data = X.assign(label=np.asarray(y, dtype=object))
        if "group" not in data.columns:
            data = data.assign(group=np.arange(len(data)))
        grid = self.grid if self.grid is not None else DEFAULT_GRID
        post_cv = "cv" in (self.neutral_bias, self.lexicon_blend)
        for name in ("neutral_bias", "lexicon_blend"):
            value = getattr(self, name)
            if isinstance(value, str) and value != "cv":
                raise ValueError(f"{name} must be a number or 'cv', not {value!r}")
        want_oof = post_cv or (self.prior_shift is not None and self.calibration is not None)
        # a one-point grid still runs the CV when out-of-fold posteriors are wanted
        if sum(len(v) > 1 for v in grid.values()) or post_cv:
            self.best_params_, self.cv_results_, *rest = tune_linear(
                data, grid=grid, folds=self.folds, seed=self.seed, rule=self.rule,
                oof=want_oof, unlabeled=unlabeled)
            oof = rest[0] if rest else None
        else:
            self.best_params_ = {k: v[0] for k, v in grid.items()}
            self.cv_results_ = pd.DataFrame()
            oof = None  # calibration (if any) then runs its own grouped CV
        post = {"neutral_bias": self.neutral_bias, "lexicon_blend": self.lexicon_blend}
        self.post_results_ = None
        if post_cv:
            lex = LexiconStance(**BASELINE).fit(data).predict(data)
            post, self.post_results_ = choose_post(
                oof, data["label"].to_numpy(dtype=object), sorted(set(data["label"])), lex,
                neutral_bias=self.neutral_bias, lexicon_blend=self.lexicon_blend)
            self.best_params_ = {**self.best_params_, **post}
        # the tuning CV's out-of-fold posteriors at the chosen point calibrate for free
        params = {**self.best_params_, **post}
        self.estimator_ = LinearStance(**params, prior_shift=self.prior_shift,
                                       calibration=self.calibration).fit(
            X, y, oof_proba=oof, unlabeled=unlabeled)
        self.classes_ = self.estimator_.classes_
        return self

    def predict_proba(self, X):
        return self.estimator_.predict_proba(X)

    def predict(self, X):
        return self.estimator_.predict(X)


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


def _holdout(result, split, train, test, *, grid, n_boot, seed, model_key=None,
             fitted=None, shift=None, transductive=False):
    rows = []
    lex = LexiconStance().fit(test)
    lex_pred = lex.predict(test)
    rows += metrics_rows(score(test["label"], lex_pred, n_boot=n_boot, seed=seed,
                               groups=test["group"]),
                         split=split, model="lexicon (VADER window)", n_train=0)
    tuned = fitted
    if tuned is None:
        # transductive: the test rows' inputs (text, start, end; never labels) go to fit
        extra = {"unlabeled": test[["text", "start", "end"]]} if transductive else {}
        tuned = TunedLinearStance(grid=grid, seed=seed, **(shift or {})).fit(
            train, train["label"], **extra)
    lin_pred = tuned.predict(test)
    rows += metrics_rows(score(test["label"], lin_pred, n_boot=n_boot, seed=seed,
                               groups=test["group"]),
                         split=split, model="linear (target-aware)", n_train=len(train))
    result.params[split] = tuned.best_params_
    result.predictions[split] = test.assign(pred_linear=lin_pred, pred_lexicon=lex_pred)
    if model_key:
        result.models[model_key] = tuned
    return rows


def run_benchmark(*, newsmtsc_dir: str | Path | None, gold: pd.DataFrame | None,
                  folds: int = 5, n_boot: int = 1000, seed: int = 0,
                  train_sample: int | None = None, grid: dict | None = None,
                  min_gold: int = 30, prior_shift: str | None = None,
                  calibration: str | None = None) -> BenchmarkResult:
    """Run every split whose data is available.

    Args:
        newsmtsc_dir: folder with NewsMTSC ``train.jsonl`` and ``devtest_mt.jsonl``
            (None or missing → NewsMTSC splits are skipped).
        gold: labelled gold items as read by :func:`~newsprism.stance.io.read_stance_data`
            (``group`` = article, or duplicate cluster); None or fewer than ``min_gold``
            rows → gold splits are skipped.
        folds: k of the grouped k-fold on the gold set.
        train_sample: cap on NewsMTSC training items (fast mode), sampled by article.
        grid: linear-model search grid (default :data:`~newsprism.stance.evaluate.DEFAULT_GRID`).
        prior_shift, calibration: label-shift correction of the linear model
            (:class:`LinearStance`), applied the same way on every split, each test
            set (or gold test fold) being one unlabelled batch. Default off: on the
            design proxies it lowered macro-F1 everywhere (docs/stance_models.md).

    When ``grid`` has a ``target_min_df > 0`` (the default grid does, since issue 5's
    fifth round) the linear model is **transductive**: every fit receives the inputs
    (``text, start, end``; never the labels) of the rows it is scored on as
    ``unlabeled`` and keeps only the word columns that occur there -- devtest_mt's inputs
    for NewsMTSC train → devtest_mt and gold → devtest_mt, each held-out fold's in gold
    k-fold, and gold's for NewsMTSC train → gold (a NewsMTSC model refitted for it). The
    fitted models are then stored under ``"<name>@<test set>"`` (see
    :class:`BenchmarkResult`).
    """
    from newsprism.stance.io import read_stance_data

    grid = grid if grid is not None else DEFAULT_GRID
    shift = {"prior_shift": prior_shift, "calibration": calibration}
    transductive = any(v for v in grid.get("target_min_df", [0]))
    at = (lambda name, target: f"{name}@{target}") if transductive else (
        lambda name, target: name)
    result = BenchmarkResult(table=pd.DataFrame())
    rows: list[dict] = []
    train = dev = None
    if newsmtsc_dir is not None and (Path(newsmtsc_dir) / "train.jsonl").is_file():
        train = _subsample(read_stance_data(Path(newsmtsc_dir) / "train.jsonl",
                                            require_label=True), train_sample, seed)
        dev = read_stance_data(Path(newsmtsc_dir) / "devtest_mt.jsonl", require_label=True)
        split = "newsmtsc train → devtest_mt"
        rows += _holdout(result, split, train, dev, grid=grid, n_boot=n_boot, seed=seed,
                         model_key=at("linear_newsmtsc", "devtest_mt"), shift=shift,
                         transductive=transductive)
        always = np.full(len(dev), "neutral", dtype=object)
        rows += metrics_rows(score(dev["label"], always, n_boot=n_boot, seed=seed,
                                   groups=dev["group"]),
                             split=split, model="always neutral (measured)", n_train=0)
        rows += [dict(r, n_train=np.nan) for r in published_rows(split)]
    if gold is not None and len(gold) >= min_gold:
        split = f"gold {folds}-fold (grouped by article)"
        lex_pred = LexiconStance().fit(gold).predict(gold)
        rows += metrics_rows(score(gold["label"], lex_pred, n_boot=n_boot, seed=seed,
                                   groups=gold["group"]),
                             split=split, model="lexicon (VADER window)", n_train=0)
        lin_pred = cross_val_predict_grouped(TunedLinearStance(grid=grid, seed=seed, **shift),
                                             gold, folds=folds, seed=seed,
                                             transductive=transductive)
        rows += metrics_rows(score(gold["label"], lin_pred, n_boot=n_boot, seed=seed,
                                   groups=gold["group"]),
                             split=split, model="linear (target-aware)",
                             n_train=int(len(gold) * (folds - 1) / folds))
        result.predictions[split] = gold.assign(pred_linear=lin_pred, pred_lexicon=lex_pred)
        if train is not None:
            # the NewsMTSC model (tuned on NewsMTSC train only) is reused as it is; a
            # transductive one was fitted for devtest_mt's inputs, so it is refitted
            # (same training rows, same CV) with gold's inputs
            rows += _holdout(result, "newsmtsc train → gold", train, gold, grid=grid,
                             n_boot=n_boot, seed=seed,
                             fitted=None if transductive else result.models["linear_newsmtsc"],
                             model_key=at("linear_newsmtsc", "gold") if transductive else None,
                             shift=shift, transductive=transductive)
            rows += _holdout(result, "gold → newsmtsc devtest_mt", gold, dev, grid=grid,
                             n_boot=n_boot, seed=seed,
                             model_key=at("linear_gold", "devtest_mt"), shift=shift,
                             transductive=transductive)
    table = pd.DataFrame(rows, columns=["split", "model", "metric", "value", "ci_low",
                                        "ci_high", "n_train", "n_test"])
    result.table = table
    return result


def versus_lexicon(table: pd.DataFrame, *, metric: str = "f1m") -> pd.DataFrame:
    """Per split: the linear model's and the lexicon baseline's ``metric`` and who wins.

    Example:
        >>> t = pd.DataFrame({"split": ["s", "s"], "metric": ["f1m", "f1m"], "value": [0.6, 0.5],
        ...                   "model": ["linear (target-aware)", "lexicon (VADER window)"]})
        >>> versus_lexicon(t).to_dict("records")
        [{'split': 's', 'linear': 0.6, 'lexicon': 0.5, 'linear_beats_lexicon': True}]
    """
    names = {"linear (target-aware)": "linear", "lexicon (VADER window)": "lexicon"}
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
