"""Prevalence corrected for classifier error: adjusted classify-and-count (Forman 2008).

When topics come from a classifier, a share computed by counting its predictions is
biased: a class that is often predicted by mistake looks more common than it is. With
the classifier's cross-validated confusion matrix ``C`` (rows = true class, columns =
predicted class) the rates ``R[i, j] = P(pred = j | true = i)`` link the true shares
``p`` to the expected predicted shares ``q = Rᵀ p``. Adjusted classify-and-count
solves this for ``p`` (non-negative least squares with ``sum(p) = 1``; for two classes
it is Forman's ``(q - fpr) / (tpr - fpr)`` clipped to [0, 1]).

The bootstrap interval includes both sources of uncertainty: every replicate resamples
the documents of the period × outlet cell *and* redraws the confusion matrix rows from
multinomials with the cross-validation counts, so a classifier validated on few
examples widens the interval.

Example:
    >>> import numpy as np
    >>> C = np.array([[80, 20], [10, 90]])   # true rows, predicted columns
    >>> R = confusion_rates(C)
    >>> q = R.T @ np.array([0.3, 0.7])       # what counting predictions would show
    >>> adjust_shares(q, R).round(3).tolist()
    [0.3, 0.7]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import nnls

from newsprism.evaluation import percentile_interval, resample_counts
from newsprism.trends.periods import period_start
from newsprism.trends.prevalence import COLUMNS, doc_theme_matrix, prevalence


def confusion_rates(matrix) -> np.ndarray:
    """Row-normalised confusion matrix: ``P(predicted = j | true = i)``."""
    C = np.asarray(matrix, dtype=float)
    if C.ndim != 2 or C.shape[0] != C.shape[1]:
        raise ValueError(f"confusion matrix must be square, got shape {C.shape}")
    totals = C.sum(axis=1, keepdims=True)
    if (totals <= 0).any():
        raise ValueError("every true class needs at least one validation example")
    return C / totals


def adjust_shares(observed, rates, *, penalty: float = 1e3) -> np.ndarray:
    """True class shares ``p`` from observed predicted shares ``q`` and rates ``R``.

    Solves ``min ||Rᵀ p - q||`` subject to ``p >= 0`` and ``sum(p) = 1`` (the sum
    enforced with a heavily weighted extra equation, then renormalised).
    """
    q = np.asarray(observed, dtype=float)
    R = np.asarray(rates, dtype=float)
    if np.isnan(q).any():
        return np.full(len(q), np.nan)
    A = np.vstack([R.T, penalty * np.ones((1, R.shape[0]))])
    b = np.concatenate([q, [penalty]])
    p, _ = nnls(A, b)
    total = p.sum()
    return p / total if total > 0 else np.full(len(q), np.nan)


def confusion_from_card(card: dict) -> tuple[list[str], np.ndarray]:
    """``(labels, matrix)`` from a model card's ``cv_confusion`` entry."""
    try:
        cm = card["cv_confusion"]
        return list(cm["labels"]), np.asarray(cm["matrix"], dtype=float)
    except (KeyError, TypeError) as exc:
        raise ValueError("model card has no cv_confusion {labels, matrix} entry") from exc


