"""One run configuration for every notebook: a TOML file and ``-p name=value`` overrides.

Every notebook declares its parameters, with defaults and a comment, in its cell tagged
``parameters``. :func:`notebook_parameters` reads them (without running anything), so a
configuration can be checked before a notebook starts: a name no notebook declares is an
error that lists the names each notebook knows.

A study file sets parameters for every notebook that declares them; a
``[notebook.NN_name]`` table (or ``[notebook.NN]``) sets them for one notebook only::

    corpus = "mine.csv"            # relative paths mean the study file's folder
    period = "M"
    targets_file = "targets.toml"

    [notebook.04]
    n_themes = 12

Command-line ``-p name=value`` (values read as papermill's ``-p`` does: ``True``, ``None``,
numbers, else text) and ``-y name=YAML`` (``-y outlets='[A, B]'``) win over the file.

Example:
    >>> parse_value("3"), parse_value("0.5"), parse_value("True"), parse_value("None")
    (3, 0.5, True, None)
    >>> parse_value("W"), parse_yaml_value("[a, b]")
    ('W', ['a', 'b'])
"""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.errors import NewsprismError

#: Parameters the report runner sets itself; a configuration must not set them.
RUNNER_PARAMETERS = ("fast", "reports_dir", "data_dir", "cache_dir")
#: Parameter names whose string values are paths (made absolute against the study file).
PATH_SUFFIXES = ("_file", "_dir", "corpus")


@dataclass(frozen=True)
class Parameter:
    """One declared notebook parameter: its default (``None`` when not a literal) and comment."""

    name: str
    default: object
    source: str
    comment: str = ""


@dataclass
class RunConfig:
    """What a report run sets: for every notebook, ``shared`` plus its ``per_notebook`` table.

    ``file`` is the study file read (None: command line only).
    """

    shared: dict = field(default_factory=dict)
    per_notebook: dict = field(default_factory=dict)
    file: str | None = None

    def for_notebook(self, stem: str, declared) -> dict:
        """The overrides for notebook ``stem``: the shared ones it declares, then its own."""
        chosen = {k: v for k, v in self.shared.items() if k in declared}
        chosen.update(self.per_notebook.get(stem, {}))
        return chosen

    def to_manifest(self) -> dict:
        return {"file": self.file, "parameters": dict(self.shared),
                "per_notebook": {k: dict(v) for k, v in self.per_notebook.items()}}


def notebook_parameters(path) -> dict[str, Parameter]:
    """The parameters declared in ``path``'s cell tagged ``parameters``, in order.

    Example:
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "01_a.py"
        >>> _ = f.write_text('# %% tags=["parameters"]\\nperiod = None  # "W" or "M"\\nn = 3\\n')
        >>> {k: (p.default, p.comment) for k, p in notebook_parameters(f).items()}
        {'period': (None, '"W" or "M"'), 'n': (3, '')}
    """
    import jupytext

    nb = jupytext.read(path)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        return {}
    source = cells[0].source
    lines = source.splitlines()
    found = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)):
            continue
        text = ast.get_source_segment(source, node.value) or ""
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            default = None
        line = lines[node.end_lineno - 1]
        comment = line.split("#", 1)[1].strip() if "#" in line[node.end_col_offset:] else ""
        name = node.targets[0].id
        found[name] = Parameter(name, default, text, comment)
    return found


