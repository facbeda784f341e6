"""``newsprism topics train | evaluate | predict``.

Example:
    $ newsprism topics train --corpus bbc --label-col topic --model-out models/bbc.skops \\
          --metrics-out metrics.json
    $ newsprism topics evaluate --corpus bbc --label-col topic --baseline --out-dir reports
    $ newsprism topics predict --model models/bbc.skops --corpus newsarticles --out topics.csv
"""

from __future__ import annotations


def register(sub) -> None:
    topics = sub.add_parser("topics", help="train, evaluate and apply supervised topic classifiers")
    tsub = topics.add_subparsers(dest="topics_command", metavar="ACTION")

    def corpus_args(p, label=True):
        p.add_argument("--corpus", required=True, help="built-in name (bbc, newsarticles, allsides) "
                       "or a CSV/JSONL/Parquet file or .txt folder")
        p.add_argument("--data-dir", help="cache of built-in datasets (default: data/raw)")
        p.add_argument("--sample", type=int, help="use a random sample of this many articles")
        p.add_argument("--seed", type=int, default=0, help="seed for sampling, folds, bootstrap")
        if label:
            p.add_argument("--label-col", default="topic", help="column holding the topic (default topic)")
            p.add_argument("--macro-topics", action="store_true",
                           help="fold AllSides tags into the packaged macro topics first")
            p.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
            p.add_argument("--split", choices=("duplicates", "outlets"), default="duplicates",
                           help="cross-validation folds: duplicate-grouped (default) or "
                                "leave-outlets-out (scores on outlets the model never saw)")
            p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
            p.add_argument("--abstain", type=float, default=0.5,
                           help="predict 'other' below this top probability (default 0.5; 0 = never)")
            p.add_argument("--metrics-out", help="write the cross-validated metrics as JSON here")

    train = tsub.add_parser("train", help="cross-validate, then fit on all labelled articles and save")
    corpus_args(train)
    train.add_argument("--model-out", required=True, help="where to save the model (.skops)")
    train.set_defaults(handler=_train)

    ev = tsub.add_parser("evaluate", help="duplicate-grouped cross-validation with bootstrap CIs")
    corpus_args(ev)
    ev.add_argument("--baseline", action="store_true",
                    help="also run the leaky baseline (TF-IDF 1-2-grams + LinearSVC, ungrouped folds)")
    ev.add_argument("--out-dir", help="write tables (per-class, confusion, comparison) to OUT/tables")
    ev.set_defaults(handler=_evaluate)

    pr = tsub.add_parser("predict", help="label any corpus with a saved model")
    corpus_args(pr, label=False)
    pr.add_argument("--model", required=True, help="a .skops model saved by 'topics train'")
    pr.add_argument("--out", required=True, help="output .csv or .parquet")
    pr.add_argument("--abstain", type=float, help="override the model's abstain threshold")
    pr.set_defaults(handler=_predict)


def _load(args):
    from newsprism.corpus import load_corpus

    corpus = load_corpus(args.corpus, data_dir=args.data_dir, sample=args.sample, seed=args.seed)
    if getattr(args, "macro_topics", False):
        from newsprism.topics.allsides import with_macro_topics

        corpus = with_macro_topics(corpus, args.label_col)
        args.label_col = "macro_topic"
    return corpus


def _estimator(args):
    from newsprism.topics.model import TopicClassifier

    return TopicClassifier(abstain_threshold=args.abstain, random_state=args.seed)


def _metrics_json(evaluation) -> dict:
    m = evaluation.metrics
    keys = ("macro_f1", "macro_f1_ci", "accuracy", "coverage", "macro_f1_answered", "n_docs",
            "n_folds", "grouped_duplicates", "n_docs_in_duplicate_groups", "n_boot", "seed",
            "abstain_threshold", "per_class", "fit_seconds_per_fold")
    out = {k: m[k] for k in keys if k in m}
    out["cv_confusion"] = evaluation.cv_confusion()
    return out


def _write_json(path, payload) -> None:
    import json
    from pathlib import Path

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")


