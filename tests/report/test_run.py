"""The report runner on tiny notebooks: outputs, escaping, stability, caching, failure."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from newsprism.errors import NewsprismError
from newsprism.report import run as runner
from newsprism.report.clean import clean_notebook
from newsprism.report.notebooks import dependency_graph
from newsprism.report.schedule import run_scheduled

HEADER = '''# %% [markdown]
# # {title}

# %% tags=["parameters"]
corpus = "newsarticles"
fast = False
seed = 0
reports_dir = None
data_dir = None
cache_dir = None
'''

OK_1 = HEADER.format(title="First <b>tiny</b> notebook") + '''
# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Markdown, display
from newsprism.report.writer import save_figure, save_table

article = "Breaking: <script>alert('pwned')</script> & <img src=x onerror=alert(1)>"
print(article)
display(HTML("<p>raw html " + article + "</p>"))
display(Markdown("markdown " + article))
df = pd.DataFrame({"text": [article], "n": [1]})
save_table(df, "tiny_table", reports_dir)
print("saved to", reports_dir)
df

# %%
fig, ax = plt.subplots()
ax.plot([1, 2, 3], [2, 1, 3])
_ = save_figure(fig, "tiny_line", reports_dir)
'''

OK_2 = HEADER.format(title="Second") + '''
# %%
print("fast is", fast, "seed is", seed, "corpus is", corpus)
'''

FAIL = HEADER.format(title="Broken") + '''
# %%
x = 1

# %%
raise ValueError("deliberate failure in the middle")

# %%
print("never reached")
'''


# fixed input hashes: other work on the package must not invalidate the cache mid-test
FIXED = {"corpus_hash": "0" * 64, "code_hash": "c" * 64}


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    nbs = root / "notebooks"
    nbs.mkdir()
    (nbs / "01_tiny.py").write_text(OK_1)
    (nbs / "02_second.py").write_text(OK_2)
    (nbs / "helper.py").write_text("raise SystemExit('not a notebook')\n")
    out = root / "reports"
    (out / "benchmarks").mkdir(parents=True)
    (out / "benchmarks" / "keep.json").write_text("{}")  # not the runner's: must survive
    lines = []
    manifest = runner.run_report(nbs, out, fast=True, seed=3, **FIXED,
                                 extra_inputs=(), log=lines.append)
    snapshot = _tree(out)
    return root, nbs, out, manifest, snapshot, lines


def test_outputs_index_and_manifest(first_run):
    root, nbs, out, manifest, snapshot, _ = first_run
    names = [r["name"] for r in manifest["notebooks"]]
    assert names == ["01_tiny", "02_second"]
    assert all(r["status"] == "executed" for r in manifest["notebooks"])
    assert {"figures/tiny_line.png", "figures/tiny_line.svg"} <= set(manifest["notebooks"][0]["figures"])
    assert manifest["notebooks"][0]["tables"] == ["tables/tiny_table.csv"]
    assert manifest["notebooks"][1]["figures"] == []
    assert manifest["parameters"]["fast"] is True and manifest["parameters"]["seed"] == 3
    assert manifest["corpus"] == {"name": "newsarticles", "content_sha256": "0" * 64}
    assert manifest["code_sha256"] == "c" * 64
    assert "pandas" in manifest["versions"] and manifest["git"]["commit"]
    for r in manifest["notebooks"]:
        assert r["duration_s"] > 0 and r["started"] <= r["finished"]
    index = (out / "index.html").read_text()
    for rel in ["01_tiny.html", "02_second.html", "notebooks/01_tiny.ipynb",
                "figures/tiny_line.png", "tables/tiny_table.csv", "manifest.json"]:
        assert (out / rel).is_file()
        assert f'href="{rel}"' in index
    # the heading's markup is shown as text, never interpreted
    assert "First &lt;b&gt;tiny&lt;/b&gt; notebook" in index
    assert json.loads((out / "manifest.json").read_text()) == manifest
    assert (out / "benchmarks" / "keep.json").is_file()
    assert not list(root.glob(".reports.*")), "build folder left behind"


def test_parameters_are_injected(first_run):
    _, _, out, *_ = first_run
    nb = json.loads((out / "notebooks" / "02_second.ipynb").read_text())
    text = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
    assert "fast is True seed is 3 corpus is newsarticles" in text


def test_article_text_renders_inert(first_run):
    _, _, out, *_ = first_run
    html = (out / "01_tiny.html").read_text()
    # no script element and no event handler survives anywhere in the page
    assert not re.search(r"<script", html, re.I)
    assert not re.search(r"<img[^>]*onerror", html, re.I)
    # ...while the article text is still there, escaped (print, DataFrame, HTML, Markdown)
    assert html.count("&lt;script&gt;alert(") >= 4
    assert 'class="dataframe"' in html and "<th>" in html.replace('<th ', '<th>')


def test_no_build_paths_or_timestamps(first_run):
    _, _, out, *_ = first_run
    raw = (out / "notebooks" / "01_tiny.ipynb").read_text()
    assert ".reports.build" not in raw
    assert "saved to ../reports" in raw
    nb = json.loads(raw)
    assert set(nb["metadata"]["papermill"]) == {"parameters", "default_parameters"}
    for cell in nb["cells"]:
        assert "papermill" not in cell["metadata"] and "execution" not in cell["metadata"]
    assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:\d\d", raw + (out / "01_tiny.html").read_text())


def test_rerun_is_cached_and_forced_rerun_is_byte_identical(first_run):
    root, nbs, out, _, snapshot, _ = first_run
    cached = runner.run_report(nbs, out, fast=True, seed=3, **FIXED, log=lambda _: None)
    assert [r["status"] for r in cached["notebooks"]] == ["cached", "cached"]
    forced = runner.run_report(nbs, out, fast=True, seed=3, **FIXED, force=True,
                               only=["01"], log=lambda _: None)
    assert [r["status"] for r in forced["notebooks"]] == ["executed", "kept"]
    now = _tree(out)
    volatile = {"index.html", "manifest.json"}
    assert {k: v for k, v in now.items() if k not in volatile} == \
        {k: v for k, v in snapshot.items() if k not in volatile}


def test_changed_parameters_invalidate_the_cache(first_run):
    root, nbs, out, *_ = first_run
    target = root / "other"
    runner.run_report(nbs, target, fast=True, seed=3, **FIXED, only=["02_second"],
                      log=lambda _: None)
    again = runner.run_report(nbs, target, fast=True, seed=4, **FIXED,
                              only=["second"], log=lambda _: None)
    assert [r["status"] for r in again["notebooks"]] == ["executed"]


def test_failing_notebook_leaves_previous_reports_intact(first_run):
    root, nbs, out, *_ = first_run
    before = _tree(out)
    broken = root / "broken"
    broken.mkdir()
    for p in nbs.glob("0*.py"):
        (broken / p.name).write_text(p.read_text())
    (broken / "03_broken.py").write_text(FAIL)
    with pytest.raises(runner.NotebookFailed) as info:
        runner.run_report(broken, out, fast=True, seed=3, **FIXED, log=lambda _: None)
    err = info.value
    assert err.notebook == "03_broken"
    assert "deliberate failure" in str(err) and "ValueError" in str(err)
    assert 'raise ValueError("deliberate failure' in err.source
    assert "deliberate failure in the middle" in err.traceback
    assert "03_broken" in err.details() and "previous reports were left unchanged" in err.details()
    assert _tree(out) == before
    assert not list(root.glob(".reports.*")), "build folder left behind"


def test_discover_and_only(tmp_path):
    for n in ["02_b.py", "01_a.py", "10_c.py", "x_01.py", "01_a.ipynb"]:
        (tmp_path / n).write_text("# %%\n")
    assert [p.name for p in runner.discover_notebooks(tmp_path)] == ["01_a.py", "02_b.py", "10_c.py"]
    assert [p.stem for p in runner.discover_notebooks(tmp_path, ["c", "01"])] == ["01_a", "10_c"]
    assert [p.stem for p in runner.discover_notebooks(tmp_path, ["02_b.py"])] == ["02_b"]
    with pytest.raises(NewsprismError, match="nope.*available: 01_a, 02_b, 10_c"):
        runner.discover_notebooks(tmp_path, ["nope"])


def test_index_escapes_manifest_values(tmp_path):
    from newsprism.report.index import render_index

    manifest = {"corpus": {"name": "<script>x</script>", "content_sha256": "a"},
                "parameters": {"corpus": "<script>x</script>"}, "versions": {},
                "git": {"commit": "c"}, "notebooks": []}
    page = render_index(manifest, tmp_path)
    assert "<script" not in page and "&lt;script&gt;" in page


def test_corpus_fingerprint_follows_content(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("text\nhello\n")
    h1 = runner.corpus_fingerprint(str(f), None)
    assert h1 == runner.corpus_fingerprint(str(f), None)
    f.write_text("text\nhello!\n")
    assert runner.corpus_fingerprint(str(f), None) != h1
    with pytest.raises(NewsprismError, match="neither an existing file"):
        runner.corpus_fingerprint(str(tmp_path / "missing.csv"), None)


def test_cli_registers_report():
    from newsprism.cli import build_parser

    args = build_parser().parse_args(["report", "--fast", "--only", "01", "02", "--force",
                                      "--corpus", "bbc", "--out", "x"])
    assert args.fast and args.force and args.only == ["01", "02"] and args.corpus == "bbc"
    assert callable(args.handler)


def test_cli_prints_the_failing_cell_and_exits_nonzero(monkeypatch, tmp_path, capsys):
    from newsprism import cli

    def fail(*args, **kwargs):
        raise runner.NotebookFailed("03_broken", cell=4, source="raise ValueError('x')",
                                    ename="ValueError", evalue="x",
                                    traceback="Traceback...\nValueError: x")

    monkeypatch.setattr(runner, "run_report", fail)
    monkeypatch.setattr(runner, "corpus_fingerprint", lambda *a, **k: "0" * 64)
    code = cli.main(["report", "--fast", "--out", str(tmp_path / "r"), "--notebooks", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "notebook 03_broken failed in cell In [4]: ValueError: x" in err
    assert "raise ValueError('x')" in err and "Traceback..." in err


# ---------------------------------------------------------------- dependencies, parallel runs


def _requiring(requires: str, body: str = "") -> str:
    return ("# ---\n# jupyter:\n#   newsprism:\n"
            f"#     requires: {requires}\n# ---\n\n") + HEADER.format(title="Dependent") + body


def test_dependency_graph_reads_headers_and_refuses_later_or_unknown(tmp_path):
    (tmp_path / "01_a.py").write_text(OK_2)
    (tmp_path / "02_b.py").write_text(_requiring("[01]"))
    (tmp_path / "03_c.py").write_text(_requiring("[01_a, b]"))
    graph = dependency_graph(runner.discover_notebooks(tmp_path))
    assert graph == {"01_a": [], "02_b": ["01_a"], "03_c": ["01_a", "02_b"]}
    (tmp_path / "01_a.py").write_text(_requiring("[03_c]"))
    with pytest.raises(NewsprismError, match="01_a.py: requires '03_c', which is not an earlier"):
        dependency_graph(runner.discover_notebooks(tmp_path))


def _fake_plan(names):
    return [(i, Path(f"{n}.py"), "key") for i, n in enumerate(names, 1)]


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_scheduler_starts_a_notebook_only_after_what_it_requires(jobs):
    import threading
    import time

    events, lock = [], threading.Lock()
    graph = {"01_a": [], "02_b": [], "03_c": ["01_a"], "04_d": ["02_b", "03_c"]}

    def execute(i, path, key):
        with lock:
            events.append(("start", path.stem))
        time.sleep({"01_a": 0.2, "02_b": 0.05}.get(path.stem, 0.01))
        with lock:
            events.append(("end", path.stem))
        return path.stem

    results = run_scheduled(_fake_plan(graph), graph, execute, jobs)
    assert results == {n: n for n in graph}
    position = {e: k for k, e in enumerate(events)}
    for name, requires in graph.items():
        for dep in requires:
            assert position[("end", dep)] < position[("start", name)], events
    if jobs > 1:  # independent notebooks overlap
        assert position[("start", "02_b")] < position[("end", "01_a")], events


def test_scheduler_starts_the_notebook_others_wait_on_first():
    import time

    started = []

    def execute(i, path, key):
        started.append(path.stem)
        time.sleep(0.05)  # the third ready notebook can only start once a slot frees
        return path.stem

    # three notebooks are ready, two slots: 01_a (nothing waits on it) goes last
    graph = {"01_a": [], "02_b": [], "03_c": [], "04_d": ["02_b"], "05_e": ["03_c", "04_d"]}
    run_scheduled(_fake_plan(graph), graph, execute, 2)
    assert set(started[:2]) == {"02_b", "03_c"}, started
    assert sorted(started) == sorted(graph)


def test_scheduler_stops_starting_after_a_failure_and_raises_it():
    started = []

    def execute(i, path, key):
        started.append(path.stem)
        if path.stem == "01_a":
            raise RuntimeError("boom in 01_a")
        return path.stem

    graph = {"01_a": [], "02_b": ["01_a"], "03_c": ["01_a"]}
    with pytest.raises(RuntimeError, match="boom in 01_a"):
        run_scheduled(_fake_plan(graph), graph, execute, 2)
    assert started == ["01_a"]


def test_changing_a_notebook_reruns_the_notebooks_that_require_it(tmp_path):
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    (nbs / "01_a.py").write_text(OK_2)
    (nbs / "02_b.py").write_text(_requiring("[01_a]", '\n# %%\nprint("downstream")\n'))
    (nbs / "03_c.py").write_text(OK_2.replace("Second", "Independent"))
    out = tmp_path / "reports"
    runner.run_report(nbs, out, fast=True, **FIXED, log=lambda _: None)
    (nbs / "01_a.py").write_text(OK_2 + '\n# %%\nprint("changed")\n')
    again = runner.run_report(nbs, out, fast=True, **FIXED, log=lambda _: None)
    assert {r["name"]: r["status"] for r in again["notebooks"]} == {
        "01_a": "executed", "02_b": "executed", "03_c": "cached"}


def test_clean_notebook_shows_project_paths_relative(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(path)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                           text=f"loaded {tmp_path}/data/interim/models/m.skops\n")]
    nb.cells = [cell]
    clean = clean_notebook(nb, shown_reports_dir="../reports", project_dir=tmp_path)
    assert clean.cells[0].outputs[0]["text"] == "loaded data/interim/models/m.skops\n"
