"""Make an executed notebook byte-stable: no timestamps, no temporary paths, no progress bars.

:func:`clean_notebook` strips what changes on every run, so rerunning a notebook with the
same inputs rewrites identical files; :func:`skipped_sections` reads the sections a
notebook skipped (see :mod:`newsprism.report.sections`) from its outputs.

Example:
    >>> is_progress_bar("fit:  40%|####      | 2/5 [00:05<00:08,  2.72s/it]")
    True
    >>> is_progress_bar("UserWarning: 40% of the rows have no date")
    False
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

from newsprism import cache

#: MIME type of the display bundle a skipped section emits (newsprism.report.sections).
SKIP_MIME = "application/vnd.newsprism.skip+json"

# tqdm's default bar: "desc: 40%|####  | 2/5 [00:05<00:08, 2.72s/it, loss=0.1]", and the
# form without a total: "desc: 7it [00:01, 5.12it/s]"
_TIME = r"(?:\d+:)?\d\d:\d\d"
_RATE = r"(?:\?|[\d.]+\s*)[a-zA-Z]*(?:/[a-zA-Z]+)?"
_PROGRESS = re.compile(
    rf"(?:\d+%\|.*\|\s*[\d.]+[a-zA-Z]*/(?:\?|[\d.]+[a-zA-Z]*)\s*|[\d.]+[a-zA-Z]*\s+)"
    rf"\[{_TIME}(?:<(?:\?|{_TIME}))?,\s*{_RATE}(?:,.*)?\]\s*$"
)


def is_progress_bar(line: str) -> bool:
    """True when ``line`` is a tqdm progress line (with or without a known total)."""
    return bool(_PROGRESS.search(line))


def clean_notebook(nb, *, shown_reports_dir: str, build_dir: Path | None = None,
                   project_dir: Path | None = None):
    """A copy of ``nb`` without what changes on every run (timestamps, temp paths, bars).

    Outputs that print the temporary build folder (e.g. paths returned by ``save_figure``)
    show the final destination instead; paths inside the project folder (cached models
    under ``data/interim``) are shown relative to it, so the report does not depend on
    where the checkout lives. Progress bars written to stderr are removed: their timings
    differ on every run.
    """
    nb = copy.deepcopy(nb)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    pm = nb.metadata.get("papermill", {})
    params = dict(pm.get("parameters", {}))
    if "reports_dir" in params:
        params["reports_dir"] = shown_reports_dir
    nb.metadata["papermill"] = {"parameters": params,
                                "default_parameters": pm.get("default_parameters", {})}
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = _rewrite_reports_dir(cell.source, shown_reports_dir)
        if "outputs" in cell:
            cell.outputs = [o for o in (_without_progress(o) for o in cell.outputs) if o is not None]
        for output in cell.get("outputs", []):
            if build_dir is not None:
                _replace_in_output(output, str(build_dir), shown_reports_dir)
            if project_dir is not None:
                _replace_in_output(output, str(project_dir) + os.sep, "")
    seen: dict[str, int] = {}
    for cell in nb.cells:
        # cell ids are random per conversion; derive them from the content instead
        digest = cache.key(cell.cell_type, cell.source)[:12]
        seen[digest] = seen.get(digest, 0) + 1
        cell["id"] = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
    return nb


def skipped_sections(nb) -> list[dict[str, str]]:
    """The ``{"section", "reason"}`` records of the sections a notebook skipped, in order."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(SKIP_MIME)
            if isinstance(record, dict):
                found.append({"section": str(record.get("section", "")),
                              "reason": str(record.get("reason", ""))})
    return found


def _without_progress(output):
    """The output with its progress-bar lines removed; None when nothing else was in it."""
    if output.get("output_type") != "stream" or output.get("name") != "stderr":
        return output
    text = output.get("text", "")
    text = "".join(text) if isinstance(text, list) else text
    kept = []
    for line in text.split("\n"):
        # a bar redraws itself after "\r"; what the terminal would show is the last part
        shown = [part for part in line.split("\r") if part.strip() and not is_progress_bar(part)]
        if shown or ("\r" not in line and not is_progress_bar(line)):
            kept.append(shown[-1] if shown else line)
    cleaned = "\n".join(kept)
    if not cleaned.strip():
        return None
    if cleaned == text:
        return output
    output = copy.deepcopy(output)
    output["text"] = cleaned
    return output


def _replace_in_output(output, old: str, new: str) -> None:
    def fix(value):
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value.replace(old, new) if isinstance(value, str) else value

    if "text" in output:
        output["text"] = fix(output["text"])
    for mime, value in output.get("data", {}).items():
        if mime.startswith("text/") or mime.endswith("json"):
            output["data"][mime] = fix(value)
    if "traceback" in output:
        output["traceback"] = fix(output["traceback"])


def _rewrite_reports_dir(source: str, shown: str) -> str:
    lines = []
    for line in source.splitlines():
        if line.startswith("reports_dir = "):
            line = f"reports_dir = {shown!r}  # the build folder, swapped in here at the end"
        lines.append(line)
    return "\n".join(lines)
