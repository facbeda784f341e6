"""Sentences built from a run's own tables, so a notebook reads true on any corpus.

A notebook states results only through these functions (method text stays static
markdown). Each takes the table a notebook already computed and returns plain Markdown;
none knows any outlet, target or theme by name.

Example:
    >>> plural(1, "article"), plural(3000, "article"), listing(["a", "b", "c"])
    ('1 article', '3,000 articles', 'a, b and c')
    >>> corpus_name("/data/exports/my_articles.csv"), corpus_name("newsarticles")
    ('my_articles', 'newsarticles')
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def plural(n, noun: str, nouns: str | None = None) -> str:
    """``"1 article"`` / ``"3,000 articles"`` (``nouns`` for irregular plurals)."""
    n = int(n)
    return f"{n:,} {noun if n == 1 else (nouns or noun + 's')}"


def listing(items, *, limit: int | None = None) -> str:
    """``"a, b and c"``; with ``limit``, the first ones and ``"and N more"``."""
    items = [str(i) for i in items]
    if limit is not None and len(items) > limit:
        return f"{', '.join(items[:limit])} and {len(items) - limit} more"
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def corpus_name(corpus) -> str:
    """The corpus's name for titles: a file or folder's stem, else the built-in name."""
    text = str(corpus)
    return Path(text).stem if ("/" in text or "\\" in text or Path(text).suffix) else text


def date_span(dates) -> str:
    """``"3 Jan 2012 – 28 Feb 2020"`` for the dated values, ``"no dates"`` when none."""
    d = pd.to_datetime(pd.Series(dates), errors="coerce").dropna()
    if d.empty:
        return "no dates"
    return f"{d.min():%-d %b %Y} – {d.max():%-d %b %Y}"


def range_sentence(n_before: int, n_after: int, start=None, end=None) -> str:
    """What a date range kept: nothing to say, or how many articles it dropped.

    Example:
        >>> range_sentence(100, 100)
        'All articles are reported (no start or end date set).'
        >>> range_sentence(3000, 1143, start="2016-12-01")
        'The date range from 2016-12-01 keeps 1,143 of 3,000 articles (1,857 dropped, 62 %).'
    """
    if start is None and end is None:
        return "All articles are reported (no start or end date set)."
    bounds = " ".join(([f"from {start}"] if start is not None else [])
                      + ([f"to {end}"] if end is not None else []))
    dropped = n_before - n_after
    if dropped == 0:
        return f"The date range {bounds} keeps every one of the {plural(n_before, 'article')}."
    share = 100 * dropped / n_before if n_before else 0
    return (f"The date range {bounds} keeps {n_after:,} of {plural(n_before, 'article')} "
            f"({dropped:,} dropped, {share:.0f} %).")


def extremes(values: pd.Series, *, what: str, fmt: str = "{:.0f}", unit: str = "") -> str:
    """``"<what> is highest for A (v) and lowest for B (v)"`` from a labelled series.

    Example:
        >>> extremes(pd.Series({"X": 650.0, "Y": 220.0, "Z": 300.0}), what="median length",
        ...          unit=" words")
        'Median length is highest for X (650 words) and lowest for Y (220 words).'
    """
    v = pd.Series(values).dropna()
    if v.empty:
        return ""
    what = what[:1].upper() + what[1:]
    if len(v) == 1:
        return f"{what} is {fmt.format(v.iloc[0])}{unit} ({v.index[0]})."
    v = v.sort_values()
    return (f"{what} is highest for {v.index[-1]} ({fmt.format(v.iloc[-1])}{unit}) and lowest "
            f"for {v.index[0]} ({fmt.format(v.iloc[0])}{unit}).")


def ingestion_sentence(summary: dict, rejects: pd.DataFrame) -> str:
    """Rows read, kept and rejected, with the rejection reasons counted.

    Example:
        >>> r = pd.DataFrame({"reason": ["empty text", "empty text", "too short"]})
        >>> ingestion_sentence({"read": 10, "kept": 7, "rejected": 3}, r)
        '10 rows read = 7 kept + 3 rejected (empty text 2, too short 1).'
    """
    text = (f"{summary['read']:,} rows read = {summary['kept']:,} kept + "
            f"{summary['rejected']:,} rejected")
    if len(rejects) and "reason" in rejects:
        counts = rejects["reason"].value_counts()
        text += " (" + ", ".join(f"{k} {v:,}" for k, v in counts.items()) + ")"
    return text + "."


def size_sentence(outlets: pd.DataFrame) -> str:
    """Outlet sizes from ``profile.outlet_summary``: the largest, the smallest, the ratio.

    Example:
        >>> size_sentence(pd.DataFrame({"source": ["A", "B", "C"], "n_docs": [800, 400, 100]}))
        '3 outlets: A contributes the most articles (800), C the fewest (100), 8.0× fewer.'
    """
    o = outlets.sort_values("n_docs", ascending=False)
    if len(o) == 0:
        return "No outlet has an article."
    if len(o) == 1:
        return f"One outlet: {o['source'].iloc[0]} ({plural(o['n_docs'].iloc[0], 'article')})."
    big, small = o.iloc[0], o.iloc[-1]
    ratio = big["n_docs"] / max(small["n_docs"], 1)
    return (f"{plural(len(o), 'outlet')}: {big['source']} contributes the most articles "
            f"({big['n_docs']:,}), {small['source']} the fewest ({small['n_docs']:,}), "
            f"{ratio:.1f}× fewer.")


def coverage_sentence(docs: pd.DataFrame) -> str:
    """When each outlet's coverage starts and ends: the span and the latest starter."""
    dated = docs.dropna(subset=["date"])
    if dated.empty:
        return "No article has a date, so nothing can be read over time."
    first = dated.groupby("source")["date"].min().sort_values()
    last = dated.groupby("source")["date"].max().sort_values()
    text = f"Dated articles span {date_span(dated['date'])}."
    if len(first) > 1:
        text += (f" The earliest outlet to start is {first.index[0]} ({first.iloc[0]:%-d %b %Y}), "
                 f"the latest {first.index[-1]} ({first.iloc[-1]:%-d %b %Y}); the first to stop "
                 f"is {last.index[0]} ({last.iloc[0]:%-d %b %Y}). A pooled trend before every "
                 "outlet has started, or after one has stopped, is partly a change of outlets.")
    return text


