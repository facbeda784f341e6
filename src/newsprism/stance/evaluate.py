"""Honest evaluation of stance models: held-out splits, grouped k-fold, bootstrap CIs.

Every number comes from predictions on rows the model never saw. Cross-validation keeps
all rows of one ``group`` (an article, or a NewsMTSC article id) on one side of a split,
and bootstrap intervals resample whole groups, so near-identical sentences from one
article neither leak nor narrow the interval. Hyper-parameters are chosen by grouped CV
inside the training data only (:func:`newsprism.stance.train.tune_C`).

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

from newsprism.stance.labels import LABELS

# Published reference points on NewsMTSC devtest_mt (Hamborg & Donnay, EACL 2021, Table 3)
PUBLISHED_DEVTEST_MT = [
    {"model": "RoBERTa GRU-TSC (published)", "f1m": 0.825},
    {"model": "always neutral (published)", "f1m": 0.224},
]


_CODES = {label: i for i, label in enumerate(LABELS)}  # favor 0, against 1, neutral 2


def _codes(y) -> np.ndarray:
    # unknown labels get code 3: they count as errors and never as a class
    return np.array([_CODES.get(str(v), 3) for v in y], dtype=np.int64)


def _per_class_f1(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    """F1 of favor, against, neutral from integer codes (sklearn's zero_division=0)."""
    return _f1_from_joint(np.bincount(t * 4 + p, minlength=16).reshape(4, 4))


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


def _boot_units(n: int, groups) -> tuple[np.ndarray, int]:
    """Row → bootstrap-unit index (groups in sorted order, as np.unique), and unit count."""
    if groups is None:
        return np.arange(n), n
    _, inverse = np.unique(np.asarray(groups), return_inverse=True)
    return inverse.ravel(), int(inverse.max()) + 1 if n else 0


def _f1_from_joint(joint: np.ndarray) -> np.ndarray:
    """Per-class F1 (favor, against, neutral) of a stack of 4×4 confusion counts (…, 4, 4)."""
    tp = np.diagonal(joint, axis1=-2, axis2=-1)[..., :3].astype(float)
    denom = joint[..., :3, :].sum(axis=-1) + joint[..., :, :3].sum(axis=-2)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denom > 0, 2 * tp / np.where(denom > 0, denom, 1), 0.0)


def score(y_true: Sequence, y_pred: Sequence, *, n_boot: int = 1000, seed: int = 0,
          groups: Sequence | None = None, alpha: float = 0.05) -> dict:
    """F1m, accuracy and F1pn with 95% bootstrap CIs (resampling ``groups`` if given).

    The bootstrap is vectorised: each unit (row or group) is reduced to its 4×4 confusion
    counts once, and a replicate's confusion matrix is the multiplicity-weighted sum of
    its units' counts, so all three metrics of 1,000 replicates cost a few matrix
    products. The draws are those of :func:`newsprism.evaluation.bootstrap_ci` (same
    seed, same units, same percentile interval), so the intervals are identical.
    """
    t, p = _codes(y_true), _codes(y_pred)
    n = len(t)
    out: dict = {"n": int(n)}
    unit, n_units = _boot_units(n, groups)
    cells = t * 4 + p
    per_unit = np.zeros((max(n_units, 1), 16))
    np.add.at(per_unit, (unit, cells), 1)
    joint = per_unit.sum(axis=0).reshape(4, 4)
    f1 = _f1_from_joint(joint)
    values = {"f1m": f1.mean(), "f1pn": f1[:2].mean(),
              "accuracy": np.trace(joint) / n if n else np.nan}
    if n_boot and n:
        rng = np.random.default_rng(seed)
        picks = rng.integers(0, n_units, (n_boot, n_units))
        # multiplicity of each unit in each replicate, then the replicate's confusion counts
        # (bincount over flat replicate×unit cells: the same integer counts as np.add.at,
        # several times faster)
        flat = (np.arange(n_boot)[:, None] * n_units + picks).ravel()
        mult = np.bincount(flat, minlength=n_boot * n_units).reshape(n_boot, n_units)
        boot = (mult @ per_unit).reshape(n_boot, 4, 4)
        f1 = _f1_from_joint(boot)
        size = boot.sum(axis=(1, 2))
        with np.errstate(divide="ignore", invalid="ignore"):
            acc = np.trace(boot, axis1=1, axis2=2) / size
        stats = {"f1m": f1.mean(axis=1), "f1pn": f1[:, :2].mean(axis=1), "accuracy": acc}
    for name in METRICS:
        if n_boot and n:
            low, high = np.nanpercentile(stats[name], [100 * alpha / 2, 100 * (1 - alpha / 2)])
        else:
            low = high = np.nan
        out[name] = {"value": float(values[name]), "ci_low": float(low),
                     "ci_high": float(high)}
    return out


def grouped_folds(data: pd.DataFrame, folds: int, seed: int) -> list[tuple]:
    """(train, test) row positions of a stratified k-fold that keeps each ``group`` whole.

    ``data`` needs ``label`` and ``group`` columns; ``folds`` is capped at the number of
    groups (at least 2).
    """
    from sklearn.model_selection import StratifiedGroupKFold

    folds = max(2, min(folds, data["group"].nunique()))
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    return list(splitter.split(data, data["label"].to_numpy(dtype=object), data["group"]))


def cross_val_predict_grouped(model, data: pd.DataFrame, *, folds: int = 5,
                              seed: int = 0, progress: bool = False,
                              transductive: bool = False) -> np.ndarray:
    """Out-of-fold predictions, every row predicted by a model that never saw its group.

    ``transductive=True`` also passes each held-out fold's *inputs* (``text, start,
    end`` only, no label) to ``fit`` as ``unlabeled`` (for ``target_min_df``; see
    :class:`~newsprism.stance.models.StanceFeatures`); the model's ``fit`` must accept it.
    """
    from tqdm.auto import tqdm

    pred = np.empty(len(data), dtype=object)
    splits = grouped_folds(data, folds, seed)
    for train_idx, test_idx in tqdm(splits, desc="cross-validation", disable=not progress):
        extra = {}
        if transductive:
            extra["unlabeled"] = data.iloc[test_idx][["text", "start", "end"]]
        fitted = clone(model).fit(data.iloc[train_idx], data["label"].iloc[train_idx],
                                  **extra)
        pred[test_idx] = fitted.predict(data.iloc[test_idx])
    return pred


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
    table = pd.crosstab(pd.Categorical(list(y_true), categories=LABELS),
                        pd.Categorical(list(y_pred), categories=LABELS), dropna=False)
    table.index.name, table.columns.name = "gold", "predicted"
    return table
