"""The package's folder tree is its data flow, and imports only go down it:

    corpus -> text -> features -> topics / stance / themes -> trends -> plots -> report

Base modules (errors, cache, fingerprint, resources, persist, evaluation, config) import no
stage. ``workflows`` and the command-line modules are the only places that may cross stages;
``config`` (default paths) is read only by them. Checked statically from the source, so a
lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsprism"
# rank in the flow; siblings share a rank and may not import each other
RANK = {"corpus": 0, "text": 1, "features": 2, "topics": 3, "stance": 3, "themes": 3,
        "trends": 4, "plots": 5, "report": 6}
BASE = {"errors", "cache", "fingerprint", "resources", "persist", "evaluation", "config"}
# may import anything: they resolve defaults and wire stages together for users
ENTRY_POINTS = {"workflows", "cli", "__init__", "__main__"}
# The one library default path, as scikit-learn's fetch_* functions have ``data_home``: where
# a built-in corpus named by the user ("newsarticles") is cached when no data_dir is given.
CONFIG_READERS = {"newsprism.corpus.loaders"}


def _unit(module: str) -> str:
    """``newsprism.topics.model`` -> ``topics``; ``newsprism.cache`` -> ``cache``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    relative_base = ".".join(["newsprism", *path.relative_to(PACKAGE).with_suffix("").parts[:-1]])
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("newsprism")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = relative_base.rsplit(".", node.level - 1)[0] if node.level > 1 else relative_base
                name = f"{base}.{node.module}" if node.module else base
            else:
                name = node.module or ""
            if name.startswith("newsprism"):
                found.add(name)
                if name == "newsprism":
                    found |= {f"newsprism.{alias.name}" for alias in node.names}
    return found


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        yield ".".join(["newsprism", *rel.with_suffix("").parts]), path


def _violation(module: str, imported: str) -> str | None:
    src, dst = _unit(module), _unit(imported)
    if src == dst or dst in ("__init__",):
        return None
    leaf = module.rsplit(".", 1)[-1]
    if src in ENTRY_POINTS or leaf in ENTRY_POINTS:
        return None
    if src in BASE:
        if dst in BASE and not (dst == "config"):
            return None
        return f"base module {module} imports {imported}"
    if dst == "config" and module not in CONFIG_READERS:
        return f"{module} reads default paths from config (only CLI, notebooks, workflows may)"
    if dst in BASE:
        return None
    if dst in ENTRY_POINTS:
        return f"{module} imports the entry point {imported}"
    if src not in RANK or dst not in RANK:
        return f"{module} -> {imported}: unknown stage"
    if RANK[dst] > RANK[src]:
        return f"{module} imports {imported}, which is further down the flow"
    if RANK[dst] == RANK[src]:
        return f"{module} imports its sibling stage {imported}"
    return None


def test_every_import_goes_down_the_flow():
    problems = sorted({problem for module, path in _modules() for imported in _imports(path)
                       if (problem := _violation(module, imported))})
    assert not problems, "\n".join(problems)


def test_stage_folders_are_the_documented_ones():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders - {"resources", "workflows"} <= set(RANK)


@pytest.mark.parametrize("module, imported, allowed", [
    ("newsprism.trends.prevalence", "newsprism.themes.discovered", True),
    ("newsprism.themes.discovered", "newsprism.trends.prevalence", False),
    ("newsprism.stance.models", "newsprism.topics.model", False),
    ("newsprism.cache", "newsprism.corpus.ingest", False),
    ("newsprism.topics.cli", "newsprism.report.writer", True),
    ("newsprism.topics.model", "newsprism.config", False),
    ("newsprism.workflows", "newsprism.plots.trends", True),
])
def test_the_rule_itself(module, imported, allowed):
    assert (_violation(module, imported) is None) is allowed
