"""``newsprism report`` on the command line: paths mean the caller's working directory."""

from __future__ import annotations

import json

from newsprism import cli

NOTEBOOK = '''# %% [markdown]
# # Reads its inputs

# %% tags=["parameters"]
corpus = "newsarticles"
fast = False
seed = 0
reports_dir = None
data_dir = None
cache_dir = None

# %%
from pathlib import Path
assert Path(corpus).is_file(), f"corpus {corpus} not found from {Path.cwd()}"
assert Path(data_dir).is_dir(), f"data_dir {data_dir} not found from {Path.cwd()}"
Path(cache_dir).mkdir(parents=True, exist_ok=True)
(Path(cache_dir) / "written.txt").write_text(Path(corpus).read_text())
print("read", Path(corpus).name)
'''


def test_relative_paths_are_resolved_against_the_callers_directory(tmp_path, monkeypatch):
    """Issue 18 item 4: ``--corpus my_articles.csv`` (the README's form) works from anywhere."""
    notebooks = tmp_path / "project" / "notebooks"
    notebooks.mkdir(parents=True)
    (notebooks / "01_inputs.py").write_text(NOTEBOOK)
    caller = tmp_path / "elsewhere"
    (caller / "raw").mkdir(parents=True)
    (caller / "my_articles.csv").write_text("id,text\n1,hello\n")
    monkeypatch.chdir(caller)
    code = cli.main(["report", "--corpus", "my_articles.csv", "--notebooks", "../project/notebooks",
                     "--out", "out", "--data-dir", "raw", "--cache-dir", "cache", "--jobs", "1"])
    assert code == 0
    assert (caller / "cache" / "written.txt").read_text() == "id,text\n1,hello\n"
    manifest = json.loads((caller / "out" / "manifest.json").read_text())
    assert manifest["parameters"]["corpus"] == str(caller / "my_articles.csv")
    assert manifest["corpus"]["name"] == "my_articles.csv"  # shown as the caller typed it
    assert not (notebooks / "cache").exists() and not (notebooks / "out").exists()


def test_jobs_must_be_positive(capsys):
    assert cli.main(["report", "--jobs", "0"]) == 1
    assert capsys.readouterr().err == "newsprism: error: --jobs 0: give a positive number of notebooks\n"
