"""Exact and near-duplicate detection for news texts (MinHash + LSH, verified exactly).

News corpora are full of duplicates: the same wire story filed twice, an article
re-published with a corrected headline, a sports report in two categories. Left in, they
inflate topic sizes and leak between train and test splits. :func:`duplicate_groups`
clusters them so that downstream code can group (``dup_group``) or drop them.

How it works, and why:

- *Exact* duplicates are texts identical after normalisation (Unicode NFC, casefold,
  whitespace collapsed).
- *Near* duplicates have a Jaccard similarity of word ``shingle_size``-gram sets of at least
  ``threshold``. Comparing every pair is quadratic (36k AllSides articles = 650M pairs), so
  MinHash signatures with locality-sensitive hashing (LSH) propose candidate pairs, and each
  candidate is then **verified with the exact Jaccard of its shingle sets**. The estimate
  from ``num_perm`` hashes therefore only affects recall (a true pair missed by every LSH
  band), never precision. The band layout is chosen so that a pair exactly at
  ``threshold`` becomes a candidate with probability >= 0.995.
- Clusters are transitive (union-find): if A~B and B~C, all three share a group.

Example:
    >>> from newsprism.corpus.dedup import duplicate_groups
    >>> texts = ["The cat sat on the mat today.", "the cat  sat on the mat today.",
    ...          "Something else entirely."]
    >>> groups = duplicate_groups(texts)
    >>> groups.dup_group.tolist(), groups.dup_kind.tolist()
    ([0, 0, 1], ['', 'exact', ''])
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import chain

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

_WORD = re.compile(r"\w+")
# odd 64-bit multiplier for the rolling n-gram hash
_ROLL = np.uint64(0x9E3779B97F4A7C15)
# pairs sharing one oversized LSH bucket (boilerplate) are compared along a chain instead
_MAX_BUCKET_PAIRS = 200
# shingles hashed per vectorised batch (bounds memory to a few tens of MB)
_BATCH_SHINGLES = 2_000_000


def normalize_for_dedup(text) -> str:
    """NFC, casefold and collapse whitespace; ``None``/NaN become ``""``.

    Example:
        >>> normalize_for_dedup("  Hello\\n  WORLD ")
        'hello world'
    """
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


class _UnionFind:
    def __init__(self, n: int):
        self.parent = np.arange(n)

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:  # path compression
            parent[i], i = root, parent[i]
        return int(root)

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            # the lower position becomes the root, so roots are the first members
            if ri < rj:
                self.parent[rj] = ri
            else:
                self.parent[ri] = rj


def _splitmix64(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def _token_hashes(token_lists: list[list[str]]) -> list[np.ndarray]:
    """64-bit hash per token: its id in order of first appearance, mixed by splitmix64.

    Ids depend on the input (deterministic for the same texts); only LSH recall, never the
    verified result, depends on the hash values.
    """
    vocab: dict[str, int] = {}
    out: list[np.ndarray] = []
    for start in range(0, len(token_lists), 256):
        batch = token_lists[start : start + 256]
        flat = np.fromiter(chain.from_iterable(batch), dtype=object,
                           count=sum(len(t) for t in batch))
        # factorize hashes in C; only the distinct tokens go through the Python dict
        codes, uniques = pd.factorize(flat)
        ids = np.array([vocab.setdefault(u, len(vocab)) for u in uniques], dtype=np.uint64)
        hashed = _splitmix64(ids)[codes] if len(codes) else np.zeros(0, dtype=np.uint64)
        bounds = np.cumsum([len(t) for t in batch])[:-1]
        out.extend(np.split(hashed, bounds))
    return out


def _shingle_hashes(tok: np.ndarray, k: int) -> np.ndarray:
    """Distinct hashes of the word k-grams of one document (the whole text if shorter)."""
    n = len(tok)
    if n == 0:
        return tok
    width = min(k, n)
    h = np.zeros(n - width + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(width):
            h = h * _ROLL + tok[offset : n - width + 1 + offset]
    return np.unique(h)


def _choose_bands(num_perm: int, threshold: float) -> tuple[int, int]:
    """(bands, rows): the most selective layout that still catches a pair at threshold."""
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands >= 0.995:
            return bands, rows
    return num_perm, 1


def _minhash(shingles: list[np.ndarray], num_perm: int, seed: int) -> np.ndarray:
    """MinHash signatures (n_docs, num_perm) with multiply-shift hash functions."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    sig = np.full((len(shingles), num_perm), np.iinfo(np.uint64).max, dtype=np.uint64)
    start = 0
    progress = tqdm(total=len(shingles), desc="minhash", unit="doc", leave=False,
                    disable=True if len(shingles) < 2000 else None)
    while start < len(shingles):
        stop, size = start, 0
        while stop < len(shingles) and (size == 0 or size + len(shingles[stop]) <= _BATCH_SHINGLES):
            size += len(shingles[stop])
            stop += 1
        batch = [s for s in shingles[start:stop]]
        lengths = np.array([len(s) for s in batch])
        nonempty = np.flatnonzero(lengths > 0)
        if len(nonempty):
            flat = np.concatenate([batch[i] for i in nonempty])
            offsets = np.concatenate([[0], np.cumsum(lengths[nonempty])[:-1]])
            with np.errstate(over="ignore"):
                for p in range(num_perm):
                    values = flat * a[p] + b[p]
                    sig[start + nonempty, p] = np.minimum.reduceat(values, offsets)
        progress.update(stop - start)
        start = stop
    progress.close()
    return sig


