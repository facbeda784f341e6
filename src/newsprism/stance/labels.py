"""The stance label vocabulary and the one conversion of probabilities into a label table.

Every stance model answers with one of :data:`LABELS` per mention; NewsMTSC's polarity
codes map onto them with :data:`POLARITY_TO_LABEL`. :func:`proba_table` turns a model's
``predict_proba`` output into the columns ``label, p_favor, p_against, p_neutral`` that
``stance predict``, the over-time tables and the notebooks share.

Example:
    >>> import numpy as np
    >>> proba_table(np.array([[0.2, 0.7, 0.1]]), ["against", "favor", "neutral"]).to_dict("records")
    [{'label': 'favor', 'p_favor': 0.7, 'p_against': 0.2, 'p_neutral': 0.1}]
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

LABELS = ("favor", "against", "neutral")  # output order of tables and confusion matrices
CLASSES = tuple(sorted(LABELS))  # the order of an estimator's classes_ (sklearn sorts them)
POLARITY_TO_LABEL = {2.0: "against", 4.0: "neutral", 6.0: "favor"}  # NewsMTSC codes
PROBA_COLUMNS = ["label"] + [f"p_{label}" for label in LABELS]


def proba_table(proba: np.ndarray, classes: Sequence[str]) -> pd.DataFrame:
    """``label, p_favor, p_against, p_neutral`` from a probability matrix.

    ``proba`` has one column per entry of ``classes`` (a fitted model's ``classes_``);
    ``label`` is the most probable class (the first in ``classes`` order on a tie). A
    label the model never learnt gets probability 0.

    Example:
        >>> import numpy as np
        >>> proba_table(np.array([[0.4, 0.6]]), ["favor", "neutral"])["p_against"].tolist()
        [0.0]
    """
    proba = np.asarray(proba, dtype=float)
    classes = list(classes)
    if not classes or proba.ndim != 2 or proba.shape[1] != len(classes):
        raise ValueError(f"proba must have one column per class {classes}, "
                         f"got shape {proba.shape}")
    unknown = sorted(set(classes) - set(LABELS))
    if unknown:
        raise ValueError(f"classes {unknown} are not stance labels {LABELS}")
    out = pd.DataFrame({"label": np.asarray(classes, dtype=object)[np.argmax(proba, axis=1)]})
    for label in LABELS:
        out[f"p_{label}"] = proba[:, classes.index(label)] if label in classes else 0.0
    return out
