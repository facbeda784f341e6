"""Recipe: choose how the mention enters the encoder, on a hold-out of NewsMTSC *train* only.

Candidates (same backbone all-MiniLM-L6-v2, same training settings as ``EncoderStance()``'s
defaults, seed 0; only the input or the pooling differs from the default):

- ``marked`` (``EncoderStance`` itself, the default): ``[CLS] left [m] mention [/m] right
  [SEP]``, the classifier reads the mean of all tokens and the mean of the marked span.
- ``pair`` (:class:`PairInput`): target-aware sentence pair ``[CLS] mention [SEP] left [m]
  mention [/m] right [SEP]`` (segment ids 0 / 1), pooling as the default.
- ``markers`` (:class:`MarkerPooling`): the default input; the classifier reads the vectors
  of the two marker tokens and the mean of all tokens (entity-marker pooling).

The two alternatives were screened and not adopted (``reports/benchmarks/
stance_encoder_inputs.md``: pair 71.4 against the default's 73.9 val F1m; markers not run), so
the library no longer carries them: they live here as small subclasses of ``EncoderStance``
that override its ``_encode`` (input rows), ``_features`` (what the classifier reads) and
``_new_network`` (head width) methods. The code the screen actually ran is at the git tag
``encoder-inputs-2026-12`` (commit 32e9d4e); ``PairInput`` builds the same rows, segment ids and head.

Hold-out: the grouped validation split that ``EncoderStance.fit`` holds out of NewsMTSC train
(10% of the sentences, ``StratifiedGroupKFold`` with seed 0: the same rows for every
candidate). devtest_mt and the gold set are never read here.

Adoption rule (written before any candidate was run): a candidate replaces the default when
its validation macro-F1 at its kept epoch is at least 1.0 point above the default's (76.3,
``reports/benchmarks/stance_encoder.json``, ``runs.newsmtsc_fit``) and its fine-tune time is
at most 1.25 times the default's in the same conditions (epoch seconds compared per step);
if both qualify, the higher validation F1m wins. Only the adopted model is then scored, once,
on devtest_mt (``bench_stance_encoder.py``). The validation F1m also picks the epoch, so it
is slightly optimistic for every candidate alike; a 1-point margin on ~880 rows is a weak
rule, not a significance test, which is why the devtest score is reported with its CI.

Screening (``--screen N``): when a full fine-tune does not fit in the time at hand, every
candidate, the default included, is fine-tuned for one epoch on the same grouped sample of
N training rows and scored on that sample's own grouped validation split. A screen only
orders the candidates for a full run; it adopts nothing.

Usage::

    nice -n 10 python benchmarks/recipes/stance_encoder_inputs.py --candidate pair \\
        [--out build/stance_inputs] [--threads 2]

Writes ``<out>/<candidate>.json`` (history, kept epoch, validation scores, seconds, peak RSS).
No weights are saved: ``EncoderStance.load`` refuses a card of another class or network, and
an adopted candidate would first move into the library and be fine-tuned there.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

from newsprism.stance.encoder import EncoderStance
from newsprism.stance.encoder_inputs import encode_rows
from newsprism.stance.labels import CLASSES

TARGET_PIECES = 16  # word pieces of the mention repeated in front of a two-segment input


def encode_pair_rows(tokenizer, X, max_length: int) -> list[tuple[list[int], int, int]]:
    """Rows ``[CLS] mention [SEP] left [m] mention [/m] right [SEP]`` as ``(ids, start, end)``.

    The mention's word pieces (at most :data:`TARGET_PIECES`) come first; the marked sentence
    of :func:`encode_rows` (cut to fit ``max_length``) follows, its own ``[CLS]`` dropped;
    ``ids[start:end]`` is the marked span in the second segment.
    """
    if max_length < 9 + TARGET_PIECES:
        raise ValueError(f"max_length must be at least {9 + TARGET_PIECES} for a "
                         f"two-segment input, got {max_length}")
    mentions = [str(t)[int(a):int(b)] for t, a, b in zip(X["text"], X["start"], X["end"])]
    unique = list(dict.fromkeys(mentions))
    pieces = dict(zip(unique, tokenizer(unique, add_special_tokens=False)["input_ids"]
                      if unique else []))
    rows = []
    sentences = encode_rows(tokenizer, X, max_length - TARGET_PIECES - 1)
    for mention, (ids, a, b) in zip(mentions, sentences):
        first = [tokenizer.cls_token_id, *pieces[mention][:TARGET_PIECES],
                 tokenizer.sep_token_id]
        shift = len(first) - 1  # the sentence's own [CLS] is dropped
        rows.append((first + ids[1:], a + shift, b + shift))
    return rows


class PairInput(EncoderStance):
    """The mention, ``[SEP]``, then the marked sentence (segment ids 0, then 1)."""

    def _encode(self, X):
        return encode_pair_rows(self.tokenizer_, X, int(self.max_length))

    def _features(self, torch, ids, mask, span):
        from newsprism.features.sentence_encoder import mean_pool

        # segment 1 starts after the first [SEP], the end of the mention segment
        sep = (ids == self.tokenizer_.sep_token_id).long()
        types = ((sep.cumsum(dim=1) - sep) > 0).long() * mask
        hidden = self.encoder_(input_ids=ids, attention_mask=mask,
                               token_type_ids=types).last_hidden_state
        return torch.cat([mean_pool(hidden, mask), mean_pool(hidden, span)], dim=1)


class MarkerPooling(EncoderStance):
    """The classifier reads the two marker vectors and the mean of all tokens."""

    def _new_network(self, torch):
        from newsprism.features.sentence_encoder import load_encoder

        tokenizer, encoder = load_encoder()
        return tokenizer, encoder, torch.nn.Linear(3 * encoder.config.hidden_size,
                                                   len(CLASSES))

    def _features(self, torch, ids, mask, span):
        from newsprism.features.sentence_encoder import mean_pool

        hidden = self.encoder_(input_ids=ids, attention_mask=mask).last_hidden_state
        rows = torch.arange(len(ids))
        opening = span.argmax(dim=1)  # first position of the marked span
        closing = span.shape[1] - 1 - span.flip(1).argmax(dim=1)  # its last
        return torch.cat([hidden[rows, opening], hidden[rows, closing],
                          mean_pool(hidden, mask)], dim=1)


CANDIDATES = {"marked": (EncoderStance, "marked", "mean+span"),
              "pair": (PairInput, "pair", "mean+span"),
              "markers": (MarkerPooling, "marked", "markers")}


def main(argv=None):
    from newsprism import config
    from newsprism.features.sentence_encoder import set_threads
    from newsprism.stance.io import read_stance_data

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidate", choices=sorted(CANDIDATES), required=True)
    parser.add_argument("--out", default="build/stance_inputs")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--max-steps", type=int, default=None, help="quick check only")
    parser.add_argument("--screen", type=int, default=None,
                        help="one epoch on a grouped sample of this many training rows")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    train_path = config.shared_data_dir() / "newsmtsc" / "train.jsonl"
    train = read_stance_data(train_path, require_label=True)
    name = args.candidate
    settings = {}
    if args.screen:
        from newsprism.stance.benchmark import _subsample

        train, settings = _subsample(train, args.screen, 0), {"epochs": 1}
        name = f"screen{args.screen}-{args.candidate}"
    threads = set_threads(args.threads)
    load_start = [round(x, 2) for x in os.getloadavg()]
    cls, input_format, pooling = CANDIDATES[args.candidate]
    model = cls(seed=0, max_steps=args.max_steps, **settings)
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    model.fit(train, train["label"])
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    record = {"candidate": args.candidate, "n_train_rows": len(train), "settings": settings,
              "training_data": str(train_path),
              "architecture": {"input": input_format, "pooling": pooling},
              "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
              "torch_threads": threads, "load_average_at_start": load_start,
              "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
              "history": model.history_, "best_epoch": model.best_epoch_,
              "validation": model.validation_scores_}
    (out / f"{name}.json").write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps({k: record[k] for k in ("candidate", "seconds", "best_epoch")}),
          f"val F1m {100 * record['validation']['f1m']['value']:.1f}")


if __name__ == "__main__":
    main()
