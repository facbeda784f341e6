"""Supervised topic classification: train, evaluate honestly, persist safely, apply anywhere.

Entry points:

- :class:`TopicClassifier` - newsprism TF-IDF + LinearSVC + a small grouped search over
  ``C`` + calibrated probabilities + abstention (``other``).
- :func:`evaluate` / :func:`compare_with_leaky_baseline` - duplicate-grouped k-fold with
  macro-F1, per-class scores, confusion matrix and 95% bootstrap intervals.
- :func:`train_topic_model`, :func:`save_topic_model`, :func:`load_topic_model`,
  :func:`predict_topics` - fit, persist (skops + model card) and apply.
- :func:`transfer_check` - score a model on another corpus using URL sections as labels.
- :func:`with_macro_topics` - AllSides' 108 tags folded into 14 macro topics.

Figures of these results live in :mod:`newsprism.plots.topics`.

Example:
    >>> from newsprism.corpus import load_corpus                      # doctest: +SKIP
    >>> from newsprism.topics import evaluate, train_topic_model      # doctest: +SKIP
    >>> bbc = load_corpus("bbc")                                      # doctest: +SKIP
    >>> evaluate(bbc, "topic").metrics["macro_f1_ci"]                 # doctest: +SKIP
    >>> model = train_topic_model(bbc, "topic")                       # doctest: +SKIP
"""

from newsprism.topics.allsides import load_macro_topic_map, macro_topics, with_macro_topics
from newsprism.topics.evaluate import (
    TopicEvaluation,
    compare_with_leaky_baseline,
    cross_validate_topics,
    evaluate,
    leaky_baseline,
    misclassified,
    score_predictions,
)
from newsprism.topics.io import (
    load_topic_model,
    predict_topics,
    save_topic_model,
    train_topic_model,
)
from newsprism.topics.model import TopicClassifier, document_texts
from newsprism.topics.splits import (
    DuplicateGroupedStratifiedKFold,
    check_no_leak,
    corpus_groups,
    text_groups,
)
from newsprism.topics.transfer import (
    TransferResult,
    load_section_map,
    map_sections,
    sections_of,
    transfer_check,
)

__all__ = [
    "DuplicateGroupedStratifiedKFold", "TopicClassifier", "TopicEvaluation", "TransferResult",
    "check_no_leak", "compare_with_leaky_baseline", "corpus_groups", "cross_validate_topics",
    "document_texts", "evaluate", "leaky_baseline", "load_macro_topic_map",
    "load_section_map", "load_topic_model", "macro_topics", "map_sections", "misclassified",
    "predict_topics", "save_topic_model", "score_predictions", "sections_of", "text_groups",
    "train_topic_model", "transfer_check", "with_macro_topics",
]
