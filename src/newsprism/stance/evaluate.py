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

# Chosen on proxies only (gold CV, NewsMTSC-train CV, gold → held-out NewsMTSC-train
# articles; see docs/stance_models.md): unigrams with the rich lexicon features; what
# matters is C, picked by the one-standard-error rule of :func:`tune_linear`. Snowball
# stemming (LinearStance's default since issue 5's third round) is listed so the chosen
# parameters reported by the benchmark say so. target_min_df=1 (issue 5's fifth round,
# transductive feature subsetting) acts only when the fit is given the unlabelled inputs
# of the data it will be applied to (run_benchmark passes each split's test inputs);
# without them nothing is masked and the model is the fourth round's.
DEFAULT_GRID = {"C": [0.01, 0.03, 0.1, 0.3, 1.0], "window": [10], "lexicon_weight": [3.0],
                "ngram_range": [(1, 1)], "stem": [True], "target_min_df": [1]}


_CODES = {"favor": 0, "against": 1, "neutral": 2}


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


def _splitter(folds: int, seed: int):
    from sklearn.model_selection import StratifiedGroupKFold

    return StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)


def cross_val_predict_grouped(model, data: pd.DataFrame, *, folds: int = 5,
                              seed: int = 0, progress: bool = False,
                              transductive: bool = False) -> np.ndarray:
    """Out-of-fold predictions, every row predicted by a model that never saw its group.

    ``transductive=True`` also passes each held-out fold's *inputs* (``text, start,
    end`` only, no label) to ``fit`` as ``unlabeled`` (for ``target_min_df``; see
    :class:`~newsprism.stance.models.LinearStance`); the model must accept it.
    """
    from tqdm.auto import tqdm

    folds = max(2, min(folds, data["group"].nunique()))
    pred = np.empty(len(data), dtype=object)
    splits = list(_splitter(folds, seed).split(data, data["label"], data["group"]))
    for train_idx, test_idx in tqdm(splits, desc="cross-validation", disable=not progress):
        extra = {}
        if transductive:
            extra["unlabeled"] = data.iloc[test_idx][["text", "start", "end"]]
        fitted = clone(model).fit(data.iloc[train_idx], data["label"].iloc[train_idx],
                                  **extra)
        pred[test_idx] = fitted.predict(data.iloc[test_idx])
    return pred


def tune_linear(data: pd.DataFrame, *, grid: dict | None = None, folds: int = 3,
                seed: int = 0, base=None, rule: str = "one_se", oof: bool = False,
                unlabeled: pd.DataFrame | None = None):
    """Pick LinearStance parameters by grouped CV macro-F1 on ``data`` (training data only).

    Equivalent to ``GridSearchCV(base, grid, scoring=F1m, cv=StratifiedGroupKFold)`` but
    shares work between grid points: per fold, the vectorisers and lexicon features are
    fitted once per setting of the feature parameters
    (:attr:`LinearStance.FEATURE_PARAMS`) and reused by every value of ``C``,
    ``lexicon_weight`` and ``class_weight``.

    ``rule="best"`` takes the highest mean CV score (ties: first grid point);
    ``rule="one_se"`` (default) takes the most regularised point (smallest ``C``, then
    highest score) whose mean lies within one standard error of the best -- the usual
    guard against chasing fold noise. On a few hundred rows the CV standard error is
    a few points of F1, so the rule leans on the prior knowledge (the lexicon features,
    which a small ``C`` shrinks least relative to the words); on thousands of rows it
    hardly differs from ``best``.

    Returns the best parameters and the table of CV scores per grid point (best first);
    with ``oof=True`` also the out-of-fold posteriors of the chosen point (one column per
    label in sorted order, i.e. the final model's ``classes_``; a label missing from a
    training fold gets probability 0 for that fold's rows), which :class:`LinearStance` uses to calibrate without refitting.

    ``unlabeled`` (inputs of the target data, never labels) is used by grid points with
    ``target_min_df > 0``: in every fold the word columns are subset as
    :meth:`LinearStance.fit` does -- vectorisers fitted on the fold's training rows,
    document frequency counted on ``unlabeled`` -- so C is chosen for the masked model.

    Example:
        >>> best, table = tune_linear(data, grid={"C": [0.3, 1.0]})  # doctest: +SKIP
    """
    from sklearn.model_selection import ParameterGrid

    from newsprism.stance.models import LinearStance

    base = LinearStance() if base is None else base
    points = list(ParameterGrid(grid or DEFAULT_GRID))
    folds = max(2, min(folds, data["group"].nunique()))
    y = data["label"].to_numpy(dtype=object)
    splits = list(_splitter(folds, seed).split(data, y, data["group"]))
    feature_keys = base.FEATURE_PARAMS
    defaults = base.get_params()
    by_features: dict = {}
    for i, point in enumerate(points):
        key = tuple(repr(point.get(k, defaults[k])) for k in feature_keys)
        by_features.setdefault(key, []).append(i)
    scores = np.zeros((len(points), len(splits)))
    all_classes = np.unique(y)
    oof_proba = [np.zeros((len(data), len(all_classes))) for _ in points] if oof else None
    for f, (train_idx, test_idx) in enumerate(splits):
        train, test = data.iloc[train_idx], data.iloc[test_idx]
        for members in by_features.values():
            shared = clone(base).set_params(
                **{k: v for k, v in points[members[0]].items() if k in feature_keys})
            words_tr, dense_tr = shared._blocks(train, fit=True)
            words_te, dense_te = shared._blocks(test, fit=False)
            mask = shared._target_mask(unlabeled, words_tr.shape[1])
            if mask is not None:
                words_tr, words_te = words_tr[:, mask], words_te[:, mask]
            for i in members:
                # no warm start along C: Newton-CG's gradient test would accept the
                # previous C's solution as converged (measured: identical predictions)
                model = clone(shared).set_params(**points[i])
                model._fit_matrix(model._assemble(words_tr, dense_tr), y[train_idx])
                # scored on the uncorrected posteriors: C is chosen for the model itself;
                # any prior_shift correction is applied on top (LinearStance.fit)
                proba = model.clf_.predict_proba(model._assemble(words_te, dense_te))
                pred = model.classes_[np.argmax(proba, axis=1)]
                if oof:
                    # a training fold may lack a class: place columns by label, not position
                    cols = np.searchsorted(all_classes, model.classes_)
                    oof_proba[i][np.ix_(test_idx, cols)] = proba
                scores[i, f] = f1m(y[test_idx], pred)
    table = pd.DataFrame([{f"param_{k}": v for k, v in p.items()} for p in points])
    table["mean_test_score"] = scores.mean(axis=1)
    table["std_test_score"] = scores.std(axis=1)
    mean = table["mean_test_score"].to_numpy()
    best = int(np.argmax(mean))
    if rule == "one_se":
        se = scores.std(axis=1, ddof=1)[best] / np.sqrt(len(splits)) if len(splits) > 1 else 0
        ok = np.flatnonzero(mean >= mean[best] - se)
        c = np.array([points[i].get("C", base.C) for i in ok], dtype=float)
        best = int(ok[np.lexsort((-mean[ok], c))[0]])
    elif rule != "best":
        raise ValueError(f"rule must be 'best' or 'one_se', not {rule!r}")
    table = table.sort_values("mean_test_score", ascending=False, kind="stable")
    if oof:
        return dict(points[best]), table, oof_proba[best]
    return dict(points[best]), table


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
