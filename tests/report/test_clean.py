"""Saved notebooks are byte-stable: no progress bars, timestamps or temporary paths."""

from __future__ import annotations

import hashlib

import nbformat
import pytest

from newsprism.report import run as runner

PROGRESS = '''# %% [markdown]
# # Progress bars

# %% tags=["parameters"]
corpus = "newsarticles"
fast = False
seed = 0
reports_dir = None
data_dir = None
cache_dir = None

# %%
import sys, time
from tqdm.auto import tqdm

for _ in tqdm(range(3), desc="folds", disable=False):  # a library that forces its bar on
    time.sleep(0.05)
for _ in tqdm(iter(range(2)), desc="no total", disable=False, leave=False):
    time.sleep(0.05)
print("warning: kept", file=sys.stderr)
print("result 42")
'''


def _stream(text, name="stderr"):
    return nbformat.v4.new_output("stream", name=name, text=text)


@pytest.mark.parametrize(("line", "bar"), [
    ("folds:   0%|          | 0/5 [00:00<?, ?it/s]", True),
    ("folds: 100%|##########| 5/5 [00:15<00:00,  3.09s/it]", True),
    ("guided themes: 100%|██████████| 3.82k/3.82k [00:03<00:00, 1.02kdoc/s]", True),
    ("minhash: 7doc [00:01, 5.12doc/s]", True),
    ("fit: 50%|#| 1/2 [1:00:01<00:01, 2.9it/s, loss=0.3]", True),
    ("UserWarning: 40% of the rows have no date", False),
    ("done [00:01]", False),
    ("", False),
])
def test_progress_lines_are_recognised(line, bar):
    from newsprism.report.clean import is_progress_bar

    assert is_progress_bar(line) is bar


@pytest.mark.parametrize(("text", "kept"), [
    ("\rfolds:   0%|          | 0/2 [00:00<?, ?it/s]\rfolds: 100%|##| 2/2 [00:01<00:00, 1.9it/s]\n", None),
    ("\r          \r", None),  # what leave=False leaves behind
    ("a warning\nfolds: 100%|##| 2/2 [00:01<00:00, 1.9it/s]\nanother\n", "a warning\nanother\n"),
    ("plain warning\n", "plain warning\n"),
])
def test_clean_notebook_drops_progress_bars_only(text, kept):
    from newsprism.report.clean import clean_notebook

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("run()")
    cell.outputs = [_stream(text), _stream("folds: 1/2 [00:01<00:00, 1.9it/s]\n", name="stdout")]
    nb.cells = [cell]
    outputs = clean_notebook(nb, shown_reports_dir="../reports").cells[0].outputs
    stderr = [o["text"] for o in outputs if o["name"] == "stderr"]
    assert stderr == ([] if kept is None else [kept])
    assert [o["name"] for o in outputs if o["name"] == "stdout"] == ["stdout"]  # stdout untouched
    assert cell.outputs[0]["text"] == text  # the input notebook is not modified


def test_forced_rerun_with_progress_bars_is_byte_identical(tmp_path):
    """Issue 18 item 9: bars a library forces on (``disable=False``) leave no timings behind."""
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    (nbs / "01_progress.py").write_text(PROGRESS)
    out = tmp_path / "reports"
    fixed = {"corpus_hash": "0" * 64, "code_hash": "c" * 64, "log": lambda _: None, "jobs": 1}
    runner.run_report(nbs, out, **fixed)
    first = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in (out / "01_progress.html", out / "notebooks" / "01_progress.ipynb")}
    nb = nbformat.read(out / "notebooks" / "01_progress.ipynb", as_version=4)
    shown = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "it/s" not in shown and "folds" not in shown and "no total" not in shown
    assert "warning: kept" in shown and "result 42" in shown
    runner.run_report(nbs, out, force=True, **fixed)
    again = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in (out / "01_progress.html", out / "notebooks" / "01_progress.ipynb")}
    assert again == first
