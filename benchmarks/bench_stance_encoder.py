"""Benchmark of the fine-tuned encoder stance model; adds its rows to reports/benchmarks/stance.*.

Splits (the same as bench_stance.py's for the lexicon and linear baselines; every score is
on rows the model never saw, early stopping uses a grouped split of the training data):

1. NewsMTSC train → devtest_mt: ``EncoderStance()`` with its defaults; fine-tune wall time,
   peak RSS, inference speed, and the same model after dynamic int8 quantisation.
2. NewsMTSC train → gold: the model of (1) applied to the gold set.
3. gold 5-fold grouped by article: the encoder fine-tuned on the gold folds alone
   (``SMALL_DATA_PARAMS``), and domain adaptation: the NewsMTSC model of (1) fine-tuned
   further on the same folds (``ADAPT_PARAMS``, ``init`` = the NewsMTSC model).
4. gold → devtest_mt: the encoder fine-tuned on the whole gold set.

Writes reports/benchmarks/stance_encoder.{json,md} (rows, timings, quantisation, confusion
matrices, conditions) and merges the encoder rows into stance.{json,md} next to the
baselines (:func:`merge_into_stance_report`). Intermediate results and the NewsMTSC model are
kept in ``--work-dir`` (default: a folder keyed by the newsprism code) so an interrupted run
resumes where it stopped.

Usage:
    python benchmarks/bench_stance_encoder.py [--reports-dir reports] [--work-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd

MODEL = "encoder (MiniLM fine-tuned)"
MODEL_ADAPTED = "encoder (NewsMTSC, then gold folds)"
MODEL_INT8 = "encoder (MiniLM fine-tuned, int8)"  # EncoderStance.quantized()
SPLIT_DEV = "newsmtsc train → devtest_mt"
SPLIT_GOLD = "newsmtsc train → gold"
SPLIT_GOLD_TO_DEV = "gold → newsmtsc devtest_mt"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _when() -> dict:
    """Threads and machine load at the end of a timed step (the CPUs are shared)."""
    from newsprism.features.sentence_encoder import set_threads

    return {"torch_threads": set_threads(),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def _rows(metrics: dict, split: str, model: str, n_train) -> list[dict]:
    from newsprism.stance.evaluate import metrics_rows

    return metrics_rows(metrics, split=split, model=model, n_train=n_train)


def _timed_proba(model, data) -> tuple[np.ndarray, float]:
    t0 = time.perf_counter()
    proba = model.predict_proba(data)
    return proba, time.perf_counter() - t0


class _Checkpoint:
    """Results kept on disk between runs (``work_dir/results.json``)."""

    def __init__(self, work_dir: Path):
        self.path = work_dir / "results.json"
        self.data = json.loads(self.path.read_text()) if self.path.is_file() else {}

    def get(self, name):
        return self.data.get(name)

    def put(self, name, value):
        from newsprism.cache import atomic_write_text

        self.data[name] = value
        atomic_write_text(self.path, json.dumps(self.data, indent=2, default=str) + "\n")
        return value


def encoder_benchmark(*, newsmtsc_dir: Path | None, gold: pd.DataFrame | None,
                      work_dir: Path, folds: int = 5, n_boot: int = 1000,
                      seed: int = 0, fast: bool = False) -> dict:
    """Run the encoder splits; returns ``{"table": rows, "runs": timings and extras}``.

    ``table`` rows have the columns of :func:`newsprism.stance.benchmark.run_benchmark`'s
    table (``split, model, metric, value, ci_low, ci_high, n_train, n_test``).
    ``fast``: a few optimisation steps per fit on small samples (checks the script runs;
    the numbers mean nothing).
    """
    from newsprism.stance.benchmark import _subsample
    from sklearn.base import clone

    from newsprism.stance.encoder import ADAPT_PARAMS, SMALL_DATA_PARAMS, EncoderStance
    from newsprism.stance.evaluate import confusion_table, grouped_folds, score
    from newsprism.stance.io import read_stance_data
    from newsprism.stance.labels import CLASSES

    work_dir.mkdir(parents=True, exist_ok=True)
    done = _Checkpoint(work_dir)
    rows: list[dict] = []
    labels = np.array(CLASSES, dtype=object)
    quick = {"max_steps": 3} if fast else {}
    if fast and gold is not None:
        gold = _subsample(gold, 120, seed)

    def scored(name, split, model_name, n_train, gold_labels, pred, groups):
        result = done.get(name)
        if result is None:
            metrics = score(gold_labels, pred, n_boot=n_boot, seed=seed, groups=groups)
            confusion = confusion_table(gold_labels, pred)
            result = done.put(name, {"metrics": metrics, "confusion": {
                "labels": list(confusion.index), "counts": confusion.to_numpy().tolist()}})
        rows.extend(_rows(result["metrics"], split, model_name, n_train))
        return result

    newsmtsc_model = None
    dev = train = None
    if newsmtsc_dir is not None and (Path(newsmtsc_dir) / "train.jsonl").is_file():
        train = read_stance_data(Path(newsmtsc_dir) / "train.jsonl", require_label=True)
        dev = read_stance_data(Path(newsmtsc_dir) / "devtest_mt.jsonl", require_label=True)
        if fast:
            train, dev = _subsample(train, 300, seed), _subsample(dev, 150, seed)
        path = work_dir / "newsmtsc.safetensors"
        if path.is_file() and done.get("newsmtsc_fit"):
            newsmtsc_model = EncoderStance.load(path)
        else:
            t0 = time.perf_counter()
            newsmtsc_model = EncoderStance(seed=seed, **quick).fit(train, train["label"])
            seconds = time.perf_counter() - t0
            newsmtsc_model.save(path, card={"training_data": {
                "path": str(Path(newsmtsc_dir) / "train.jsonl")}})
            done.put("newsmtsc_fit", {"seconds": round(seconds, 1), **_when(),
                                      "peak_rss_mb": round(_peak_rss_mb(), 1),
                                      "history": newsmtsc_model.history_,
                                      "best_epoch": newsmtsc_model.best_epoch_,
                                      "validation_f1m": newsmtsc_model.validation_scores_[
                                          "f1m"]["value"]})
        if done.get("dev_pred") is None:
            newsmtsc_model.predict_proba(dev.iloc[:64])  # warm-up: first-call overheads
            proba, seconds = _timed_proba(newsmtsc_model, dev)
            done.put("dev_pred", {"pred": labels[proba.argmax(axis=1)].tolist(), **_when(),
                                  "seconds": round(seconds, 2),
                                  "mentions_per_second": round(len(dev) / seconds, 1)})
        scored("dev", SPLIT_DEV, MODEL, len(train), dev["label"],
               done.get("dev_pred")["pred"], dev["group"])
        if done.get("dev_pred_int8") is None:
            q = newsmtsc_model.quantized()
            q.predict_proba(dev.iloc[:64])
            proba, seconds = _timed_proba(q, dev)
            full = newsmtsc_model.predict_proba(dev)
            done.put("dev_pred_int8", {
                "pred": labels[proba.argmax(axis=1)].tolist(), "seconds": round(seconds, 2),
                **_when(),
                "mentions_per_second": round(len(dev) / seconds, 1),
                "agreement_with_float": float(np.mean(proba.argmax(1) == full.argmax(1))),
                "max_abs_probability_change": float(np.abs(proba - full).max())})
        scored("dev_int8", SPLIT_DEV, MODEL_INT8, len(train), dev["label"],
               done.get("dev_pred_int8")["pred"], dev["group"])
    if gold is not None and len(gold):
        if newsmtsc_model is not None:
            if done.get("gold_pred") is None:
                done.put("gold_pred", {"pred": newsmtsc_model.predict(gold).tolist()})
            scored("newsmtsc_to_gold", SPLIT_GOLD, MODEL, len(train), gold["label"],
                   done.get("gold_pred")["pred"], gold["group"])
        split = f"gold {folds}-fold (grouped by article)"
        variants = [("gold_cv", MODEL,
                     EncoderStance(seed=seed, **SMALL_DATA_PARAMS, **quick))]
        if newsmtsc_model is not None:
            variants.append(("adapt_cv", MODEL_ADAPTED, EncoderStance(
                seed=seed, init=str(work_dir / "newsmtsc.safetensors"), **ADAPT_PARAMS,
                **quick)))
        splits = grouped_folds(gold, folds, seed)
        for name, model_name, base in variants:
            state = done.get(name) or {"pred": [None] * len(gold), "folds_done": [],
                                       "seconds": []}
            for k, (tr, te) in enumerate(splits):
                if k in state["folds_done"]:
                    continue
                t0 = time.perf_counter()
                fitted = clone(base).fit(gold.iloc[tr], gold["label"].iloc[tr])
                pred = fitted.predict(gold.iloc[te])
                for i, p in zip(te, pred):
                    state["pred"][int(i)] = p
                state["folds_done"].append(k)
                state["seconds"].append(round(time.perf_counter() - t0, 1))
                done.put(name, state)
            scored(f"{name}_score", split, model_name,
                   int(len(gold) * (len(splits) - 1) / len(splits)), gold["label"],
                   state["pred"], gold["group"])
        if dev is not None:
            if done.get("gold_to_dev_pred") is None:
                t0 = time.perf_counter()
                fitted = EncoderStance(seed=seed, **SMALL_DATA_PARAMS, **quick).fit(
                    gold, gold["label"])
                done.put("gold_to_dev_pred", {"pred": fitted.predict(dev).tolist(),
                                              "seconds": round(time.perf_counter() - t0, 1)})
            scored("gold_to_dev", SPLIT_GOLD_TO_DEV, MODEL, len(gold), dev["label"],
                   done.get("gold_to_dev_pred")["pred"], dev["group"])
    table = pd.DataFrame(rows, columns=["split", "model", "metric", "value", "ci_low",
                                        "ci_high", "n_train", "n_test"])
    runs = {k: {kk: vv for kk, vv in v.items() if kk != "pred"}
            for k, v in done.data.items() if isinstance(v, dict)}
    return {"table": table, "runs": runs}


def merge_into_stance_report(out_dir: Path, table: pd.DataFrame) -> None:
    """Put the encoder rows into stance.json / stance.md next to the baselines' rows.

    Earlier encoder rows are replaced; every other row and field is kept as it is.
    """
    from bench_stance import _markdown

    from newsprism.stance.benchmark import headline

    json_path, md_path = out_dir / "stance.json", out_dir / "stance.md"
    if not json_path.is_file():
        return
    record = json.loads(json_path.read_text())
    old = pd.DataFrame(record["table"])
    old = old[~old["model"].astype(str).str.startswith("encoder")]
    order = {s: k for k, s in enumerate(dict.fromkeys(old["split"]))}
    merged = pd.concat([old, table], ignore_index=True)
    merged = merged.assign(_order=merged["split"].map(order).fillna(len(order))).sort_values(
        "_order", kind="stable").drop(columns="_order").reset_index(drop=True)
    record["table"] = json.loads(merged.to_json(orient="records"))
    record["encoder"] = "rows 'encoder …' from benchmarks/bench_stance_encoder.py " \
                        "(see stance_encoder.json for timings and settings)"
    json_path.write_text(json.dumps(record, indent=2) + "\n")
    lines = md_path.read_text().splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("| split"))
    end = next(k for k in range(start, len(lines)) if not lines[k].startswith("|"))
    lines[start:end] = _markdown(headline(merged))
    md_path.write_text("\n".join(lines) + "\n")


def main(argv=None):
    from _machine import conditions

    from bench_stance import load_gold
    from newsprism import config
    from newsprism.features.sentence_encoder import base_model_info, set_threads
    from newsprism.stance.benchmark import headline
    from newsprism.stance.encoder import ADAPT_PARAMS, SMALL_DATA_PARAMS, EncoderStance

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports-dir", default=None)
    parser.add_argument("--work-dir", default=None,
                        help="where results and the NewsMTSC model are kept between runs "
                             "(default: build/bench_stance_encoder/<key of the code>)")
    parser.add_argument("--fast", action="store_true",
                        help="a few steps per fit on small samples: checks the script runs")
    args = parser.parse_args(argv)
    out_dir = Path(args.reports_dir or config.reports_dir()) / "benchmarks"
    out_dir.mkdir(parents=True, exist_ok=True)
    newsmtsc = config.shared_data_dir() / "newsmtsc"
    from newsprism.cache import key
    from newsprism.fingerprint import source_fingerprint

    # a run resumes only results of the same code and options
    work_dir = Path(args.work_dir or Path("build/bench_stance_encoder")
                    / key(source_fingerprint(), args.fast))
    cond = conditions("shared machine (other jobs running); wall-clock times, one process",
                      torch_threads=set_threads())
    t0 = time.perf_counter()
    result = encoder_benchmark(newsmtsc_dir=newsmtsc if newsmtsc.is_dir() else None,
                               gold=load_gold(), work_dir=work_dir, fast=args.fast)
    cond["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    runs = result["runs"]
    record = {"seconds_this_run": round(time.perf_counter() - t0, 1), "conditions": cond,
              "base_model": base_model_info(),
              "settings": {"defaults": EncoderStance().get_params(),
                           "gold_only": SMALL_DATA_PARAMS, "adapt": ADAPT_PARAMS,
                           "folds": 5, "n_boot": 1000, "seed": 0},
              "runs": runs, "table": json.loads(result["table"].to_json(orient="records"))}
    (out_dir / "stance_encoder.json").write_text(json.dumps(record, indent=2) + "\n")
    fit = runs.get("newsmtsc_fit", {})
    dev, dev8 = runs.get("dev_pred", {}), runs.get("dev_pred_int8", {})
    lines = ["# Stance benchmark: fine-tuned encoder", "",
             f"Base model {record['base_model']['name']} (package "
             f"{record['base_model']['package']} {record['base_model']['package_version']}); "
             f"torch threads {cond['torch_threads']}, load average at start "
             f"{cond['load_average_at_start']}, at end {cond['load_average_at_end']} "
             f"({cond['cpus_available']} CPUs, shared).", "",
             "F1m, accuracy, F1pn ×100 with 95% bootstrap CIs (1,000 draws resampling "
             "articles).", "", *_markdown_table(headline(result["table"])), ""]
    if fit:
        lines += [f"- Fine-tuning on NewsMTSC train: {fit['seconds'] / 60:.1f} min wall "
                  f"({fit.get('torch_threads', '?')} torch threads, load average at the end "
                  f"{fit.get('load_average', '?')}), {len(fit['history'])} epochs run, epoch "
                  f"{fit['best_epoch']} kept (validation F1m "
                  f"{100 * fit['validation_f1m']:.1f}); peak RSS of the process "
                  f"{fit['peak_rss_mb'] / 1024:.2f} GB.",
                  f"- Inference on devtest_mt ({dev.get('torch_threads', '?')} torch threads, "
                  f"load average {dev.get('load_average', '?')}): "
                  f"{dev.get('mentions_per_second')} mentions/s (float32), "
                  f"{dev8.get('mentions_per_second')} mentions/s (dynamic int8, "
                  f"`EncoderStance.quantized()`; same label for "
                  f"{100 * dev8.get('agreement_with_float', float('nan')):.1f}% of mentions)."]
    for name in ("gold_cv", "adapt_cv"):
        if name in runs:
            lines.append(f"- {name}: fold fit+predict seconds {runs[name]['seconds']}")
    (out_dir / "stance_encoder.md").write_text("\n".join(lines) + "\n")
    merge_into_stance_report(out_dir, result["table"])
    print("\n".join(lines))


def _markdown_table(table) -> list[str]:
    from bench_stance import _markdown

    return _markdown(table)


if __name__ == "__main__":
    main()
