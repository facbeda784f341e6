"""Save and load fitted models safely: skops files (never pickle) plus a model card.

A model ``M.skops`` is written next to ``M.card.json`` and ``M.card.md``. The card
records what a reader needs to trust and reproduce the model: training data and its
hash, label set, parameters, metrics with confidence intervals, package versions and
date. Loading refuses any file that is not ``.skops``, whose SHA-256 differs from the
card, whose top-level type is not the one the caller expects, or that would create any type
outside skops' own trusted set and the exact list :data:`SAVED_TYPES`; all of it is checked
before a single object is built.

Example:
    >>> from sklearn.linear_model import LogisticRegression
    >>> import tempfile, pathlib
    >>> clf = LogisticRegression().fit([[0.0], [1.0]], [0, 1])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "m.skops"
    >>> card = save_model(clf, path, card={"task": "demo"})
    >>> load_model(path, expected=LogisticRegression).predict([[1.0]]).tolist()
    [1]
"""

from __future__ import annotations

import datetime as _dt
import json
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from newsprism.errors import UntrustedModelError
from newsprism.fingerprint import file_sha256

# The exact types (module + qualified name) that newsprism writes into a model file beyond
# what skops trusts by default (numpy, scipy, scikit-learn's own estimators, plain
# containers). No module prefixes: ``builtins.exec`` or ``os.system`` must never match.
# tests/security/test_model_files.py saves every model kind and checks this list is complete
# and has no unused entry.
SAVED_TYPES = frozenset({
    "newsprism.features.vectorizers.NewsTfidfVectorizer",
    "newsprism.stance.models.LexiconStance",
    "newsprism.stance.models.LinearStance",
    "newsprism.stance.models.StanceFeatures",
    "newsprism.themes.discovered.ThemeModel",
    "newsprism.topics.model.TopicClassifier",
    # scikit-learn's calibrated classifier keeps these private helpers (topic model)
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
})
# Largest schema.json read before deciding whether to trust a file (real ones are < 1 MB).
_MAX_SCHEMA_BYTES = 64 << 20
_VERSIONED_PACKAGES = ("newsprism", "scikit-learn", "numpy", "scipy", "pandas", "skops")


def package_versions(names=_VERSIONED_PACKAGES) -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def card_paths(model_path: str | Path) -> tuple[Path, Path]:
    model_path = Path(model_path)
    stem = model_path.with_suffix("")
    return stem.with_suffix(".card.json"), stem.with_suffix(".card.md")


def save_model(model: Any, path: str | Path, card: dict | None = None) -> dict:
    """Write ``model`` to ``path`` (must end in ``.skops``) with its model card.

    ``card`` holds task-specific fields (training data, label set, metrics...);
    ``model_sha256``, ``created`` (UTC date), ``versions`` and ``params`` are added.
    Returns the full card.
    """
    import skops.io as sio

    path = Path(path)
    if path.suffix != ".skops":
        raise UntrustedModelError(f"{path}: model files must end in .skops (no pickle)")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".skops.tmp")
    sio.dump(model, tmp)
    tmp.replace(path)
    full = dict(card or {})
    full.setdefault("model_type", f"{type(model).__module__}.{type(model).__qualname__}")
    if hasattr(model, "get_params"):
        full.setdefault("params", _jsonable(model.get_params(deep=False)))
    full["model_file"] = path.name
    full["model_sha256"] = file_sha256(path)
    full["created"] = _dt.datetime.now(_dt.timezone.utc).date().isoformat()
    full["versions"] = package_versions()
    json_path, md_path = card_paths(path)
    json_path.write_text(json.dumps(full, indent=2, sort_keys=True, default=str) + "\n")
    md_path.write_text(card_to_markdown(full))
    return full


