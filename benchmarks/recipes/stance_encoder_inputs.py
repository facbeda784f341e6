"""Recipe: choose how the mention enters the encoder, on a hold-out of NewsMTSC *train* only.

Candidates (same backbone all-MiniLM-L6-v2, same training settings as ``EncoderStance()``'s
defaults, seed 0; only the input or the pooling differs from the default):

- ``marked`` / ``mean+span`` (the default so far): ``[CLS] left [m] mention [/m] right [SEP]``,
  the classifier reads the mean of all tokens and the mean of the marked span.
- ``pair``: target-aware sentence pair ``[CLS] mention [SEP] left [m] mention [/m] right
  [SEP]`` (segment ids 0 / 1), pooling as the default.
- ``markers``: the default input; the classifier reads the vectors of the two marker tokens
  and the mean of all tokens (entity-marker pooling).

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

Writes ``<out>/<candidate>.json`` (history, kept epoch, validation scores, seconds, peak RSS)
and ``<out>/<candidate>.safetensors`` with its card (the adopted one is reused by the
benchmark instead of fine-tuning the same model again).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

CANDIDATES = {"marked": ("marked", "mean+span"), "pair": ("pair", "mean+span"),
              "markers": ("marked", "markers")}


def main(argv=None):
    from newsprism import config
    from newsprism.features.sentence_encoder import set_threads
    from newsprism.stance.encoder import EncoderStance
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
    model = EncoderStance(seed=0, max_steps=args.max_steps, **settings)
    model.input_format, model.pooling = CANDIDATES[args.candidate]
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    model.fit(train, train["label"])
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    model.save(out / f"{name}.safetensors",
               card={"training_data": {"path": str(train_path)}})
    record = {"candidate": args.candidate, "n_train_rows": len(train), "settings": settings,
              "architecture": model._architecture(),
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
