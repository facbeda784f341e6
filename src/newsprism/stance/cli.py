"""``newsprism stance …``: sample items to annotate, agreement, train, evaluate, predict.

Example:
    $ newsprism stance sample --corpus newsarticles --targets Russia NATO --n 700 --seed 0 --out s.csv
    $ newsprism stance agreement pass1.csv pass2.csv
    $ newsprism stance train --data train.jsonl --model-out m.skops --kind linear
    $ newsprism stance predict --model m.skops --input sentences.csv --out stance.csv
"""

from __future__ import annotations

import argparse

from newsprism.stance.kinds import MODEL_KINDS


def register(subparsers) -> None:
    stance = subparsers.add_parser("stance", help="stance toward targets (Russia, NATO, ...)",
                                   description="Stance toward targets in news sentences.")
    sub = stance.add_subparsers(dest="stance_command", metavar="SUBCOMMAND")

    p = sub.add_parser("sample", help="draw mention sentences to annotate (CSV)")
    p.add_argument("--corpus", default="newsarticles",
                   help="built-in corpus name or a corpus file (default newsarticles)")
    p.add_argument("--targets", nargs="+", default=None, metavar="NAME",
                   help="target names from the targets file (default: all)")
    p.add_argument("--targets-file", default=None, help="TOML targets file (default: built-in)")
    p.add_argument("--n", type=int, default=700, help="number of items (default 700)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--weights", nargs="*", default=(), metavar="TARGET=W",
                   help="relative share per target, e.g. NATO=2 (default equal)")
    p.add_argument("--exclude", default=None,
                   help="CSV of items already annotated (their item_id is skipped)")
    p.add_argument("--data-dir", default=None)
    p.add_argument("--out", required=True, help="output CSV")
    p.set_defaults(handler=_sample)

    p = sub.add_parser("agreement", help="Cohen's kappa and confusion of two annotation CSVs")
    p.add_argument("a", help="first annotator's CSV")
    p.add_argument("b", help="second annotator's CSV")
    p.set_defaults(handler=_agreement)

    p = sub.add_parser("train", help="train a stance model and save it (skops + card)")
    p.add_argument("--data", required=True,
                   help="NewsMTSC JSONL or CSV with text,target[,start,end],label")
    p.add_argument("--model-out", required=True,
                   help="output .skops file (.safetensors for --kind encoder)")
    p.add_argument("--kind", choices=tuple(MODEL_KINDS), default="linear",
                   help="model kind (default linear)")
    p.add_argument("--metrics-out", default=None,
                   help="write cross-validated metrics (JSON) to this file")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--adapt-to", default=None, metavar="FILE",
                   help="inputs the model will be applied to (same formats; labels not read): "
                        "keep only the word features that occur there (linear only)")
    p.set_defaults(handler=_train)

    p = sub.add_parser("evaluate", help="score a saved model on labelled data")
    p.add_argument("--model", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--n-boot", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default=None, help="write metrics JSON here")
    p.set_defaults(handler=_evaluate)

    p = sub.add_parser("predict", help="label the stance of each target mention")
    p.add_argument("--model", required=True,
                   help=".skops or .safetensors model from `stance train`")
    p.add_argument("--input", required=True,
                   help="NewsMTSC JSONL or CSV with text,target[,start,end]")
    p.add_argument("--out", required=True, help="output CSV")
    p.set_defaults(handler=_predict)

    stance.set_defaults(handler=lambda args: (stance.print_help(), 2)[1])


def _parse_weights(items) -> dict:
    from newsprism.errors import DataError

    weights = {}
    for item in items or ():
        name, sep, value = item.partition("=")
        try:
            weights[name] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise DataError(f"--weights expects TARGET=NUMBER, got {item!r}")
    return weights


def _sample(args: argparse.Namespace) -> int:
    from newsprism.corpus import load_corpus
    from newsprism.stance.sample import sample_mentions, stratification_table
    from newsprism.stance.targets import load_targets, select_targets

    targets = select_targets(load_targets(args.targets_file), args.targets)
    weights = _parse_weights(args.weights)
    unknown = set(weights) - {t.name for t in targets}
    if unknown:
        from newsprism.errors import DataError

        raise DataError(f"--weights names targets not sampled: {', '.join(sorted(unknown))}")
    exclude = ()
    if args.exclude:
        import pandas as pd

        exclude = pd.read_csv(args.exclude, dtype=str, keep_default_na=False)["item_id"].tolist()
    corpus = load_corpus(args.corpus, data_dir=args.data_dir)
    sample = sample_mentions(corpus, targets, n=args.n, seed=args.seed, weights=weights,
                             exclude_ids=exclude)
    sample.to_csv(args.out, index=False, lineterminator="\n")
    print(f"wrote {len(sample)} items to {args.out}")
    print(stratification_table(sample).to_string())
    return 0


def _agreement(args: argparse.Namespace) -> int:
    from newsprism.stance.agreement import agreement, read_labels

    result = agreement(read_labels(args.a), read_labels(args.b))
    print(result.to_text())
    return 0


def _train(args: argparse.Namespace) -> int:
    from newsprism.stance.train import train_and_save

    card = train_and_save(args.data, args.model_out, kind=args.kind,
                          metrics_out=args.metrics_out, folds=args.folds, seed=args.seed,
                          adapt_to=args.adapt_to)
    print(f"saved {args.kind} model to {args.model_out}")
    if "adapted_to" in card:
        kept = card["adapted_to"]
        print(f"  adapted to {args.adapt_to} ({kept['n_rows']:,} rows): "
              f"{kept['word_columns_kept']:,} word columns kept")
    metrics = card.get("metrics", {})
    for name, value in metrics.get("cv", {}).items():
        if isinstance(value, dict) and "value" in value:
            print(f"  {name}: {value['value']:.3f} [{value['ci_low']:.3f}, {value['ci_high']:.3f}]")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    import json

    from newsprism.stance.evaluate import score
    from newsprism.stance.io import read_stance_data
    from newsprism.stance.train import load_stance_model

    model = load_stance_model(args.model)
    data = read_stance_data(args.data, require_label=True)
    pred = model.predict(data)
    metrics = score(data["label"], pred, n_boot=args.n_boot, seed=args.seed,
                    groups=data.get("group"))
    text = json.dumps(metrics, indent=2)
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text + "\n")
    print(text)
    return 0


def _predict(args: argparse.Namespace) -> int:
    from newsprism.stance.io import predict_table, read_stance_data
    from newsprism.stance.train import load_stance_model

    model = load_stance_model(args.model)
    data = read_stance_data(args.input, require_label=False)
    out = predict_table(model, data)
    out.to_csv(args.out, index=False, lineterminator="\n")
    print(f"wrote {len(out)} predictions to {args.out}")
    return 0
