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

from newsprism import cache
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
    boilerplate: bool | dict = True,
    cache_dir=None,
    **column_mapping,
) -> IngestResult:
    """Read, validate and clean a corpus; return corpus, rejects and a summary.

    Args:
        name_or_path: a built-in name (``newsarticles``, ``bbc``, ``allsides``) or a path.
        data_dir: where built-in datasets are cached (they are fetched on first use); the
            default for built-in names is ``$NEWSPRISM_DATA_DIR`` or the project's
            ``data/raw`` (the only default path a library function resolves, as
            scikit-learn's ``fetch_*`` functions do).
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
        boilerplate: remove each outlet's boilerplate (lines repeated in at least
            ``max(5, 2%)`` of its articles, share widgets, link lists; see
            :mod:`newsprism.corpus.boilerplate`) and count it per outlet in
            ``summary["boilerplate"]``; ``False`` keeps it; a dict sets ``min_docs``,
            ``min_share``, ``min_words`` or ``widgets``.
        cache_dir: when given, the result is stored under ``cache_dir/corpus/`` and reused
            while the input file(s) and every argument are unchanged (AllSides takes
            minutes to clean and de-duplicate; reloading takes seconds).
        **column_mapping: canonical name → your column name, e.g. ``text="body"``,
            ``date="published"``, ``doc_id="uuid"``, ``topic="tag"``; unmapped names are
            detected (``id``/``article_id``, ``publish_date``, ``article_source_link``, ...).
            Every other column is kept after the canonical ones, under its own name
            (``extra_<name>`` when it clashes with a canonical one; see
            :mod:`newsprism.corpus.columns`).

    Returns:
        :class:`IngestResult` with ``corpus`` (columns ``doc_id, date, source, title, text,
        url``, the label columns present among ``topic, bias, section``, wire-story
        columns ``place, agency, date_inferred``, then ``dup_group, dup_kind``, then your
        own columns),
        ``rejects`` (``row, doc_id, reason, detail, title, text``) and ``summary``.
    """
    if encoding_errors not in ("strict", "replace"):
        raise ValueError("encoding_errors must be 'strict' or 'replace'")
    if data_dir is None and str(name_or_path) in BUILTIN:
        # like scikit-learn's fetch_* functions, built-in datasets have a default home
        # ($NEWSPRISM_DATA_DIR or the project's data/raw) so load_corpus("bbc") just works
        from newsprism import config

        data_dir = config.data_dir()
    if cache_dir is not None:
        args = dict(duplicates=duplicates, min_chars=min_chars, year=year,
                    encoding_errors=encoding_errors, sample=sample, seed=seed,
                    near_threshold=near_threshold, repair_quotes=repair_quotes,
                    boilerplate=boilerplate, **column_mapping)
        return _cached(name_or_path, data_dir, Path(cache_dir), args)
    common = dict(duplicates=duplicates, min_chars=min_chars, sample=sample, seed=seed,
                  near_threshold=near_threshold, boilerplate=boilerplate)
    key = str(name_or_path)
    if key in BUILTIN or key == "newsmtsc":
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
            return ingest_frame(raw, name=key, path=folder, outlet_name="BBC",
                                repair_quotes=bool(repair_quotes), **common, **column_mapping)
        path = folder / "articles.jsonl.gz"
        raw = _read_path(path, encoding_errors)
        return ingest_frame(raw, name=key, path=path, repair_quotes=bool(repair_quotes),
                            **common, **column_mapping)

    path = Path(name_or_path).expanduser()
    raw = _read_path(path, encoding_errors)
    wire = path.is_dir() or path.suffix.lower() == ".txt"
    if wire and "text" in raw.columns:
        texts = raw["text"] if "_reject" not in raw else raw.loc[raw["_reject"] == "", "text"]
        wire = looks_like_wire(texts)
    else:
        wire = False
    return ingest_frame(raw, name=_path_name(path), path=path, year=year, wire=wire,
                        repair_quotes=bool(repair_quotes), **common, **column_mapping)


def load_corpus(name_or_path, *, data_dir=None, sample=None, seed=0, duplicates="flag",
                cache: bool = True, cache_dir=None, **kwargs) -> pd.DataFrame:
    """The corpus table of :func:`ingest` (same arguments); rejects are left out.

    The result is cached: under ``cache_dir/corpus/`` (default: the project's cache,
    ``$NEWSPRISM_CACHE_DIR`` or ``data/interim``), keyed on the input's bytes, every
    argument and the ingestion code, so the second call (in any process: every notebook of
    a report) reads one Parquet file instead of cleaning again. ``cache=False`` always
    ingests. Use :func:`ingest` when you want to see what was rejected and repaired.

    Example:
        >>> from newsprism import config                                       # doctest: +SKIP
        >>> corpus = load_corpus("newsarticles", data_dir=config.data_dir())   # doctest: +SKIP
        >>> corpus.columns.tolist()[:6]                                         # doctest: +SKIP
        ['doc_id', 'date', 'source', 'title', 'text', 'url']
    """
    if cache and cache_dir is None:
        from newsprism import config

        cache_dir = config.cache_dir()
    return ingest(name_or_path, data_dir=data_dir, sample=sample, seed=seed,
                  duplicates=duplicates, cache_dir=cache_dir if cache else None, **kwargs).corpus


# bump when the cached files' layout changes (code changes are in the key already)
CACHE_VERSION = 4


def _input_fingerprint(name_or_path, data_dir) -> list:
    """The name and the SHA-256 of every input byte (18 MB hash in ~0.05 s, far less than
    cleaning), so an edited file with the same size and time is never served stale."""
    from newsprism.fingerprint import path_fingerprint

    key = str(name_or_path)
    if key in BUILTIN:
        root = Path(data_dir) / key if data_dir is not None else None
        return [key, path_fingerprint(root) if root is not None and root.exists() else None]
    path = Path(name_or_path).expanduser()
    # a missing input is not cached: ingest then raises the error that names it
    return [key, path_fingerprint(path) if path.exists() else None]


def _code_fingerprint() -> str:
    """The ingestion code (this package): a change to cleaning or validation rebuilds."""
    from newsprism.fingerprint import path_fingerprint

    return path_fingerprint(Path(__file__).resolve().parent)


def _cached(name_or_path, data_dir, cache_dir: Path, args: dict) -> IngestResult:
    import json

    key_parts = [CACHE_VERSION, _input_fingerprint(name_or_path, data_dir), args,
                 _code_fingerprint()]
    key = cache.key(*key_parts)
    name = Path(str(name_or_path)).name.split(".")[0]
    files = {"corpus": cache.path(cache_dir, "corpus", name, key, ".parquet"),
             "rejects": cache.path(cache_dir, "corpus", name, key, "-rejects.parquet"),
             "summary": cache.path(cache_dir, "corpus", name, key, "-summary.json")}
    if all(f.is_file() for f in files.values()) and None not in key_parts[1]:
        corpus = pd.read_parquet(files["corpus"])
        corpus["date"] = corpus["date"].astype("datetime64[ns]")
        summary = json.loads(files["summary"].read_text(encoding="utf-8"))
        summary["cached"] = str(files["corpus"])
        return IngestResult(corpus=corpus, rejects=pd.read_parquet(files["rejects"]),
                            summary=summary)
    result = ingest(name_or_path, data_dir=data_dir, **args)
    for part, frame in (("corpus", result.corpus), ("rejects", result.rejects)):
        with cache.atomic_path(files[part]) as tmp:
            frame.to_parquet(tmp, index=False)
    cache.atomic_write_text(files["summary"], json.dumps(result.summary, default=str))
    return result


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
