"""Smoke test: every notebook in notebooks/ runs in fast mode through ``newsprism report``.

This is how CI notices a notebook that broke: the run must exit 0, each notebook must have
its executed .ipynb and HTML, and index.html must link them all.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newsprism import config
from newsprism.report.run import discover_notebooks


@pytest.mark.slow
def test_every_notebook_runs_fast(tmp_path):
    notebooks = discover_notebooks(config.notebooks_dir())
    assert notebooks, "no notebooks found"
    out = tmp_path / "reports"
    cmd = [sys.executable, "-m", "newsprism.cli", "report", "--fast", "--force",
           "--out", str(out), "--cache-dir", str(tmp_path / "cache")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1500)
    assert proc.returncode == 0, f"newsprism report --fast failed:\n{proc.stderr[-6000:]}"
    index = (out / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in manifest["notebooks"]] == [p.stem for p in notebooks]
    for path in notebooks:
        html = out / f"{path.stem}.html"
        assert html.is_file() and (out / "notebooks" / f"{path.stem}.ipynb").is_file()
        assert f'href="{path.stem}.html"' in index
        # executed without error outputs (papermill would have raised, but be explicit)
        nb = json.loads((out / "notebooks" / f"{path.stem}.ipynb").read_text(encoding="utf-8"))
        errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
        assert not errors, f"{path.stem}: {errors[0]['ename']}: {errors[0]['evalue']}"
    assert manifest["parameters"]["fast"] is True
    # what a notebook saves, the notebooks that require it use (no silent retraining)
    shares_html = (out / "06_topic_shares.html").read_text(encoding="utf-8")
    seed_html = (out / "05_seed_case_study.html").read_text(encoding="utf-8")
    assert "no topic model at" not in shares_html, "06 did not find notebook 02's topic model"
    assert "loaded /" in shares_html and "topics_bbc.skops" in shares_html
    assert "trained on bbc" not in seed_html, "05 retrained the topic model"
    assert "loaded the fit saved at" in seed_html, "05 refitted notebook 04's themes"