def _candidate_pairs(sig: np.ndarray, docs: np.ndarray, bands: int, rows: int) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for band in range(bands):
        block = np.ascontiguousarray(sig[:, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        boundaries = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
        for members in np.split(order, boundaries):
            if len(members) < 2:
                continue
            members = np.sort(docs[members])
            if len(members) * (len(members) - 1) // 2 <= _MAX_BUCKET_PAIRS:
                for x in range(len(members)):
                    for y in range(x + 1, len(members)):
                        pairs.add((int(members[x]), int(members[y])))
            else:
                for x in range(len(members) - 1):
                    pairs.add((int(members[x]), int(members[x + 1])))
    return pairs


def duplicate_groups(
    texts: Iterable[str] | pd.Series,
    *,
    threshold: float = 0.8,
    shingle_size: int = 5,
    num_perm: int = 64,
    seed: int = 0,
) -> pd.DataFrame:
    """Cluster exact and near-duplicate texts.

    Args:
        texts: the documents (list or Series; NaN counts as empty). The result's index is
            the Series index, else 0..n-1.
        threshold: minimum Jaccard similarity of word-shingle sets for a near duplicate.
            Values above 1 disable near-duplicate detection (exact only).
        shingle_size: words per shingle; texts shorter than this form one shingle.
        num_perm: MinHash functions; more raise recall of the LSH candidate search.
        seed: seeds the MinHash functions.

    Returns:
        DataFrame with ``dup_group`` (int, numbered 0, 1, ... in order of each cluster's
        first member; singletons get their own id) and ``dup_kind`` (``""`` for the first
        member of a cluster, ``"exact"`` when the text equals an earlier member's after
        normalisation, ``"near"`` otherwise). Empty texts are never duplicates of each
        other.

    Example:
        >>> duplicate_groups(["a b c d e f g h", "a b c d e f g h i", "x y z"],
        ...                  threshold=0.7, shingle_size=3).dup_kind.tolist()
        ['', 'near', '']
    """
    index = texts.index if isinstance(texts, pd.Series) else None
    norm = [normalize_for_dedup(t) for t in texts]
    n = len(norm)
    if index is None:
        index = pd.RangeIndex(n)
    uf = _UnionFind(n)

    first_seen: dict[str, int] = {}
    for i, t in enumerate(norm):
        if not t:
            continue
        j = first_seen.setdefault(t, i)
        if j != i:
            uf.union(j, i)

    # near duplicates: only the first copy of each exact text needs a signature
    reps = np.array(sorted(first_seen.values()), dtype=np.int64)
    if threshold <= 1 and len(reps) > 1:
        token_lists = [_WORD.findall(norm[i]) for i in reps]
        tokens = _token_hashes(token_lists)
        shingles = [_shingle_hashes(t, shingle_size) for t in tokens]
        sig = _minhash(shingles, num_perm, seed)
        bands, rows = _choose_bands(num_perm, threshold)
        position = {int(doc): k for k, doc in enumerate(reps)}
        for i, j in sorted(_candidate_pairs(sig, reps, bands, rows)):
            si, sj = shingles[position[i]], shingles[position[j]]
            if len(si) == 0 or len(sj) == 0:
                continue
            inter = len(np.intersect1d(si, sj, assume_unique=True))
            if inter / (len(si) + len(sj) - inter) >= threshold:
                uf.union(i, j)

    roots = np.array([uf.find(i) for i in range(n)])
    _, group = np.unique(roots, return_inverse=True)  # roots are first members: ordered ids
    kind = np.full(n, "", dtype=object)
    for i in range(n):
        if roots[i] != i:
            kind[i] = "exact" if norm[i] and first_seen[norm[i]] < i else "near"
    return pd.DataFrame({"dup_group": group.astype(np.int64), "dup_kind": kind}, index=index)


def without_copies(corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus with exact and near copies removed (the first article of each group stays).

    Shares of articles per outlet and period count a story once this way. A corpus
    without the ``dup_kind`` column is returned unchanged (as a copy).

    Example:
        >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "dup_kind": ["", "exact", ""]})
        >>> without_copies(docs)["doc_id"].tolist()
        ['a', 'c']
    """
    if "dup_kind" not in corpus.columns:
        return corpus.copy()
    kind = corpus["dup_kind"].fillna("").astype(str)
    return corpus[kind.isin(["", "none"])].reset_index(drop=True)
