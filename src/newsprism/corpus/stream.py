"""Streamed ingestion: a corpus of any size in partitions, with bounded memory.

The same validation, cleaning and accounting as :func:`newsprism.corpus.ingest.ingest_frame`
(which runs on each partition), written as a partitioned Parquet dataset:

1. :func:`split_source` reads a Parquet / CSV / TSV / JSONL (optionally ``.gz``) file in
   chunks of ``chunk_rows`` rows into ``raw/part-NNNNN.parquet`` (``_row`` = the row's
   position in the source, 1-based);
2. :func:`ingest_partition` cleans and validates one partition and computes its texts'
   exact keys and MinHash signatures (independent of the other partitions, so partitions
   can run in parallel);
3. :func:`resolve_partition` then, partition after partition, rejects ids already used by
   an earlier partition and links duplicates across partitions through the on-disk
   :class:`~newsprism.corpus.dedup_index.DedupIndex`, and writes ``corpus/part-NNNNN.parquet``
   and ``rejects/part-NNNNN.parquet``;
4. :func:`merge_summaries` adds up the partitions' summaries: ``read = kept + rejected``
   over the whole source.

Every partition file is written atomically (temporary file, then rename) and followed by a
``.done`` marker; an interrupted run resumes after the last finished partition and never
takes a file without its marker for a finished one.

Example:
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> raw = pd.DataFrame({"id": ["a", "b", "c"], "text": ["A long enough story. " * 3] * 2 + [""]})
    >>> raw.to_parquet(tmp / "in.parquet")
    >>> parts = split_source(tmp / "in.parquet", tmp / "out", chunk_rows=2)
    >>> s = stream_ingest_parts(parts, tmp / "out", min_chars=10)
    >>> s["read"], s["kept"], s["rejects"], s["duplicates"]["exact"]
    (3, 2, {'empty_text': 1}, 1)
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from newsprism import cache
from newsprism.corpus.dedup_index import NUM_PERM, DedupIndex, band_keys, text_signatures
from newsprism.corpus.ingest import REJECT_COLUMNS, REJECT_REASONS, ingest_frame
from newsprism.errors import DataError

DEFAULT_CHUNK_ROWS = 20_000


# ------------------------------------------------------------------ partition files
def part_name(k: int) -> str:
    return f"part-{k:05d}"


def is_done(path: Path) -> bool:
    """True when ``path`` was finished (its ``.done`` marker exists, written after it)."""
    return Path(path).exists() and Path(str(path) + ".done").exists()


def write_done(path: Path, frame: pd.DataFrame, meta: dict | None = None) -> Path:
    """Write ``frame`` to ``path`` as Parquet atomically, then its ``.done`` marker."""
    path = Path(path)
    Path(str(path) + ".done").unlink(missing_ok=True)
    with cache.atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False)
    cache.atomic_write_text(str(path) + ".done", json.dumps(meta or {}, default=str))
    return path


def read_meta(path: Path) -> dict:
    return json.loads(Path(str(path) + ".done").read_text())


# ------------------------------------------------------------------ chunked reading
def iter_chunks(path, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """Chunks of ``chunk_rows`` rows of a Parquet, CSV/TSV or JSONL file (``.gz`` allowed),
    each with ``_row`` (1-based position of the record in the file)."""
    path = Path(path)
    if not path.exists():
        raise DataError("no such file", path=path)
    name = path.name.lower().removesuffix(".gz")
    row = 1
    if name.endswith((".parquet", ".pq")):
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk_rows):
            df = batch.to_pandas()
            yield df.assign(_row=np.arange(row, row + len(df)))
            row += len(df)
        return
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    if name.endswith((".jsonl", ".ndjson", ".json")):
        with opener(path, "rt", encoding="utf-8") as fh:
            records, rows = [], []
            for line_no, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise DataError(f"invalid JSON ({exc.msg})", path=path, row=line_no) from None
                rows.append(line_no)
                if len(records) == chunk_rows:
                    yield pd.DataFrame.from_records(records).assign(_row=rows)
                    records, rows = [], []
            if records:
                yield pd.DataFrame.from_records(records).assign(_row=rows)
        return
    if name.endswith((".csv", ".tsv")):
        sep = "\t" if name.endswith(".tsv") else ","
        with opener(path, "rt", encoding="utf-8", newline="") as fh:
            for df in pd.read_csv(fh, sep=sep, dtype=str, keep_default_na=False,
                                  chunksize=chunk_rows):
                yield df.assign(_row=np.arange(row, row + len(df)))
                row += len(df)
        return
    raise DataError("streamed ingest reads .parquet, .csv, .tsv and .jsonl files "
                    "(optionally .gz)", path=path)


def split_source(source, out_dir, *, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> list[Path]:
    """Write ``source`` as ``out_dir/raw/part-NNNNN.parquet`` (strings plus ``_row``);
    reuses a finished split of the same source and chunk size."""
    raw_dir = Path(out_dir) / "raw"
    marker = raw_dir / "_split.json"
    want = {"source": str(Path(source).resolve()), "chunk_rows": int(chunk_rows)}
    if marker.exists():
        got = json.loads(marker.read_text())
        if {k: got.get(k) for k in want} == want:
            return [raw_dir / f"{part_name(k)}.parquet" for k in range(got["n_parts"])]
    raw_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, chunk in enumerate(tqdm(iter_chunks(source, chunk_rows), desc="split", unit="part")):
        chunk = chunk.astype({c: str for c in chunk.columns
                              if c != "_row" and chunk[c].dtype == object}, errors="ignore")
        paths.append(write_done(raw_dir / f"{part_name(k)}.parquet", chunk))
    cache.atomic_write_text(marker, json.dumps({**want, "n_parts": len(paths)}))
    return paths


# ------------------------------------------------------------------ per partition
def ingest_partition(raw: pd.DataFrame, *, threshold: float = 0.8, **options):
    """:func:`ingest_frame` on one partition (duplicates flagged within it), plus each kept
    row's ``_row``, exact key ``_key`` and MinHash signature ``_sig`` (bytes).

    Returns ``(corpus, rejects, summary)``.
    """
    res = ingest_frame(raw, duplicates="flag", near_threshold=threshold, **options)
    rejected = set(res.rejects["row"])
    rows = raw["_row"][~raw["_row"].astype(str).isin(rejected)].to_numpy()
    corpus = res.corpus.assign(_row=rows)
    keys, sig = text_signatures(corpus["text"])
    corpus["_key"] = keys.view(np.int64)
    corpus["_sig"] = [s.tobytes() for s in sig]
    return corpus, res.rejects, res.summary


def resolve_partition(k: int, corpus: pd.DataFrame, rejects: pd.DataFrame, summary: dict,
                      raw: pd.DataFrame, index: DedupIndex, out_dir: Path, *,
                      duplicates: str = "flag", threshold: float = 0.8, **options) -> dict:
    """Link partition ``k`` to the earlier ones (ids, exact and near duplicates), write its
    corpus and rejects, and commit it to ``index``. Returns its summary."""
    seen = index.seen_ids(corpus["doc_id"])
    if seen:  # ids used by an earlier partition: reject them and redo the partition without
        again = corpus["_row"][corpus["doc_id"].isin(seen)]
        raw = raw.copy()
        mark = raw["_row"].isin(again)
        raw["_reject"] = np.where(mark, "duplicate_id", raw.get("_reject", ""))
        raw["_reject_detail"] = np.where(mark, "id already used by an earlier row",
                                         raw.get("_reject_detail", ""))
        corpus, rejects, summary = ingest_partition(raw, threshold=threshold, **options)
    keys = corpus["_key"].to_numpy().view(np.uint64)
    sig = (np.frombuffer(b"".join(corpus["_sig"]), dtype=np.uint64).reshape(-1, NUM_PERM)
           if len(corpus) else np.zeros((0, NUM_PERM), np.uint64))
    bkeys = band_keys(sig, threshold)
    local = corpus["dup_group"].to_numpy()
    kind = corpus["dup_kind"].to_numpy(dtype=object).copy()
    first = np.flatnonzero(kind == "")
    matched, exact = index.match(keys[first], sig[first], bkeys[first], threshold)
    mapping, first_docs = {}, {}
    next_group = index.n_groups()
    for pos, m, ex in zip(first, matched, exact):
        if m >= 0:
            mapping[local[pos]] = int(m)
            kind[pos] = "exact" if ex else "near"
        else:
            mapping[local[pos]] = next_group
            first_docs[next_group] = corpus["doc_id"].iat[pos]
            next_group += 1
    groups = np.array([mapping[g] for g in local], dtype=np.int64)
    has_dups = groups[kind != ""]
    index.begin()
    try:
        out = corpus.assign(dup_group=groups, dup_kind=pd.Series(kind, index=corpus.index,
                                                                  dtype=object).astype(str))
        if duplicates == "drop":
            out, rejects = _drop_copies(out, rejects, raw, summary, index, first_docs)
        counts = {"exact": int((kind == "exact").sum()), "near": int((kind == "near").sum())}
        summary = _partition_summary(summary, rejects, len(out), counts)
        write_done(out_dir / "rejects" / f"{part_name(k)}.parquet", rejects)
        write_done(out_dir / "corpus" / f"{part_name(k)}.parquet",
                   out.drop(columns=["_row", "_key", "_sig"]), summary)
        index.add(corpus["doc_id"], keys, sig, bkeys, groups, first_docs, has_dups)
        index.commit(k)
    except BaseException:
        index.rollback()
        raise
    return summary


def _drop_copies(out, rejects, raw, summary, index, first_docs):
    copy = out["dup_kind"] != ""
    firsts = {**index.first_docs(out.loc[copy, "dup_group"]), **first_docs}
    text_col = summary["columns"]["text"]
    raw_text = raw.set_index("_row")[text_col].map(lambda t: "" if t is None else str(t))
    gone = out[copy]
    extra = pd.DataFrame({
        "row": gone["_row"].astype(str),
        "doc_id": gone["doc_id"],
        "reason": gone["dup_kind"] + "_duplicate",
        "detail": gone["dup_group"].map(lambda g: f"duplicate of {firsts[g]}"),
        "title": gone["title"],
        "text": raw_text.loc[gone["_row"]].str.slice(0, 300).to_numpy(),
    })[REJECT_COLUMNS].astype(str)
    rejects = pd.concat([rejects, extra], ignore_index=True)
    rejects = rejects.iloc[np.argsort(rejects["row"].map(_row_key).to_numpy(), kind="stable")]
    return out[~copy].assign(dup_kind="").reset_index(drop=True), rejects.reset_index(drop=True)


def _row_key(row: str):
    return (0, int(row), "") if row.isdigit() else (1, 0, row)


def _partition_summary(summary: dict, rejects: pd.DataFrame, kept: int, dups: dict) -> dict:
    reasons = rejects["reason"].value_counts()
    return {**summary, "kept": int(kept), "rejected": int(len(rejects)),
            "rejects": {r: int(reasons[r]) for r in REJECT_REASONS if r in reasons},
            "duplicates": dups}


def merge_summaries(summaries: list[dict], *, name: str, path, groups_with_duplicates: int,
                    duplicates: str) -> dict:
    """One summary for the whole source (``read = kept + rejected`` checked)."""
    total = {"name": name, "path": str(path), "read": 0, "kept": 0, "rejected": 0,
             "rejects": {}, "repairs": {}, "dates": {}, "duplicates": {"exact": 0, "near": 0},
             "duplicates_policy": duplicates, "sampled_from": None,
             "partitions": len(summaries)}
    for s in summaries:
        for key in ("read", "kept", "rejected"):
            total[key] += s[key]
        for part in ("rejects", "repairs", "dates", "duplicates"):
            for k, v in s.get(part, {}).items():
                total[part][k] = total[part].get(k, 0) + v
        total.setdefault("columns", s.get("columns"))
    total["rejects"] = {r: total["rejects"][r] for r in REJECT_REASONS if r in total["rejects"]}
    total["duplicates"]["groups_with_duplicates"] = int(groups_with_duplicates)
    if total["read"] != total["kept"] + total["rejected"]:
        raise RuntimeError(f"streamed ingest lost rows: {total['read']} read, {total['kept']} "
                           f"kept, {total['rejected']} rejected")
    return total


# ------------------------------------------------------------------ the whole run
def stage_ingest(raw_path: Path, out_dir: Path, k: int, *, threshold: float = 0.8,
                 **options) -> Path:
    """Stage 2 for partition ``k`` (resumable): ``stage/ingest/part-k.parquet``."""
    target = Path(out_dir) / "stage" / "ingest" / f"{part_name(k)}.parquet"
    if is_done(target):
        return target
    raw = pd.read_parquet(raw_path)
    corpus, rejects, summary = ingest_partition(raw, threshold=threshold, **options)
    write_done(Path(str(target).replace(".parquet", ".rejects.parquet")), rejects)
    return write_done(target, corpus, summary)


def stream_ingest_parts(raw_paths: list[Path], out_dir, *, duplicates: str = "flag",
                        threshold: float = 0.8, name: str = "corpus", path=None,
                        fail_at: int | None = None, ingest_done=None, **options) -> dict:
    """Ingest every raw partition (stage 2, unless ``ingest_done`` lists their stage
    files), then resolve them in order (stage 3); returns the merged summary and writes
    ``summary.json``. ``fail_at`` raises before partition ``fail_at`` is resolved (tests)."""
    out_dir = Path(out_dir)
    options = {"name": name, **options}
    staged = ingest_done or [stage_ingest(p, out_dir, k, threshold=threshold, **options)
                             for k, p in enumerate(tqdm(raw_paths, desc="ingest", unit="part"))]
    index = DedupIndex(out_dir / "stage" / "dedup.sqlite")
    summaries = []
    try:
        for k, (raw_path, st) in enumerate(tqdm(list(zip(raw_paths, staged)), desc="dedup",
                                                unit="part")):
            final = out_dir / "corpus" / f"{part_name(k)}.parquet"
            if index.is_done(k) and is_done(final):
                summaries.append(read_meta(final))
                continue
            if fail_at is not None and k == fail_at:
                raise RuntimeError(f"simulated failure before partition {k}")
            rej = pd.read_parquet(str(st).replace(".parquet", ".rejects.parquet"))
            summaries.append(resolve_partition(
                k, pd.read_parquet(st), rej, read_meta(st), pd.read_parquet(raw_path), index,
                out_dir, duplicates=duplicates, threshold=threshold, **options))
        total = merge_summaries(summaries, name=name, path=path or raw_paths[0].parent,
                                groups_with_duplicates=index.groups_with_duplicates(),
                                duplicates=duplicates)
    finally:
        index.close()
    cache.atomic_write_text(out_dir / "summary.json", json.dumps(total, indent=2, default=str))
    return total


def read_parts(folder, columns=None) -> Iterator[pd.DataFrame]:
    """The finished partitions of ``folder`` in order (raises on an unfinished one)."""
    for p in sorted(Path(folder).glob("part-*.parquet")):
        if not is_done(p):
            raise DataError("partition was not finished (no .done marker); rerun to resume",
                            path=p)
        yield pd.read_parquet(p, columns=columns)


def write_rejects_csv(out_dir, target) -> Path:
    """All partitions' rejects as one CSV (what ``newsprism ingest --rejects`` writes)."""
    from newsprism.corpus.cli import spreadsheet_safe

    target = Path(target)
    with cache.atomic_path(target) as tmp:
        header = True
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            for part in read_parts(Path(out_dir) / "rejects"):
                spreadsheet_safe(part).to_csv(fh, index=False, header=header)
                header = False
            if header:
                pd.DataFrame(columns=REJECT_COLUMNS).to_csv(fh, index=False)
    return target

