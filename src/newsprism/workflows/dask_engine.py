"""The scaled pipeline on Dask: the same partitions and functions as the stream engine, run
by a ``distributed`` cluster (needs the ``[scale]`` extra).

- ingest: each raw partition's :func:`~newsprism.corpus.stream.stage_ingest` is a task
  (resumable: a finished partition is not redone); the cross-partition duplicate links are
  then resolved in order in this process (sqlite lookups, a small part of the work);
- features, themes and topics: ``dask.dataframe.read_parquet`` over ``corpus/`` (one Dask
  partition per file) and ``map_partitions``;
- prevalence: ``map_partitions`` of :func:`~newsprism.trends.sufficient.sufficient_stats`
  and a ``groupby(...).sum()`` (a known reduction), then
  :func:`~newsprism.trends.sufficient.prevalence_from_stats`.

The cluster: ``scheduler`` (an address such as ``tcp://host:8786``), else the
``NEWSPRISM_DASK_SCHEDULER`` environment variable, else a ``LocalCluster`` of ``workers``
single-threaded processes that is closed at the end.

Example:
    >>> scheduler_address(None, env={"NEWSPRISM_DASK_SCHEDULER": "tcp://10.0.0.5:8786"})
    'tcp://10.0.0.5:8786'
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pandas as pd

from newsprism.corpus.stream import read_parts, split_source, stage_ingest, stream_ingest_parts
from newsprism.corpus.stream import write_rejects_csv

ENV_SCHEDULER = "NEWSPRISM_DASK_SCHEDULER"


def scheduler_address(scheduler: str | None, env=None) -> str | None:
    """The scheduler to connect to: the argument, else ``$NEWSPRISM_DASK_SCHEDULER``."""
    env = os.environ if env is None else env
    return scheduler or env.get(ENV_SCHEDULER) or None


@contextlib.contextmanager
def dask_client(workers: int = 2, scheduler: str | None = None, memory_limit="4GB"):
    """A ``distributed.Client``: to ``scheduler`` if given, else to a new LocalCluster."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError("the dask engine needs the [scale] extra: "
                          "pip install 'newsprism[scale]'") from exc
    address = scheduler_address(scheduler)
    if address:
        with Client(address) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      memory_limit=memory_limit, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        yield client


def _features_to_disk(part: pd.DataFrame, out_dir: str, n_features: int) -> pd.DataFrame:
    from newsprism.workflows.scale import _save_npz, features_partition

    if len(part):
        name = f"{part['_part'].iat[0]}.npz"
        _save_npz(Path(out_dir) / "features" / name, features_partition(part, n_features))
    return pd.DataFrame({"rows": [len(part)]})


def _assign_to_disk(part: pd.DataFrame, out_dir: str, theme_model, topic_model):
    from newsprism.corpus.stream import is_done, write_done
    from newsprism.workflows.scale import assign_partition

    if not len(part):
        return assign_partition(part.drop(columns="_part"), theme_model, topic_model)
    target = Path(out_dir) / "assign" / f"{part['_part'].iat[0]}.parquet"
    if is_done(target):  # resumed run: the partition's assignments are already on disk
        return pd.read_parquet(target)
    out = assign_partition(part.drop(columns="_part"), theme_model, topic_model)
    write_done(target, out)
    return out


def _stats(assign: pd.DataFrame, column: str, labels, cfg) -> pd.DataFrame:
    from newsprism.workflows.scale import stats_partition

    out = stats_partition(assign, column=column, labels=labels, cfg=cfg)
    out["period"] = pd.to_datetime(out["period"])
    return out


def run_dask(source, out_dir: Path, cfg, clock, models, *, workers: int = 2,
             scheduler: str | None = None):
    import dask.dataframe as dd
    import distributed

    from newsprism.workflows.scale import (assign_partition, fit_models, ingest_options,
                                           label_sets, sample_corpus, write_prevalence)

    with dask_client(workers, scheduler) as client:
        with clock.stage("split"):
            raw_parts = split_source(source, out_dir, chunk_rows=cfg.chunk_rows)
        with clock.stage("ingest_dedup"):
            opts = {"name": Path(source).stem, **ingest_options(cfg)}
            futures = client.map(stage_ingest, raw_parts, [out_dir] * len(raw_parts),
                                 range(len(raw_parts)), pure=False, **opts)
            staged = client.gather(futures)
            summary = stream_ingest_parts(raw_parts, out_dir, duplicates=cfg.duplicates,
                                          path=source, ingest_done=staged, **opts)
            write_rejects_csv(out_dir, out_dir / "rejects.csv")
        with clock.stage("fit_models"):
            models = models or fit_models(sample_corpus(read_parts(out_dir / "corpus"),
                                                        summary["kept"], cfg), cfg)
        files = [str(f) for f in sorted((out_dir / "corpus").glob("part-*.parquet"))]
        named = dd.from_map(_read_named, files)
        theme_model, topic_model = client.scatter(list(models), broadcast=True)
        if cfg.features:
            with clock.stage("features"):
                named.map_partitions(_features_to_disk, str(out_dir), cfg.n_features,
                                     meta={"rows": "int64"}).compute()
        with clock.stage("assign"):
            meta = assign_partition(pd.read_parquet(files[0]).head(2), *models).iloc[:0]
            assign = named.map_partitions(_assign_to_disk, str(out_dir), theme_model,
                                          topic_model, meta=meta).persist()
            distributed.wait(assign)
        with clock.stage("prevalence"):
            sets = label_sets(*models)
            stats = {}
            for name, (col, labels) in sets.items():
                stats_meta = _stats(meta, col, labels, cfg)
                keys = list(stats_meta.columns[:3])
                part = assign.map_partitions(_stats, col, labels, cfg, meta=stats_meta)
                stats[name] = part.groupby(keys).sum(split_out=1).compute().reset_index()
            tables = write_prevalence(out_dir, stats, sets, cfg)
            del assign
    return summary, tables, models


def _read_named(path: str) -> pd.DataFrame:
    return pd.read_parquet(path).assign(_part=Path(path).stem)
