"""Ingest, validate and clean news corpora into the canonical corpus table.

Canonical columns: ``doc_id`` (str, unique), ``date`` (datetime64, day precision, may be
NaT), ``source`` (normalised outlet name), ``title``, ``text``, ``url``, plus the label
columns a dataset has (``topic``, ``bias``, ``section``).

Example:
    >>> from newsprism.corpus import load_corpus       # doctest: +SKIP
    >>> corpus = load_corpus("newsarticles")            # doctest: +SKIP
    >>> corpus.source.nunique()                         # doctest: +SKIP
    9
"""

from newsprism.corpus.loaders import CANONICAL_COLUMNS, load_corpus

__all__ = ["CANONICAL_COLUMNS", "load_corpus"]
