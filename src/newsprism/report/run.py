"""Execute the notebooks with papermill and render a complete reports folder.

``run_report`` runs every ``NN_name.py`` notebook (jupytext percent format) found in a
notebooks folder, in order (independent notebooks side by side, see
:func:`~newsprism.report.notebooks.notebook_requires`), with the parameters ``corpus``,
``fast``, ``seed``, ``reports_dir``, ``data_dir`` and ``cache_dir`` injected into its tagged
``parameters`` cell. Paths are made absolute first: the notebooks run inside the notebooks
folder, not where you called the runner. The result is one folder::

    index.html            links everything, shows the run manifest and skipped sections
    manifest.json         git commit, corpus + content hash, versions, parameters, timings
    NN_name.html          each executed notebook rendered by nbconvert
    notebooks/NN_name.ipynb   each executed notebook
    figures/, tables/     what the notebooks saved with newsprism.report.writer

Guarantees:

* **One run at a time.** A lock next to the destination makes a second run into the same
  folder stop at once with :class:`~newsprism.report.folder.ReportBusy`; a lock left by a
  killed run is taken over, and its leftover build folder removed.
* **Atomic.** Everything is built in a private temporary folder next to the destination
  and swapped in at the end. A failing notebook raises :class:`NotebookFailed` (notebook
  name, failing cell, traceback) and leaves the previous folder untouched.
* **Cached.** Each notebook gets a key: hash of its source, of the newsprism package
  source, of the corpus content, of the parameters and library versions. When the previous
  run in the destination has the same key, its outputs are reused instead of re-executing
  (``force=True`` re-executes everything).
* **Stable.** Execution timestamps, temporary paths and progress bars are stripped from the
  saved notebooks and HTML, so a rerun changes only what changed; times live only in
  ``manifest.json`` and ``index.html``.
* **Degenerate corpora complete.** A section a corpus cannot support is skipped with its
  reason (:mod:`newsprism.report.sections`); the index lists every skip.

Example:
    >>> run_report("notebooks", "reports", fast=True)   # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from newsprism import cache
from newsprism.errors import NewsprismError
from newsprism.fingerprint import files_under, path_fingerprint
from newsprism.fingerprint import source_fingerprint as package_fingerprint
from newsprism.persist import package_versions
from newsprism.report.clean import clean_notebook, skipped_sections
from newsprism.report.config import RunConfig, notebook_parameters, validate
from newsprism.report.folder import (ReportBusy, carry_over, copy_files, locked, move_outputs,
                                     new_build_folder, read_manifest, swap_in)
from newsprism.report.html import render_html
from newsprism.report.kernel import NotebookFailed, execute_notebook, kernel_environment
from newsprism.report.notebooks import (dependency_graph, discover_notebooks, notebook_requires,
                                        notebook_title)
from newsprism.report.schedule import run_scheduled

__all__ = ["NotebookFailed", "NotebookRun", "ReportBusy", "corpus_fingerprint",
           "discover_notebooks", "git_state", "notebook_requires", "run_report"]

#: Bump when the layout or the post-processing changes, to invalidate cached outputs.
FORMAT_VERSION = 2
#: Libraries whose versions go into the manifest and the cache key.
TRACKED_PACKAGES = (
    "newsprism", "numpy", "pandas", "scipy", "scikit-learn", "matplotlib", "nltk", "ftfy",
    "skops", "vaderSentiment", "papermill", "nbconvert", "jupytext", "ipykernel",
)


@dataclass
class NotebookRun:
    """What the manifest records for one notebook."""

    name: str
    title: str
    status: str  # "executed", "cached" (same key as before) or "kept" (not selected)
    key: str
    started: str
    finished: str
    duration_s: float
    html: str
    ipynb: str
    figures: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # {"section", "reason"} per skip

    def outputs(self) -> list[str]:
        """The files of this run, relative to the reports folder."""
        return [self.html, self.ipynb, *self.figures, *self.tables]


# --------------------------------------------------------------------------- inputs


def corpus_fingerprint(corpus: str, data_dir: str | Path | None) -> str:
    """Content hash of a corpus: a built-in dataset's raw files, or a user file/folder.

    Built-in names win over a file of the same name (as in ``newsprism.corpus.ingest``);
    built-in datasets are fetched into ``data_dir`` first (a no-op when present).
    """
    from newsprism.corpus.acquire import DATASETS, fetch
    from newsprism.corpus.loaders import BUILTIN

    if corpus in BUILTIN and data_dir is not None:
        return path_fingerprint(fetch(corpus, data_dir))
    if Path(corpus).exists():
        return path_fingerprint(corpus)
    raise NewsprismError(
        f"corpus {corpus!r} is neither an existing file/folder nor a built-in dataset "
        f"({', '.join(sorted(DATASETS))}) with a data folder"
    )


def absolute_inputs(corpus: str, data_dir=None, cache_dir=None) -> tuple[str, str | None, str | None]:
    """``corpus`` (unless a built-in name), ``data_dir`` and ``cache_dir`` as absolute paths.

    The notebooks run in the notebooks folder; a relative path given by the caller means
    the caller's working directory.

    Example:
        >>> import os
        >>> absolute_inputs("bbc", "data/raw")[0], os.path.isabs(absolute_inputs("bbc", "data/raw")[1])
        ('bbc', True)
    """
    from newsprism.corpus.loaders import BUILTIN

    def absolute(path):
        return os.path.abspath(os.path.expanduser(str(path))) if path is not None else None

    return (str(corpus) if str(corpus) in BUILTIN else absolute(corpus),
            absolute(data_dir), absolute(cache_dir))


def _stat_fingerprint(path: Path) -> str:
    # Large external inputs (shared benchmarks) are fingerprinted by name, size and mtime:
    # hashing gigabytes on every run would defeat the cache.
    if path.is_file():
        files, root = [path], path.parent
    elif path.is_dir():
        files, root = files_under(path), path
    else:
        return "absent"
    stats = sorted((p.relative_to(root).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                   for p in files)
    return cache.key(stats)


def git_state(folder: str | Path) -> dict[str, object]:
    """Commit and dirty flag of the git checkout holding ``folder`` (``unknown`` outside git)."""
    def git(*args):
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                              text=True, timeout=20)

    try:
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            return {"commit": "unknown", "dirty": None}
        status = git("status", "--porcelain", "--untracked-files=no")
        return {"commit": head.stdout.strip(), "dirty": bool(status.stdout.strip())}
    except (OSError, subprocess.SubprocessError):
        return {"commit": "unknown", "dirty": None}


def _git_state_any(notebooks_dir: Path) -> dict[str, object]:
    state = git_state(notebooks_dir)
    if state["commit"] == "unknown":  # notebooks outside the checkout: report newsprism's own
        import newsprism

        state = git_state(Path(newsprism.__file__).resolve().parent)
    return state


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- the run


def run_report(
    notebooks_dir: str | Path,
    out_dir: str | Path,
    *,
    corpus: str = "newsarticles",
    fast: bool = False,
    seed: int = 0,
    only=None,
    force: bool = False,
    data_dir: str | Path | None = None,
    cache_dir: str | Path | None = None,
    corpus_hash: str | None = None,
    code_hash: str | None = None,
    extra_inputs=(),
    timeout: float | None = 3600,
    jobs: int | None = None,
    log=None,
    config=None,
) -> dict:
    """Execute the notebooks and (atomically) replace ``out_dir`` with a fresh report.

    Args:
        notebooks_dir: folder holding ``NN_name.py`` notebooks.
        out_dir: destination (e.g. ``reports/``); replaced only when every notebook succeeded.
        corpus, fast, seed: passed to every notebook (a relative corpus path is made
            absolute against the current working directory).
        only: names of notebooks to run; the others keep their previous outputs.
        force: re-execute even when a notebook's cache key is unchanged.
        data_dir, cache_dir: passed to the notebooks as absolute paths (``None``: the
            notebook resolves its defaults).
        corpus_hash: content hash of the corpus; computed with :func:`corpus_fingerprint`
            from ``corpus`` and ``data_dir`` when not given.
        code_hash: hash of the analysis code; default the installed newsprism source.
        extra_inputs: more files/folders the notebooks read (shared benchmarks, seeds,
            annotations); their name/size/mtime go into every cache key.
        timeout: seconds allowed per cell.
        jobs: notebooks executed side by side (default: up to 3, at most the CPU count);
            a notebook declaring ``requires`` in its header waits for those.
        log: callable taking one line of progress (default: print to stderr).
        config: a :class:`~newsprism.report.config.RunConfig` (study file and ``-p``
            overrides); each notebook gets the values of the parameters it declares, and
            a name no notebook declares is an error raised before anything runs.

    Returns:
        The manifest (also written to ``out_dir/manifest.json``).

    Raises:
        NotebookFailed: a notebook raised; ``out_dir`` is left as it was.
        ReportBusy: another run is writing into ``out_dir``.
    """
    log = _serialized(log or _log_to_stderr)
    notebooks_dir, out_dir = Path(notebooks_dir).resolve(), Path(out_dir).resolve()
    selected = discover_notebooks(notebooks_dir, only)
    every = discover_notebooks(notebooks_dir)
    if not every:
        raise NewsprismError(f"no NN_name.py notebooks in {notebooks_dir}")
    started, t_run = _now(), time.perf_counter()
    corpus_arg, data_dir, cache_dir = absolute_inputs(corpus, data_dir, cache_dir)
    if corpus_hash is None:
        corpus_hash = corpus_fingerprint(corpus_arg, data_dir)
    parameters = {"corpus": corpus_arg, "fast": bool(fast), "seed": int(seed),
                  "data_dir": data_dir, "cache_dir": cache_dir}
    versions = package_versions(TRACKED_PACKAGES)
    base_key = {
        "format": FORMAT_VERSION, "package": code_hash or package_fingerprint(),
        "corpus_hash": corpus_hash, "parameters": parameters, "versions": versions,
        "extra_inputs": {str(Path(p).resolve()): _stat_fingerprint(Path(p)) for p in extra_inputs},
    }
    graph = dependency_graph(every)
    declared = {p.stem: notebook_parameters(p) for p in every}
    config = validate(config or RunConfig(), declared)
    overrides = {stem: config.for_notebook(stem, names) for stem, names in declared.items()}
    jobs = max(1, int(jobs if jobs is not None else min(3, os.cpu_count() or 1)))
    with locked(out_dir):
        previous = {r["name"]: r for r in read_manifest(out_dir).get("notebooks", [])}
        build = new_build_folder(out_dir)
        try:
            (build / "notebooks").mkdir()
            results, plan = _reuse_previous(every, selected, graph, base_key, previous,
                                            out_dir=out_dir, build=build, force=force, log=log,
                                            overrides=overrides)
            with kernel_environment(build) as kernel_name:
                step = _NotebookStep(build=build, notebooks_dir=notebooks_dir, out_dir=out_dir,
                                     parameters=parameters, overrides=overrides,
                                     kernel_name=kernel_name,
                                     timeout=timeout, total=len(every), fast=fast, log=log)
                results.update(run_scheduled(plan, graph, step, jobs))
            shutil.rmtree(build / ".stage", ignore_errors=True)
            manifest = {
                "format": FORMAT_VERSION,
                "git": _git_state_any(notebooks_dir),
                "corpus": {"name": str(corpus), "content_sha256": corpus_hash},
                "code_sha256": base_key["package"],
                "parameters": parameters,
                "configuration": config.to_manifest(),
                "versions": versions,
                "started": started,
                "finished": _now(),
                "duration_s": round(time.perf_counter() - t_run, 2),
                "notebooks": [asdict(results[p.stem]) for p in every if p.stem in results],
            }
            _finish(manifest, build, out_dir)
        except BaseException:  # interrupted or failed: nothing half-built stays behind
            shutil.rmtree(build, ignore_errors=True)
            raise
    return manifest


def _reuse_previous(every, selected, graph, base_key, previous, *, out_dir, build, force, log,
                    overrides):
    """Key every notebook; copy the outputs that can be reused; return them and the plan.

    A notebook not selected with ``only`` keeps its previous outputs ("kept"); one whose key
    equals the previous run's reuses them ("cached"); the others are planned for execution.
    """
    keys: dict[str, str] = {}
    results: dict[str, NotebookRun] = {}
    plan: list[tuple[int, Path, str]] = []
    for i, path in enumerate(every, 1):
        name = path.stem
        # a notebook that reads what another one saved is stale when that one is
        keys[name] = cache.key(base_key, {"notebook": path_fingerprint(path),
                                          "overrides": overrides.get(name, {}),
                                          "requires": {d: keys[d] for d in graph[name]}})
        prev = _previous_run(previous.get(name), out_dir)
        if path not in selected:
            if prev is not None:
                copy_files(out_dir, build, prev.outputs())
                results[name] = _with_status(prev, "kept")
                log(f"[{i}/{len(every)}] {name}: not selected, kept the previous output")
        elif not force and prev is not None and prev.key == keys[name]:
            copy_files(out_dir, build, prev.outputs())
            results[name] = _with_status(prev, "cached")
            log(f"[{i}/{len(every)}] {name}: unchanged inputs, reused the previous output")
        else:
            plan.append((i, path, keys[name]))
    return results, plan


@dataclass
class _NotebookStep:
    """Execute one planned notebook into the build folder: ``step(i, path, key)``."""

    build: Path
    notebooks_dir: Path
    out_dir: Path
    parameters: dict
    overrides: dict
    kernel_name: str
    timeout: float | None
    total: int
    fast: bool
    log: object

    def __call__(self, i: int, path: Path, key: str) -> NotebookRun:
        name = path.stem
        self.log(f"[{i}/{self.total}] {name}: executing{' (fast)' if self.fast else ''}…")
        # each notebook writes into its own staging folder, so notebooks running side by
        # side cannot claim each other's figures and tables
        stage = self.build / ".stage" / name
        stage.mkdir(parents=True)
        started, t0 = _now(), time.perf_counter()
        ipynb = self.build / "notebooks" / f"{name}.ipynb"
        executed = execute_notebook(path, ipynb, {**self.parameters, **self.overrides.get(name, {}),
                                              "reports_dir": str(stage)},
                                    kernel_name=self.kernel_name, cwd=self.notebooks_dir,
                                    timeout=self.timeout)
        duration = time.perf_counter() - t0
        written = move_outputs(stage, self.build)
        shown = os.path.relpath(self.out_dir, self.notebooks_dir)
        clean = clean_notebook(executed, shown_reports_dir=shown, build_dir=stage,
                               project_dir=self.notebooks_dir.parent)
        _write_notebook(clean, ipynb)
        title = notebook_title(clean) or name
        (self.build / f"{name}.html").write_text(render_html(clean, title=f"{name}: {title}"),
                                                 encoding="utf-8")
        skipped = skipped_sections(clean)
        note = f" ({len(skipped)} section{'s' * (len(skipped) != 1)} skipped)" if skipped else ""
        self.log(f"[{i}/{self.total}] {name}: done in {duration:.1f} s{note}")
        return NotebookRun(
            name=name, title=title, status="executed", key=key, started=started,
            finished=_now(), duration_s=round(duration, 2), html=f"{name}.html",
            ipynb=f"notebooks/{name}.ipynb",
            figures=[w for w in written if w.startswith("figures/")],
            tables=[w for w in written if w.startswith("tables/")], skipped=skipped,
        )


def _finish(manifest: dict, build: Path, out_dir: Path) -> None:
    """Write manifest and index into the build, carry over the rest, swap it in."""
    from newsprism.report.index import write_index

    cache.atomic_write_text(build / "manifest.json", _json(manifest))
    write_index(manifest, build)
    carry_over(out_dir, build)
    swap_in(build, out_dir)


def _previous_run(record: dict | None, out_dir: Path) -> NotebookRun | None:
    """The previous run of a notebook, when its manifest record is complete and its files exist."""
    if not isinstance(record, dict) or not set(NotebookRun.__dataclass_fields__) <= set(record):
        return None
    try:
        run = NotebookRun(**{k: record[k] for k in NotebookRun.__dataclass_fields__})
        present = all((out_dir / rel).is_file() for rel in run.outputs())
    except (TypeError, ValueError):
        return None
    return run if present else None


def _with_status(run: NotebookRun, status: str) -> NotebookRun:
    return NotebookRun(**{**asdict(run), "status": status})


def _json(value) -> str:
    import json

    return json.dumps(value, indent=2) + "\n"


def _write_notebook(nb, path: Path) -> None:
    import nbformat

    cache.atomic_write_text(path, nbformat.writes(nb) + "\n")


def _log_to_stderr(line: str) -> None:
    sys.stderr.write(line + "\n")  # one write: lines from notebooks run side by side never mix
    sys.stderr.flush()


def _serialized(log):
    lock = threading.Lock()

    def serialized(line: str) -> None:
        with lock:
            log(line)
    return serialized
