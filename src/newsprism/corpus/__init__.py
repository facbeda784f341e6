"""Ingest, validate and clean news corpora into the canonical corpus table.

Canonical columns: ``doc_id`` (str, unique), ``date`` (datetime64, day precision, may be
NaT), ``source`` (normalised outlet name), ``title``, ``text``, ``url``, plus the label
columns a dataset has (``topic``, ``bias``, ``section``), wire-story columns (``place``,
``agency``, ``date_inferred``) and duplicate flags (``dup_group``, ``dup_kind``).

Example:
    >>> from newsprism.corpus import load_corpus       # doctest: +SKIP
    >>> corpus = load_corpus("newsarticles")            # doctest: +SKIP
    >>> corpus.source.nunique()                         # doctest: +SKIP
    9
"""

from newsprism.corpus.boilerplate import remove_boilerplate
from newsprism.corpus.dateline import Dateline, infer_year, parse_dateline, strip_dateline
from newsprism.corpus.dedup import duplicate_groups, without_copies
from newsprism.corpus.ingest import CANONICAL_COLUMNS, IngestResult, format_summary
from newsprism.corpus.loaders import BUILTIN, ingest, load_corpus
from newsprism.corpus.sources import self_reference_terms, strip_self_references

__all__ = [
    "BUILTIN",
    "CANONICAL_COLUMNS",
    "Dateline",
    "IngestResult",
    "duplicate_groups",
    "without_copies",
    "format_summary",
    "infer_year",
    "ingest",
    "load_corpus",
    "parse_dateline",
    "remove_boilerplate",
    "self_reference_terms",
    "strip_dateline",
    "strip_self_references",
]
