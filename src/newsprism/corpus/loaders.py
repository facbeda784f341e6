"""Load built-in datasets and user files into the canonical corpus table.

Built-in names: ``newsarticles`` (3,824 articles, 9 outlets, 2017; doc_id ``na-<article_id>``),
``bbc`` (2,225 BBC articles in 5 topics; doc_id ``bbc-<topic>-<file stem>``) and
``allsides`` (36,254 articles labelled left/center/right; doc_id = the upstream id, so
the upstream splits join on it). Anything else is a path: CSV/TSV, JSON Lines, Parquet
(optionally gzipped) or a folder of ``.txt`` files (wire stories with a dateline are
recognised and get ``place``, ``agency`` and ``date_inferred``).

Example:
    >>> from newsprism.corpus import ingest                       # doctest: +SKIP
    >>> result = ingest("my_articles.csv", text="body", date="published")  # doctest: +SKIP
    >>> print(result.format_summary())                             # doctest: +SKIP
    >>> result.corpus.head(), result.rejects.reason.value_counts() # doctest: +SKIP
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

from newsprism.corpus.ingest import (
    CANONICAL_COLUMNS,
    IngestResult,
    _path_name,
    ingest_frame,
    looks_like_wire,
)
from newsprism.errors import DataError, NewsprismError

BUILTIN = ("newsarticles", "bbc", "allsides")

__all__ = ["BUILTIN", "CANONICAL_COLUMNS", "IngestResult", "ingest", "load_corpus"]


def ingest(
    name_or_path,
    *,
    data_dir=None,
    duplicates: str = "flag",
    min_chars: int = 100,
    year: int | None = None,
    encoding_errors: str = "strict",
    sample: int | None = None,
    seed: int = 0,
    near_threshold: float = 0.8,
    repair_quotes: bool | None = None,
    **column_mapping,
) -> IngestResult:
    """Read, validate and clean a corpus; return corpus, rejects and a summary.

    Args:
        name_or_path: a built-in name (``newsarticles``, ``bbc``, ``allsides``) or a path.
        data_dir: where built-in datasets are cached (they are fetched on first use); the
            CLI passes ``newsprism.config.data_dir()``. Required for built-in names.
        duplicates: ``"flag"`` keeps duplicates and marks them in ``dup_group``/``dup_kind``;
            ``"drop"`` keeps the first of each group and rejects the others.
        min_chars: texts shorter than this (after cleaning) are rejected as ``too_short``.
        year: year of wire-story datelines that lack one; without it the year is inferred
            from the text and ``date_inferred`` is True.
        encoding_errors: ``"strict"`` (non-UTF-8 bytes are an error naming the line) or
            ``"replace"``.
        sample: keep a random sample of this many rows (read first, then sampled, then
            cleaned; ``summary["sampled_from"]`` says so).
        seed: seed for ``sample``.
        near_threshold: Jaccard threshold for near duplicates (see ``dedup``).
        repair_quotes: repair the ``"?`` quote artefact; default only for ``newsarticles``
            (in other text ``"?`` can be legitimate: ``did he say "yes"?``).
        **column_mapping: canonical name → your column name, e.g. ``text="body"``,
            ``date="published"``, ``doc_id="uuid"``; unmapped names are detected
            (``id``/``article_id``, ``publish_date``, ``article_source_link``, ...).

    Returns:
        :class:`IngestResult` with ``corpus`` (columns ``doc_id, date, source, title, text,
        url``, the label columns present among ``topic, bias, section``, wire-story
        columns ``place, agency, date_inferred``, then ``dup_group, dup_kind``),
        ``rejects`` (``row, doc_id, reason, detail, title, text``) and ``summary``.
    """
    if encoding_errors not in ("strict", "replace"):
        raise ValueError("encoding_errors must be 'strict' or 'replace'")
    common = dict(duplicates=duplicates, min_chars=min_chars, sample=sample, seed=seed,
                  near_threshold=near_threshold)
    key = str(name_or_path)
    if key in BUILTIN or key == "newsmtsc":
        if data_dir is None:
            raise NewsprismError(f"{key}: pass data_dir= (where built-in datasets are cached), "
                                 "e.g. newsprism.config.data_dir()")
        if key == "newsmtsc":
            raise NewsprismError(
                "newsmtsc is a sentence-level stance benchmark, not an article corpus; "
                "read its JSONL files directly (see newsprism.stance)")
        from newsprism.corpus.acquire import fetch

        folder = fetch(key, data_dir)
        if key == "newsarticles":
            raw = _read_newsarticles(folder / "NewsArticles.zip")
            return ingest_frame(raw, name=key, path=folder / "NewsArticles.zip", id_prefix="na-",
                                repair_quotes=True if repair_quotes is None else repair_quotes,
                                **common, **{"doc_id": "article_id", "date": "publish_date",
                                             "url": "article_source_link", **column_mapping})
        if key == "bbc":
            raw = _read_bbc(folder)
            return ingest_frame(raw, name=key, path=folder, source="BBC",
                                repair_quotes=bool(repair_quotes), **common, **column_mapping)
        path = folder / "articles.jsonl.gz"
        raw = _read_path(path, encoding_errors)
        return ingest_frame(raw, name=key, path=path, repair_quotes=bool(repair_quotes),
                            **common, **column_mapping)

    path = Path(name_or_path).expanduser()
    raw = _read_path(path, encoding_errors)
    wire = path.is_dir() or path.suffix.lower() == ".txt"
    wire = wire and "text" in raw.columns and looks_like_wire(raw["text"])
    return ingest_frame(raw, name=_path_name(path), path=path, year=year, wire=wire,
                        repair_quotes=bool(repair_quotes), **common, **column_mapping)


def load_corpus(name_or_path, *, data_dir=None, sample=None, seed=0, duplicates="flag",
                **kwargs) -> pd.DataFrame:
    """The corpus table of :func:`ingest` (same arguments); rejects are left out.

    Use :func:`ingest` when you want to see what was rejected and repaired.

    Example:
        >>> from newsprism import config                                       # doctest: +SKIP
        >>> corpus = load_corpus("newsarticles", data_dir=config.data_dir())   # doctest: +SKIP
        >>> corpus.columns.tolist()[:6]                                         # doctest: +SKIP
        ['doc_id', 'date', 'source', 'title', 'text', 'url']
    """
    if data_dir is None and str(name_or_path) in BUILTIN:
        # notebooks and scripts may omit data_dir for the built-in datasets
        from newsprism import config

        data_dir = config.data_dir()
    return ingest(name_or_path, data_dir=data_dir, sample=sample, seed=seed,
                  duplicates=duplicates, **kwargs).corpus


def _read_path(path: Path, encoding_errors: str) -> pd.DataFrame:
    from newsprism.corpus.readers import read_table

    return read_table(path, encoding_errors=encoding_errors)


def _read_newsarticles(zip_path: Path) -> pd.DataFrame:
    try:
        with zipfile.ZipFile(zip_path) as z, z.open("NewsArticles.csv") as f:
            data = f.read()
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise DataError(f"cannot read NewsArticles.csv from the archive: {exc}", path=zip_path) from None
    raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    raw.insert(0, "_row", range(2, len(raw) + 2))
    # the subtitle is not part of the article body; keep the columns the mapping uses
    return raw.drop(columns=["subtitle"])


def _read_bbc(folder: Path) -> pd.DataFrame:
    rows = []
    for path in sorted(folder.glob("*/*.txt")):
        # the corpus is Latin-1 in places (e.g. "£" as 0xA3); decode each file that way
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        head, _, body = text.partition("\n")
        rows.append({"_row": f"{path.parent.name}/{path.name}",
                     "doc_id": f"bbc-{path.parent.name}-{path.stem}",
                     "title": head.strip(), "text": body.strip(), "topic": path.parent.name})
    if not rows:
        raise DataError("no BBC .txt files found", path=folder)
    return pd.DataFrame(rows)
