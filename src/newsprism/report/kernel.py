"""Execute one notebook with papermill in a kernel started from this very Python.

A ``python3`` kernelspec in the user's Jupyter folder could point at another Python; the
private kernelspec written by :func:`kernel_environment` (found first via
``JUPYTER_PATH``) guarantees the running interpreter. A failing notebook raises
:class:`NotebookFailed` with the notebook name, the failing cell and its traceback; the
notebook executed up to the failure is saved in a new private temporary folder.

Example:
    >>> str(NotebookFailed("03_x", cell=4, source="1/0", ename="ZeroDivisionError",
    ...                    evalue="division by zero", traceback=""))
    'notebook 03_x failed in cell In [4]: ZeroDivisionError: division by zero'
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from newsprism.errors import NewsprismError

KERNEL_NAME = "newsprism-python3"
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


@contextlib.contextmanager
def kernel_environment(build_dir: Path):
    """A kernelspec pointing at *this* interpreter, plus a quiet, reproducible kernel env.

    Yields the kernel name to pass to papermill; the spec lives in ``build_dir/.jupyter``
    and is removed on exit, as are the environment changes.
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
    previous_path = os.environ.get("JUPYTER_PATH")
    changes = {
        "JUPYTER_PATH": os.pathsep.join([str(build_dir / ".jupyter")]
                                        + ([previous_path] if previous_path else [])),
        # set iteration order and str hashes fixed, so reruns print the same thing
        "PYTHONHASHSEED": "0",
        # progress bars are noise in rendered reports (bars a library enables explicitly
        # are removed from the outputs afterwards, see newsprism.report.clean)
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


def execute_notebook(source: Path, output: Path, parameters: dict, *, kernel_name: str,
                     cwd: Path, timeout: float | None):
    """Run the jupytext notebook ``source`` with ``parameters``; returns the executed notebook.

    Raises:
        NotebookFailed: a cell raised, the kernel died or a cell timed out.
    """
    import jupytext
    import papermill
    from nbclient.exceptions import CellControlSignal
    from papermill.exceptions import PapermillException, PapermillExecutionError

    nb = jupytext.read(source)
    nb.metadata["kernelspec"] = {"name": kernel_name, "display_name": "Python 3", "language": "python"}
    try:
        return papermill.execute_notebook(
            nb, str(output), parameters=parameters, kernel_name=kernel_name, language="python",
            progress_bar=False, log_output=False, cwd=str(cwd), execution_timeout=timeout,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        if exc.ename == "RestSkipped":  # newsprism.report.sections.skip_rest: a clean end
            return _ended_early(output)
        raise NotebookFailed(
            source.stem, cell=exc.exec_count, source=exc.source or "", ename=exc.ename,
            evalue=exc.evalue, traceback=_ANSI.sub("", "\n".join(exc.traceback or [])),
            saved=save_failed(output, source.stem),
        ) from None
    # the kernel died (RuntimeError), a cell or the kernel start timed out (OSError),
    # papermill refused the notebook (PapermillException)
    except (PapermillException, CellControlSignal, RuntimeError, OSError) as exc:
        raise NotebookFailed(
            source.stem, cell=None, source="", ename=type(exc).__name__, evalue=str(exc),
            traceback=_ANSI.sub("", f"{type(exc).__name__}: {exc}"),
        ) from exc


def _ended_early(output: Path):
    """The notebook papermill saved after ``skip_rest``, without papermill's error marks."""
    import nbformat
    from papermill.execute import ERROR_MARKER_TAG

    nb = nbformat.read(output, as_version=4)
    nb.cells = [c for c in nb.cells if ERROR_MARKER_TAG not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        if "outputs" in cell:
            cell.outputs = [o for o in cell.outputs
                            if not (o.get("output_type") == "error" and o.get("ename") == "RestSkipped")]
    return nb


def save_failed(executed: Path, name: str) -> Path | None:
    """Copy a partly executed notebook into a new private temporary folder (mode 0700).

    ``tempfile.mkdtemp`` creates a folder no one else can have prepared: a symlink planted
    under a fixed name in ``/tmp`` is never followed. Returns the copy, or None when
    nothing was written.
    """
    if not executed.is_file():
        return None
    folder = Path(tempfile.mkdtemp(prefix=f"newsprism-failed-{name}-"))
    saved = folder / f"{name}.ipynb"
    shutil.copyfile(executed, saved)
    return saved