def parse_value(text: str):
    """A ``-p`` value as papermill reads it: bool, None, int, float, else the text itself."""
    if text in ("True", "False"):
        return text == "True"
    if text == "None":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def parse_yaml_value(text: str):
    """A ``-y`` value: YAML (lists, numbers, quoted text), as papermill's ``-y``."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise NewsprismError(f"-y value {text!r} is not valid YAML: {exc}") from None


def parse_assignments(pairs, *, yaml: bool = False) -> dict:
    """``["name=value", ...]`` → ``{name: value}``; a pair without ``=`` is an error."""
    out = {}
    for pair in pairs or ():
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            flag = "-y" if yaml else "-p"
            raise NewsprismError(f"{flag} {pair!r}: write {flag} name=value")
        out[name.strip()] = parse_yaml_value(value) if yaml else parse_value(value)
    return out


def read_config(path) -> RunConfig:
    """Read a study file (TOML); relative paths in it mean the file's own folder."""
    path = Path(path).expanduser()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NewsprismError(f"--config {path}: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise NewsprismError(f"{path}: not valid TOML: {exc}") from None
    tables = data.pop("notebook", {})
    if not isinstance(tables, dict):
        raise NewsprismError(f"{path}: 'notebook' must be a table of [notebook.NN_name] tables")
    base = path.absolute().parent
    config = RunConfig(shared=_resolve_paths(data, base), file=str(path.absolute()))
    for stem, values in tables.items():
        if not isinstance(values, dict):
            raise NewsprismError(f"{path}: [notebook.{stem}] must be a table of parameters")
        config.per_notebook[str(stem)] = _resolve_paths(values, base)
    return config


def _resolve_paths(values: dict, base: Path) -> dict:
    out = {}
    for name, value in values.items():
        if isinstance(value, str) and name.endswith(PATH_SUFFIXES) and value:
            candidate = Path(value).expanduser()
            if not candidate.is_absolute() and (base / candidate).exists():
                value = str(base / candidate)  # a built-in corpus name stays a name
            elif not candidate.is_absolute() and name.endswith(("_file", "_dir")):
                value = str(base / candidate)  # missing: the notebook names the full path
        out[name] = value
    return out


def validate(config: RunConfig, declared: dict[str, dict]) -> RunConfig:
    """Check every name against the notebooks' declarations; per-notebook keys → stems.

    ``declared`` maps notebook stem → its :func:`notebook_parameters`. Raises
    :class:`NewsprismError` listing the known names per notebook when a name is unknown.

    Example:
        >>> c = validate(RunConfig(shared={"period": "M"}, per_notebook={"04": {"n": 2}}),
        ...              {"04_themes": {"period": 1, "n": 1}, "01_overview": {"period": 1}})
        >>> c.per_notebook
        {'04_themes': {'n': 2}}
    """
    from newsprism.report.notebooks import NOTEBOOK_PATTERN

    def aliases(stem):
        number, name = NOTEBOOK_PATTERN.match(stem + ".py").groups()
        return {stem, number, name, str(int(number))}

    problems = []
    runner = [n for n in config.shared if n in RUNNER_PARAMETERS]
    if runner:
        problems.append(f"{', '.join(runner)}: set by the report runner (use --fast, --out, "
                        "--data-dir, --cache-dir)")
    every = set().union(*declared.values()) if declared else set()
    unknown = [n for n in config.shared if n not in every and n not in RUNNER_PARAMETERS]
    if unknown:
        problems.append(f"no notebook has the parameter{'s' * (len(unknown) > 1)} "
                        f"{', '.join(sorted(unknown))}")
    per = {}
    for key, values in config.per_notebook.items():
        stems = [s for s in declared if key in aliases(s)]
        if not stems:
            problems.append(f"[notebook.{key}]: no such notebook ({', '.join(declared)})")
            continue
        bad = [n for n in values if n not in declared[stems[0]] or n in RUNNER_PARAMETERS]
        if bad:
            problems.append(f"[notebook.{key}]: {stems[0]} has no parameter "
                            f"{', '.join(sorted(bad))}")
        per.setdefault(stems[0], {}).update(values)
    if problems:
        known = "\n".join(f"  {stem}: {', '.join(n for n in names if n not in RUNNER_PARAMETERS)}"
                          for stem, names in declared.items())
        raise NewsprismError("; ".join(problems) + "\nknown parameters per notebook:\n" + known)
    return RunConfig(shared=dict(config.shared), per_notebook=per, file=config.file)


def merged(base: RunConfig, overrides: dict) -> RunConfig:
    """``base`` with command-line ``overrides`` (they win for every notebook)."""
    per = {stem: {k: v for k, v in values.items() if k not in overrides}
           for stem, values in base.per_notebook.items()}
    return RunConfig(shared={**base.shared, **overrides}, per_notebook=per, file=base.file)
