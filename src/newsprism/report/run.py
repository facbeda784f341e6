"""Execute the notebooks with papermill and render a complete reports folder.

``run_report`` runs every ``NN_name.py`` notebook (jupytext percent format) found in a
notebooks folder, in order (independent notebooks side by side, see
:func:`notebook_requires`), with the parameters ``corpus``, ``fast``, ``seed``,
``reports_dir``, ``data_dir`` and ``cache_dir`` injected into its tagged ``parameters``
cell. The result is one folder::

    index.html            links everything, shows the run manifest
    manifest.json         git commit, corpus + content hash, versions, parameters, timings
    NN_name.html          each executed notebook rendered by nbconvert
    notebooks/NN_name.ipynb   each executed notebook
    figures/, tables/     what the notebooks saved with newsprism.report.writer

Guarantees:

* **Atomic.** Everything is built in a temporary folder next to the destination and
  swapped in at the end. A failing notebook raises :class:`NotebookFailed` (notebook name,
  failing cell, traceback) and leaves the previous folder untouched.
* **Cached.** Each notebook gets a key: hash of its source, of the newsprism package
  source, of the corpus content, of the parameters and library versions. When the previous
  run in the destination has the same key, its outputs are reused instead of re-executing
  (``force=True`` re-executes everything).
* **Stable.** Execution timestamps and temporary paths are stripped from the saved
  notebooks and HTML, so a rerun changes only what changed; times live only in
  ``manifest.json`` and ``index.html``.
* **Escaped.** HTML is sanitized by nbconvert, and text outputs are escaped, so article
  text containing ``<script>`` renders inert.

Example:
    >>> from newsprism.report.run import discover_notebooks
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for n in ("02_b.py", "01_a.py", "helper.py"): _ = (d / n).write_text("# %%\\n")
    >>> [p.name for p in discover_notebooks(d)]
    ['01_a.py', '02_b.py']
"""

from __future__ import annotations

import contextlib
import copy
import datetime as _dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from newsprism.errors import NewsprismError
from newsprism.fingerprint import files_under, path_fingerprint
from newsprism.persist import package_versions
from newsprism.report.html import render_html
# the report's code hash is the same hash that keys cached models
from newsprism.fingerprint import source_fingerprint as package_fingerprint

#: Bump when the layout or the post-processing changes, to invalidate cached outputs.
FORMAT_VERSION = 1
NOTEBOOK_PATTERN = re.compile(r"^(\d\d)_([A-Za-z0-9_]+)\.py$")
KERNEL_NAME = "newsprism-python3"
#: Libraries whose versions go into the manifest and the cache key.
TRACKED_PACKAGES = (
    "newsprism", "numpy", "pandas", "scipy", "scikit-learn", "matplotlib", "nltk", "ftfy",
    "skops", "vaderSentiment", "papermill", "nbconvert", "jupytext", "ipykernel",
)
# Top-level entries of the destination that a report run owns (everything else in the
# destination, e.g. benchmarks/, is carried over untouched).
_MANAGED_DIRS = ("notebooks", "figures", "tables")
_MANAGED_FILES = ("index.html", "manifest.json")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class NotebookFailed(NewsprismError):
    """A notebook raised; carries the notebook name, the failing cell and its traceback.

    ``str(error)`` is one line; :meth:`details` is the multi-line account the CLI prints.
    """

    def __init__(self, notebook: str, *, cell: int | None, source: str, ename: str,
                 evalue: str, traceback: str, saved: Path | None = None):
        self.notebook, self.cell, self.source = notebook, cell, source
        self.ename, self.evalue, self.traceback, self.saved = ename, evalue, traceback, saved
        where = f"cell In [{cell}]" if cell is not None else "a cell"
        super().__init__(f"notebook {notebook} failed in {where}: {ename}: {evalue}")

    def details(self) -> str:
        lines = [str(self), "", "--- failing cell ---", self.source.rstrip(), "",
                 "--- traceback ---", self.traceback.rstrip()]
        if self.saved:
            lines += ["", f"the executed notebook up to the failure is saved at {self.saved}"]
        lines += ["", "the previous reports were left unchanged"]
        return "\n".join(lines)


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


