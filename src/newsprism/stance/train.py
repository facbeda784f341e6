"""Make, tune, train, save and load stance models.

- :func:`make_model` builds a model of a kind in :data:`~newsprism.stance.kinds.MODEL_KINDS`
  (``--kind``); :func:`load_stance_model` loads a saved one and refuses any other model
  file before building anything.
- :func:`tune_linear` chooses :class:`~newsprism.stance.models.LinearStance` parameters
  (by default C) by grouped CV macro-F1 inside the training data;
  :class:`TunedLinearStance` is the estimator that tunes and refits on ``fit``.
- :func:`train_and_save` is ``newsprism stance train``: read a labelled file, estimate
  grouped k-fold metrics, fit on everything, save with a model card.

Example:
    >>> card = train_and_save("train.jsonl", "m.skops", kind="linear")    # doctest: +SKIP
    >>> card["metrics"]["cv"]["f1m"]["value"]                              # doctest: +SKIP
    0.6
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from newsprism.errors import DataError, NewsprismError
from newsprism.stance.context import check_X
from newsprism.stance.evaluate import cross_val_predict_grouped, f1m, grouped_folds, score
from newsprism.stance.kinds import MODEL_KINDS, model_class
from newsprism.stance.labels import LABELS, POLARITY_TO_LABEL
from newsprism.stance.models import LinearStance, StanceFeatures

# kinds whose features come from the VADER lexicon (their cards name it)
LEXICON_KINDS = ("lexicon", "linear")
# The linear model's search grid, chosen on design proxies that exclude every test set:
# C by the one-standard-error rule; target_min_df=1 acts only when the fit is given the
# unlabelled inputs of the data it will be applied to (docs/stance_models.md).
DEFAULT_GRID = {"C": [0.01, 0.03, 0.1, 0.3, 1.0], "target_min_df": [1]}


def make_model(kind: str = "linear", **params):
    """A fresh, unfitted stance estimator of ``kind`` (see :data:`MODEL_KINDS`).

    Example:
        >>> make_model("lexicon", window=4)
        LexiconStance(window=4)
    """
    return model_class(kind)(**params)


def load_stance_model(path):
    """Load a stance model saved by :func:`train_and_save`; refuse any other model file.

    The card's ``model_type`` is checked first (a topic model is refused with a one-line
    :class:`~newsprism.errors.DataError`), then :func:`newsprism.persist.load_model` checks
    the file itself against the same types before building any object.
    """
    from newsprism.persist import load_card, load_model

    found = load_card(path).get("model_type")
    if found not in MODEL_KINDS.values():
        raise DataError(f"the model card says this is a {found or 'model of unknown type'}, "
                        f"not a stance model ({', '.join(MODEL_KINDS)}; saved by "
                        f"'newsprism stance train')", path=path, column="model_type")
    if found == MODEL_KINDS["encoder"]:  # safetensors weights + card, checked by load
        return model_class("encoder").load(path)
    return load_model(path, expected=tuple(MODEL_KINDS.values()))


def tune_linear(data: pd.DataFrame, *, grid: dict | None = None, folds: int = 3,
                seed: int = 0, unlabeled: pd.DataFrame | None = None):
    """Pick :class:`LinearStance` parameters by grouped CV macro-F1 on ``data``.

    ``data`` is training data only (``text, start, end, label, group``). Each grid point
    is scored by the mean macro-F1 of a stratified grouped k-fold; the choice is the most
    regularised point (smallest ``C``, then highest score) whose mean lies within one
    standard error of the best, the usual guard against chasing fold noise. The feature
    matrix of a fold is built once per setting of the
    :class:`~newsprism.stance.models.StanceFeatures` parameters and shared by every ``C``.
    ``unlabeled`` (inputs of the target data, never labels) reaches every fold's features,
    so with ``target_min_df > 0`` C is chosen for the masked model that will be refitted.

    Returns the chosen parameters and the CV table (``param_*``, ``mean_test_score``,
    ``std_test_score``; best first).

    Example:
        >>> best, table = tune_linear(data, grid={"C": [0.3, 1.0]})  # doctest: +SKIP
    """
    from sklearn.model_selection import ParameterGrid

    points = list(ParameterGrid(grid or DEFAULT_GRID))
    defaults = LinearStance().get_params()
    unknown = sorted({k for p in points for k in p} - set(defaults))
    if unknown:
        raise ValueError(f"grid names parameters LinearStance does not have: {unknown}")
    y = data["label"].to_numpy(dtype=object)
    splits = grouped_folds(data, folds, seed)
    feature_keys = tuple(StanceFeatures().get_params())
    by_features: dict = {}
    for i, point in enumerate(points):
        key = tuple(repr(point.get(k, defaults[k])) for k in feature_keys)
        by_features.setdefault(key, []).append(i)
    scores = np.zeros((len(points), len(splits)))
    for f, (train_idx, test_idx) in enumerate(splits):
        train, test = data.iloc[train_idx], data.iloc[test_idx]
        for members in by_features.values():
            features = LinearStance(**points[members[0]]).make_features()
            X_train = features.fit_transform(train, unlabeled=unlabeled)
            X_test = features.transform(test)
            for i in members:
                clf = LinearStance(**points[i]).make_classifier().fit(X_train, y[train_idx])
                pred = clf.classes_[np.argmax(clf.predict_proba(X_test), axis=1)]
                scores[i, f] = f1m(y[test_idx], pred)
    table = pd.DataFrame([{f"param_{k}": v for k, v in p.items()} for p in points])
    table["mean_test_score"] = scores.mean(axis=1)
    table["std_test_score"] = scores.std(axis=1)
    mean = table["mean_test_score"].to_numpy()
    best = int(np.argmax(mean))
    se = scores.std(axis=1, ddof=1)[best] / np.sqrt(len(splits)) if len(splits) > 1 else 0
    ok = np.flatnonzero(mean >= mean[best] - se)
    c = np.array([points[i].get("C", defaults["C"]) for i in ok], dtype=float)
    best = int(ok[np.lexsort((-mean[ok], c))[0]])
    table = table.sort_values("mean_test_score", ascending=False, kind="stable")
    return dict(points[best]), table


class TunedLinearStance(ClassifierMixin, BaseEstimator):
    """:class:`LinearStance` whose parameters :func:`tune_linear` chooses on the fit data.

    Args:
        grid: search grid (default :data:`DEFAULT_GRID`); a grid with one value per
            parameter is fitted directly, without CV.
        folds: k of the grouped tuning CV.
        seed: seed of the CV splits.

    ``X`` should carry a ``group`` column (article id); without it, rows are their own
    groups. ``fit(X, y, unlabeled=T)`` passes the target inputs ``T`` to the tuning folds
    and the refit (see :func:`tune_linear`). After ``fit``: ``best_params_``,
    ``cv_results_`` and ``estimator_`` (the refitted :class:`LinearStance`).

    Example:
        >>> m = TunedLinearStance().fit(train, train["label"])  # doctest: +SKIP
        >>> m.best_params_["C"]  # doctest: +SKIP
        0.01
    """

    def __init__(self, *, grid: dict | None = None, folds: int = 3, seed: int = 0):
        self.grid = grid
        self.folds = folds
        self.seed = seed

    def fit(self, X, y, unlabeled=None):
        check_X(X)
        if unlabeled is not None:
            # only the inputs go further: a label column of the target rows is dropped here
            unlabeled = check_X(unlabeled)[["text", "start", "end"]]
        data = X.assign(label=np.asarray(y, dtype=object))
        if "group" not in data.columns:
            data = data.assign(group=np.arange(len(data)))
        grid = self.grid if self.grid is not None else DEFAULT_GRID
        if any(len(v) > 1 for v in grid.values()):
            self.best_params_, self.cv_results_ = tune_linear(
                data, grid=grid, folds=self.folds, seed=self.seed, unlabeled=unlabeled)
        else:
            self.best_params_ = {k: v[0] for k, v in grid.items()}
            self.cv_results_ = pd.DataFrame()
        self.estimator_ = LinearStance(**self.best_params_).fit(X, y, unlabeled=unlabeled)
        self.classes_ = self.estimator_.classes_
        return self

    def predict_proba(self, X):
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_proba(X)

    def predict(self, X):
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict(X)


def model_card(model, data: pd.DataFrame, *, data_path=None, kind: str, metrics=None,
               extra: dict | None = None) -> dict:
    """The task-specific part of a stance model card."""
    from newsprism.fingerprint import file_sha256

    card = {
        "name": f"stance-{kind}",
        "task": "target-dependent stance (favor / against / neutral toward a mention)",
        "kind": kind,
        "labels": list(LABELS),
        "input": "table with text, start, end (mention offsets); see newsprism.stance.io",
        "training_data": {
            "path": str(data_path) if data_path else None,
            "sha256": file_sha256(data_path) if data_path and Path(data_path).is_file() else None,
            "n_items": int(len(data)),
            "n_groups": int(data["group"].nunique()) if "group" in data else None,
            "label_counts": {k: int(v) for k, v in data["label"].value_counts().items()},
        },
        "label_mapping_newsmtsc": {str(int(k)): v for k, v in POLARITY_TO_LABEL.items()},
        "metrics": metrics or {},
    }
    if kind in LEXICON_KINDS:  # the encoder's card describes its base model and data instead
        card["lexicon"] = "VADER lexicon shipped with vaderSentiment (Hutto & Gilbert 2014)"
    card.update(extra or {})
    return card


def train_and_save(data_path, model_out, *, kind: str = "linear", metrics_out=None,
                   folds: int = 5, seed: int = 0, tune: bool = False, n_boot: int = 1000,
                   params: dict | None = None, adapt_to=None) -> dict:
    """Read labelled data, estimate grouped k-fold metrics, fit on everything, save.

    With ``tune=True`` (linear only) the parameters are first chosen by :func:`tune_linear`;
    the reported CV metrics then reuse the same data and are slightly optimistic -- the
    card says so.

    ``adapt_to`` (linear only): a stance file (same formats; a label column, if present,
    is not read) with the inputs the model will be applied to. The final model then
    keeps only the word features that occur there (``target_min_df``, default 1); with
    ``tune=True``, C is chosen for that masked model. The CV metrics are computed without
    it (they describe the training data's own domain); the card records the file, its
    hash and the word columns kept.

    Example:
        >>> card = train_and_save("gold.csv", "m.skops", adapt_to="my_mentions.csv")  # doctest: +SKIP
        >>> card["adapted_to"]["n_rows"]  # doctest: +SKIP
        1250
    """
    from newsprism.fingerprint import file_sha256
    from newsprism.persist import save_model
    from newsprism.stance.io import read_stance_data

    data = read_stance_data(data_path, require_label=True)
    model = make_model(kind, **(params or {}))
    target = None
    if adapt_to is not None:
        if "target_min_df" not in model.get_params():
            raise NewsprismError(f"--adapt-to needs a linear model; a {kind} model cannot "
                                 "be adapted to target inputs")
        target = read_stance_data(adapt_to, ignore_labels=True)[["text", "start", "end"]]
    notes = []
    if tune:
        if kind != "linear":
            raise NewsprismError(f"tuning is for the linear model, not {kind!r}")
        # with adapt_to, C is chosen for the masked model that is saved
        best, _ = tune_linear(data, folds=min(3, folds), seed=seed, unlabeled=target)
        model.set_params(**best)
        notes.append("parameters chosen by grouped CV on this training data; CV metrics "
                     "below reuse it and are slightly optimistic")
    metrics = {}
    if folds and folds > 1 and data["group"].nunique() >= 2:
        pred = cross_val_predict_grouped(model, data, folds=folds, seed=seed, progress=True)
        metrics["cv"] = score(data["label"], pred, n_boot=n_boot, seed=seed,
                              groups=data["group"])
        metrics["cv"]["folds"] = int(folds)
        metrics["cv"]["grouped_by"] = "group (article / doc_id)"
    extra = {"notes": notes} if notes else {}
    if target is not None:
        model.set_params(target_min_df=model.target_min_df or 1)
        model.fit(data, data["label"], unlabeled=target)
        mask = model.feature_mask_
        extra["adapted_to"] = {"path": str(adapt_to), "sha256": file_sha256(adapt_to),
                               "n_rows": int(len(target)),
                               "target_min_df": int(model.target_min_df),
                               "word_columns_kept": int(mask.sum())}
    else:
        model.fit(data, data["label"])
    card = model_card(model, data, data_path=data_path, kind=kind, metrics=metrics,
                      extra=extra or None)
    # the encoder writes its weights as safetensors (model.save); the others as skops
    full = model.save(model_out, card=card) if kind == "encoder" else save_model(
        model, model_out, card=card)
    if metrics_out:
        Path(metrics_out).write_text(json.dumps(metrics, indent=2) + "\n")
    return full
