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

from newsprism.evaluation import percentile_interval, resample_counts, share_intervals
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


def _confusion_counts(matrix, labels, n_per_class=None):
    """``(counts, rates)`` of a confusion matrix given as counts (or as rates + class sizes)."""
    C = np.asarray(matrix, dtype=float)
    if C.shape != (len(labels), len(labels)):
        raise ValueError(f"confusion matrix shape {C.shape} does not match {len(labels)} labels")
    if n_per_class is not None:
        C = confusion_rates(C) * np.asarray(n_per_class, dtype=float)[:, None]
    elif not np.allclose(C, np.round(C)):
        raise ValueError("confusion matrix holds rates, not counts: pass n_per_class")
    return C, confusion_rates(C)


def _confusion_redraws(C, R, n_boot: int, rng) -> np.ndarray:
    """``n_boot`` redraws of the rates: each true class's validation examples resampled.

    One set of redraws is shared by all cells of a table: the classifier is the same.
    """
    n_i = C.sum(axis=1).round().astype(int)
    if not n_boot:
        return np.empty((0,) + R.shape)
    return np.stack([np.stack([rng.multinomial(n_i[i], R[i]) / n_i[i] for i in range(len(R))])
                     for _ in range(n_boot)])


def _acc_cell(M, R, R_boot, rng):
    """Corrected shares of one cell and their bootstrap replicates.

    ``M``: units × classes counts of predicted labels (one-hot rows for documents, or
    per-article mention counts); units are resampled, predicted shares recomputed and
    corrected with the replicate's redrawn rates.
    """
    point = adjust_shares(M.sum(axis=0) / M.sum(), R)
    if not len(R_boot):
        return point, np.empty((0, len(R)))
    sums = resample_counts(len(M), len(R_boot), rng) @ M
    qb = sums / sums.sum(axis=1, keepdims=True)
    return point, np.stack([adjust_shares(qb[b], R_boot[b]) for b in range(len(R_boot))])


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
        ``period, source, theme, n, n_docs, share, ci_low, ci_high, ci_method, estimate``
        (raw rows: Wilson intervals where the bootstrap degenerates) with
        ``estimate`` ``"raw"`` (counting predictions) or ``"acc"`` (corrected; ``n`` is
        then ``share × n_docs``, an estimated count).
    """
    labels = list(labels)
    C, R = _confusion_counts(matrix, labels, n_per_class)
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
    R_boot = _confusion_redraws(C, R, n_boot, rng)
    fixed = {}
    for (per, g), idx in docs.groupby(["period", grp], sort=True).indices.items():
        point, pb = _acc_cell(M[idx], R, R_boot, rng)
        if n_boot:
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
    # the corrected interval is always the bootstrap (documents and confusion redraws)
    acc["ci_method"] = np.where(acc["ci_low"].notna(), "bootstrap", "none")
    raw = raw.assign(estimate="raw")
    acc = acc.assign(estimate="acc")
    out = pd.concat([raw, acc], ignore_index=True)
    out.attrs.update(raw.attrs)
    cols = [c if c != "source" else grp for c in COLUMNS] + ["estimate"]
    return out[cols]


STANCE_SHARE_COLUMNS = ["period", "source", "target", "n_articles", "mentions", "stance",
                        "share", "ci_low", "ci_high", "estimate", "ci_method"]


def stance_shares_acc(articles: pd.DataFrame, labels, matrix, *, period: str = "W",
                      n_boot: int = 1000, alpha: float = 0.05, seed: int = 0,
                      n_per_class=None) -> pd.DataFrame:
    """Favor / against / neutral shares and the net index per outlet × period × target,
    raw (counting the stance model's labels) and corrected for its errors.

    The correction is the adjusted classify-and-count of :func:`prevalence_acc`, applied
    to the mentions of each cell: with the model's cross-validated confusion matrix (rows
    true, columns predicted) the predicted shares are solved for the true shares. The
    bootstrap resamples the cell's *articles* (their mentions travel together) and redraws
    the confusion matrix from its validation counts, so the interval includes the
    correction's own uncertainty. ``net`` = share favor − share against, from the same
    replicates.

    Args:
        articles: :func:`newsprism.trends.article_stance` output (``date, source,
            target, n_favor, n_against, n_neutral``).
        labels: the confusion matrix's label order, e.g. ``["against", "favor", "neutral"]``.
        matrix: cross-validated confusion counts (or rates with ``n_per_class``).
        period, n_boot, alpha, seed: as in :func:`newsprism.trends.prevalence`.

    Returns:
        ``period, source, target, n_articles, mentions, stance, share, ci_low, ci_high,
        estimate, ci_method`` with ``stance`` one of the labels or ``"net"`` and
        ``estimate`` ``"raw"`` or ``"acc"``; raw label shares get a Wilson interval
        (over articles) where the bootstrap degenerates, ``ci_method`` says which.

    Example:
        >>> arts = pd.DataFrame({"date": pd.to_datetime(["2017-01-02"] * 3), "source": "X",
        ...     "target": "NATO", "n_favor": [2, 0, 1], "n_against": [0, 2, 1],
        ...     "n_neutral": [0, 0, 4]})
        >>> t = stance_shares_acc(arts, ["favor", "against", "neutral"], np.eye(3) * 50, n_boot=0)
        >>> t[t.estimate == "acc"].set_index("stance")["share"].round(2).to_dict()
        {'favor': 0.3, 'against': 0.3, 'neutral': 0.4, 'net': 0.0}
    """
    labels = list(labels)
    missing = [f"n_{lab}" for lab in labels if f"n_{lab}" not in articles.columns]
    if missing:
        raise ValueError(f"the article table lacks {missing} (from trends.article_stance)")
    if not {"favor", "against"} <= set(labels):
        raise ValueError(f"labels must include 'favor' and 'against', got {labels}")
    C, R = _confusion_counts(matrix, labels, n_per_class)
    data = articles.assign(period=period_start(articles["date"], period).to_numpy())
    data = data.dropna(subset=["period"])
    rng = np.random.default_rng(seed)
    R_boot = _confusion_redraws(C, R, n_boot, rng)
    identity = np.broadcast_to(np.eye(len(labels)), R_boot.shape)
    f, g = labels.index("favor"), labels.index("against")
    names = labels + ["net"]
    rows = []
    cells = data.groupby(["period", "source", "target"], sort=True)
    for (per, source, target), cell in cells:
        M = cell[[f"n_{lab}" for lab in labels]].to_numpy(dtype=float)
        if M.sum() == 0:
            continue
        state = rng.bit_generator.state
        for estimate, rates, redraws in (("raw", np.eye(len(labels)), identity),
                                         ("acc", R, R_boot)):
            rng.bit_generator.state = state  # raw and corrected see the same resamples
            point, pb = _acc_cell(M, rates, redraws, rng)
            point = np.append(point, point[f] - point[g])
            if len(pb):
                pb = np.column_stack([pb, pb[:, f] - pb[:, g]])
                low, high = percentile_interval(pb, alpha)
            else:
                low = high = np.full(len(names), np.nan)
            used = np.where(np.isfinite(low), "bootstrap", "none").astype(object)
            if estimate == "raw":
                # counted label shares: Wilson where the bootstrap degenerates, with the
                # articles (the resampling unit) as n, since mentions of one article
                # are not independent; the net index keeps its bootstrap interval
                k = len(labels)
                low[:k], high[:k], used[:k] = share_intervals(
                    point[:k], len(cell), low[:k], high[:k], alpha=alpha)
            for j, name in enumerate(names):
                rows.append((per, source, target, len(cell), int(M.sum()), name, point[j],
                             low[j], high[j], estimate, used[j]))
    out = pd.DataFrame(rows, columns=STANCE_SHARE_COLUMNS)
    out.attrs.update({"period": period, "by": "source", "n_boot": n_boot, "alpha": alpha})
    return out
