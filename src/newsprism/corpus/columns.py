"""Column names: which of a file's columns hold the canonical fields, and the researcher's own.

:func:`resolve_columns` maps canonical names (``doc_id``, ``date``, ``source``, ``title``,
``text``, ``url``, ``topic``, ``bias``, ``section``) to the file's columns: the explicit
mapping first, then the names in :data:`AUTO_COLUMNS` (case-insensitive).

Every other column of the file is the researcher's (``tag``, ``authors``, their own codes)
and is kept: :func:`extra_columns` names each one in the canonical table. The rule:

- a column keeps its name as it is in the file;
- unless that name clashes (case-insensitively) with a column the canonical table makes
  itself (:data:`RESERVED`, e.g. a second ``source`` column when ``outlet`` was mapped to
  ``source``), or with an earlier extra column: then it gets the prefix ``extra_``
  (``extra_source``), repeated until the name is free;
- the readers' bookkeeping columns (:data:`BOOKKEEPING`: ``_row``, ``_reject``,
  ``_reject_detail``) are not kept.

Extra columns come after the canonical ones, in the file's order, as strings (a missing
value is ``""``). A column mapped to a canonical name (``topic="tag"``) appears under the
canonical name only; ``summary["columns"]`` records the mapping.

Example:
    >>> extra_columns(["id", "body", "tag", "Source", "_row"], {"doc_id": "id", "text": "body"})
    {'tag': 'tag', 'Source': 'extra_Source'}
"""

from __future__ import annotations

from newsprism.errors import DataError

CANONICAL_COLUMNS = ["doc_id", "date", "source", "title", "text", "url"]
LABEL_COLUMNS = ["topic", "bias", "section"]
WIRE_COLUMNS = ["place", "agency", "date_inferred"]
DUP_COLUMNS = ["dup_group", "dup_kind"]
#: every column name the canonical table may make itself
RESERVED = CANONICAL_COLUMNS + LABEL_COLUMNS + WIRE_COLUMNS + DUP_COLUMNS
EXTRA_PREFIX = "extra_"
#: columns the readers add (where a row came from, why a reader could not use it)
BOOKKEEPING = ("_row", "_reject", "_reject_detail")

# canonical name -> column names recognised automatically (case-insensitive, in order)
AUTO_COLUMNS: dict[str, tuple[str, ...]] = {
    "doc_id": ("doc_id", "id", "article_id", "uid", "guid", "docid"),
    "date": ("date", "publish_date", "published", "pub_date", "publication_date", "published_at",
             "datetime", "timestamp", "created_at", "time"),
    "source": ("source", "outlet", "publisher", "media", "source_name", "newspaper", "site",
               "domain", "source_url"),
    "title": ("title", "headline", "heading"),
    "text": ("text", "body", "content", "content_original", "article", "full_text", "story",
             "maintext"),
    "url": ("url", "link", "article_source_link", "source_link", "article_url", "permalink"),
    "topic": ("topic", "category", "label"),
    "bias": ("bias", "leaning", "bias_text"),
    "section": ("section",),
}


def resolve_columns(columns, mapping: dict, *, path=None) -> dict[str, str]:
    """Map canonical names to the file's column names: explicit ``mapping`` first, then
    :data:`AUTO_COLUMNS`. Raises DataError for a mapped column that does not exist and
    when no text column can be found.

    Example:
        >>> resolve_columns(["headline", "body", "published"], {})
        {'date': 'published', 'title': 'headline', 'text': 'body'}
    """
    available = [str(c) for c in columns if c != "_row"]
    lower = {c.lower(): c for c in available}
    unknown = set(mapping) - set(AUTO_COLUMNS)
    if unknown:
        raise DataError(f"unknown column mapping {sorted(unknown)}; canonical names are "
                        f"{sorted(AUTO_COLUMNS)}", path=path)
    resolved: dict[str, str] = {}
    for canon, user in mapping.items():
        if user is None:
            continue
        if user not in available:
            raise DataError(f"no column {user!r} (mapped to {canon}); the file has {available}",
                            path=path, column=user)
        resolved[canon] = user
    used = set(resolved.values())
    for canon, candidates in AUTO_COLUMNS.items():
        if canon in resolved or canon in mapping:
            continue
        for cand in candidates:
            if cand in lower and lower[cand] not in used:
                resolved[canon] = lower[cand]
                used.add(lower[cand])
                break
    if "text" not in resolved:
        raise DataError(f"no text column; the file has {available}. Name it with text=COLUMN "
                        "(CLI: --text-col COLUMN)", path=path, column="text")
    return resolved


def extra_columns(columns, resolved: dict[str, str]) -> dict[str, str]:
    """The file's columns that no canonical name uses → their name in the corpus table.

    See the module docstring for the naming rule.

    Example:
        >>> extra_columns(["text", "tag", "extra_tag", "TAG"], {"text": "text"})
        {'tag': 'tag', 'extra_tag': 'extra_tag', 'TAG': 'extra_extra_TAG'}
    """
    used = set(resolved.values())
    taken = {c.lower() for c in RESERVED}
    out: dict[str, str] = {}
    for col in columns:
        col = str(col)
        if col in used or col in BOOKKEEPING or col in out:
            continue
        name = col
        while name.lower() in taken:
            name = EXTRA_PREFIX + name
        taken.add(name.lower())
        out[col] = name
    return out
