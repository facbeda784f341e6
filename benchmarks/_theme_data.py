"""Corpora and document embeddings of the themes benchmark (imported by bench_themes.py).

- :func:`newsarticles` - the embedded corpus without duplicate copies (as notebook 04);
- :func:`allsides` - AllSides articles of one upstream split (``train`` / ``valid``) that
  carry a macro topic, loaded once through ``load_corpus`` and cached as Parquet;
- :func:`embeddings` - all-MiniLM-L6-v2 vectors of a corpus' texts, computed once and
  cached under ``<cache_dir>/embeddings/`` keyed by the texts and the truncation length.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

MAX_LENGTH = 128  # tokens per article for the encoder (title + lead); see themes.md


def newsarticles():
    from newsprism import config
    from newsprism.corpus import load_corpus, without_copies

    return without_copies(load_corpus("newsarticles", data_dir=config.data_dir()))


def allsides(split: str = "valid", sample: int | None = None, seed: int = 0) -> pd.DataFrame:
    from newsprism import cache, config
    from newsprism.corpus import load_corpus
    from newsprism.topics import with_macro_topics

    folder = config.shared_data_dir() / "allsides"
    path = config.cache_dir() / "allsides_corpus.parquet"
    if path.is_file():
        corpus = pd.read_parquet(path)
    else:
        corpus = load_corpus(folder / "articles.jsonl.gz")
        with cache.atomic_path(path) as tmp:
            corpus.to_parquet(tmp)
    ids = set(pd.read_csv(folder / "splits" / "random" / f"{split}.tsv", sep="\t")["ID"])
    corpus = with_macro_topics(corpus[corpus["doc_id"].isin(ids)])
    if sample is not None and sample < len(corpus):
        corpus = corpus.sample(sample, random_state=seed)
    return corpus.reset_index(drop=True)


def embeddings(texts, name: str) -> tuple[np.ndarray, float, bool]:
    """``(vectors, seconds, cached)``; seconds is the encoding time when first computed."""
    import json

    from newsprism import cache, config
    from newsprism.features.sentence_encoder import embed
    from newsprism.fingerprint import texts_fingerprint

    key = cache.key({"texts": texts_fingerprint(texts), "max_length": MAX_LENGTH})
    path = cache.path(config.cache_dir(), "embeddings", name, key, ".npy")
    meta = path.with_suffix(".json")
    if path.is_file() and meta.is_file():
        return np.load(path), json.loads(meta.read_text())["seconds"], True
    t0 = time.perf_counter()
    vectors = embed(list(texts), max_length=MAX_LENGTH, batch_size=32, progress=False)
    seconds = round(time.perf_counter() - t0, 1)
    with cache.atomic_path(path) as tmp:
        with open(tmp, "wb") as handle:
            np.save(handle, vectors)
    cache.atomic_write_text(meta, json.dumps({"seconds": seconds, "n": len(texts)}))
    return vectors, seconds, False
