"""The registry of stance model kinds: ``--kind`` on the command line, ``kind`` on a card.

Each kind names its estimator class by ``"module.Class"``, imported only when used, so
listing the kinds (``newsprism stance train --help``) loads no model code. A new model
kind is one entry here; training, saving, the model-type check on loading and the CLI all
read this table.

Example:
    >>> sorted(MODEL_KINDS)
    ['encoder', 'lexicon', 'linear']
    >>> model_class("lexicon").__name__
    'LexiconStance'
"""

from __future__ import annotations

import importlib

from newsprism.errors import NewsprismError

MODEL_KINDS = {
    "linear": "newsprism.stance.models.LinearStance",
    "lexicon": "newsprism.stance.models.LexiconStance",
    "encoder": "newsprism.stance.encoder.EncoderStance",  # needs the [encoder] extra
}


def model_class(kind: str) -> type:
    """The estimator class of a model ``kind`` (a key of :data:`MODEL_KINDS`)."""
    if kind not in MODEL_KINDS:
        raise NewsprismError(f"unknown stance model kind {kind!r}; use one of "
                             f"{', '.join(MODEL_KINDS)}")
    module, _, name = MODEL_KINDS[kind].rpartition(".")
    return getattr(importlib.import_module(module), name)