# --------------------------------------------------------------------------- discovery


def discover_notebooks(notebooks_dir: str | Path, only=None) -> list[Path]:
    """The ``NN_name.py`` notebooks in ``notebooks_dir``, in order, optionally filtered.

    ``only`` holds names matched against the full stem (``01_corpus_overview``), the number
    (``01``) or the name without number (``corpus_overview``).
    """
    notebooks_dir = Path(notebooks_dir)
    if not notebooks_dir.is_dir():
        raise NewsprismError(f"notebooks folder {notebooks_dir} does not exist")
    found = sorted(p for p in notebooks_dir.iterdir() if NOTEBOOK_PATTERN.match(p.name))
    if not only:
        return found
    chosen, unknown = [], []
    for wanted in only:
        wanted = Path(wanted).stem if wanted.endswith(".py") else wanted
        hits = [p for p in found if wanted in _aliases(p)]
        if not hits:
            unknown.append(wanted)
        chosen.extend(h for h in hits if h not in chosen)
    if unknown:
        names = ", ".join(p.stem for p in found) or "none"
        raise NewsprismError(f"--only {' '.join(unknown)}: no such notebook in {notebooks_dir} "
                             f"(available: {names})")
    return sorted(chosen)


def notebook_requires(path: str | Path) -> list[str]:
    """Notebooks that must run before ``path``, as declared in its jupytext header.

    A notebook that reads a model another notebook saves declares it, so the runner can
    run independent notebooks side by side and still order the dependent ones::

        # ---
        # jupyter:
        #   newsprism:
        #     requires: [02_topic_classifier]
        # ---

    Example:
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "04_x.py"
        >>> _ = f.write_text("# ---\n# jupyter:\n#   newsprism:\n#     requires: [02_a]\n# ---\n# %%\n")
        >>> notebook_requires(f)
        ['02_a']
    """
    import jupytext

    meta = jupytext.read(path).metadata.get("newsprism", {}) or {}
    requires = meta.get("requires", []) or []
    if isinstance(requires, str):
        requires = [requires]
    return [str(r) for r in requires]


def _dependency_graph(notebooks: list[Path]) -> dict[str, list[str]]:
    """name → names it requires; only earlier-numbered notebooks may be required (no cycles)."""
    names = [p.stem for p in notebooks]
    graph = {}
    for i, path in enumerate(notebooks):
        earlier = {alias: p.stem for p in notebooks[:i] for alias in _aliases(p)}
        requires = []
        for wanted in notebook_requires(path):
            if wanted not in earlier:
                raise NewsprismError(
                    f"{path.name}: requires {wanted!r}, which is not an earlier notebook "
                    f"(available: {', '.join(names[:i]) or 'none'})")
            requires.append(earlier[wanted])
        graph[path.stem] = requires
    return graph


def _aliases(path: Path) -> set[str]:
    number, name = NOTEBOOK_PATTERN.match(path.name).groups()
    return {path.stem, number, name, str(int(number))}