def distinctive_sentence(terms: pd.DataFrame, *, top: int = 3) -> str:
    """Each outlet's ``top`` most distinctive terms, from ``distinctive_terms``' table."""
    best = terms[terms["rank"] <= top].sort_values(["source", "rank"])
    parts = [f"{src}: {', '.join(f'`{t}`' for t in g['term'])}" for src, g in best.groupby("source")]
    return ("Most distinctive terms per outlet — " + "; ".join(parts) + ".") if parts else ""


def agreement_sentence(by_section: pd.DataFrame, *, min_articles: int = 5) -> str:
    """Where a transferred classifier agrees most and least with a corpus's own sections.

    ``by_section`` is ``transfer_check``'s table: ``source``, ``section``, ``section_topic``
    (empty: no counterpart), ``articles`` and ``agree`` (share of the section's articles
    given its mapped topic); unmapped sections are left out.

    Example:
        >>> t = pd.DataFrame({"source": ["A", "A", "B"], "section": ["sport", "politics", "x"],
        ...                   "section_topic": ["sport", "politics", ""], "articles": [40, 30, 9],
        ...                   "agree": [0.95, 0.33, None]})
        >>> agreement_sentence(t)
        'Agreement with the mapped sections is highest for A sport (95 % of 40) and lowest for A politics (33 % of 30).'
    """
    if not {"section_topic", "agree", "articles"} <= set(by_section.columns):
        return ""
    t = by_section.dropna(subset=["agree"])
    t = t[(t["section_topic"].fillna("") != "") & (t["articles"] >= min_articles)]
    if t.empty:
        return (f"No mapped section has {min_articles} or more articles, so agreement by "
                "section is not summarised.")
    t = t.sort_values("agree")
    hi, lo = t.iloc[-1], t.iloc[0]
    text = (f"Agreement with the mapped sections is highest for {hi['source']} {hi['section']} "
            f"({100 * hi['agree']:.0f} % of {int(hi['articles'])})")
    if len(t) > 1:
        text += (f" and lowest for {lo['source']} {lo['section']} ({100 * lo['agree']:.0f} % "
                 f"of {int(lo['articles'])})")
    return text + "."


