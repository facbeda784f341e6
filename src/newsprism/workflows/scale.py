"""The whole pipeline for corpora too big for memory: ingest → dedup → features → themes and
topics assigned chunk by chunk → prevalence with intervals from sufficient statistics.

Three engines give the same tables (:func:`run_pipeline`):

- ``"memory"``: the source read at once, :func:`~newsprism.corpus.ingest.ingest_frame` on
  the whole table, every stage on the whole corpus (the reference; needs the memory);
- ``"stream"``: the source in Parquet partitions of ``chunk_rows`` rows, one partition in
  memory at a time, each stage resumable partition by partition
  (:mod:`newsprism.corpus.stream`);
- ``"dask"``: the same partitions on a ``distributed`` cluster
  (:mod:`newsprism.workflows.dask_engine`).

Models are fitted on a sample drawn by a hash of the ``doc_id`` (so the sample does not depend
on the partitioning or the engine) unless fitted ones are passed: a
:class:`~newsprism.themes.ThemeModel` with a fixed number of themes, and, when the corpus has
a ``topic`` column, a :class:`~newsprism.topics.TopicClassifier` whose predictions get their
own prevalence table. Intervals use Poisson bootstrap weights keyed by ``doc_id``
(:mod:`newsprism.trends.sufficient`): identical for every engine and partitioning.

Output folder: ``corpus/`` and ``rejects/`` (partitioned Parquet), ``rejects.csv``,
``summary.json``, ``assign/`` (``doc_id, date, source, theme, weight[, topic_pred]``),
``features/`` (hashed features per partition, ``.npz``), ``prevalence_themes.parquet``,
``prevalence_topics.parquet`` and ``run.json`` (stages, timings, settings).

Example:
    >>> import tempfile, pathlib
    >>> from newsprism.workflows.scale import ScaleConfig
    >>> ScaleConfig(chunk_rows=1000).chunk_rows
    1000
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from newsprism import cache
from newsprism.corpus.stream import (DEFAULT_CHUNK_ROWS, is_done, iter_chunks, part_name,
                                     read_parts, split_source, stream_ingest_parts,
                                     write_done, write_rejects_csv)
from newsprism.trends.sufficient import combine_stats, prevalence_from_stats, sufficient_stats

ENGINES = ("memory", "stream", "dask")


@dataclass(frozen=True)
class ScaleConfig:
    """Settings of a scaled run (every one recorded in ``run.json``)."""

    chunk_rows: int = DEFAULT_CHUNK_ROWS
    duplicates: str = "flag"
    min_chars: int = 100
    threshold: float = 0.8
    period: str = "M"
    n_boot: int = 200
    seed: int = 0
    sample_size: int = 5000
    n_themes: int = 12
    features: bool = True
    n_features: int = 2**18


def ingest_options(cfg: ScaleConfig) -> dict:
    return {"min_chars": cfg.min_chars, "threshold": cfg.threshold}


# ------------------------------------------------------------------ models on a sample
def in_sample(doc_ids, fraction: float, seed: int) -> np.ndarray:
    """True for the documents of a ``fraction`` sample chosen by a hash of each ``doc_id``
    (the same documents whatever the partitioning)."""
    from newsprism.trends.sufficient import _mix

    ids = np.asarray([str(d) for d in doc_ids], dtype=object)
    if len(ids) == 0:
        return np.zeros(0, dtype=bool)
    h = _mix(pd.util.hash_array(ids, categorize=False).astype(np.uint64)
             ^ np.uint64(seed * 2654435761 + 12345))
    return (h >> np.uint64(11)).astype(float) * 2.0**-53 < fraction


def fit_models(sample: pd.DataFrame, cfg: ScaleConfig):
    """(theme model, topic classifier or None) fitted on the sample."""
    from newsprism.themes import ThemeModel
    from newsprism.topics import TopicClassifier
    from newsprism.topics.model import document_texts

    themes = ThemeModel(n_themes=cfg.n_themes, n_runs=1, seed=cfg.seed).fit(sample)
    topics = None
    if "topic" in sample.columns:
        labelled = sample[sample["topic"].astype(str).str.strip() != ""]
        counts = labelled["topic"].value_counts()
        labelled = labelled[labelled["topic"].isin(counts.index[counts >= 3])]
        if labelled["topic"].nunique() >= 2:
            topics = TopicClassifier(param_grid={"C": [1.0]}, random_state=cfg.seed).fit(
                document_texts(labelled), labelled["topic"].to_numpy(),
                groups=labelled["dup_group"].to_numpy() if "dup_group" in labelled else None)
    return themes, topics


def sample_corpus(parts, n_kept: int, cfg: ScaleConfig) -> pd.DataFrame:
    """The documents of the hash sample of about ``sample_size`` documents, in corpus order."""
    fraction = min(1.0, cfg.sample_size / max(n_kept, 1))
    return pd.concat([p[in_sample(p["doc_id"], fraction, cfg.seed)] for p in parts],
                     ignore_index=True)


# ------------------------------------------------------------------ per partition
def assign_partition(corpus: pd.DataFrame, theme_model, topic_model) -> pd.DataFrame:
    """Dominant theme (and predicted topic) of each document of one partition."""
    if len(corpus) == 0:  # ThemeModel.transform fails on an empty table (themes' corpus_texts)
        keep = [c for c in ("doc_id", "date", "source") if c in corpus.columns]
        out = corpus[keep].assign(theme=pd.Series(dtype=object), weight=pd.Series(dtype=float))
        if topic_model is not None:
            out["topic_pred"] = pd.Series(dtype=object)
        return out
    out = theme_model.assign(corpus)
    out["theme"] = out["theme"].astype(object)
    if topic_model is not None:
        from newsprism.topics.model import document_texts

        out["topic_pred"] = topic_model.predict(document_texts(corpus)).astype(str).astype(object)
    return out


def features_partition(corpus: pd.DataFrame, n_features: int):
    """Hashed term counts (newsprism analyzer) of one partition, float32 CSR."""
    import numpy as np

    from newsprism.features import NewsHashingVectorizer
    from newsprism.topics.model import document_texts

    vec = NewsHashingVectorizer(n_features=n_features, norm=None, dtype=np.float32)
    return vec.transform(document_texts(corpus) if len(corpus) else [])


def stats_partition(assign: pd.DataFrame, *, column: str, labels, cfg: ScaleConfig):
    return sufficient_stats(assign, themes=labels, theme=column, period=cfg.period,
                            n_boot=cfg.n_boot, seed=cfg.seed)


def label_sets(theme_model, topic_model) -> dict[str, list]:
    """Prevalence tables to compute: output name → (assignment column, labels)."""
    out = {"themes": ("theme", sorted(theme_model.themes_["label"].tolist(), key=str))}
    if topic_model is not None:
        out["topics"] = ("topic_pred", sorted([*map(str, topic_model.classes_),
                                               topic_model.other_label], key=str))
    return out


def write_prevalence(out_dir: Path, stats: dict[str, pd.DataFrame], sets: dict,
                     cfg: ScaleConfig) -> dict[str, pd.DataFrame]:
    tables = {}
    for name, (_, labels) in sets.items():
        table = prevalence_from_stats(stats[name], themes=labels, period=cfg.period)
        with cache.atomic_path(out_dir / f"prevalence_{name}.parquet") as tmp:
            table.to_parquet(tmp, index=False)
        tables[name] = table
    return tables


class _Clock:
    def __init__(self):
        self.times: dict[str, float] = {}

    def stage(self, name):
        clock = self

        class _Stage:
            def __enter__(self):
                self.t0 = time.perf_counter()

            def __exit__(self, *exc):
                clock.times[name] = round(time.perf_counter() - self.t0, 3)

        return _Stage()


# ------------------------------------------------------------------ engines
def run_pipeline(source, out_dir, *, engine: str = "stream", cfg: ScaleConfig | None = None,
                 workers: int = 2, scheduler: str | None = None, models=None,
                 fail_at: int | None = None) -> dict:
    """Run every stage on ``source`` into ``out_dir``; returns ``run.json``'s content
    (summary, timings, settings) with the prevalence tables under ``"tables"``.

    ``models``: fitted ``(theme_model, topic_model)`` to use instead of fitting on a sample.
    ``workers``/``scheduler``: Dask only (a scheduler address, else
    ``$NEWSPRISM_DASK_SCHEDULER``, else a local cluster of ``workers`` processes).
    ``fail_at``: stream engine, raise before partition ``fail_at`` is resolved (tests).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    cfg = cfg or ScaleConfig()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    clock = _Clock()
    if engine == "memory":
        summary, tables, models = _run_memory(source, out_dir, cfg, clock, models)
    elif engine == "stream":
        summary, tables, models = _run_stream(source, out_dir, cfg, clock, models, fail_at)
    else:
        from newsprism.workflows.dask_engine import run_dask

        summary, tables, models = run_dask(source, out_dir, cfg, clock, models,
                                           workers=workers, scheduler=scheduler)
    run = {"engine": engine, "workers": workers if engine == "dask" else 1,
           "source": str(source), "settings": asdict(cfg), "timings": clock.times,
           "summary": summary, "n_themes": int(models[0].n_themes_),
           "topic_model": models[1] is not None}
    cache.atomic_write_text(out_dir / "run.json", json.dumps(run, indent=2, default=str))
    return {**run, "tables": tables}


