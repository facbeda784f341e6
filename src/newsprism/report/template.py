"""``newsprism report --init-config``: a commented study file for a corpus.

The template lists every parameter of every notebook with its default, commented out, and
(when a corpus is given) what the corpus holds: its outlets, its date span, its columns
and the period :func:`newsprism.trends.periods.choose_period` would choose.

Example:
    >>> print(toml_value(["a", "b"]), toml_value(0.5), toml_value(True), toml_value("W"))
    ["a", "b"] 0.5 true "W"
"""

from __future__ import annotations

import json
from pathlib import Path

from newsprism.report.config import RUNNER_PARAMETERS, notebook_parameters


def toml_value(value) -> str | None:
    """``value`` written as TOML, or None when TOML cannot hold it (None, tuples of mixed)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        items = [toml_value(v) for v in value]
        return None if None in items else "[" + ", ".join(items) + "]"
    return None


def corpus_facts(docs) -> dict:
    """What the template says about a corpus: outlets, span, columns, the suggested period."""
    from newsprism.trends.periods import choose_period

    dated = docs["date"].dropna()
    period, why = choose_period(docs["date"], docs["source"])
    return {
        "n_docs": len(docs),
        "outlets": docs["source"].value_counts().to_dict(),
        "first": None if dated.empty else f"{dated.min():%Y-%m-%d}",
        "last": None if dated.empty else f"{dated.max():%Y-%m-%d}",
        "columns": [c for c in docs.columns],
        "period": period, "period_reason": why,
    }


def render_template(notebooks: list[Path], corpus: str | None = None, facts=None) -> str:
    """The text of a commented study file for ``notebooks`` (and the corpus ``facts``)."""
    lines = ["# newsprism study file: `newsprism report --config study.toml`",
             "# Every line is optional; uncomment to change a default. Top-level keys go to",
             "# every notebook that has the parameter; [notebook.NN] tables to one notebook.",
             "# Relative paths mean this file's folder. `-p name=value` on the command line",
             "# wins over this file.", ""]
    if corpus is not None:
        lines.append(f"corpus = {toml_value(corpus)}")
    if facts:
        outlets = ", ".join(f"{k} ({v:,})" for k, v in facts["outlets"].items())
        lines += [f"# {facts['n_docs']:,} articles kept; dates {facts['first']} to "
                  f"{facts['last']}", f"# outlets: {outlets}",
                  f"# columns: {', '.join(facts['columns'])}",
                  f"# period chosen when not set: {facts['period_reason']}",
                  f"# period = {toml_value(facts['period'])}",
                  f"# outlets = {toml_value(list(facts['outlets'])[:3])}  # a subset",
                  f"# start = {toml_value(facts['first'])}", f"# end = {toml_value(facts['last'])}"]
    lines.append("")
    seen: dict[str, str] = {}
    per_notebook = []
    for path in notebooks:
        params = notebook_parameters(path)
        block = []
        for name, p in params.items():
            if name in RUNNER_PARAMETERS or name == "corpus":
                continue
            text = toml_value(p.default)
            setting = f"# {name} = {text}" if text is not None else f"# {name} =  (default {p.source})"
            if p.comment:
                setting += f"  # {p.comment}"
            if name not in seen:
                seen[name] = path.stem
                block.append(setting)
        if block:
            per_notebook += [f"# --- {path.stem}", *block, ""]
    lines += ["# Parameters (listed under the first notebook that has them):", "",
              *per_notebook,
              "# One notebook only, e.g.:", "# [notebook.04]", "# n_themes = 12", ""]
    return "\n".join(lines)