def comparisons_sentence(n_themes: int, n_outlets: int, n_periods: int, period_name: str) -> str:
    """How many outlet × period × theme cells a burst rule looks at (so some are chance).

    Example:
        >>> comparisons_sentence(17, 9, 17, "week")
        'With 17 themes × 9 outlets × 17 weeks (2,601 cells), a few bursts are expected by chance.'
    """
    cells = n_themes * n_outlets * n_periods
    return (f"With {plural(n_themes, 'theme')} × {plural(n_outlets, 'outlet')} × "
            f"{plural(n_periods, period_name)} ({cells:,} cells), a few bursts are expected by "
            "chance.")


def share_extremes(shares: pd.DataFrame, *, row: str, column: str, value: str = "share",
                   what: str = "share") -> str:
    """The largest and smallest ``value`` over (``row``, ``column``) pairs of a long table.

    Example:
        >>> s = pd.DataFrame({"source": ["A", "A", "B"], "topic": ["x", "y", "x"],
        ...                   "share": [0.33, 0.67, 0.10]})
        >>> share_extremes(s, row="source", column="topic", what="topic share")
        'The largest topic share is y at A (67 %), the smallest x at B (10 %).'
    """
    s = shares.dropna(subset=[value])
    if s.empty:
        return ""
    s = s.sort_values(value)
    hi, lo = s.iloc[-1], s.iloc[0]
    return (f"The largest {what} is {hi[column]} at {hi[row]} ({100 * hi[value]:.0f} %), the "
            f"smallest {lo[column]} at {lo[row]} ({100 * lo[value]:.0f} %).")


def lead_lag_sentence(ll: pd.DataFrame, *, period_name: str = "period") -> str:
    """How many lead/lag cells survive the false-discovery control, from ``lead_lag``'s table.

    Reads ``p_value``, ``q_value``, ``significant`` and the table's ``fdr`` / ``n_perm``
    attributes; names the strongest significant pair (``best_lag > 0``: ``source_a`` first).

    Example:
        >>> ll = pd.DataFrame({"theme": "x", "source_a": ["A", "A"], "source_b": ["B", "C"],
        ...     "best_lag": [2.0, -1.0], "corr_at_best": [0.61, 0.2], "p_value": [0.001, 0.4],
        ...     "q_value": [0.002, 0.4], "significant": [True, False]})
        >>> ll.attrs.update(fdr=0.05, n_perm=999)
        >>> lead_lag_sentence(ll, period_name="day")
        '1 of 2 lead/lag cells significant at FDR 5 % (Benjamini–Hochberg over the 2 cells tested, 999 block permutations each); the strongest: A moves 2 days before B (r = 0.61, q = 0.002).'
    """
    if "p_value" not in ll.columns:
        return ""
    tested = ll[ll["p_value"].notna()]
    fdr = 100 * float(ll.attrs.get("fdr", 0.05))
    if tested.empty:
        return "No lead/lag cell has enough overlapping periods to be tested."
    sig = tested[tested["significant"].astype(bool)]
    perms = ll.attrs.get("n_perm")
    how = f"Benjamini–Hochberg over the {len(tested):,} cells tested"
    how += f", {perms:,} block permutations each" if perms else ""
    text = (f"{len(sig):,} of {plural(len(tested), 'lead/lag cell')} significant at FDR "
            f"{fdr:g} % ({how})")
    if sig.empty:
        return text + ": no outlet is shown to move before another."
    best = sig.sort_values("corr_at_best").iloc[-1]
    lag = int(best["best_lag"])
    first, second = ((best["source_a"], best["source_b"]) if lag >= 0
                     else (best["source_b"], best["source_a"]))
    when = (f"moves {plural(abs(lag), period_name)} before" if lag
            else "moves in the same period as")
    return (f"{text}; the strongest: {first} {when} {second} (r = {best['corr_at_best']:.2f}, "
            f"q = {best['q_value']:.3g}).")


