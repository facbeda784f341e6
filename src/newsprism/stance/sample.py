"""Draw mention sentences to annotate, stratified by target, outlet and week.

The output is the gold-set schema (:data:`GOLD_COLUMNS`): one row per (sentence, target)
item with the mention's offsets *inside the sentence* and an empty ``label`` column for
the annotator to fill with ``favor``, ``against`` or ``neutral``.

Allocation: the ``n`` items are split over targets in proportion to ``weights`` (equal
by default, which already over-samples rare targets such as NATO relative to their
frequency); a target with too few candidates gives its spare quota to the others. Within
a target the quota is split equally over outlets (again passing spare quota on), and
within an outlet the items are spread over weeks round-robin in a random order, so no
single busy week dominates.

Example:
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({
    ...     "doc_id": ["a", "b", "c"], "source": ["X", "Y", "X"],
    ...     "date": pd.to_datetime(["2017-01-02", "2017-01-03", "2017-02-06"]),
    ...     "text": ["NATO met. Russia left.", "Russia won.", "NATO grew."]})
    >>> from newsprism.stance.targets import load_targets
    >>> s = sample_mentions(corpus, load_targets(), n=4, seed=0, min_chars=1, progress=False)
    >>> sorted(s.target.tolist())
    ['NATO', 'NATO', 'Russia', 'Russia']
    >>> s.iloc[0].sentence[s.iloc[0].start:s.iloc[0].end] == s.iloc[0].mention
    True
"""

from __future__ import annotations

import hashlib
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from newsprism.stance.mentions import corpus_mentions
from newsprism.stance.targets import Target

GOLD_COLUMNS = ["item_id", "doc_id", "source", "date", "week", "target", "mention", "start",
                "end", "sentence", "label", "annotator", "pass", "labelled_on", "notes"]


def week_of(dates: pd.Series) -> pd.Series:
    """Monday of each date's ISO week as ``YYYY-MM-DD`` (empty string for missing dates)."""
    dates = pd.to_datetime(dates, errors="coerce")
    monday = dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    return monday.dt.strftime("%Y-%m-%d").fillna("")


def item_id(target: str, sentence: str) -> str:
    """Stable id of a (sentence, target) item: same text → same id across runs.

    The ``st-`` + 12 hex digits of SHA-1 format is the id of every item in the gold-set
    files, so it must not change (it is an identifier, not a cache key or fingerprint).
    """
    digest = hashlib.sha1(f"{target}\x1f{sentence}".encode("utf-8")).hexdigest()[:12]
    return f"st-{digest}"


def _allocate(quota: int, capacity: Mapping, weights: Mapping | None = None) -> dict:
    """Split ``quota`` over keys in proportion to ``weights``, capped by ``capacity``.

    Spare quota of a saturated key is re-split over the others, so the total is
    ``min(quota, sum(capacity))``.
    """
    keys = [k for k in capacity if capacity[k] > 0]
    weights = {k: float((weights or {}).get(k, 1.0)) for k in keys}
    alloc = {k: 0 for k in capacity}
    remaining = min(quota, sum(capacity[k] for k in keys))
    open_keys = [k for k in keys if weights[k] > 0]
    while remaining > 0 and open_keys:
        total_w = sum(weights[k] for k in open_keys)
        shares = {k: remaining * weights[k] / total_w for k in open_keys}
        # floor, then hand the leftover units to the largest fractional parts
        give = {k: int(np.floor(shares[k])) for k in open_keys}
        leftover = remaining - sum(give.values())
        for k in sorted(open_keys, key=lambda k: (-(shares[k] - give[k]), str(k)))[:leftover]:
            give[k] += 1
        for k in open_keys:
            take = min(give[k], capacity[k] - alloc[k])
            alloc[k] += take
            remaining -= take
        open_keys = [k for k in open_keys if alloc[k] < capacity[k]]
    return alloc


def _spread_over_weeks(items: pd.DataFrame, k: int, rng: np.random.Generator) -> pd.DataFrame:
    if k >= len(items):
        return items
    shuffled = items.iloc[rng.permutation(len(items))]
    week_order = {w: i for i, w in enumerate(rng.permutation(shuffled["week"].unique()))}
    rank_in_week = shuffled.groupby("week", sort=False).cumcount()
    key = rank_in_week * (len(week_order) + 1) + shuffled["week"].map(week_order)
    return shuffled.iloc[np.argsort(key.to_numpy(), kind="stable")[:k]]


