"""Stance classifiers: a no-training lexicon baseline and a target-aware linear model.

Both are scikit-learn estimators whose ``X`` is a table with columns ``text``, ``start``
and ``end`` (the mention's character offsets in ``text``), as returned by
:func:`newsprism.stance.io.read_stance_data`; labels are ``favor``, ``against``,
``neutral``.

- :class:`LexiconStance` sums the VADER valence (the lexicon file vaderSentiment ships)
  of the words within ``window`` words of the mention; a polarity word preceded by a
  negation (VADER's list: not, never, without, ...) within ``negation_scope`` words counts
  with flipped, damped sign. Nothing is learnt: ``fit`` only records the classes.
- :class:`LinearStance` is a logistic regression over three separately vectorised views
  of the item -- the words left of the mention, the words right of it, and the whole
  sentence with the mention masked (``targetx``) -- plus the lexicon scores of both
  sides as dense features. Words in a negation's scope are marked (``neg_support``) so
  the bag of words sees "does not support" differently from "supports".

Example:
    >>> import pandas as pd
    >>> X = pd.DataFrame({"text": ["Critics condemned NATO.", "Leaders praised NATO warmly."],
    ...                   "start": [18, 23], "end": [22, 27]})
    >>> LexiconStance().fit(X, ["against", "favor"]).predict(X).tolist()
    ['against', 'favor']
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from newsprism.persist import FillsParamsOnLoad

LABELS = ("against", "favor", "neutral")  # sorted, as sklearn orders classes_
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_CLAUSE_BREAK = re.compile(r"[.;:!?]|,\s*(?:but|however|although|though|while)\b", re.I)
NEGATION_SCALAR = -0.74  # VADER's damping of a negated polarity word
MASK = "targetx"


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """The word → valence (−4..4) table that the vaderSentiment package ships."""
    from importlib import resources

    lexicon = {}
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(
        encoding="utf-8")
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and _WORD.fullmatch(parts[0]):
            lexicon[parts[0].lower()] = float(parts[1])
    return lexicon


@lru_cache(maxsize=1)
def negation_words() -> frozenset[str]:
    from vaderSentiment.vaderSentiment import NEGATE

    return frozenset(w.lower() for w in NEGATE) | {"no", "nor", "neither"}


def _is_negation(word: str) -> bool:
    return word in negation_words() or word.endswith("n't") or word.endswith("n’t")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _negated(words: list[str], scope: int, remaining: int = 0) -> list[bool]:
    """Whether each word lies within ``scope`` words after a negation cue.

    ``remaining`` carries a scope opened before ``words`` began.
    """
    flags = []
    for word in words:
        if _is_negation(word):
            flags.append(False)
            remaining = scope
        else:
            flags.append(remaining > 0)
            remaining = max(0, remaining - 1)
    return flags


def _side_scores(words: list[str], negated: list[bool], lexicon: dict) -> tuple[float, float]:
    pos = neg = 0.0
    for word, flip in zip(words, negated):
        value = lexicon.get(word)
        if value is None:
            continue
        if flip:
            value *= NEGATION_SCALAR
        if value > 0:
            pos += value
        else:
            neg -= value
    return pos, neg


def _context(text: str, start: int, end: int, window: int, scope: int):
    """Left/right word windows around the mention and their negation flags.

    Windows stop at clause breaks so "X fell, but Y rose" does not lend Y's "rose" to X.
    """
    left_text, right_text = text[:start], text[end:]
    left_break = list(_CLAUSE_BREAK.finditer(left_text))
    if left_break:
        left_text = left_text[left_break[-1].end():]
    right_break = _CLAUSE_BREAK.search(right_text)
    if right_break:
        right_text = right_text[:right_break.start()]
    # negation scope is read on the full left context so "not" just before the window counts
    left_all = _words(text[:start])
    left_neg = _negated(left_all, scope)
    n_left = len(_words(left_text))
    keep = min(window, n_left)
    left = left_all[len(left_all) - keep:] if keep else []
    left_flags = left_neg[len(left_neg) - keep:] if keep else []
    right = _words(right_text)[:window]
    # a negation just left of the mention scopes over the predicate right of it
    # ("did not NATO support" → "support" is negated); the mention uses one slot
    carry = 0
    for k, word in enumerate(reversed(left_all[-scope:] if scope else [])):
        if _is_negation(word):
            carry = max(0, scope - k - 1)
            break
    right_flags = _negated(right, scope, remaining=carry)
    return left, left_flags, right, right_flags


# Per-row results of the (pure, deterministic) context parsing, keyed by the row's text,
# offsets and the two window parameters. Tuning fits the same rows many times (every grid
# point of every inner and outer fold); the cache makes each row parse once per setting.
# Bounded so a long-running process predicting a large corpus does not grow without end.
_ROW_CACHE: dict = {}
_ROW_CACHE_MAX = 400_000


def _row(text: str, start: int, end: int, window: int, scope: int) -> tuple:
    """(left view, right view, masked view, left/right lexicon side scores, contexts)."""
    key = (text, start, end, window, scope)
    hit = _ROW_CACHE.get(key)
    if hit is not None:
        return hit
    left, lf, right, rf = _context(text, start, end, window, scope)
    lexicon = vader_lexicon()
    lex = _side_scores(left, lf, lexicon) + _side_scores(right, rf, lexicon)
    masked_words = _words(text[:start]) + [MASK] + _words(text[end:])
    out = (" ".join(f"neg_{w}" if f else w for w, f in zip(left, lf)),
           " ".join(f"neg_{w}" if f else w for w, f in zip(right, rf)),
           _mark_negation(masked_words, scope), lex, _nearest(left, lf, right, rf, lexicon),
           (left, lf, right, rf))
    if len(_ROW_CACHE) >= _ROW_CACHE_MAX:
        _ROW_CACHE.clear()
    _ROW_CACHE[key] = out
    return out


def _nearest(left, lf, right, rf, lexicon) -> tuple[float, float]:
    """Valence of the polarity word closest to the mention on each side (0 if none)."""
    out = []
    for words, flags in ((left[::-1], lf[::-1]), (right, rf)):
        value = 0.0
        for word, flip in zip(words, flags):
            v = lexicon.get(word)
            if v is not None:
                value = v * (NEGATION_SCALAR if flip else 1.0)
                break
        out.append(value)
    return out[0], out[1]


def _rows(X: pd.DataFrame, window: int, scope: int) -> list[tuple]:
    return [_row(text, int(start), int(end), window, scope)
            for text, start, end in zip(X["text"], X["start"], X["end"])]


def _side_matrix(rows: list[tuple]) -> np.ndarray:
    """Left/right positive/negative valence of parsed rows (n × 4, as lexicon_scores)."""
    return np.array([r[3] for r in rows], dtype=float).reshape(len(rows), 4)


def _check_X(X) -> pd.DataFrame:
    if not isinstance(X, pd.DataFrame) or not {"text", "start", "end"} <= set(X.columns):
        raise TypeError("X must be a DataFrame with columns text, start, end "
                        "(see newsprism.stance.io.read_stance_data)")
    return X


def lexicon_scores(X: pd.DataFrame, *, window: int = 6, negation_scope: int = 3,
                   lexicon: dict | None = None, contexts=None) -> np.ndarray:
    """Per row: positive and negative valence left and right of the mention (n × 4).

    Example:
        >>> X = pd.DataFrame({"text": ["They did not trust Russia."], "start": [19], "end": [25]})
        >>> lexicon_scores(X).round(2).tolist()
        [[0.0, 1.7, 0.0, 0.0]]
    """
    if contexts is None and lexicon is None:
        return _side_matrix(_rows(_check_X(X), window, negation_scope))
    lexicon = vader_lexicon() if lexicon is None else lexicon
    if contexts is None:
        contexts = [r[5] for r in _rows(_check_X(X), window, negation_scope)]
    out = np.zeros((len(contexts), 4))
    for i, (left, lf, right, rf) in enumerate(contexts):
        out[i, 0:2] = _side_scores(left, lf, lexicon)
        out[i, 2:4] = _side_scores(right, rf, lexicon)
    return out


class LexiconStance(ClassifierMixin, BaseEstimator):
    """No-training baseline: VADER valence of the words around the mention.

    Args:
        window: words on each side of the mention that count.
        negation_scope: words after a negation whose polarity is flipped (× −0.74).
        threshold: net valence above which the stance is ``favor`` (below its negative,
            ``against``); in VADER units, where "good" is 1.9 and "bad" −2.5.

    Example:
        >>> X = pd.DataFrame({"text": ["Nobody did not like the EU."], "start": [24], "end": [26]})
        >>> LexiconStance().fit(X, ["favor"]).predict_proba(X).shape
        (1, 3)
    """

    def __init__(self, *, window: int = 6, negation_scope: int = 3, threshold: float = 1.0):
        self.window = window
        self.negation_scope = negation_scope
        self.threshold = threshold

    def fit(self, X, y=None):
        _check_X(X)
        self.classes_ = np.array(LABELS, dtype=object)
        return self

    def decision_score(self, X) -> np.ndarray:
        """Net valence around each mention (positive → favor)."""
        s = lexicon_scores(X, window=self.window, negation_scope=self.negation_scope)
        return s[:, 0] - s[:, 1] + s[:, 2] - s[:, 3]

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "classes_")
        score = self.decision_score(X)
        # neutral probability falls to 1/2 at |score| = threshold
        p_neutral = np.exp(-math.log(2) * (score / max(self.threshold, 1e-9)) ** 2)
        p_favor = (1 - p_neutral) / (1 + np.exp(-8 * score))
        p_against = 1 - p_neutral - p_favor
        return np.column_stack([p_against, p_favor, p_neutral])

    def predict(self, X) -> np.ndarray:
        score = self.decision_score(X)
        out = np.full(len(score), "neutral", dtype=object)
        out[score >= self.threshold] = "favor"
        out[score <= -self.threshold] = "against"
        return out


def _mark_negation(words: list[str], scope: int) -> str:
    return " ".join(f"neg_{w}" if flag and w != MASK else w
                    for w, flag in zip(words, _negated(words, scope)))


def stance_views(X: pd.DataFrame, *, window: int = 8, negation_scope: int = 3,
                 return_contexts: bool = False):
    """The three text views the linear model vectorises: left, right, masked sentence.

    Example:
        >>> X = pd.DataFrame({"text": ["Moscow did not back NATO plans."], "start": [20],
        ...                   "end": [24]})
        >>> [v[0] for v in stance_views(X)]
        ['moscow did not neg_back', 'neg_plans', 'moscow did not neg_back targetx neg_plans']
    """
    rows = _rows(_check_X(X), window, negation_scope)
    lefts, rights, masked = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
    if return_contexts:
        contexts = [r[5] for r in rows]
        return lefts, rights, masked, contexts
    return lefts, rights, masked


DENSE_VIEWS = ("left", "right", "sentence")


def dense_texts(X: pd.DataFrame, *, window: int = 10, negation_scope: int = 3) -> dict:
    """The plain texts :class:`LinearStance` embeds when ``dense_weight > 0``.

    ``left`` / ``right``: the words of the sparse views' context windows without their
    ``neg_`` marks (an embedding table has no ``neg_`` words); ``sentence``: every word of
    the sentence except the mention's (the sparse view's ``targetx`` mask is left out, as
    it would add the same vector to every row).

    Example:
        >>> X = pd.DataFrame({"text": ["Moscow did not back NATO plans."], "start": [20],
        ...                   "end": [24]})
        >>> {k: v[0] for k, v in dense_texts(X).items()}
        {'left': 'moscow did not back', 'right': 'plans', 'sentence': 'moscow did not back plans'}
    """
    rows = _rows(_check_X(X), window, negation_scope)
    return {"left": [" ".join(r[5][0]) for r in rows],
            "right": [" ".join(r[5][2]) for r in rows],
            "sentence": [" ".join(_words(text[:int(start)]) + _words(text[int(end):]))
                         for text, start, end in zip(X["text"], X["start"], X["end"])]}


BASELINE = {"window": 6, "negation_scope": 3, "threshold": 1.0}  # LexiconStance defaults
LEXICON_FEATURES = {
    "basic": ["left_pos", "left_neg", "right_pos", "right_neg", "net"],
    "rich": ["left_pos", "left_neg", "right_pos", "right_neg", "net", "nearest_left",
             "nearest_right", "baseline_favor", "baseline_against", "baseline_net"],
}


def lexicon_features(X: pd.DataFrame, *, window: int = 8, negation_scope: int = 3,
                     kind: str = "rich") -> np.ndarray:
    """Dense prior-knowledge features of each row (columns: ``LEXICON_FEATURES[kind]``).

    ``basic``: log1p of positive/negative valence left and right of the mention and the
    signed log net valence. ``rich`` adds the valence of the nearest polarity word on each
    side (÷4) and the lexicon baseline's own reading (its favor/against decision and net
    score at its fixed window), so a model trained on few labels can lean on the baseline
    and learn only where to depart from it.

    Example:
        >>> X = pd.DataFrame({"text": ["Critics condemned NATO."], "start": [18], "end": [22]})
        >>> float(lexicon_features(X)[0, LEXICON_FEATURES["rich"].index("baseline_against")])
        1.0
    """
    if kind not in LEXICON_FEATURES:
        raise ValueError(f"kind must be one of {sorted(LEXICON_FEATURES)}, not {kind!r}")
    rows = _rows(_check_X(X), window, negation_scope)
    lex = _side_matrix(rows)
    net = lex[:, 0] - lex[:, 1] + lex[:, 2] - lex[:, 3]
    # log1p keeps a sentence full of adjectives from swamping the word features
    cols = [np.log1p(lex), (np.sign(net) * np.log1p(np.abs(net)))[:, None]]
    if kind == "rich":
        cols.append(np.array([r[4] for r in rows], dtype=float).reshape(len(rows), 2) / 4)
        if (window, negation_scope) == (BASELINE["window"], BASELINE["negation_scope"]):
            base = lex
        else:
            base = _side_matrix(_rows(X, BASELINE["window"], BASELINE["negation_scope"]))
        bnet = base[:, 0] - base[:, 1] + base[:, 2] - base[:, 3]
        cols.append(np.column_stack([bnet >= BASELINE["threshold"],
                                     bnet <= -BASELINE["threshold"],
                                     np.sign(bnet) * np.log1p(np.abs(bnet))]).astype(float))
    return np.hstack(cols)


def effective_prior(y, classes, class_weight=None) -> np.ndarray:
    """The class prior a classifier's posteriors are calibrated to after training.

    Without class weights it is the label frequency; a weighted fit sees class ``c``
    with mass ``n_c * w_c``, so ``class_weight="balanced"`` (``w_c = n / (K n_c)``)
    yields the uniform prior -- the posteriors of a balanced model reflect equal
    classes, whatever the label counts were.

    Example:
        >>> effective_prior(["a", "a", "a", "b"], ["a", "b"]).tolist()
        [0.75, 0.25]
        >>> effective_prior(["a", "a", "a", "b"], ["a", "b"], "balanced").tolist()
        [0.5, 0.5]
    """
    y = np.asarray(y, dtype=object)
    counts = np.array([np.sum(y == c) for c in classes], dtype=float)
    if class_weight is None:
        mass = counts
    elif isinstance(class_weight, str):
        if class_weight != "balanced":
            raise ValueError(f"class_weight must be None, 'balanced' or a dict, "
                             f"not {class_weight!r}")
        mass = (counts > 0).astype(float)
    else:
        mass = counts * np.array([float(class_weight.get(c, 1.0)) for c in classes])
    return mass / mass.sum()


def em_priors(proba: np.ndarray, train_prior, *, tol: float = 1e-6,
              max_iter: int = 1000) -> tuple[np.ndarray, np.ndarray, int]:
    """Re-estimate class priors on unlabelled data by EM (Saerens et al. 2002).

    ``proba`` are a classifier's posteriors on the *unlabelled* rows of a new data set,
    calibrated to ``train_prior`` (see :func:`effective_prior`). Under label shift
    (``p(x|y)`` fixed, ``p(y)`` changed) the posteriors for a prior ``q`` are
    ``proba * q / train_prior`` renormalised; EM alternates that re-weighting with
    ``q = mean adjusted posterior`` until ``q`` moves less than ``tol``. This maximises
    the likelihood of the unlabelled rows over ``q``. No labels are used.

    Returns (adjusted posteriors, estimated prior ``q``, iterations).

    Example:
        >>> p = np.array([[0.9, 0.1], [0.6, 0.4], [0.7, 0.3], [0.2, 0.8]])
        >>> adj, q, _ = em_priors(p, [0.5, 0.5])
        >>> bool(q[0] > 0.6), np.allclose(adj.mean(axis=0), q, atol=1e-5)
        (True, True)
    """
    if max_iter < 1:
        raise ValueError(f"max_iter must be >= 1, got {max_iter}")
    proba = np.asarray(proba, dtype=float)
    base = np.asarray(train_prior, dtype=float)
    base = base / base.sum()
    prior = base.copy()
    for it in range(1, max_iter + 1):
        adj = proba * (prior / np.where(base > 0, base, 1.0))
        adj = adj / np.clip(adj.sum(axis=1, keepdims=True), 1e-300, None)
        new = adj.mean(axis=0)
        done = np.max(np.abs(new - prior)) < tol
        prior = new
        if done:
            break
    return adj, prior, it


def shift_posteriors(proba: np.ndarray, train_prior, label_prior, *,
                     mode: str = "em", min_rows: int = 30, tol: float = 1e-6):
    """Label-shift correction of a batch of posteriors; returns (posteriors, info).

    ``mode="em"`` returns the posteriors for the test prior that :func:`em_priors`
    estimates from the batch itself (Saerens et al. 2002). ``mode="em_relative"`` keeps
    a class-balanced decision rule and moves it by the estimated shift: the EM
    posteriors are further divided by ``label_prior`` (the training *label*
    frequencies), i.e. likelihood × ``q / label_prior``, so the decision is the balanced
    one in-domain and tilts by the shift ratio elsewhere. ``train_prior`` is the prior
    the posteriors are calibrated to (uniform for a balanced fit, the label frequencies
    after :func:`fit_bcts` calibration). Batches under ``min_rows`` rows are returned
    unchanged (a prior estimated from a handful of rows is noise).

    Example:
        >>> p = np.array([[0.8, 0.2]] * 40)
        >>> out, info = shift_posteriors(p, [0.5, 0.5], [0.5, 0.5])
        >>> bool(info["prior"][0] > 0.8)
        True
    """
    proba = np.asarray(proba, dtype=float)
    info = {"adapted": False, "prior": None, "iterations": 0}
    if mode not in ("em", "em_relative"):
        raise ValueError(f"prior_shift must be None, 'em' or 'em_relative', not {mode!r}")
    if len(proba) < min_rows:
        return proba, info
    adj, prior, it = em_priors(proba, train_prior, tol=tol)
    info.update(adapted=True, prior=prior, iterations=it)
    if mode == "em":
        return adj, info
    label_prior = np.asarray(label_prior, dtype=float)
    out = adj / np.where(label_prior > 0, label_prior, 1.0)
    return out / np.clip(out.sum(axis=1, keepdims=True), 1e-300, None), info


def fit_bcts(proba: np.ndarray, y_index: np.ndarray) -> tuple[float, np.ndarray]:
    """Bias-corrected temperature scaling (Alexandari et al. 2020) of posteriors.

    Fits ``softmax(log(proba) / T + b)`` (one temperature, one bias per class, the last
    fixed at 0) by maximum likelihood on held-out posteriors ``proba`` with true class
    indices ``y_index``. Returns ``(T, b)``. The calibrated posteriors then reflect the
    label frequencies of ``y_index``, which is what EM prior re-estimation needs.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> y = rng.integers(0, 2, 400)
        >>> p = np.where(y[:, None] == [0, 1], 0.6, 0.4)  # right but under-confident
        >>> T, b = fit_bcts(p, y)
        >>> bool(T < 0.5)
        True
    """
    from scipy.optimize import minimize

    logp = np.log(np.clip(np.asarray(proba, dtype=float), 1e-12, None))
    y_index = np.asarray(y_index, dtype=int)
    k = logp.shape[1]

    def nll(theta):
        z = logp / np.exp(theta[0]) + np.append(theta[1:], 0.0)
        z = z - z.max(axis=1, keepdims=True)
        return float(-(z[np.arange(len(z)), y_index] - np.log(np.exp(z).sum(axis=1))).mean())

    res = minimize(nll, np.zeros(k), method="L-BFGS-B")
    return float(np.exp(res.x[0])), np.append(res.x[1:], 0.0)


def apply_bcts(proba: np.ndarray, T: float, b: np.ndarray) -> np.ndarray:
    """Calibrated posteriors ``softmax(log(proba) / T + b)`` (see :func:`fit_bcts`)."""
    z = np.log(np.clip(np.asarray(proba, dtype=float), 1e-12, None)) / T + b
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def adjust_posteriors(proba: np.ndarray, classes, *, neutral_bias: float = 0.0,
                      lexicon_blend: float = 0.0, lexicon_pred=None) -> np.ndarray:
    """Post-process stance posteriors: a neutral log-offset, then a blend with the lexicon.

    ``neutral_bias`` ``d`` multiplies the neutral posterior by ``exp(d)`` and renormalises
    (a positive ``d`` moves borderline rows to neutral; it shifts the decision threshold,
    not the ranking within a class). ``lexicon_blend`` ``w`` then returns
    ``(1 - w) * p + w * onehot(lexicon_pred)``: the lexicon baseline's decision as a vote
    of weight ``w`` (``w >= 0.5`` makes the lexicon decide every row). Both 0 → ``proba``
    unchanged.

    Example:
        >>> p = np.array([[0.4, 0.3, 0.3]])
        >>> adjust_posteriors(p, LABELS, neutral_bias=1.0).argmax(axis=1).tolist()
        [2]
        >>> adjust_posteriors(p, LABELS, lexicon_blend=0.2, lexicon_pred=["favor"]).round(2)
        array([[0.32, 0.44, 0.24]])
    """
    out = np.asarray(proba, dtype=float)
    classes = list(classes)
    if neutral_bias:
        out = out.copy()
        out[:, classes.index("neutral")] *= math.exp(neutral_bias)
        out = out / out.sum(axis=1, keepdims=True)
    if lexicon_blend:
        if lexicon_pred is None:
            raise ValueError("lexicon_blend needs the lexicon's predictions (lexicon_pred)")
        index = {c: i for i, c in enumerate(classes)}
        vote = np.zeros_like(out)
        vote[np.arange(len(out)), [index[v] for v in lexicon_pred]] = 1.0
        out = (1 - lexicon_blend) * out + lexicon_blend * vote
    return out


class LinearStance(FillsParamsOnLoad, ClassifierMixin, BaseEstimator):
    """Target-aware logistic regression over left / right / masked-sentence features.

    Args:
        window: words of context on each side of the mention.
        negation_scope: words after a negation cue marked ``neg_``.
        C: inverse regularisation strength of the logistic regression.
        ngram_range, min_df, max_features: passed to each
            :class:`~newsprism.features.NewsTfidfVectorizer` (``max_features`` per view).
        context_weight: scale of the left/right views relative to the masked sentence.
        sentence_weight: scale of the masked-sentence view (1, default: as the context
            views); 0 drops the view (no vectoriser is fitted and it adds no columns),
            leaving the context windows and the lexicon features. The whole sentence
            mostly carries topic words, which differ from one corpus to another.
        stem: Snowball-stem the words of all three views (passed to
            :class:`~newsprism.features.NewsTfidfVectorizer`), so "condemned",
            "condemns" and "condemning" share a feature (``neg_`` marks are kept:
            ``neg_condemns`` → ``neg_condemn``). Default ``True`` since the third
            design round of issue 5 (better on every cross-domain proxy;
            docs/stance_models.md); ``False`` gives the earlier unstemmed model.
        lexicon_weight: scale of the dense lexicon features (0 turns them off); a larger
            weight lets them escape the L2 penalty that shrinks the word features.
        lexicon_features: ``"rich"`` or ``"basic"`` (see :func:`lexicon_features`).
        class_weight: ``"balanced"`` favours macro-F1 on skewed label sets.
        tol, max_iter: of the (multinomial, Newton-CG) logistic regression.
        prior_shift: ``None`` (default) or ``"em"`` / ``"em_relative"``: correct for a
            change of label priors between the training data and the data predicted,
            estimating the new priors by EM from the **unlabelled rows passed to**
            ``predict``/``predict_proba`` (Saerens et al. 2002; see
            :func:`shift_posteriors`). Predictions then depend on the whole batch: pass
            all rows of one target data set together. Batches under
            ``prior_shift_min_rows`` rows are predicted without correction.
            :meth:`prior_shift_info` reports the estimated prior of a batch.
        prior_shift_min_rows: the smallest batch that is corrected.
        calibration: ``None`` or ``"bcts"``: before the prior correction, calibrate the
            posteriors by bias-corrected temperature scaling (:func:`fit_bcts`) fitted
            on out-of-fold posteriors of the training data (grouped
            ``calibration_folds``-fold CV by the ``group`` column if present; or the
            ``oof_proba`` passed to ``fit``). Only used when ``prior_shift`` is set.
        calibration_folds: folds of that internal CV.
        neutral_bias: log-offset added to the neutral posterior after any prior shift
            (see :func:`adjust_posteriors`); 0 (default) leaves the posteriors alone.
        lexicon_blend: weight ``w`` of the lexicon baseline's decision
            (:class:`LexiconStance` with its fixed defaults) in
            ``(1 - w) * p + w * onehot(lexicon)``, applied last; 0 (default) = off.
            :class:`~newsprism.stance.benchmark.TunedLinearStance` can choose both by
            grouped CV inside the training data.
        dense_weight: 0 (default) = off. Otherwise each context in ``dense_views`` also
            gets a dense block: the mean WordLlama static token embedding of its words
            (:class:`~newsprism.features.embeddings.StaticEmbeddingVectorizer`, 256-d,
            L2-normalised) times this weight, appended after the sparse views. A sparse
            view also has unit-norm rows, so weight 1 gives a dense block the norm of one
            view. Dense vectors are shared by near-synonyms ("slammed" / "condemned"),
            which a word feature never sees unless the word was in training. Needs the
            ``wordllama`` package (``pip install 'newsprism[embeddings]'``).
        dense_views: which contexts get a dense block when ``dense_weight > 0``: any of
            ``"left"``, ``"right"`` (the same word windows as the sparse views, without
            the ``neg_`` marks) and ``"sentence"`` (the sentence's words without the
            mention). An empty window embeds as zeros.
        target_min_df: 0 (default) = off. Otherwise transductive feature subsetting
            (issue 5, fifth round): when ``fit`` is given ``unlabeled`` rows (the
            *inputs* of the data the model will be applied to; only their ``text``,
            ``start``, ``end`` columns are read, never a label), the vectorisers are
            fitted on the training rows as usual, each sparse word column (left, right
            and sentence views) gets its document frequency over the ``unlabeled``
            rows, and only columns with that frequency ``>= target_min_df`` are kept;
            the lexicon features and any dense block are always kept. Weights of
            source-only words would never fire on the target rows yet move the decision
            boundary; dropping them makes the model rely on what transfers. The mask
            is stored as ``feature_mask_`` (``None`` when nothing was subset) and
            applied again at predict time. Without ``unlabeled`` nothing is dropped.

    Example:
        >>> X = pd.DataFrame({"text": ["Critics condemned NATO.", "Leaders praised NATO."] * 3,
        ...                   "start": [18, 16] * 3, "end": [22, 20] * 3})
        >>> m = LinearStance(min_df=1).fit(X, ["against", "favor"] * 3)
        >>> m.predict(X[:2]).tolist()
        ['against', 'favor']
    """

    # Options added after a model was saved are filled on load (FillsParamsOnLoad) with
    # their defaults -- which are "off" -- except stem: models from before it were unstemmed
    _legacy_params = {"stem": False}

    def __init__(self, *, window: int = 10, negation_scope: int = 3, C: float = 0.3,
                 ngram_range=(1, 1), min_df: int = 2, max_features: int | None = None,
                 context_weight: float = 1.0, lexicon_weight: float = 3.0,
                 lexicon_features: str = "rich", class_weight="balanced",
                 tol: float = 1e-4, max_iter: int = 3000, prior_shift: str | None = None,
                 prior_shift_min_rows: int = 30, calibration: str | None = None,
                 calibration_folds: int = 3, neutral_bias: float = 0.0,
                 lexicon_blend: float = 0.0, sentence_weight: float = 1.0,
                 stem: bool = True, dense_weight: float = 0.0,
                 dense_views=("left", "right", "sentence"), target_min_df: int = 0):
        self.window = window
        self.negation_scope = negation_scope
        self.C = C
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.context_weight = context_weight
        self.lexicon_weight = lexicon_weight
        self.lexicon_features = lexicon_features
        self.class_weight = class_weight
        self.tol = tol
        self.max_iter = max_iter
        self.prior_shift = prior_shift
        self.prior_shift_min_rows = prior_shift_min_rows
        self.calibration = calibration
        self.calibration_folds = calibration_folds
        self.neutral_bias = neutral_bias
        self.lexicon_blend = lexicon_blend
        self.sentence_weight = sentence_weight
        self.stem = stem
        self.dense_weight = dense_weight
        self.dense_views = dense_views
        self.target_min_df = target_min_df

    # parameters that change the feature matrix before the lexicon weight is applied;
    # tuning shares one matrix between grid points that differ only in the others
    FEATURE_PARAMS = ("window", "negation_scope", "ngram_range", "min_df", "max_features",
                      "context_weight", "lexicon_features", "sentence_weight", "stem",
                      "dense_weight", "dense_views", "target_min_df")

    def _vectorizer(self):
        from newsprism.features import NewsTfidfVectorizer

        return NewsTfidfVectorizer(ngram_range=tuple(self.ngram_range), min_df=self.min_df,
                                   max_df=1.0, max_features=self.max_features,
                                   stem=bool(self.stem))

    def _sparse_views(self, X, fit: bool) -> list:
        """The TF-IDF matrices of the left, right (and sentence) views, unscaled."""
        lefts, rights, masked = stance_views(X, window=self.window,
                                             negation_scope=self.negation_scope)
        # a constant token keeps a view's vocabulary non-empty when every context is
        lefts = [f"ctxleft {v}" for v in lefts]
        rights = [f"ctxright {v}" for v in rights]
        if fit:
            self.vec_left_ = self._vectorizer()
            self.vec_right_ = self._vectorizer()
            # weight 0 drops the view rather than adding columns of zeros
            self.vec_sentence_ = (self._vectorizer() if self._sentence_weight() else None)
            parts = [self.vec_left_.fit_transform(lefts), self.vec_right_.fit_transform(rights)]
            if self.vec_sentence_ is not None:
                parts.append(self.vec_sentence_.fit_transform(masked))
        else:
            parts = [self.vec_left_.transform(lefts), self.vec_right_.transform(rights)]
            if self.vec_sentence_ is not None:
                parts.append(self.vec_sentence_.transform(masked))
        return parts

    def _sentence_weight(self) -> float:
        sentence_weight = float(self.sentence_weight)
        if sentence_weight < 0:
            raise ValueError(f"sentence_weight must be >= 0, got {sentence_weight!r}")
        return sentence_weight

    def _blocks(self, X, fit: bool):
        """(sparse word features, dense lexicon features) before ``lexicon_weight``.

        All word columns, before any ``target_min_df`` mask (see :meth:`_select`)."""
        sentence_weight = self._sentence_weight()
        parts = self._sparse_views(X, fit)
        parts[0] = parts[0] * self.context_weight
        parts[1] = parts[1] * self.context_weight
        if len(parts) == 3 and sentence_weight != 1.0:
            parts[2] = parts[2] * sentence_weight
        parts += self._dense_blocks(X, fit)
        dense = lexicon_features(X, window=self.window, negation_scope=self.negation_scope,
                                 kind=self.lexicon_features)
        return sp.hstack(parts, format="csr"), dense

    def _dense_settings(self) -> tuple[float, tuple]:
        weight = float(self.dense_weight)
        views = self.dense_views
        views = (views,) if isinstance(views, str) else tuple(views)
        if weight < 0:
            raise ValueError(f"dense_weight must be >= 0, got {weight!r}")
        unknown = [v for v in views if v not in DENSE_VIEWS]
        if unknown or (weight and not views):
            raise ValueError(f"dense_views must be a non-empty subset of {DENSE_VIEWS}, "
                             f"got {views!r}")
        return weight, views

    def _dense_blocks(self, X, fit: bool) -> list:
        """The dense embedding blocks (one per ``dense_views`` entry), scaled; [] when off."""
        weight, views = self._dense_settings()
        if fit:
            self.vec_dense_ = None
            if weight:
                from newsprism.features.embeddings import StaticEmbeddingVectorizer

                self.vec_dense_ = StaticEmbeddingVectorizer(weight=weight).fit([])
        vec = getattr(self, "vec_dense_", None)
        if vec is None:
            return []
        texts = dense_texts(X, window=self.window, negation_scope=self.negation_scope)
        # sparse storage: the blocks join the sparse views in one matrix for the solver
        return [sp.csr_matrix(vec.transform(texts[v])) for v in views]

    def _assemble(self, words, dense):
        if not self.lexicon_weight:
            return words
        return sp.hstack([words, sp.csr_matrix(dense * self.lexicon_weight)], format="csr")

    def _target_mask(self, unlabeled, n_columns: int):
        """Kept word columns (bool, length ``n_columns``) for ``target_min_df``; or None.

        Needs fitted vectorisers. The sparse view columns come first in the word matrix
        (:meth:`_blocks`); columns after them (dense blocks) are always kept. Only the
        ``text, start, end`` columns of ``unlabeled`` are read: labels never enter.
        """
        k = int(self.target_min_df)
        if k < 0:
            raise ValueError(f"target_min_df must be >= 0, got {k!r}")
        if not k or unlabeled is None:
            return None
        rows = _check_X(unlabeled)[["text", "start", "end"]]
        # document frequency on the unscaled views, so a zero view weight cannot hide a word
        df = np.concatenate([np.asarray((m != 0).sum(axis=0)).ravel()
                             for m in self._sparse_views(rows, fit=False)])
        mask = np.ones(n_columns, dtype=bool)
        mask[:len(df)] = df >= k
        return mask

    def _select(self, words):
        """The word columns kept by ``feature_mask_`` (all when there is no mask)."""
        mask = getattr(self, "feature_mask_", None)  # models saved before the option
        return words if mask is None else words[:, mask]

    def _features(self, X, fit: bool):
        words, dense = self._blocks(X, fit)
        return self._assemble(self._select(words), dense)

    def _fit_matrix(self, features, y, init=None):
        from sklearn.linear_model import LogisticRegression

        # Newton-CG solves this multinomial problem ~5x faster than lbfgs at the same
        # optimum on text features (measured on NewsMTSC train); init warm-starts a refit
        self.clf_ = LogisticRegression(C=self.C, class_weight=self.class_weight,
                                       solver="newton-cg", tol=self.tol,
                                       max_iter=self.max_iter, warm_start=init is not None)
        if init is not None:
            self.clf_.coef_, self.clf_.intercept_ = init
        self.clf_.fit(features, y)
        self.classes_ = self.clf_.classes_
        # priors for label-shift correction: what the posteriors are calibrated to, and
        # the training label frequencies
        self.train_prior_ = effective_prior(y, self.classes_, self.class_weight)
        self.label_prior_ = effective_prior(y, self.classes_, None)
        return self

    def fit(self, X, y, oof_proba=None, unlabeled=None):
        """Fit; ``oof_proba`` (out-of-fold posteriors of these rows) saves the internal
        CV of ``calibration="bcts"`` when the caller already has them (tuning does).

        ``unlabeled``: inputs (``text, start, end``; any other column, a label included,
        is ignored) of the data the model will be applied to; used only when
        ``target_min_df > 0`` to keep the word columns that occur there (transductive).
        """
        _check_X(X)
        y = np.asarray(y, dtype=object)
        words, dense = self._blocks(X, fit=True)
        self.feature_mask_ = self._target_mask(unlabeled, words.shape[1])
        self._fit_matrix(self._assemble(self._select(words), dense), y)
        self.calibration_ = None
        if self.prior_shift is not None and self.calibration is not None:
            if self.calibration != "bcts":
                raise ValueError(f"calibration must be None or 'bcts', "
                                 f"not {self.calibration!r}")
            if oof_proba is None:
                oof_proba = self._oof_proba(X, y, unlabeled)
            index = {c: i for i, c in enumerate(self.classes_)}
            T, b = fit_bcts(oof_proba, np.array([index[v] for v in y]))
            self.calibration_ = {"temperature": T, "bias": b}
            # calibrated posteriors reflect the label frequencies of the training rows
            self.train_prior_ = self.label_prior_.copy()
        return self

    def _oof_proba(self, X, y, unlabeled=None) -> np.ndarray:
        """Out-of-fold posteriors of the training rows (grouped k-fold, same params)."""
        from newsprism.stance.evaluate import _splitter  # the grouped k-fold of all stance CV

        groups = X["group"].to_numpy() if "group" in X.columns else np.arange(len(X))
        folds = max(2, min(self.calibration_folds, len(np.unique(groups))))
        out = np.zeros((len(X), len(self.classes_)))
        # raw posteriors: calibration and post-processing are fitted on top of them
        params = dict(self.get_params(), prior_shift=None, neutral_bias=0.0,
                      lexicon_blend=0.0)
        for tr, te in _splitter(folds, 0).split(X, y, groups):
            m = LinearStance(**params).fit(X.iloc[tr], y[tr], unlabeled=unlabeled)
            p = m.predict_proba(X.iloc[te])
            out[np.ix_(te, [list(self.classes_).index(c) for c in m.classes_])] = p
        return out

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "clf_")
        proba = self._shift(self.clf_.predict_proba(self._features(_check_X(X), fit=False)))
        bias, blend = self.neutral_bias, self.lexicon_blend
        if not bias and not blend:
            return proba
        if not 0.0 <= blend <= 1.0:
            raise ValueError(f"lexicon_blend must lie in [0, 1], got {blend!r}")
        lex = LexiconStance(**BASELINE).fit(X).predict(X) if blend else None
        return adjust_posteriors(proba, self.classes_, neutral_bias=bias,
                                 lexicon_blend=blend, lexicon_pred=lex)

    def _shift(self, proba: np.ndarray) -> np.ndarray:
        """Apply ``prior_shift`` to a batch of posteriors (identity when it is None)."""
        return self._shift_with_info(proba)[0]

    def _shift_with_info(self, proba: np.ndarray):
        mode = self.prior_shift
        if mode is None:
            return proba, None
        cal = getattr(self, "calibration_", None)
        if cal is not None:
            proba = apply_bcts(proba, cal["temperature"], cal["bias"])
        return shift_posteriors(proba, self.train_prior_, self.label_prior_, mode=mode,
                                min_rows=self.prior_shift_min_rows)

    def prior_shift_info(self, X) -> dict | None:
        """What ``prior_shift`` estimates for the batch ``X`` (``None`` when it is off).

        The ``info`` of :func:`shift_posteriors` (estimated prior, whether the batch was
        large enough to be corrected); ``predict`` itself stores nothing.

        Example:
            >>> model.prior_shift_info(test_rows)["prior"]  # doctest: +SKIP
        """
        check_is_fitted(self, "clf_")
        proba = self.clf_.predict_proba(self._features(_check_X(X), fit=False))
        return self._shift_with_info(proba)[1]

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def top_features(self, n: int = 15) -> pd.DataFrame:
        """The ``n`` heaviest features per class (view, term, weight) for reading the model."""
        check_is_fitted(self, "clf_")
        names = ([f"left:{t}" for t in self.vec_left_.get_feature_names_out()]
                 + [f"right:{t}" for t in self.vec_right_.get_feature_names_out()])
        if self.vec_sentence_ is not None:  # None when sentence_weight = 0 dropped the view
            names += [f"sentence:{t}" for t in self.vec_sentence_.get_feature_names_out()]
        if getattr(self, "vec_dense_", None) is not None:
            for view in self._dense_settings()[1]:
                names += [f"dense_{view}:{t}" for t in self.vec_dense_.get_feature_names_out()]
        mask = getattr(self, "feature_mask_", None)
        if mask is not None:  # target_min_df dropped these word columns before fitting
            names = [n for n, keep in zip(names, mask) if keep]
        if self.lexicon_weight:
            names += [f"lexicon:{t}" for t in LEXICON_FEATURES[self.lexicon_features]]
        rows = []
        for k, label in enumerate(self.classes_):
            coef = self.clf_.coef_[k]
            for j in np.argsort(-coef)[:n]:
                view, _, term = names[j].partition(":")
                rows.append({"label": label, "view": view, "term": term,
                             "weight": float(coef[j])})
        return pd.DataFrame(rows)