def bursts_sentence(bursts: pd.DataFrame, *, min_baseline_n: float = 3) -> str:
    """Bursts flagged, and cells not scored for want of a baseline, from ``detect_bursts``.

    Counts the cells with articles; ``baseline_n`` NaN means too few earlier periods with
    articles, below ``min_baseline_n`` a baseline that has barely seen the theme.

    Example:
        >>> b = pd.DataFrame({"share": [0.1, 0.5, 0.2, 0.3], "n_docs": 10,
        ...     "baseline_n": [None, 1.0, 4.0, 5.0], "z": [None, None, 0.4, 3.5],
        ...     "burst": [False, False, False, True]})
        >>> bursts_sentence(b)
        '1 of the 4 outlet × period × theme cells with articles flagged as a burst; 1 not scored because its baseline holds fewer than 3 articles with the theme (a rise from nothing is not a burst), 1 for want of earlier periods with articles.'
    """
    cells = bursts[bursts["share"].notna() & (bursts["n_docs"] > 0)] if len(bursts) else bursts
    if cells.empty:
        return "No outlet-period cell has articles, so no burst can be looked for."
    flagged = int(cells["burst"].astype(bool).sum())
    text = (f"{flagged:,} of the {plural(len(cells), 'outlet × period × theme cell')} with "
            "articles flagged as a burst")
    if "baseline_n" in cells.columns:
        thin = int((cells["baseline_n"] < min_baseline_n).sum())
        early = int(cells["baseline_n"].isna().sum())
        text += (f"; {thin:,} not scored because {'its' if thin == 1 else 'their'} baseline "
                 f"holds fewer than {min_baseline_n:g} articles with the theme (a rise from "
                 f"nothing is not a burst), {early:,} for want of earlier periods with articles")
    return text + "."


def intervals_sentence(table: pd.DataFrame, *, what: str = "cell") -> str:
    """Which interval each share got, from a table's ``ci_method`` column.

    Example:
        >>> t = pd.DataFrame({"ci_method": ["bootstrap", "wilson", "wilson", "none"]})
        >>> intervals_sentence(t)
        '2 of 4 cells shown with Wilson intervals, because fewer than 5 of their articles have (or lack) the label and the bootstrap degenerates there; 1 without an interval (no articles); the others bootstrap.'
    """
    if "ci_method" not in table.columns or table.empty:
        return ""
    counts = table["ci_method"].value_counts()
    wilson, none = int(counts.get("wilson", 0)), int(counts.get("none", 0))
    total = plural(len(table), what)
    if not wilson and not none:
        return f"All {total} have bootstrap intervals."
    text = (f"{wilson:,} of {total} shown with Wilson intervals, because fewer than 5 of their "
            "articles have (or lack) the label and the bootstrap degenerates there")
    if none:
        text += f"; {none:,} without an interval (no articles)"
    return text + "; the others bootstrap."


def weighting_sentence(weighting: str) -> str:
    """What a pooled share's ``weighting`` column means, in words.

    Example:
        >>> weighting_sentence("outlets")
        'Pooled with equal weight for every outlet present in the period, so a change in which outlets publish is not drawn as a trend.'
    """
    return {
        "outlets": ("Pooled with equal weight for every outlet present in the period, so a "
                    "change in which outlets publish is not drawn as a trend."),
        "volume": ("Pooled by article volume (every article counts once), so the largest "
                   "outlets dominate and a change in which outlets publish moves the share."),
        "fixed mix": ("Pooled to a fixed outlet mix (the weights of the outlets present "
                      "renormalised)."),
    }.get(str(weighting), f"Pooled with weighting {weighting}.")