def notebook_title(nb) -> str:
    """The first markdown heading of a notebook, else its file name."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


# --------------------------------------------------------------------------- fingerprints


def corpus_fingerprint(corpus: str, data_dir: str | Path | None) -> str:
    """Content hash of a corpus: a user file/folder, or a built-in dataset's raw files.

    Built-in datasets are fetched into ``data_dir`` first (a no-op when present).
    """
    if Path(corpus).exists():
        return path_fingerprint(corpus)
    from newsprism.corpus.acquire import DATASETS, fetch

    if corpus in DATASETS and data_dir is not None:
        return path_fingerprint(fetch(corpus, data_dir))
    raise NewsprismError(
        f"corpus {corpus!r} is neither an existing file/folder nor a built-in dataset "
        f"({', '.join(sorted(DATASETS))}) with a data folder"
    )


def _stat_fingerprint(path: Path) -> str:
    # Large external inputs (shared benchmarks) are fingerprinted by name, size and mtime:
    # hashing gigabytes on every run would defeat the cache.
    h = hashlib.sha256()
    if path.is_file():
        files = [path]
        root = path.parent
    elif path.is_dir():
        files, root = files_under(path), path
    else:
        return "absent"
    for p in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        st = p.stat()
        h.update(f"{p.relative_to(root).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


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


# --------------------------------------------------------------------------- execution


@contextlib.contextmanager
def _kernel_environment(build_dir: Path):
    """A kernelspec pointing at *this* interpreter, plus a quiet, reproducible kernel env.

    A ``python3`` kernelspec in the user's Jupyter folder could point at another Python;
    our own spec (found first via JUPYTER_PATH) guarantees the venv's interpreter.
    """
    spec_dir = build_dir / ".jupyter" / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                     "--IPKernelApp.log_level=CRITICAL"],
            # CRITICAL: silences the transport warning per notebook and the "KeyboardInterrupt
            # caught in kernel" line ipykernel logs when papermill shuts it down; cell errors
            # still arrive through the messaging protocol
            "display_name": "Python 3 (newsprism)", "language": "python"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    changes = {
        "JUPYTER_PATH": os.pathsep.join(
            [str(build_dir / ".jupyter")] + ([os.environ["JUPYTER_PATH"]] if os.environ.get("JUPYTER_PATH") else [])
        ),
        # set iteration order and str hashes fixed, so reruns print the same thing
        "PYTHONHASHSEED": "0",
        # progress bars are noise in rendered reports
        "TQDM_DISABLE": os.environ.get("TQDM_DISABLE", "1"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        # tqdm.auto warns about missing ipywidgets in every kernel; bars are off anyway
        "PYTHONWARNINGS": ",".join(filter(None, [os.environ.get("PYTHONWARNINGS"),
                                                  "ignore:IProgress not found"])),
    }
    saved = {k: os.environ.get(k) for k in changes}
    os.environ.update(changes)
    try:
        yield KERNEL_NAME
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        shutil.rmtree(build_dir / ".jupyter", ignore_errors=True)


def _execute(source: Path, output: Path, parameters: dict, *, kernel_name: str, cwd: Path,
             timeout: float | None):
    import jupytext
    import papermill
    from papermill.exceptions import PapermillExecutionError

    nb = jupytext.read(source)
    nb.metadata["kernelspec"] = {"name": kernel_name, "display_name": "Python 3", "language": "python"}
    try:
        executed = papermill.execute_notebook(
            nb, str(output), parameters=parameters, kernel_name=kernel_name, language="python",
            progress_bar=False, log_output=False, cwd=str(cwd), execution_timeout=timeout,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        saved = Path(tempfile.gettempdir()) / "newsprism-failed" / f"{source.stem}.ipynb"
        saved.parent.mkdir(parents=True, exist_ok=True)
        if output.exists():
            shutil.copyfile(output, saved)
        else:
            saved = None
        raise NotebookFailed(
            source.stem, cell=exc.exec_count, source=exc.source or "", ename=exc.ename,
            evalue=exc.evalue, traceback=_ANSI.sub("", "\n".join(exc.traceback or [])), saved=saved,
        ) from None
    except Exception as exc:  # kernel died, timeout, missing parameters cell, bad JSON…
        raise NotebookFailed(
            source.stem, cell=None, source="", ename=type(exc).__name__, evalue=str(exc),
            traceback=_ANSI.sub("", f"{type(exc).__name__}: {exc}"),
        ) from exc
    return executed


def _clean_notebook(nb, *, shown_reports_dir: str, build_dir: Path | None = None,
                    project_dir: Path | None = None):
    """Strip what changes on every run (timestamps, temp paths) from an executed notebook.

    Outputs that print the temporary build folder (e.g. paths returned by ``save_figure``)
    show the final destination instead; paths inside the project folder (cached models
    under ``data/interim``) are shown relative to it, so the report does not depend on
    where the checkout lives.
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
        if build_dir is not None:
            for output in cell.get("outputs", []):
                _replace_in_output(output, str(build_dir), shown_reports_dir)
        if project_dir is not None:
            for output in cell.get("outputs", []):
                _replace_in_output(output, str(project_dir) + os.sep, "")
    seen: dict[str, int] = {}
    for cell in nb.cells:
        # cell ids are random per conversion; derive them from the content instead
        digest = hashlib.sha1(f"{cell.cell_type}\0{cell.source}".encode()).hexdigest()[:12]
        seen[digest] = seen.get(digest, 0) + 1
        cell["id"] = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
    return nb


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
) -> dict:
    """Execute the notebooks and (atomically) replace ``out_dir`` with a fresh report.

    Args:
        notebooks_dir: folder holding ``NN_name.py`` notebooks.
        out_dir: destination (e.g. ``reports/``); replaced only when every notebook succeeded.
        corpus, fast, seed: passed to every notebook.
        only: names of notebooks to run; the others keep their previous outputs.
        force: re-execute even when a notebook's cache key is unchanged.
        data_dir, cache_dir: passed to the notebooks as strings (``None``: the notebook
            resolves its defaults).
        corpus_hash: content hash of the corpus; computed with :func:`corpus_fingerprint`
            from ``corpus`` and ``data_dir`` when not given.
        code_hash: hash of the analysis code; default :func:`package_fingerprint`.
        extra_inputs: more files/folders the notebooks read (shared benchmarks, seeds,
            annotations); their name/size/mtime go into every cache key.
        timeout: seconds allowed per cell.
        jobs: notebooks executed side by side (default: up to 3, at most the CPU count);
            a notebook declaring ``requires`` in its header waits for those.
        log: callable taking one line of progress (default: print to stderr).

    Returns:
        The manifest (also written to ``out_dir/manifest.json``).

    Raises:
        NotebookFailed: a notebook raised; ``out_dir`` is left as it was.

    Example:
        >>> run_report("notebooks", "reports", fast=True)   # doctest: +SKIP
    """
    log = _locked(log or _log_to_stderr)
    notebooks_dir = Path(notebooks_dir).resolve()
    out_dir = Path(out_dir).resolve()
    selected = discover_notebooks(notebooks_dir, only)
    every = discover_notebooks(notebooks_dir)
    if not every:
        raise NewsprismError(f"no NN_name.py notebooks in {notebooks_dir}")
    started = _now()
    t_run = time.perf_counter()
    if corpus_hash is None:
        corpus_hash = corpus_fingerprint(corpus, data_dir)
    versions = package_versions(TRACKED_PACKAGES)
    parameters = {
        "corpus": str(corpus), "fast": bool(fast), "seed": int(seed),
        "data_dir": str(data_dir) if data_dir is not None else None,
        "cache_dir": str(cache_dir) if cache_dir is not None else None,
    }
    base_key = {
        "format": FORMAT_VERSION, "package": code_hash or package_fingerprint(), "corpus_hash": corpus_hash,
        "parameters": parameters, "versions": versions,
        "extra_inputs": {str(p): _stat_fingerprint(Path(p)) for p in extra_inputs},
    }
    previous = _read_manifest(out_dir)
    previous_runs = {r["name"]: r for r in previous.get("notebooks", [])}

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-", dir=out_dir.parent))
    shown = os.path.relpath(out_dir, notebooks_dir)
    graph = _dependency_graph(every)
    jobs = max(1, int(jobs if jobs is not None else min(3, os.cpu_count() or 1)))
    results: dict[str, NotebookRun] = {}
    try:
        (build / "notebooks").mkdir()
        with _kernel_environment(build) as kernel_name:
            keys: dict[str, str] = {}
            plan: list[tuple[int, Path, str]] = []
            for i, path in enumerate(every, 1):
                name = path.stem
                # a notebook that reads what another one saved is stale when that one is
                key = hashlib.sha256(json.dumps(
                    {**base_key, "notebook": path_fingerprint(path),
                     "requires": {d: keys[d] for d in graph[name]}}, sort_keys=True
                ).encode()).hexdigest()
                keys[name] = key
                prev = previous_runs.get(name)
                if path not in selected:
                    if prev and _outputs_exist(out_dir, prev):
                        _copy_outputs(out_dir, build, prev)
                        results[name] = _run_from(prev, "kept")
                        log(f"[{i}/{len(every)}] {name}: not selected, kept the previous output")
                    continue
                if not force and prev and prev.get("key") == key and _outputs_exist(out_dir, prev):
                    _copy_outputs(out_dir, build, prev)
                    results[name] = _run_from(prev, "cached")
                    log(f"[{i}/{len(every)}] {name}: unchanged inputs, reused the previous output")
                    continue
                plan.append((i, path, key))

            def execute(i: int, path: Path, key: str) -> NotebookRun:
                name = path.stem
                log(f"[{i}/{len(every)}] {name}: executing{' (fast)' if fast else ''}…")
                # each notebook writes into its own staging folder, so notebooks running
                # side by side cannot claim each other's figures and tables
                stage = build / ".stage" / name
                stage.mkdir(parents=True)
                nb_started, t0 = _now(), time.perf_counter()
                ipynb = build / "notebooks" / f"{name}.ipynb"
                executed = _execute(
                    path, ipynb, {**parameters, "reports_dir": str(stage)},
                    kernel_name=kernel_name, cwd=notebooks_dir, timeout=timeout,
                )
                duration = time.perf_counter() - t0
                written = _move_outputs(stage, build)
                clean = _clean_notebook(executed, shown_reports_dir=shown, build_dir=stage,
                                        project_dir=notebooks_dir.parent)
                _write_notebook(clean, ipynb)
                title = notebook_title(clean) or name
                html_text = render_html(clean, title=f"{name}: {title}")
                (build / f"{name}.html").write_text(html_text, encoding="utf-8")
                log(f"[{i}/{len(every)}] {name}: done in {duration:.1f} s")
                return NotebookRun(
                    name=name, title=title, status="executed", key=key,
                    started=nb_started, finished=_now(), duration_s=round(duration, 2),
                    html=f"{name}.html", ipynb=f"notebooks/{name}.ipynb",
                    figures=[w for w in written if w.startswith("figures/")],
                    tables=[w for w in written if w.startswith("tables/")],
                )

            results.update(_run_scheduled(plan, graph, execute, jobs))
            shutil.rmtree(build / ".stage", ignore_errors=True)
        runs = [results[p.stem] for p in every if p.stem in results]
        manifest = {
            "format": FORMAT_VERSION,
            "git": _git_state_any(notebooks_dir),
            "corpus": {"name": str(corpus), "content_sha256": corpus_hash},
            "code_sha256": base_key["package"],
            "parameters": parameters,
            "versions": versions,
            "started": started,
            "finished": _now(),
            "duration_s": round(time.perf_counter() - t_run, 2),
            "notebooks": [asdict(r) for r in runs],
        }
        (build / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        from newsprism.report.index import write_index

        write_index(manifest, build)
        _carry_over_unmanaged(out_dir, build)
        _swap(build, out_dir)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return manifest


def _log_to_stderr(line: str) -> None:
    sys.stderr.write(line + "\n")  # one write: lines from notebooks run side by side never mix
    sys.stderr.flush()


def _locked(log):
    import threading

    lock = threading.Lock()

    def locked(line: str) -> None:
        with lock:
            log(line)
    return locked


def _transitive_dependents(graph: dict[str, list[str]]) -> dict[str, set[str]]:
    """For each notebook, every notebook that requires it directly or through others.

    Example:
        >>> deps = _transitive_dependents({"01": [], "02": ["01"], "03": ["02"]})
        >>> sorted(deps["01"]), sorted(deps["03"])
        (['02', '03'], [])
    """
    dependents: dict[str, set[str]] = {name: set() for name in graph}
    for name in graph:  # graph edges only point to earlier notebooks: no cycles
        stack = list(graph[name])
        while stack:
            dep = stack.pop()
            if dep in dependents and name not in dependents[dep]:
                dependents[dep].add(name)
                stack.extend(graph.get(dep, []))
    return dependents


def _run_scheduled(plan, graph: dict[str, list[str]], execute, jobs: int) -> dict:
    """Run ``execute(*item)`` for every planned notebook, up to ``jobs`` at a time.

    A notebook starts once every notebook it requires has finished (those not planned are
    already done: cached or kept). Among notebooks ready to start, the ones more notebooks
    wait on (directly or not) go first, so a short independent notebook does not delay
    the chain the run's end depends on. The first failure stops new starts; notebooks
    already running are allowed to finish, then the failure is raised.
    """
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    if jobs == 1:  # inline: a Ctrl-C reaches the running notebook directly
        return {item[1].stem: execute(*item) for item in plan}
    planned = {item[1].stem for item in plan}
    done: set[str] = set(graph) - planned
    waiting_on = _transitive_dependents(graph)
    pending = sorted(plan, key=lambda item: -len(waiting_on[item[1].stem]))  # stable
    results: dict[str, NotebookRun] = {}
    error: BaseException | None = None
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="notebook") as pool:
        running = {}
        while running or (pending and error is None):
            if error is None:
                for item in list(pending):
                    if len(running) >= jobs:
                        break
                    if all(d in done for d in graph[item[1].stem]):
                        running[pool.submit(execute, *item)] = item
                        pending.remove(item)
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                name = running.pop(future)[1].stem
                try:
                    results[name] = future.result()
                    done.add(name)
                except BaseException as exc:  # noqa: BLE001 - re-raised below
                    error = error or exc
    if error is not None:
        raise error
    return results