def _run_memory(source, out_dir, cfg, clock, models):
    from newsprism.corpus.cli import spreadsheet_safe
    from newsprism.corpus.ingest import ingest_frame

    with clock.stage("ingest"):
        raw = pd.concat(iter_chunks(source, cfg.chunk_rows), ignore_index=True)
        res = ingest_frame(raw, duplicates=cfg.duplicates, min_chars=cfg.min_chars,
                           near_threshold=cfg.threshold)
        del raw
        corpus = res.corpus
        write_done(out_dir / "corpus" / f"{part_name(0)}.parquet", corpus, res.summary)
        with cache.atomic_path(out_dir / "rejects.csv") as tmp:
            spreadsheet_safe(res.rejects).to_csv(tmp, index=False)
        cache.atomic_write_text(out_dir / "summary.json",
                                json.dumps(res.summary, indent=2, default=str))
    with clock.stage("fit_models"):
        models = models or fit_models(sample_corpus([corpus], len(corpus), cfg), cfg)
    if cfg.features:
        with clock.stage("features"):
            X = features_partition(corpus, cfg.n_features)
            _save_npz(out_dir / "features" / f"{part_name(0)}.npz", X)
            del X
    with clock.stage("assign"):
        assign = assign_partition(corpus, *models)
        write_done(out_dir / "assign" / f"{part_name(0)}.parquet", assign)
    with clock.stage("prevalence"):
        sets = label_sets(*models)
        stats = {name: stats_partition(assign, column=col, labels=labels, cfg=cfg)
                 for name, (col, labels) in sets.items()}
        tables = write_prevalence(out_dir, stats, sets, cfg)
    return res.summary, tables, models


