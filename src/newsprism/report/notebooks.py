"""Find the report's notebooks, their order, their titles and what each one requires.

A notebook is a jupytext percent file named ``NN_name.py``; ``NN`` orders them. A notebook
that reads what an earlier one saved declares it in its header (see
:func:`notebook_requires`), so independent notebooks can run side by side.

Example:
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for n in ("02_b.py", "01_a.py", "helper.py"): _ = (d / n).write_text("# %%\\n")
    >>> [p.name for p in discover_notebooks(d)]
    ['01_a.py', '02_b.py']
"""

from __future__ import annotations

import re
from pathlib import Path

from newsprism.errors import NewsprismError

NOTEBOOK_PATTERN = re.compile(r"^(\d\d)_([A-Za-z0-9_]+)\.py$")


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
        hits = [p for p in found if wanted in aliases(p)]
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
        >>> _ = f.write_text("# ---\\n# jupyter:\\n#   newsprism:\\n#     requires: [02_a]\\n# ---\\n# %%\\n")
        >>> notebook_requires(f)
        ['02_a']
    """
    import jupytext

    meta = jupytext.read(path).metadata.get("newsprism", {}) or {}
    requires = meta.get("requires", []) or []
    if isinstance(requires, str):
        requires = [requires]
    return [str(r) for r in requires]


def dependency_graph(notebooks: list[Path]) -> dict[str, list[str]]:
    """name → names it requires; only earlier-numbered notebooks may be required (no cycles)."""
    names = [p.stem for p in notebooks]
    graph = {}
    for i, path in enumerate(notebooks):
        earlier = {alias: p.stem for p in notebooks[:i] for alias in aliases(p)}
        requires = []
        for wanted in notebook_requires(path):
            if wanted not in earlier:
                raise NewsprismError(
                    f"{path.name}: requires {wanted!r}, which is not an earlier notebook "
                    f"(available: {', '.join(names[:i]) or 'none'})")
            requires.append(earlier[wanted])
        graph[path.stem] = requires
    return graph


def aliases(path: Path) -> set[str]:
    """The names ``--only`` and ``requires`` accept for a notebook: stem, number, name."""
    number, name = NOTEBOOK_PATTERN.match(path.name).groups()
    return {path.stem, number, name, str(int(number))}


def notebook_title(nb) -> str:
    """The first markdown heading of a notebook, else ``""``."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""