def topic_assignments(predictions: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Trends assignment table from :func:`newsprism.topics.predict_topics` output.

    Uses the most probable topic (no abstention), which is what the cross-validated
    confusion matrix on the model card describes.
    """
    pcols = [c for c in predictions.columns if c.startswith("p_")]
    if pcols:
        theme = np.array([c[2:] for c in pcols])[predictions[pcols].to_numpy().argmax(axis=1)]
    else:
        theme = predictions["topic"].to_numpy()
    keep = [c for c in ("doc_id", "date", "source") if c in corpus.columns]
    base = corpus[keep].reset_index(drop=True)
    return base.assign(theme=theme)


def prevalence_acc(assignments: pd.DataFrame, labels, matrix, *, period: str = "W",
                   by: str | None = "source", theme: str = "theme", n_boot: int = 1000,
                   alpha: float = 0.05, seed: int = 0, n_per_class=None) -> pd.DataFrame:
    """Raw and ACC-corrected prevalence side by side, one tidy table.

    Args:
        assignments: one row per document with the classifier's predicted label in
            ``theme`` (plus ``doc_id, date`` and the ``by`` column).
        labels: class labels in the order of the confusion matrix rows / columns.
        matrix: cross-validated confusion counts (rows true, columns predicted). If it
            holds rates (rows summing to 1), pass ``n_per_class`` (validation examples
            per true class) so the rates' uncertainty can be bootstrapped.
        period, by, n_boot, alpha, seed: as in :func:`newsprism.trends.prevalence`.

    Returns:
        ``period, source, theme, n, n_docs, share, ci_low, ci_high, estimate`` with
        ``estimate`` ``"raw"`` (counting predictions) or ``"acc"`` (corrected; ``n`` is
        then ``share × n_docs``, an estimated count).
    """
    labels = list(labels)
    C = np.asarray(matrix, dtype=float)
    if C.shape != (len(labels), len(labels)):
        raise ValueError(f"confusion matrix shape {C.shape} does not match {len(labels)} labels")
    if n_per_class is not None:
        C = confusion_rates(C) * np.asarray(n_per_class, dtype=float)[:, None]
    elif not np.allclose(C, np.round(C)):
        raise ValueError("confusion matrix holds rates, not counts: pass n_per_class")
    R = confusion_rates(C)
    unknown = set(assignments[theme].dropna().unique()) - set(labels)
    if unknown:
        raise ValueError(f"predicted labels {sorted(unknown)} are not in the confusion matrix")
    raw = prevalence(assignments, period=period, by=by, theme=theme, themes=labels,
                     n_boot=n_boot, alpha=alpha, seed=seed)
    grp = by if by is not None else "source"
    a = assignments.copy()
    a["date"] = pd.to_datetime(a["date"], errors="coerce")
    a = a[a["date"].notna()]
    if by is None:
        a["source"] = "all"
    docs, _, M = doc_theme_matrix(a, theme=theme, themes=labels)
    docs = docs.assign(period=period_start(docs["date"], period).to_numpy())
    rng = np.random.default_rng(seed + 1)
    # one set of confusion-matrix redraws, shared by all cells: the classifier is the same
    n_i = C.sum(axis=1).round().astype(int)
    R_boot = np.stack([
        np.stack([rng.multinomial(n_i[i], R[i]) / n_i[i] for i in range(len(labels))])
        for _ in range(n_boot)]) if n_boot else np.empty((0,) + R.shape)
    fixed = {}
    for (per, g), idx in docs.groupby(["period", grp], sort=True).indices.items():
        sub = M[idx]
        n_docs = len(idx)
        point = adjust_shares(sub.mean(axis=0), R)
        if n_boot:
            qb = resample_counts(n_docs, n_boot, rng) @ sub / n_docs
            pb = np.stack([adjust_shares(qb[b], R_boot[b]) for b in range(n_boot)])
            low, high = percentile_interval(pb, alpha)
        else:
            low = high = np.full(len(labels), np.nan)
        for j, lab in enumerate(labels):
            fixed[(per, g, lab)] = (point[j], low[j], high[j])
    acc = raw.copy()
    key = list(zip(acc["period"], acc[grp], acc["theme"]))
    vals = np.array([fixed.get(k, (np.nan, np.nan, np.nan)) for k in key])
    acc["share"], acc["ci_low"], acc["ci_high"] = vals[:, 0], vals[:, 1], vals[:, 2]
    acc["n"] = acc["share"] * acc["n_docs"]
    raw = raw.assign(estimate="raw")
    acc = acc.assign(estimate="acc")
    out = pd.concat([raw, acc], ignore_index=True)
    out.attrs.update(raw.attrs)
    cols = [c if c != "source" else grp for c in COLUMNS] + ["estimate"]
    return out[cols]
