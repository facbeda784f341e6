"""Issue 16, "done when": the report on a corpus it was not written for.

A small literal corpus with unusual column names, years instead of weeks, invented outlets,
and its own targets, themes, gold and seed files (all set by a study file): every notebook
must execute, and no name of the demo corpus may appear in what the notebooks show.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys

import pandas as pd
import pytest

from newsprism import config
from newsprism.report.run import discover_notebooks

OUTLETS = ("Harbour Gazette", "Valley Courier", "Summit Ledger")
TOPICS = {
    "fisheries": "trawler harbour catch quota fishermen herring boats nets pier cannery".split(),
    "railways": "railway train station timetable tracks locomotive carriages signal depot fare".split(),
    "festivals": "festival music stage parade lanterns dancers concert tickets crowd fireworks".split(),
    "budget": "budget council spending taxes deficit ledger auditors revenue bonds treasury".split(),
}
FILLER = "the a of and in on for with was were said after before during this that".split()
TARGETS_TOML = '''
[[target]]
name = "Aldoria"
aliases = ["Aldoria", "Aldorian"]
patterns = []
contextual = []
exclude = []

[[target]]
name = "Harbour Council"
aliases = ["Harbour Council"]
patterns = []
contextual = []
exclude = []
'''
THEMES_TOML = "".join(
    f'[themes.{t}]\nlabel = "{t.title()}"\nterms = {json.dumps(words[:6])}\n\n'
    for t, words in TOPICS.items())
# words the demo corpus, its targets, themes and seed article bring; none may show up
DEMO_NAMES = ("TASS", "NATO", "Russia", "China Daily", "newsarticles", "NewsArticles", "Xinhua",
              "Al Jazeera", "Kremlin", "Corfu", "military_ties", "migration")
STANCE = {"favor": "praised", "against": "condemned", "neutral": "met"}


def _article(rng, k):
    topic = list(TOPICS)[k % len(TOPICS)]
    words = [rng.choice(TOPICS[topic] if rng.random() < 0.45 else FILLER) for _ in range(90)]
    target = ("Aldoria", "Harbour Council")[k % 2]
    label = list(STANCE)[k % 3]
    return (" ".join(words[:45]) + f". Officials {STANCE[label]} {target} on the matter. "
            + " ".join(words[45:]) + ".")


def _study(folder):
    rng = random.Random(7)
    n = 240
    dates = pd.date_range("2012-01-01", "2019-12-31", periods=n).strftime("%d/%m/%Y %H:%M")
    corpus = pd.DataFrame({
        "article_id": [f"hg-{k:04d}" for k in range(n)],
        "headline": [f"Story {k} about {list(TOPICS)[k % 4]}" for k in range(n)],
        "maintext": [_article(rng, k) for k in range(n)],
        "published_at": dates,
        "publisher": [OUTLETS[k % 3] for k in range(n)],
        "desk": [list(TOPICS)[k % 4] for k in range(n)],  # the researcher's own code
    })
    corpus.to_csv(folder / "harbour_towns.csv", index=False)
    gold = []
    for k in range(60):
        target, label = ("Aldoria", "Harbour Council")[k % 2], list(STANCE)[k % 3]
        sentence = f"Officials {STANCE[label]} {target} after the {list(TOPICS)[k % 4]} report."
        start = sentence.index(target)
        gold.append({"item_id": f"g{k}", "doc_id": f"hg-{k:04d}", "source": OUTLETS[k % 3],
                     "target": target, "mention": target, "start": start,
                     "end": start + len(target), "sentence": sentence, "label": label})
    pd.DataFrame(gold).to_csv(folder / "gold.csv", index=False)
    (folder / "targets.toml").write_text(TARGETS_TOML, encoding="utf-8")
    (folder / "themes.toml").write_text(THEMES_TOML, encoding="utf-8")
    (folder / "seed.txt").write_text(
        "The Harbour Council praised Aldoria for the new railway timetable and the herring "
        "quota. Aldorian boats met the trawler fleet at the pier before the festival. " * 3,
        encoding="utf-8")
    (folder / "study.toml").write_text(
        'corpus = "harbour_towns.csv"\ntargets_file = "targets.toml"\n'
        'themes_file = "themes.toml"\ngold_file = "gold.csv"\nseed_file = "seed.txt"\n'
        'newsmtsc_dir = "no-newsmtsc-here"\nstance_model = "linear"\nmin_matches = 1\n',
        encoding="utf-8")
    return folder / "study.toml"


def _shown_text(ipynb: dict, skip=("parameters",)) -> str:
    """Everything a reader sees: cell sources (but the default parameters) and outputs."""
    parts = []
    for cell in ipynb["cells"]:
        if not set(skip) & set(cell.get("metadata", {}).get("tags", [])):
            parts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            for mime in ("text/plain", "text/markdown", "text/html"):
                parts.append("".join(out.get("data", {}).get(mime, "")))
    return "\n".join(parts)


@pytest.mark.slow
def test_the_report_reads_true_on_a_corpus_it_was_not_written_for(tmp_path):
    study = _study(tmp_path)
    out = tmp_path / "reports"
    cmd = [sys.executable, "-m", "newsprism.cli", "report", "--fast", "--config", str(study),
           "--out", str(out), "--cache-dir", str(tmp_path / "cache")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1500)
    assert proc.returncode == 0, proc.stderr[-6000:]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    names = [p.stem for p in discover_notebooks(config.notebooks_dir())]
    assert [r["name"] for r in manifest["notebooks"]] == names
    assert {r["status"] for r in manifest["notebooks"]} == {"executed"}
    assert manifest["configuration"]["parameters"]["targets_file"] == str(tmp_path / "targets.toml")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Corpus <b>harbour_towns</b>" in index and "themes.toml" in index
    for name in names:
        ipynb = json.loads((out / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
        shown = _shown_text(ipynb)
        found = [w for w in DEMO_NAMES if re.search(rf"\b{re.escape(w)}\b", shown)]
        assert not found, f"{name} shows demo names {found}"
        # titles and result sentences name the corpus, not its path (the injected
        # parameters, and the paths of saved models, may show paths)
        results = _shown_text(ipynb, skip=("parameters", "injected-parameters"))
        assert f"{tmp_path}/harbour_towns" not in results, f"{name} shows the corpus path"
    found = [w for w in DEMO_NAMES if w in index]
    assert not found, f"index.html shows demo names {found}"
    # the span is eight years: the period is chosen from it, not fixed to weeks
    themes = _shown_text(json.loads((out / "notebooks" / "04_themes_over_time.ipynb")
                                    .read_text(encoding="utf-8")))
    assert "Period chosen from the corpus:" in themes and "week (starting Monday):" not in themes
