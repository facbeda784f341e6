"""What both stance models read around a mention: word windows, negation, VADER valence.

The input of every stance model is a table with columns ``text``, ``start`` and ``end``
(the mention's character offsets in ``text``), as :func:`newsprism.stance.io.read_stance_data`
returns it. From each row this module derives

- the words left and right of the mention within ``window`` words, stopping at a clause
  break ("X fell, but Y rose" does not lend Y's "rose" to X);
- negation marks: a word within ``negation_scope`` words after a negation cue (VADER's
  list: not, never, without, ...) is read as negated, also across the mention ("did not
  NATO support": "support" is negated);
- :func:`lexicon_scores`: the VADER valence (the lexicon file vaderSentiment ships) of
  both windows, a negated polarity word counting × −0.74 as in VADER;
- :func:`stance_views`: the three texts the linear model vectorises (left window, right
  window, the sentence with the mention masked as ``targetx``), negated words prefixed
  ``neg_``;
- :func:`lexicon_features`: ten dense features for the linear model.

Parsing is pure, so each (row, window, scope) is parsed once per process
(``newsprism.cache.memo("stance.rows")``): tuning fits the same rows many times.

Example:
    >>> import pandas as pd
    >>> X = pd.DataFrame({"text": ["Moscow did not back NATO plans."], "start": [20],
    ...                   "end": [24]})
    >>> [v[0] for v in stance_views(X)]
    ['moscow did not neg_back', 'neg_plans', 'moscow did not neg_back targetx neg_plans']
"""

from __future__ import annotations

import re
from importlib import resources as _resources
from typing import NamedTuple

import numpy as np
import pandas as pd

from newsprism import cache

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_CLAUSE_BREAK = re.compile(r"[.;:!?]|,\s*(?:but|however|although|though|while)\b", re.I)
NEGATION_SCALAR = -0.74  # VADER's damping of a negated polarity word
MASK = "targetx"
ROW_MEMO_SIZE = 400_000  # parsed rows kept per process (a few hundred MB at most)
# the lexicon baseline's fixed reading, one of the linear model's dense features
BASELINE = {"window": 6, "negation_scope": 3, "threshold": 1.0}
LEXICON_FEATURES = ("left_pos", "left_neg", "right_pos", "right_neg", "net", "nearest_left",
                    "nearest_right", "baseline_favor", "baseline_against", "baseline_net")


def _vader() -> dict[str, float]:
    """The memoised word → valence table (shared: callers must not change it)."""
    store = cache.memo("stance.vader_lexicon", maxsize=1)
    lexicon = store.get("lexicon")
    if lexicon is None:
        lexicon = {}
        text = _resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(
            encoding="utf-8")
        for line in text.splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and _WORD.fullmatch(parts[0]):
                lexicon[parts[0].lower()] = float(parts[1])
        store["lexicon"] = lexicon
    return lexicon


def vader_lexicon() -> dict[str, float]:
    """The word → valence (−4..4) table that the vaderSentiment package ships (a copy).

    Example:
        >>> vader_lexicon()["good"]
        1.9
    """
    return dict(_vader())


def negation_words() -> frozenset[str]:
    """VADER's negation cues plus no / nor / neither."""
    store = cache.memo("stance.negation_words", maxsize=1)
    words = store.get("words")
    if words is None:
        from vaderSentiment.vaderSentiment import NEGATE

        words = store["words"] = frozenset(w.lower() for w in NEGATE) | {"no", "nor", "neither"}
    return words


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
    """Left/right word windows around the mention and their negation flags."""
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


def _mark_negation(words: list[str], scope: int) -> str:
    return " ".join(f"neg_{w}" if flag and w != MASK else w
                    for w, flag in zip(words, _negated(words, scope)))


class Row(NamedTuple):
    """One parsed mention: the three views, side valences and nearest polarity words."""

    left: str
    right: str
    masked: str
    sides: tuple[float, float, float, float]  # left pos, left neg, right pos, right neg
    nearest: tuple[float, float]


def _row(text: str, start: int, end: int, window: int, scope: int) -> Row:
    left, lf, right, rf = _context(text, start, end, window, scope)
    lexicon = _vader()
    masked_words = _words(text[:start]) + [MASK] + _words(text[end:])
    return Row(" ".join(f"neg_{w}" if f else w for w, f in zip(left, lf)),
              " ".join(f"neg_{w}" if f else w for w, f in zip(right, rf)),
              _mark_negation(masked_words, scope),
              _side_scores(left, lf, lexicon) + _side_scores(right, rf, lexicon),
              _nearest(left, lf, right, rf, lexicon))


