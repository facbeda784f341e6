"""Train a stance model on a labelled file and save it with its model card.

Example:
    >>> import tempfile, pathlib                                          # doctest: +SKIP
    >>> card = train_and_save("train.jsonl", "m.skops", kind="linear")    # doctest: +SKIP
    >>> card["metrics"]["cv"]["f1m"]["value"]                              # doctest: +SKIP
    0.6
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from newsprism.errors import NewsprismError


def make_model(kind: str = "linear", **params):
    """A fresh, unfitted stance estimator of ``kind`` (``linear`` or ``lexicon``)."""
    from newsprism.stance.models import LexiconStance, LinearStance

    if kind == "linear":
        return LinearStance(**params)
    if kind == "lexicon":
        return LexiconStance(**params)
    raise ValueError(f"unknown model kind {kind!r}; use 'linear' or 'lexicon'")


def model_card(model, data: pd.DataFrame, *, data_path=None, kind: str, metrics=None,
               extra: dict | None = None) -> dict:
    """The task-specific part of a stance model card."""
    from newsprism.fingerprint import file_sha256

    card = {
        "name": f"stance-{kind}",
        "task": "target-dependent stance (favor / against / neutral toward a mention)",
        "kind": kind,
        "labels": ["favor", "against", "neutral"],
        "input": "table with text, start, end (mention offsets); see newsprism.stance.io",
        "training_data": {
            "path": str(data_path) if data_path else None,
            "sha256": file_sha256(data_path) if data_path and Path(data_path).is_file() else None,
            "n_items": int(len(data)),
            "n_groups": int(data["group"].nunique()) if "group" in data else None,
            "label_counts": {k: int(v) for k, v in data["label"].value_counts().items()},
        },
        "lexicon": "VADER lexicon shipped with vaderSentiment (Hutto & Gilbert 2014)",
        "label_mapping_newsmtsc": {"6": "favor", "4": "neutral", "2": "against"},
        "metrics": metrics or {},
    }
    card.update(extra or {})
    return card


def train_and_save(data_path, model_out, *, kind: str = "linear", metrics_out=None,
                   folds: int = 5, seed: int = 0, tune: bool = False, n_boot: int = 1000,
                   params: dict | None = None, adapt_to=None) -> dict:
    """Read labelled data, estimate grouped k-fold metrics, fit on everything, save.

    With ``tune=True`` (linear only) the parameters are first chosen by grouped CV
    (:func:`~newsprism.stance.evaluate.tune_linear`); the reported CV metrics then reuse
    the same data and are slightly optimistic -- the card says so.

    ``adapt_to`` (linear only): a stance file (same formats; a label column, if present,
    is not read) with the inputs the model will be applied to. The final model then
    keeps only the word features that occur there (``target_min_df``, default 1; see
    docs/stance_models.md, "Fifth round"); with ``tune=True``, C is chosen for that
    masked model. The CV metrics are computed without it (they describe the training
    data's own domain); the card records the file and its hash.

    Example:
        >>> card = train_and_save("gold.csv", "m.skops", adapt_to="my_mentions.csv")  # doctest: +SKIP
        >>> card["adapted_to"]["n_rows"]  # doctest: +SKIP
        1250
    """
    from newsprism.persist import save_model
    from newsprism.stance.evaluate import cross_val_predict_grouped, score, tune_linear
    from newsprism.stance.io import read_stance_data

    data = read_stance_data(data_path, require_label=True)
    target = None
    if adapt_to is not None:
        if kind != "linear":
            raise NewsprismError("--adapt-to needs a linear model (the lexicon learns nothing)")
        target = read_stance_data(adapt_to, ignore_labels=True)[["text", "start", "end"]]
    params = dict(params or {})
    notes = []
    if tune and kind == "linear":
        # with adapt_to, C is chosen for the masked model that is saved (as
        # TunedLinearStance does): the tuning folds see the same target inputs
        best, _ = tune_linear(data, folds=min(3, folds), seed=seed, unlabeled=target)
        params.update(best)
        notes.append("parameters chosen by grouped CV on this training data; CV metrics "
                     "below reuse it and are slightly optimistic")
    model = make_model(kind, **params)
    metrics = {}
    if folds and folds > 1 and data["group"].nunique() >= 2:
        pred = cross_val_predict_grouped(model, data, folds=folds, seed=seed, progress=True)
        metrics["cv"] = score(data["label"], pred, n_boot=n_boot, seed=seed,
                              groups=data["group"])
        metrics["cv"]["folds"] = int(folds)
        metrics["cv"]["grouped_by"] = "group (article / doc_id)"
    extra = {"notes": notes} if notes else {}
    if adapt_to is not None:
        from newsprism.fingerprint import file_sha256

        model.set_params(target_min_df=model.target_min_df or 1)
        model.fit(data, data["label"], unlabeled=target)
        mask = getattr(model, "feature_mask_", None)
        # the mask also covers any dense blocks (always kept); count the word columns only
        n_words = sum(len(v.vocabulary_) for v in (model.vec_left_, model.vec_right_,
                                                    model.vec_sentence_) if v is not None)
        extra["adapted_to"] = {"path": str(adapt_to), "sha256": file_sha256(adapt_to),
                               "n_rows": int(len(target)),
                               "target_min_df": int(model.target_min_df),
                               "word_columns_kept": int(mask[:n_words].sum())
                               if mask is not None else None}
    else:
        model.fit(data, data["label"])
    card = model_card(model, data, data_path=data_path, kind=kind, metrics=metrics,
                      extra=extra or None)
    full = save_model(model, model_out, card=card)
    if metrics_out:
        Path(metrics_out).write_text(json.dumps(metrics, indent=2) + "\n")
    return full
