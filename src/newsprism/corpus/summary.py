"""The ingest summary as text: what :meth:`IngestResult.format_summary` prints.

Every count of the summary dict (see :func:`newsprism.corpus.ingest`) is shown: rows read,
kept and rejected per reason, repairs, date problems, duplicates, the boilerplate removed
per outlet, and the researcher's own columns kept.
"""

from __future__ import annotations


def format_summary(s: dict) -> str:
    """Render an ingest summary dict (see :func:`ingest`) as text.

    Example:
        >>> print(format_summary({"name": "x", "read": 3, "kept": 2, "rejected": 1,
        ...                       "rejects": {"empty_text": 1}}))
        x: read 3 = kept 2 + rejected 1
          rejected  empty_text: 1
    """
    lines = [f"{s.get('name', 'corpus')}: read {s['read']:,} = kept {s['kept']:,} + rejected {s['rejected']:,}"]
    if s.get("sampled_from"):
        lines[0] += f"  (random sample of {s['sampled_from']:,} rows, seed {s.get('seed', 0)})"
    for reason, n in s.get("rejects", {}).items():
        lines.append(f"  rejected  {reason}: {n:,}")
    for key in ("repairs", "dates", "duplicates"):
        part = {k: v for k, v in s.get(key, {}).items() if v}
        if part:
            lines.append(f"  {key:<9} " + ", ".join(f"{k}: {v:,}" if isinstance(v, int) else f"{k}: {v}"
                                                   for k, v in part.items()))
    lines.extend(_boilerplate_lines(s.get("boilerplate")))
    if s.get("extra_columns"):
        lines.append("  kept      your columns: " + ", ".join(
            name if name == col else f"{col} as {name}" for col, name in s["extra_columns"].items()))
    return "\n".join(lines)


def _boilerplate_lines(b: dict | None) -> list[str]:
    """One line for the totals, one per outlet with something removed, and its top line."""
    if not b:
        return []
    if not b.get("enabled"):
        return ["  boilerplate kept (detection off)"]
    rule = f"a line in >= max({b['min_docs']}, {b['min_share']:.0%}) of an outlet's articles"
    if not b.get("articles_changed"):
        return [f"  boilerplate none found ({rule})"]
    lines = [f"  boilerplate removed from {b['articles_changed']:,} articles: "
             f"{b['segments_removed']:,} repeated lines, {b['widgets_removed']:,} widgets, "
             f"{b['chars_removed']:,} characters ({rule})"]
    for outlet, c in b.get("by_outlet", {}).items():
        if not c.get("articles_changed"):
            continue
        top = b.get("top_lines", {}).get(outlet)
        example = f'; e.g. "{top[0][0][:60]}" ({top[0][1]:,} articles)' if top else ""
        rejected = c.get("rejected_boilerplate_only", 0)
        lines.append(f"    {outlet}: {c['articles_changed']:,} of {c['articles']:,} articles, "
                     f"{c['segments_removed']:,} lines, {c['widgets_removed']:,} widgets"
                     + (f", {rejected:,} rejected as boilerplate only" if rejected else "")
                     + example)
    return lines