def candidate_items(corpus: pd.DataFrame, targets: Sequence[Target], *,
                    min_chars: int = 25, max_chars: int = 400,
                    progress: bool = True) -> pd.DataFrame:
    """All distinct (sentence, target) items of a corpus, in gold-set columns.

    Sentences shorter than ``min_chars`` or longer than ``max_chars`` are left out (the
    latter are usually sentence-splitting failures nobody can label). Identical
    (sentence, target) pairs, e.g. wire copy run by two outlets, are kept once: the
    earliest article's.
    """
    mentions = corpus_mentions(corpus, targets, progress=progress)
    if "date" not in mentions.columns:
        mentions["date"] = pd.NaT
    if "source" not in mentions.columns:
        mentions["source"] = ""
    raw = mentions["sentence"]
    lead = raw.str.len() - raw.str.lstrip().str.len()  # offsets shift by stripped blanks
    mentions = mentions.assign(
        sentence=raw.str.strip(),
        start=mentions["start"] - mentions["sent_start"] - lead,
        end=mentions["end"] - mentions["sent_start"] - lead,
        _date=pd.to_datetime(mentions["date"], errors="coerce"),
    )
    length = mentions["sentence"].str.len()
    mentions = mentions[(length >= min_chars) & (length <= max_chars)]
    mentions = mentions.sort_values(["_date", "doc_id", "start"], kind="stable")
    items = mentions.drop_duplicates(["sentence", "target"], keep="first")
    out = pd.DataFrame({
        "item_id": [item_id(t, s) for t, s in zip(items["target"], items["sentence"])],
        "doc_id": items["doc_id"],
        "source": items["source"],
        "date": items["_date"].dt.strftime("%Y-%m-%d").fillna(""),
        "week": week_of(items["_date"]),
        "target": items["target"],
        "mention": items["mention"],
        "start": items["start"].astype(int),
        "end": items["end"].astype(int),
        "sentence": items["sentence"],
        "label": "", "annotator": "", "pass": 1, "labelled_on": "", "notes": "",
    })
    return out.reset_index(drop=True)


def sample_mentions(corpus: pd.DataFrame, targets: Sequence[Target], *, n: int = 700,
                    seed: int = 0, weights: Mapping[str, float] | None = None,
                    exclude_ids: Sequence[str] = (), min_chars: int = 25,
                    max_chars: int = 400, progress: bool = True) -> pd.DataFrame:
    """Stratified sample of ``n`` (sentence, target) items to annotate.

    Args:
        corpus: canonical corpus table (``doc_id, date, source, text``).
        targets: the targets to sample (each gets a share of ``n``).
        n: number of items wanted; fewer if the corpus has fewer distinct items.
        seed: random seed (same corpus + seed → same sample).
        weights: relative share per target name (default equal).
        exclude_ids: item ids already annotated, to draw a fresh batch.

    Returns:
        DataFrame with :data:`GOLD_COLUMNS`, ordered by target then outlet then date.
    """
    rng = np.random.default_rng(seed)
    pool = candidate_items(corpus, targets, min_chars=min_chars, max_chars=max_chars,
                           progress=progress)
    pool = pool[~pool["item_id"].isin(set(exclude_ids))]
    names = [t.name for t in targets]
    capacity = pool["target"].value_counts().reindex(names, fill_value=0).to_dict()
    per_target = _allocate(n, capacity, weights)
    picked = []
    for name in names:
        items = pool[pool["target"] == name]
        if per_target[name] == 0:
            continue
        sources = sorted(items["source"].unique())
        per_source = _allocate(per_target[name],
                               items["source"].value_counts().reindex(sources).to_dict())
        for source in sources:
            if per_source[source]:
                picked.append(_spread_over_weeks(items[items["source"] == source],
                                                 per_source[source], rng))
    if not picked:
        return pool.iloc[0:0].reset_index(drop=True)
    sample = pd.concat(picked)
    order = {name: i for i, name in enumerate(names)}
    sample = sample.assign(_t=sample["target"].map(order)).sort_values(
        ["_t", "source", "date", "item_id"], kind="stable").drop(columns="_t")
    return sample.reset_index(drop=True)[GOLD_COLUMNS]


def stratification_table(sample: pd.DataFrame) -> pd.DataFrame:
    """Items per target × outlet (rows: targets, columns: outlets, plus totals)."""
    table = pd.crosstab(sample["target"], sample["source"], margins=True, margins_name="total")
    return table
