"""Dense document vectors from static word embeddings, as a scikit-learn transformer.

Sparse TF-IDF features only match words seen in training; a dense view lets a model
generalise across near-synonyms ("slammed" / "condemned"), which matters when a model
trained on one corpus is applied to another. The vectors are the mean of WordLlama's
static token embeddings (the 256-dimensional ``l2_supercat`` model, MIT licence, whose
weights and tokenizer ship inside the ``wordllama`` wheel: no download, no GPU). The
embedding table is read once per process and shared by every transformer.

Install with ``pip install 'newsprism[embeddings]'`` (included in ``[dev]``).

Example:
    >>> from newsprism.features.embeddings import StaticEmbeddingVectorizer
    >>> X = StaticEmbeddingVectorizer().fit_transform(["NATO and Russia", ""])  # doctest: +SKIP
    >>> X.shape, float(abs(X[1]).sum())  # doctest: +SKIP
    ((2, 256), 0.0)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from newsprism.errors import NewsprismError

#: Static models that ship inside an installable wheel: name -> (weights, tokenizer),
#: relative to the ``wordllama`` package folder.
STATIC_MODELS = {
    "wordllama-l2-256": ("weights/l2_supercat_256.safetensors",
                         "tokenizers/l2_supercat_tokenizer_config.json"),
}


@lru_cache(maxsize=2)
def load_static_model(name: str = "wordllama-l2-256"):
    """Return ``(embedding_table, tokenizer)`` for a model in :data:`STATIC_MODELS`.

    Read from the installed ``wordllama`` package, never from the network; cached for the
    process, so every transformer shares one table.

    Example:
        >>> table, tokenizer = load_static_model()  # doctest: +SKIP
        >>> table.shape  # doctest: +SKIP
        (32000, 256)
    """
    if name not in STATIC_MODELS:
        raise NewsprismError(f"unknown static embedding model {name!r}; "
                             f"choose one of {sorted(STATIC_MODELS)}")
    try:
        import wordllama
        from safetensors import safe_open
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise NewsprismError("static embeddings need the wordllama package: "
                             "pip install 'newsprism[embeddings]'") from exc
    root = Path(wordllama.__file__).parent
    weights, tokenizer_config = (root / part for part in STATIC_MODELS[name])
    for path in (weights, tokenizer_config):
        if not path.is_file():
            raise NewsprismError(f"{path}: missing from the installed wordllama package "
                                 "(reinstall it: pip install --force-reinstall wordllama)")
    import json

    config = json.loads(tokenizer_config.read_text(encoding="utf-8"))
    # wordllama's config wraps the Hugging Face tokenizer JSON under "tokenizer_config"
    tokenizer = Tokenizer.from_str(json.dumps(config.get("tokenizer_config", config)))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    with safe_open(str(weights), framework="np") as f:
        table = np.ascontiguousarray(f.get_tensor("embedding.weight"), dtype=np.float32)
    table.setflags(write=False)
    return table, tokenizer


def mean_token_embeddings(texts, table: np.ndarray, tokenizer, *, norm: bool = True,
                          batch_size: int = 512) -> np.ndarray:
    """Mean of each text's token vectors (no padding, no truncation); zeros for empty text.

    Example:
        >>> table = np.eye(3, dtype=np.float32)
        >>> class Tok:  # a stand-in tokenizer: one token id per word
        ...     def encode_batch(self, texts, add_special_tokens=False):
        ...         return [type("E", (), {"ids": [len(w) % 3 for w in t.split()]}) for t in texts]
        >>> mean_token_embeddings(["a bb", ""], table, Tok(), norm=False).tolist()
        [[0.0, 0.5, 0.5], [0.0, 0.0, 0.0]]
    """
    import scipy.sparse as sp

    texts = ["" if t is None else str(t) for t in texts]
    out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
    for start in range(0, len(texts), batch_size):
        encoded = tokenizer.encode_batch(texts[start:start + batch_size],
                                         add_special_tokens=False)
        lengths = np.fromiter((len(e.ids) for e in encoded), dtype=np.int64,
                              count=len(encoded))
        if not lengths.any():
            continue
        ids = np.concatenate([np.asarray(e.ids, dtype=np.int64) for e in encoded])
        np.clip(ids, 0, table.shape[0] - 1, out=ids)
        # A (texts x vocabulary) count matrix times the table: no per-token copy of vectors
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        counts = sp.csr_matrix((np.ones(len(ids), dtype=np.float32), ids, indptr),
                               shape=(len(encoded), table.shape[0]))
        counts.sum_duplicates()
        rows = np.flatnonzero(lengths)
        out[start + rows] = (counts[rows] @ table) / lengths[rows, None]
    if norm:
        lengths = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, lengths, out=out, where=lengths > 0)
    return out


class StaticEmbeddingVectorizer(TransformerMixin, BaseEstimator):
    """Texts → mean static token embeddings (dense, ``float32``), L2-normalised by default.

    Stateless apart from the model name: ``fit`` only records the output width, so the
    fitted object persists with skops as a few scalars (the table is re-read from the
    installed package). ``weight`` scales the output, so a dense block can be balanced
    against sparse blocks in a ``FeatureUnion`` or ``hstack``.

    Example:
        >>> vec = StaticEmbeddingVectorizer(weight=0.5)
        >>> X = vec.fit_transform(["Moscow slammed the alliance"])  # doctest: +SKIP
        >>> X.shape, round(float((X ** 2).sum()) ** 0.5, 3)  # doctest: +SKIP
        ((1, 256), 0.5)
    """

    def __init__(self, model: str = "wordllama-l2-256", norm: bool = True,
                 weight: float = 1.0, batch_size: int = 512):
        self.model = model
        self.norm = norm
        self.weight = weight
        self.batch_size = batch_size

    def fit(self, X, y=None):
        table, _ = load_static_model(self.model)
        self.n_features_out_ = int(table.shape[1])
        return self

    def transform(self, X) -> np.ndarray:
        if not hasattr(self, "n_features_out_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("StaticEmbeddingVectorizer is not fitted; call fit first")
        if isinstance(X, str):
            raise TypeError("expected an iterable of texts, got a single string")
        table, tokenizer = load_static_model(self.model)
        out = mean_token_embeddings(list(X), table, tokenizer, norm=self.norm,
                                    batch_size=self.batch_size)
        if self.weight != 1.0:
            out *= np.float32(self.weight)
        return out

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"emb{i}" for i in range(self.n_features_out_)], dtype=object)
