"""Honest evaluation of stance models: held-out splits, grouped k-fold, bootstrap CIs.

Every number comes from predictions on rows the model never saw. Cross-validation keeps
all rows of one ``group`` (an article, or a NewsMTSC article id) on one side of a split,
and bootstrap intervals resample whole groups, so near-identical sentences from one
article neither leak nor narrow the interval. Hyper-parameters are chosen by grouped CV
inside the training data only (:func:`tune_linear`); the test split is touched once.

Metrics follow NewsMTSC (Hamborg & Donnay 2021): ``f1m`` macro-F1 over the three
classes, ``accuracy``, and ``f1pn`` macro-F1 over favor and against only.

Example:
    >>> s = score(["favor", "against", "neutral", "neutral"],
    ...           ["favor", "neutral", "neutral", "neutral"], n_boot=50)
    >>> round(s["accuracy"]["value"], 2), s["n"]
    (0.75, 4)
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from sklearn.base import clone

# Published reference points on NewsMTSC devtest_mt (Hamborg & Donnay, EACL 2021, Table 3)
PUBLISHED_DEVTEST_MT = [
    {"model": "RoBERTa GRU-TSC (published)", "f1m": 0.825},
    {"model": "always neutral (published)", "f1m": 0.224},
]

DEFAULT_GRID = {"C": [0.3, 1.0], "window": [5, 10], "lexicon_weight": [1.0, 3.0]}


_CODES = {"favor": 0, "against": 1, "neutral": 2}


def _codes(y) -> np.ndarray:
    # unknown labels get code 3: they count as errors and never as a class
    return np.array([_CODES.get(str(v), 3) for v in y], dtype=np.int64)


def _per_class_f1(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    """F1 of favor, against, neutral from integer codes (sklearn's zero_division=0)."""
    joint = np.bincount(t * 4 + p, minlength=16).reshape(4, 4)
    tp = np.diag(joint)[:3].astype(float)
    denom = joint[:3, :].sum(axis=1) + joint[:, :3].sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(denom > 0, 2 * tp / denom, 0.0)
    return f1


def _as_codes(y):
    y = np.asarray(y)
    return y if y.dtype.kind in "iu" else _codes(y)


def f1m(y_true, y_pred) -> float:
    """Macro-F1 over favor, against, neutral (NewsMTSC's F1m)."""
    return float(_per_class_f1(_as_codes(y_true), _as_codes(y_pred)).mean())


def f1pn(y_true, y_pred) -> float:
    """Macro-F1 over favor and against only (NewsMTSC's F1pn)."""
    return float(_per_class_f1(_as_codes(y_true), _as_codes(y_pred))[:2].mean())


def accuracy(y_true, y_pred) -> float:
    return float(np.mean(_as_codes(y_true) == _as_codes(y_pred)))


METRICS = {"f1m": f1m, "accuracy": accuracy, "f1pn": f1pn}


def score(y_true: Sequence, y_pred: Sequence, *, n_boot: int = 1000, seed: int = 0,
          groups: Sequence | None = None) -> dict:
    """F1m, accuracy and F1pn with 95% bootstrap CIs (resampling ``groups`` if given)."""
    from newsprism.evaluation import bootstrap_ci

    t, p = _codes(y_true), _codes(y_pred)
    out: dict = {"n": int(len(t))}
    for name, metric in METRICS.items():
        value, low, high = bootstrap_ci(t, p, metric, n_boot=n_boot, seed=seed,
                                        groups=None if groups is None else np.asarray(groups))
        out[name] = {"value": value, "ci_low": low, "ci_high": high}
    return out


def _splitter(folds: int, seed: int):
    from sklearn.model_selection import StratifiedGroupKFold

    return StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)