def _move_outputs(stage: Path, build: Path) -> list[str]:
    """Move a notebook's figures/ and tables/ from its staging folder into the build."""
    written = []
    for sub in ("figures", "tables"):
        base = stage / sub
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*")):
            if p.is_file():
                rel = p.relative_to(stage).as_posix()
                target = build / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(p), target)
                written.append(rel)
    return written


def _run_from(prev: dict, status: str) -> NotebookRun:
    names = set(NotebookRun.__dataclass_fields__)
    return NotebookRun(**{**{k: v for k, v in prev.items() if k in names}, "status": status})


def _read_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _outputs(run: dict) -> list[str]:
    return [run["html"], run["ipynb"], *run.get("figures", []), *run.get("tables", [])]


def _outputs_exist(out_dir: Path, run: dict) -> bool:
    if not set(NotebookRun.__dataclass_fields__) <= set(run):
        return False
    try:
        return all((out_dir / rel).is_file() for rel in _outputs(run))
    except (KeyError, TypeError):
        return False


def _copy_outputs(src: Path, dst: Path, run: dict) -> None:
    for rel in _outputs(run):
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / rel, target)


def _write_notebook(nb, path: Path) -> None:
    import nbformat

    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


def _carry_over_unmanaged(out_dir: Path, build: Path) -> None:
    """Keep what else lives in the destination (e.g. ``benchmarks/``)."""
    if not out_dir.is_dir():
        return
    for entry in out_dir.iterdir():
        if entry.name in _MANAGED_DIRS or entry.name in _MANAGED_FILES:
            continue
        if entry.is_file() and NOTEBOOK_PATTERN.match(entry.stem + ".py") and entry.suffix == ".html":
            continue  # a rendered notebook from an earlier run
        if (build / entry.name).exists():
            continue
        if entry.is_dir():
            shutil.copytree(entry, build / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, build / entry.name)


def _swap(build: Path, out_dir: Path) -> None:
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        old.rmdir()
        out_dir.rename(old)
    try:
        build.rename(out_dir)
    except OSError:
        if old is not None:
            old.rename(out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