def load_card(path: str | Path) -> dict:
    """The JSON model card saved next to ``path``; one-line error if missing or not JSON."""
    json_path, _ = card_paths(path)
    if not json_path.is_file():
        raise UntrustedModelError(f"{path}: no model card {json_path.name} next to it")
    try:
        card = json.loads(json_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise UntrustedModelError(f"{json_path}: model card is not valid UTF-8 JSON "
                                  f"({type(exc).__name__})") from None
    if not isinstance(card, dict):
        raise UntrustedModelError(f"{json_path}: model card must be a JSON object, "
                                  f"found {type(card).__name__}")
    return card


def _type_name(expected: type | str) -> str:
    if isinstance(expected, str):
        return expected
    return f"{expected.__module__}.{expected.__qualname__}"


def _top_level_type(path: Path) -> str:
    """``module.Class`` of the object a skops file would build, read without building it."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("schema.json")
            if info.file_size > _MAX_SCHEMA_BYTES:
                raise UntrustedModelError(f"{path}: schema.json is {info.file_size:,} bytes; "
                                          "refusing to read a model description that large")
            schema = json.loads(archive.read(info))
    except (zipfile.BadZipFile, KeyError, OSError, UnicodeDecodeError, ValueError,
            RecursionError) as exc:
        raise UntrustedModelError(f"{path}: not a readable skops file "
                                  f"({type(exc).__name__})") from None
    if not isinstance(schema, dict):
        raise UntrustedModelError(f"{path}: not a skops model file (schema is not an object)")
    return f"{schema.get('__module__')}.{schema.get('__class__')}"


def load_model(path: str | Path, *, expected: type | str | tuple = (),
               check_card: bool = True) -> Any:
    """Load a model written by :func:`save_model`, refusing anything untrusted.

    Checks, in this order, before any object is built: the suffix is ``.skops``; the file's
    SHA-256 matches its model card; the top-level type is one of ``expected`` (classes or
    ``"module.Class"`` names; default: any newsprism model in :data:`SAVED_TYPES`); and every type the
    file would create is trusted by skops or listed, exactly, in :data:`SAVED_TYPES`.

    Raises:
        UntrustedModelError: one line naming the file and the reason.
    """
    import skops.io as sio

    path = Path(path)
    if path.suffix != ".skops":
        raise UntrustedModelError(f"{path}: refusing to load a non-.skops file (pickle is unsafe)")
    if not path.is_file():
        raise UntrustedModelError(f"{path}: no such model file")
    if check_card:
        card = load_card(path)
        actual = file_sha256(path)
        if card.get("model_sha256") != actual:
            raise UntrustedModelError(
                f"{path}: SHA-256 {actual[:12]}… does not match its model card "
                f"({str(card.get('model_sha256'))[:12]}…); the file was changed after saving"
            )
    wanted = expected if isinstance(expected, tuple) else (expected,)
    wanted_names = ({_type_name(t) for t in wanted}
                    or {name for name in SAVED_TYPES if name.startswith("newsprism.")})
    top = _top_level_type(path)
    if top not in wanted_names:
        raise UntrustedModelError(
            f"{path}: holds a {top}, expected {' or '.join(sorted(wanted_names))}")
    try:
        unknown = sio.get_untrusted_types(file=path)
    except (RecursionError, MemoryError) as exc:
        raise UntrustedModelError(f"{path}: model description too deeply nested "
                                  f"({type(exc).__name__})") from None
    except (ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        # skops reports a malformed node tree with these; the message names the node
        raise UntrustedModelError(f"{path}: not a readable skops file ({exc})") from None
    bad = sorted(set(unknown) - SAVED_TYPES)
    if bad:
        raise UntrustedModelError(f"{path}: contains types newsprism never saves: {bad}")
    try:
        return sio.load(path, trusted=unknown)
    except (ValueError, KeyError, TypeError, AttributeError, ImportError) as exc:
        raise UntrustedModelError(f"{path}: could not rebuild the model ({exc})") from None


def card_to_markdown(card: dict) -> str:
    """Render a model card as Markdown (sections in a stable order)."""
    lines = [f"# Model card: {card.get('name', card.get('model_file', 'model'))}", ""]
    for key in sorted(card):
        value = card[key]
        if isinstance(value, (dict, list)):
            lines += [f"## {key}", "", "```json", json.dumps(value, indent=2, default=str), "```", ""]
        else:
            lines.append(f"- **{key}**: {value}")
    return "\n".join(lines) + "\n"


def _jsonable(params: dict) -> dict:
    out = {}
    for key, value in params.items():
        if isinstance(value, (str, int, float, bool, type(None))):
            out[key] = value
        elif isinstance(value, (list, tuple)) and all(
            isinstance(v, (str, int, float, bool, type(None))) for v in value
        ):
            out[key] = list(value)
        else:
            out[key] = repr(value)
    return out
