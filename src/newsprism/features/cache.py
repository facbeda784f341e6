"""On-disk cache of analysed corpora: document-term counts keyed by content hash + analyzer.

What is cached is the *raw* count matrix (every feature the analyzer produced, before
``min_df``/``max_df``/``max_features``), so changing those filters or the TF-IDF options
reuses the cache; changing anything that alters tokens (stop words, stemming, n-grams,
phrases, tokenizer version) or any document changes the key.

Files are ``<cache_dir>/newsprism-features-<key>.bin``, written atomically: a magic line,
a JSON header (shape, dtypes, byte offsets, metadata), then the raw little-endian arrays
and the UTF-8 term list. No pickle, and no zip: a cached rerun is one ``read`` plus
zero-copy ``np.frombuffer`` views (an ``.npz`` spent most of a cache hit on zip CRCs).

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

CACHE_FORMAT = 3  # 2: corpus part of the key is _corpus_key, not corpus_hash; 3: .bin files


def corpus_hash(docs) -> str:
    """Content hash of a sequence of documents (order matters; None/NaN count as "").

    BLAKE2b-160 over each document's UTF-8 bytes, each preceded by its length (8 bytes,
    little-endian).  The value is stable across versions (other modules store it).
    """
    h = hashlib.blake2b(digest_size=20)
    for doc in docs:
        data = as_text(doc).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _corpus_key(docs) -> str:
    """Faster content hash for feature-cache keys (SHA-256, hardware-accelerated on most CPUs).

    Hashes the document count, every document's UTF-8 length and then all the bytes, so
    the stream is unambiguous.  Only used inside cache keys, never stored elsewhere.
    """
    encoded = [(doc if doc.__class__ is str else as_text(doc)).encode("utf-8", "surrogatepass")
               for doc in docs]
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
    return Path(cache_dir) / f"newsprism-features-{key}.bin"


_MAGIC = b"NEWSPRISM-COUNTS-1\n"


def save_counts(path: Path, terms: list[str], X: sp.csr_matrix, meta: dict,
                extra: dict[str, np.ndarray] | None = None) -> None:
    """Write terms + CSR matrix + JSON metadata (+ ``extra`` named 1-d arrays) atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = X.data
    data_dtype = data.dtype.str
    if data.dtype.kind in "iu" and (data.size == 0 or int(data.max()) < 2**31):
        data = data.astype("<i4", copy=False)  # counts: half the bytes to read back
    arrays = {"indptr": np.ascontiguousarray(X.indptr, dtype=X.indptr.dtype.newbyteorder("<")),
              "indices": np.ascontiguousarray(X.indices, dtype=X.indices.dtype.newbyteorder("<")),
              "data": np.ascontiguousarray(data, dtype=data.dtype.newbyteorder("<"))}
    for name, arr in (extra or {}).items():
        arr = np.asarray(arr)
        arrays[f"extra:{name}"] = np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder("<"))
    terms_blob = "\n".join(terms).encode("utf-8", "surrogatepass")
    layout, offset = {}, 0
    for name, arr in arrays.items():
        layout[name] = {"dtype": arr.dtype.str, "offset": offset, "count": int(arr.size)}
        offset += arr.nbytes
    layout["terms"] = {"offset": offset, "nbytes": len(terms_blob)}
    header = json.dumps({"shape": [int(n) for n in X.shape], "n_terms": len(terms),
                         "data_dtype": data_dtype,
                         "layout": layout, "meta": meta}).encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".bin")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC)
            fh.write(len(header).to_bytes(8, "little"))
            fh.write(header)
            for arr in arrays.values():
                fh.write(arr.tobytes())
            fh.write(terms_blob)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_counts(path: Path):
    """``(terms, X, meta)`` from a cache file, or ``None`` if absent or unreadable.

    Arrays saved with ``extra`` come back in ``meta["extra"]`` (a dict of name -> array).
    """
    if not path.is_file():
        return None
    try:
        # a bytearray, so the arrays viewed on it are writable like freshly computed ones
        with open(path, "rb") as fh:
            buf = bytearray(os.fstat(fh.fileno()).st_size)
            if fh.readinto(buf) != len(buf):
                raise ValueError("short read")
        if not buf.startswith(_MAGIC):
            raise ValueError("not a newsprism counts file")
        start = len(_MAGIC) + 8
        size = int.from_bytes(buf[len(_MAGIC):start], "little")
        header = json.loads(buf[start:start + size].decode("utf-8"))
        body = start + size
        layout = header["layout"]

        def view(name):
            spec = layout[name]
            dtype = np.dtype(spec["dtype"])
            end = body + spec["offset"] + spec["count"] * dtype.itemsize
            if end > len(buf):
                raise ValueError("file is truncated")
            return np.frombuffer(buf, dtype=dtype, count=spec["count"],
                                 offset=body + spec["offset"])

        shape = tuple(int(v) for v in header["shape"])
        # counts stay as stored (int32 when they fit): every caller casts them to its output
        # dtype anyway, so widening here would only be one more copy
        data = view("data")
        X = sp.csr_matrix((data, view("indices"), view("indptr")), shape=shape, copy=False)
        n_terms = int(header["n_terms"])
        t = layout["terms"]
        if body + t["offset"] + t["nbytes"] != len(buf):
            raise ValueError("file size does not match its header")
        blob = buf[body + t["offset"]:].decode("utf-8", "surrogatepass")
        meta = dict(header["meta"])
        extra = {name[len("extra:"):]: view(name) for name in layout
                 if name.startswith("extra:")}
        if extra:
            meta["extra"] = extra
        terms = blob.split("\n") if n_terms else []
        if len(terms) != n_terms or shape[1] != n_terms:
            raise ValueError("term count does not match the matrix")
        X.has_canonical_format = True
        return terms, X, meta
    except Exception as exc:  # a corrupt cache must never stop an analysis
        warnings.warn(f"ignoring unreadable feature cache {path}: {exc}", stacklevel=3)
        return None
