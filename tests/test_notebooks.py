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


def _degenerate_corpus(folder, kind: str):
    """Tiny corpora that used to end the report with an internal error (issue 18 item 8)."""
    import random

    import pandas as pd

    rng = random.Random(0)
    words = ("kremlin moscow senate vote budget minister election border trade talks summit "
             "court ruling protest police storm flood market shares league match").split()
    n = {"five_articles": 5, "no_dates": 30, "one_outlet": 30, "all_rejected": 4,
         "five_undated_one_outlet": 5}[kind]
    rows = pd.DataFrame({
        "id": [str(i) for i in range(n)],
        "date": [f"2017-02-{1 + i % 27:02d}" for i in range(n)],
        "source": [("TASS", "BBC", "CNN")[i % 3] for i in range(n)],
        "text": [" ".join(rng.choice(words) for _ in range(60)) for _ in range(n)],
    })
    if kind in ("no_dates", "five_undated_one_outlet"):
        rows = rows.drop(columns="date")
    if kind in ("one_outlet", "five_undated_one_outlet"):
        rows["source"] = "TASS"
    if kind == "all_rejected":
        rows["text"] = "too short"
    path = folder / f"{kind}.csv"
    rows.to_csv(path, index=False)
    return path


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "skipped"), [
    ("five_articles", []),
    ("no_dates", ["Documents per outlet and period"]),
    ("one_outlet", ["What sets each outlet apart"]),
    ("all_rejected", ["Everything below"]),
])
def test_corpus_overview_completes_on_a_degenerate_corpus(tmp_path, kind, skipped):
    corpus = _degenerate_corpus(tmp_path, kind)
    out = tmp_path / "reports"
    cmd = [sys.executable, "-m", "newsprism.cli", "report", "--only", "01", "--corpus", str(corpus),
           "--out", str(out), "--cache-dir", str(tmp_path / "cache")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    run = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["notebooks"][0]
    assert [s["section"] for s in run["skipped"]] == skipped
    index = (out / "index.html").read_text(encoding="utf-8")
    for s in run["skipped"]:
        assert s["reason"] and s["reason"] in index.replace("&#x27;", "'")


@pytest.mark.slow
def test_the_whole_report_completes_on_a_degenerate_corpus(tmp_path):
    """Five undated articles from one outlet: every notebook runs, skipping what it cannot do."""
    corpus = _degenerate_corpus(tmp_path, "five_undated_one_outlet")
    out = tmp_path / "reports"
    cmd = [sys.executable, "-m", "newsprism.cli", "report", "--fast", "--corpus", str(corpus),
           "--out", str(out), "--cache-dir", str(tmp_path / "cache")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1500)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "skipped, listed in the index" in proc.stdout
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    runs = {r["name"]: r for r in manifest["notebooks"]}
    assert [r["status"] for r in runs.values()] == ["executed"] * len(discover_notebooks(
        config.notebooks_dir()))
    skipped = {name: [s["section"] for s in r["skipped"]] for name, r in runs.items()}
    assert skipped["01_corpus_overview"] == ["Documents per outlet and period",
                                             "What sets each outlet apart"]
    assert skipped["04_themes_over_time"] == ["Themes over time"]
    assert skipped["06_topic_shares"] == ["Topic shares per period"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<td>Themes over time</td>") == 1