def _run_stream(source, out_dir, cfg, clock, models, fail_at):
    with clock.stage("split"):
        raw_parts = split_source(source, out_dir, chunk_rows=cfg.chunk_rows)
    with clock.stage("ingest_dedup"):
        summary = stream_ingest_parts(raw_parts, out_dir, duplicates=cfg.duplicates,
                                      name=Path(source).stem, path=source, fail_at=fail_at,
                                      **ingest_options(cfg))
        write_rejects_csv(out_dir, out_dir / "rejects.csv")
    corpus_parts = sorted((out_dir / "corpus").glob("part-*.parquet"))
    with clock.stage("fit_models"):
        models = models or fit_models(sample_corpus(read_parts(out_dir / "corpus"),
                                                    summary["kept"], cfg), cfg)
    if cfg.features:
        with clock.stage("features"):
            for p in tqdm(corpus_parts, desc="features", unit="part"):
                target = out_dir / "features" / (p.stem + ".npz")
                if not is_done(target):
                    _save_npz(target, features_partition(pd.read_parquet(p), cfg.n_features))
    sets = label_sets(*models)
    stats: dict = {}
    with clock.stage("assign"):
        for p in tqdm(corpus_parts, desc="assign", unit="part"):
            target = out_dir / "assign" / p.name
            if is_done(target):
                assign = pd.read_parquet(target)
            else:
                assign = assign_partition(pd.read_parquet(p), *models)
                write_done(target, assign)
            for name, (col, labels) in sets.items():
                # a running sum: memory bounded by the cells, not by the partitions
                part = stats_partition(assign, column=col, labels=labels, cfg=cfg)
                if len(part):
                    stats[name] = combine_stats([stats[name], part] if name in stats else [part])
    with clock.stage("prevalence"):
        tables = write_prevalence(out_dir, stats, sets, cfg)
    return summary, tables, models


def _save_npz(target: Path, X) -> None:
    import scipy.sparse as sp

    with cache.atomic_path(target) as tmp:
        with open(tmp, "wb") as fh:
            sp.save_npz(fh, X.tocsr())
    cache.atomic_write_text(str(target) + ".done", "{}")