def check_X(X) -> pd.DataFrame:
    """``X`` itself if it is a table with columns ``text, start, end``; else TypeError."""
    if not isinstance(X, pd.DataFrame) or not {"text", "start", "end"} <= set(X.columns):
        raise TypeError("X must be a DataFrame with columns text, start, end "
                        "(see newsprism.stance.io.read_stance_data)")
    return X


def parse_rows(X: pd.DataFrame, window: int, negation_scope: int) -> list[Row]:
    """The parsed :class:`Row` of every row of ``X`` (memoised per process)."""
    X = check_X(X)
    memo = cache.memo("stance.rows", maxsize=ROW_MEMO_SIZE)
    rows = []
    for text, start, end in zip(X["text"], X["start"], X["end"]):
        key = (text, int(start), int(end), window, negation_scope)
        row = memo.get(key)
        if row is None:
            row = memo[key] = _row(*key)
        rows.append(row)
    return rows


def _side_matrix(rows: list[Row]) -> np.ndarray:
    return np.array([r.sides for r in rows], dtype=float).reshape(len(rows), 4)


def lexicon_scores(X: pd.DataFrame, *, window: int = 6, negation_scope: int = 3) -> np.ndarray:
    """Per row: positive and negative valence left and right of the mention (n × 4).

    Example:
        >>> X = pd.DataFrame({"text": ["They did not trust Russia."], "start": [19], "end": [25]})
        >>> lexicon_scores(X).round(2).tolist()
        [[0.0, 1.7, 0.0, 0.0]]
    """
    return _side_matrix(parse_rows(X, window, negation_scope))


def stance_views(X: pd.DataFrame, *, window: int = 8,
                 negation_scope: int = 3) -> tuple[list[str], list[str], list[str]]:
    """The three texts the linear model vectorises: left window, right window, masked sentence.

    Example:
        >>> X = pd.DataFrame({"text": ["Critics condemned NATO over Russia."], "start": [18],
        ...                   "end": [22]})
        >>> stance_views(X)
        (['critics condemned'], ['over russia'], ['critics condemned targetx over russia'])
    """
    rows = parse_rows(X, window, negation_scope)
    return [r.left for r in rows], [r.right for r in rows], [r.masked for r in rows]


def lexicon_features(X: pd.DataFrame, *, window: int = 8, negation_scope: int = 3) -> np.ndarray:
    """Ten dense prior-knowledge features per row (columns: :data:`LEXICON_FEATURES`).

    log1p of the positive/negative valence left and right of the mention, the signed log
    net valence, the valence of the nearest polarity word on each side (÷4), and the
    lexicon baseline's own reading at its fixed window (:data:`BASELINE`: favor and
    against decisions, signed log net score), so a model trained on few labels can lean
    on the baseline and learn only where to depart from it.

    Example:
        >>> X = pd.DataFrame({"text": ["Critics condemned NATO."], "start": [18], "end": [22]})
        >>> float(lexicon_features(X)[0, LEXICON_FEATURES.index("baseline_against")])
        1.0
    """
    rows = parse_rows(X, window, negation_scope)
    lex = _side_matrix(rows)
    net = lex[:, 0] - lex[:, 1] + lex[:, 2] - lex[:, 3]
    # log1p keeps a sentence full of adjectives from swamping the word features
    cols = [np.log1p(lex), (np.sign(net) * np.log1p(np.abs(net)))[:, None],
            np.array([r.nearest for r in rows], dtype=float).reshape(len(rows), 2) / 4]
    if (window, negation_scope) == (BASELINE["window"], BASELINE["negation_scope"]):
        base = lex
    else:
        base = _side_matrix(parse_rows(X, BASELINE["window"], BASELINE["negation_scope"]))
    bnet = base[:, 0] - base[:, 1] + base[:, 2] - base[:, 3]
    cols.append(np.column_stack([bnet >= BASELINE["threshold"], bnet <= -BASELINE["threshold"],
                                 np.sign(bnet) * np.log1p(np.abs(bnet))]).astype(float))
    return np.hstack(cols)