def cross_val_predict_grouped(model, data: pd.DataFrame, *, folds: int = 5,
                              seed: int = 0, progress: bool = False) -> np.ndarray:
    """Out-of-fold predictions, every row predicted by a model that never saw its group."""
    from tqdm.auto import tqdm

    folds = max(2, min(folds, data["group"].nunique()))
    pred = np.empty(len(data), dtype=object)
    splits = list(_splitter(folds, seed).split(data, data["label"], data["group"]))
    for train_idx, test_idx in tqdm(splits, desc="cross-validation", disable=not progress):
        fitted = clone(model).fit(data.iloc[train_idx], data["label"].iloc[train_idx])
        pred[test_idx] = fitted.predict(data.iloc[test_idx])
    return pred


def tune_linear(data: pd.DataFrame, *, grid: dict | None = None, folds: int = 3,
                seed: int = 0, base=None) -> tuple[dict, pd.DataFrame]:
    """Pick LinearStance parameters by grouped CV macro-F1 on ``data`` (training data only).

    Returns the best parameters and the table of CV scores per grid point.
    """
    from sklearn.model_selection import GridSearchCV

    from newsprism.stance.models import LinearStance

    base = LinearStance() if base is None else base
    folds = max(2, min(folds, data["group"].nunique()))
    search = GridSearchCV(base, grid or DEFAULT_GRID, scoring="f1_macro",
                          cv=_splitter(folds, seed), n_jobs=1, refit=False)
    search.fit(data, data["label"], groups=data["group"])
    table = pd.DataFrame(search.cv_results_)
    keep = [c for c in table.columns if c.startswith("param_")] + ["mean_test_score",
                                                                   "std_test_score"]
    return dict(search.best_params_), table[keep].sort_values("mean_test_score",
                                                              ascending=False)


def evaluate_split(model, train: pd.DataFrame, test: pd.DataFrame, *, n_boot: int = 1000,
                   seed: int = 0) -> tuple[dict, np.ndarray]:
    """Fit on ``train``, score on ``test``; returns (metrics, test predictions)."""
    fitted = clone(model).fit(train, train["label"])
    pred = fitted.predict(test)
    return score(test["label"], pred, n_boot=n_boot, seed=seed, groups=test["group"]), pred


def metrics_rows(metrics: dict, **labels) -> list[dict]:
    """Flatten a :func:`score` result into tidy rows (one per metric)."""
    return [{**labels, "metric": name, "value": metrics[name]["value"],
             "ci_low": metrics[name]["ci_low"], "ci_high": metrics[name]["ci_high"],
             "n_test": metrics["n"]} for name in METRICS]


def published_rows(split: str = "newsmtsc train → devtest_mt") -> list[dict]:
    """The published NewsMTSC devtest_mt reference numbers as tidy rows (no CIs)."""
    return [{"split": split, "model": r["model"], "metric": "f1m", "value": r["f1m"],
             "ci_low": np.nan, "ci_high": np.nan, "n_test": np.nan}
            for r in PUBLISHED_DEVTEST_MT]


def errors_table(data: pd.DataFrame, pred: Sequence, n: int = 10, seed: int = 0) -> pd.DataFrame:
    """A random sample of misclassified items (sentence, mention, gold, predicted)."""
    pred = np.asarray(pred, dtype=object)
    wrong = data.assign(predicted=pred)[data["label"].to_numpy() != pred]
    if wrong.empty:
        return wrong[["text", "mention", "label", "predicted"]]
    take = wrong.sample(n=min(n, len(wrong)), random_state=seed)
    return take[["text", "mention", "label", "predicted"]].rename(columns={"label": "gold"})


def confusion_table(y_true, y_pred) -> pd.DataFrame:
    """Counts of (gold, predicted) in favor/against/neutral order."""
    labels = ["favor", "against", "neutral"]
    table = pd.crosstab(pd.Categorical(list(y_true), categories=labels),
                        pd.Categorical(list(y_pred), categories=labels), dropna=False)
    table.index.name, table.columns.name = "gold", "predicted"
    return table
