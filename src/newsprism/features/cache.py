"""On-disk cache of analysed corpora: document-term counts keyed by content hash + analyzer.

What is cached is the *raw* count matrix (every feature the analyzer produced, before
``min_df``/``max_df``/``max_features``), so changing those filters or the TF-IDF options
reuses the cache; changing anything that alters tokens (stop words, stemming, n-grams,
phrases, tokenizer version) or any document changes the key.

Files are ``<cache_dir>/newsprism-features-<key>.npz`` (plain numpy arrays, no pickle),
written atomically.

Example:
    >>> corpus_hash(["a", "b"]) == corpus_hash(["a", "b"]) != corpus_hash(["ab"])
    True
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from newsprism.text._dispatch import as_text

CACHE_FORMAT = 2  # 2: corpus part of the key is _corpus_key (SHA-256), not corpus_hash


def corpus_hash(docs) -> str:
    """Content hash of a sequence of documents (order matters; None/NaN count as "").

    BLAKE2b-160 over each document's UTF-8 bytes, each preceded by its length (8 bytes,
    little-endian).  The value is stable across versions (other modules store it).
    """
    h = hashlib.blake2b(digest_size=20)
    # one update of the whole stream: same digest as an update per piece, fewer calls
    h.update(b"".join([part for doc in docs
                       for data in (as_text(doc).encode("utf-8", "surrogatepass"),)
                       for part in (len(data).to_bytes(8, "little"), data)]))
    return h.hexdigest()


def _corpus_key(docs) -> str:
    """Faster content hash for feature-cache keys (SHA-256, hardware-accelerated on most CPUs).

    Hashes the document count, every document's UTF-8 length and then all the bytes, so
    the stream is unambiguous.  Only used inside cache keys, never stored elsewhere.
    """
    encoded = [as_text(doc).encode("utf-8", "surrogatepass") for doc in docs]
    h = hashlib.sha256(len(encoded).to_bytes(8, "little"))
    h.update(np.fromiter(map(len, encoded), dtype="<i8", count=len(encoded)).tobytes())
    for data in encoded:
        h.update(data)
    return h.hexdigest()


def cache_key(corpus: str, params: dict) -> str:
    """Key combining a corpus hash and a JSON-able parameter dict."""
    blob = json.dumps({"format": CACHE_FORMAT, "corpus": corpus, "params": params},
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def cache_path(cache_dir, key: str) -> Path:
    return Path(cache_dir) / f"newsprism-features-{key}.npz"


def save_counts(path: Path, terms: list[str], X: sp.csr_matrix, meta: dict) -> None:
    """Write terms + CSR counts + JSON metadata atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    terms_blob = np.frombuffer("\n".join(terms).encode("utf-8", "surrogatepass"), dtype=np.uint8)
    meta_blob = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, indptr=X.indptr, indices=X.indices, data=X.data,
                     shape=np.asarray(X.shape, dtype=np.int64), terms=terms_blob,
                     n_terms=np.asarray([len(terms)]), meta=meta_blob)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_counts(path: Path):
    """``(terms, X, meta)`` from a cache file, or ``None`` if absent or unreadable."""
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            shape = tuple(int(v) for v in z["shape"])
            X = sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=shape)
            n_terms = int(z["n_terms"][0])
            blob = z["terms"].tobytes().decode("utf-8", "surrogatepass")
            meta = json.loads(z["meta"].tobytes().decode("utf-8"))
        terms = blob.split("\n") if n_terms else []
        if len(terms) != n_terms or shape[1] != n_terms:
            raise ValueError("term count does not match the matrix")
        X.has_canonical_format = True
        return terms, X, meta
    except Exception as exc:  # a corrupt cache must never stop an analysis
        warnings.warn(f"ignoring unreadable feature cache {path}: {exc}", stacklevel=3)
        return None
