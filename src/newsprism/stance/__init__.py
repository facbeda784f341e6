"""Stance toward targets (Russia, NATO, ...) in news sentences.

Targets come from a TOML file (:func:`load_targets`); :func:`find_mentions` locates them
with offsets and their sentence; :func:`sample_mentions` draws items to annotate;
:func:`agreement` scores two annotators. The submodules: ``labels`` (the label vocabulary,
probabilities → label table), ``io`` (read stance files, write predictions), ``context``
and ``models`` (the lexicon and linear models), ``encoder`` (the fine-tuned sentence
encoder; its inputs in ``encoder_inputs``, saving and loading in ``encoder_io``), ``train``
(tune, train, save, load),
``evaluate`` and ``benchmark`` (honest scores), ``kinds`` (the model kinds the CLI knows).
Stance over time (shares per outlet and period) is in :mod:`newsprism.trends`.

Example:
    >>> from newsprism.stance import find_mentions, load_targets
    >>> find_mentions("Moscow and NATO talked.", load_targets()).target.tolist()
    ['Russia', 'NATO']
"""

from newsprism.stance.agreement import agreement, cohen_kappa
from newsprism.stance.mentions import corpus_mentions, find_mentions, sentence_spans
from newsprism.stance.sample import GOLD_COLUMNS, sample_mentions
from newsprism.stance.targets import Target, load_targets, select_targets

__all__ = ["GOLD_COLUMNS", "Target", "agreement", "cohen_kappa", "corpus_mentions",
           "find_mentions", "load_targets", "sample_mentions", "select_targets",
           "sentence_spans"]