def _train(args) -> int:
    import time

    from newsprism.errors import NewsprismError
    from newsprism.topics.evaluate import evaluate
    from newsprism.topics.io import save_topic_model, train_topic_model

    if args.folds == 1 or args.folds < 0:
        raise NewsprismError("--folds must be 0 (no evaluation) or at least 2")
    if args.metrics_out and args.folds == 0:
        raise NewsprismError("--metrics-out needs cross-validation; use --folds 2 or more")
    corpus = _load(args)
    evaluation = None
    if args.folds:
        evaluation = evaluate(corpus, args.label_col, estimator=_estimator(args), n_splits=args.folds,
                              seed=args.seed, n_boot=args.n_boot, split=args.split)
        lo, hi = evaluation.metrics["macro_f1_ci"]
        how = "outlets left out" if args.split == "outlets" else "duplicates grouped"
        print(f"cross-validated macro-F1 {evaluation.metrics['macro_f1']:.3f} "
              f"(95% CI {lo:.3f}-{hi:.3f}), {args.folds} folds, {how}, "
              f"{evaluation.metrics['n_docs']} articles")
    start = time.perf_counter()
    model = train_topic_model(corpus, args.label_col, estimator=_estimator(args), seed=args.seed)
    seconds = time.perf_counter() - start
    card = save_topic_model(model, args.model_out, training_name=str(args.corpus),
                            training_data=corpus, label_col=args.label_col, evaluation=evaluation,
                            extra={"train_seconds": round(seconds, 2), "sample": args.sample})
    print(f"trained on {card['n_docs']} articles in {seconds:.1f} s; topics {card['label_set']}; "
          f"saved {args.model_out} (+ model card)")
    if args.metrics_out:
        _write_json(args.metrics_out, _metrics_json(evaluation))
    return 0


def _evaluate(args) -> int:
    from newsprism.topics.evaluate import compare_with_leaky_baseline, evaluate

    corpus = _load(args)
    common = dict(n_splits=args.folds, seed=args.seed, n_boot=args.n_boot)
    evaluation = evaluate(corpus, args.label_col, estimator=_estimator(args), split=args.split,
                          name=("TopicClassifier, leave-outlets-out folds" if args.split == "outlets"
                                else "TopicClassifier, grouped folds"), **common)
    table = evaluation.summary()
    if args.baseline:
        table, _ = compare_with_leaky_baseline(corpus, args.label_col,
                                               model_evaluation=evaluation, **common)
    with __import__("pandas").option_context("display.width", 140, "display.max_columns", 20):
        print(table.round(4).to_string(index=False))
        print(evaluation.per_class.round(3).to_string(index=False))
    if args.out_dir:
        from newsprism.report.writer import save_table

        stem = "topic_" + "".join(c if c.isalnum() else "_" for c in str(args.corpus).lower()).strip("_")[-30:]
        save_table(table, f"{stem}_cv_comparison", args.out_dir)
        save_table(evaluation.per_class, f"{stem}_cv_per_class", args.out_dir)
        save_table(evaluation.confusion, f"{stem}_cv_confusion", args.out_dir)
    if args.metrics_out:
        payload = _metrics_json(evaluation)
        if args.baseline:
            payload["comparison"] = table.to_dict(orient="records")
        _write_json(args.metrics_out, payload)
    return 0


def _predict(args) -> int:
    from pathlib import Path

    from newsprism.errors import NewsprismError
    from newsprism.topics.io import load_card_fields, load_topic_model, predict_topics

    out = Path(args.out)
    if out.suffix not in (".csv", ".parquet"):
        raise NewsprismError(f"{out}: --out must end in .csv or .parquet")
    model = load_topic_model(args.model)
    corpus = _load(args)
    preds = predict_topics(model, corpus, fields=load_card_fields(args.model), threshold=args.abstain)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".csv":
        preds.to_csv(out, index=False, float_format="%.6g", lineterminator="\n")
    else:
        preds.to_parquet(out, index=False)
    share = preds["topic"].value_counts(normalize=True).round(3).to_dict()
    print(f"{len(preds)} articles labelled -> {out}; topic shares {share}")
    return 0
