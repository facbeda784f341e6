"""Sections a corpus cannot support are skipped with a reason; the report still completes."""

from __future__ import annotations

import json

import pytest


SKIPPING = '''# %% [markdown]
# # Degenerate corpus

# %% tags=["parameters"]
corpus = "newsarticles"
fast = False
seed = 0
reports_dir = None
data_dir = None
cache_dir = None

# %%
from newsprism.report.sections import require, section, skip_rest
dates = []
outlets = ["only one"]

# %%
with section("Documents per week") as weekly:
    require(len(dates) > 0, "no document has a date")
    print("never printed")

# %%
with section("Outlet sizes") as sizes:
    require(len(outlets) >= 1, "no outlet")
    print("sizes computed")

# %%
if not weekly.done:
    print("weekly skipped:", weekly.reason)

# %%
if len(outlets) < 2:
    skip_rest("Distinctive terms", "needs at least two outlets, the corpus has 1")

# %%
raise AssertionError("cells after skip_rest must not run")
'''


def _quiet(*args, **kwargs):
    pass


def test_section_runs_or_skips_with_its_reason():
    from newsprism.report.sections import require, section

    shown = []
    with section("A", display=lambda bundle, raw: shown.append(bundle)) as ok:
        require(True, "never")
    with section("B", display=lambda bundle, raw: shown.append(bundle)) as skipped:
        require(False, "too few documents")
        raise AssertionError("not reached")
    assert ok.done and ok.reason is None
    assert not skipped.done and skipped.reason == "too few documents"
    assert len(shown) == 1 and shown[0]["text/markdown"] == "**Skipped: B.** too few documents"
    assert shown[0]["application/vnd.newsprism.skip+json"] == {"section": "B",
                                                                "reason": "too few documents"}


def test_section_lets_every_other_error_through():
    from newsprism.report.sections import SectionSkipped, require, section

    with pytest.raises(ZeroDivisionError):
        with section("C", display=_quiet):
            1 / 0
    with pytest.raises(SectionSkipped):  # require outside a section is not swallowed
        require(False, "outside")


def test_section_skips_on_the_exception_types_it_names():
    from newsprism.report.sections import section

    class TooSmall(ValueError):
        pass

    with section("E", skip_on=(TooSmall,), display=_quiet) as small:
        raise TooSmall("only 5 documents")
    assert small.reason == "only 5 documents" and not small.done
    with pytest.raises(ValueError):  # a plain ValueError is still a failure
        with section("F", skip_on=(TooSmall,), display=_quiet):
            raise ValueError("a bug")


def test_skip_rest_notes_then_stops():
    from newsprism.report.sections import skip_rest

    shown = []
    with pytest.raises(Exception, match="D: reason"):
        skip_rest("D", "reason", display=lambda bundle, raw: shown.append(bundle))
    assert shown[0]["text/plain"] == "Skipped: D. reason"


def test_report_completes_and_lists_skipped_sections(tmp_path, capsys):
    """Issue 18 item 8: a notebook skips what it cannot compute; exit 0, the index says why."""
    from newsprism import cli

    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    (nbs / "01_degenerate.py").write_text(SKIPPING)
    out = tmp_path / "reports"
    csv = tmp_path / "five.csv"
    csv.write_text("id,text\n1,x\n")
    code = cli.main(["report", "--notebooks", str(nbs), "--out", str(out), "--corpus", str(csv),
                     "--jobs", "1"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "2 sections skipped, listed in the index" in captured.out
    run = json.loads((out / "manifest.json").read_text())["notebooks"][0]
    assert run["status"] == "executed"
    assert run["skipped"] == [
        {"section": "Documents per week", "reason": "no document has a date"},
        {"section": "Distinctive terms", "reason": "needs at least two outlets, the corpus has 1"},
    ]
    index = (out / "index.html").read_text()
    assert "Skipped sections" in index and "no document has a date" in index
    page = (out / "01_degenerate.html").read_text()
    assert "weekly skipped: no document has a date" in page and "sizes computed" in page
    assert "Skipped: Distinctive terms" in page
    assert "RestSkipped" not in page and "papermill-error" not in page
    assert "cells after skip_rest must not run" in page  # shown as source, never executed
    nb = json.loads((out / "notebooks" / "01_degenerate.ipynb").read_text())
    assert not [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
