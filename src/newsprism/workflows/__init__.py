"""What the notebooks do across stages: fit or load the shared models, and name their files.

This is the one package allowed to import from several stages (themes, topics, stance,
trends); the library stages never import each other sideways. Notebooks call it so that
two notebooks studying the same corpus share one fit and agree on where models live.

* :func:`model_path` - ``<cache_dir>/models/<name>.skops``, with the names of
  :data:`MODEL_NAMES` (the topic model notebook 02 trains, the stance model of 03);
* :func:`fit_or_load` - fit an estimator once per (texts, parameters, newsprism code) and
  reuse the saved fit; :func:`theme_model` is the discovered-themes model of notebooks
  04 and 05;
* :func:`topic_model_for_trends` - the saved topic classifier, its predictions on a corpus
  as a trends assignment table, and its cross-validated confusion matrix;
* :func:`seed_stance` - one text's sentence-level stance (the saved model, else the
  lexicon baseline).

Example:
    >>> import tempfile
    >>> docs = ["nato troops drill", "troops nato base", "oil gas prices", "gas oil pipeline"] * 3
    >>> cache = tempfile.mkdtemp()
    >>> tm, how = theme_model(docs, cache, n_themes=2, fast=True)
    >>> again, how_again = theme_model(docs, cache, n_themes=2, fast=True)
    >>> tm.n_themes_, how.startswith("fitted"), how_again.startswith("loaded")
    (2, True, True)
    >>> model_path("cache", "topics").name
    'topics_bbc.skops'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone

from newsprism import cache
from newsprism.errors import NewsprismError, UntrustedModelError

#: file stems of the models notebooks save and load under ``<cache_dir>/models/``
MODEL_NAMES = {"topics": "topics_bbc", "stance": "stance_linear", "themes": "themes"}
#: candidate theme counts and stability runs of the fast (CI) mode
FAST_CANDIDATES = (6, 8, 10)


# the stages a theme fit reads (datelines and self-references from corpus/, tokenizing,
# features, the model itself); edits to stance, trends, plots or the report keep the fit
THEME_CODE = ("cache.py", "corpus", "features", "fingerprint.py", "resources", "text", "themes")


def model_path(cache_dir, name: str) -> Path:
    """``<cache_dir>/models/<file stem>.skops`` for a :data:`MODEL_NAMES` key or a stem."""
    return Path(cache_dir) / "models" / f"{MODEL_NAMES.get(name, name)}.skops"


def fit_or_load(model, X, cache_dir, *, name: str = "themes"):
    """Fit ``model`` on ``X`` (texts or a corpus), or load the identical fit saved earlier.

    The file ``<cache_dir>/models/<name>-<key>.skops`` (with its model card) is keyed by
    the texts, the outlets (a corpus' ``source`` column), the model's parameters and the
    code a fit depends on (``THEME_CODE``), so a change to any of them fits afresh; an
    unreadable saved fit is refitted. Returns the model and a sentence saying what happened.
    """
    from newsprism.fingerprint import source_fingerprint, texts_fingerprint
    from newsprism.persist import load_model, save_model
    from newsprism.themes import corpus_texts

    texts = corpus_texts(X, model.text_columns)
    params = {k: v for k, v in model.get_params(deep=False).items() if k != "vectorizer"}
    vectorizer = repr(model.vectorizer) if model.vectorizer is not None else None
    texts_hash = texts_fingerprint(texts)
    # the outlets matter too: the theme model leaves out terms specific to one outlet
    outlets = (texts_fingerprint(X["source"]) if isinstance(X, pd.DataFrame)
               and "source" in X.columns else None)
    key = cache.key({"texts": texts_hash, "outlets": outlets, "params": params,
                     "vectorizer": vectorizer, "code": source_fingerprint(*THEME_CODE)})
    path = cache.path(cache_dir, "models", name, key, ".skops")
    reason = ""
    if path.is_file():
        try:
            return load_model(path, expected=type(model)), f"loaded the fit saved at {path}"
        except (UntrustedModelError, OSError, ValueError) as exc:
            reason = f" (the saved fit was unreadable: {exc})"
    fitted = clone(model).fit(X)  # the corpus itself: its body texts and outlets
    save_model(fitted, path, card={"kind": f"{type(model).__module__}.{type(model).__name__}",
                                   "n_docs": len(texts), "texts_hash": texts_hash,
                                   "params": params, "n_themes": int(fitted.n_themes_)})
    return fitted, f"fitted on {len(texts):,} texts and saved to {path}{reason}"


def theme_model(docs, cache_dir, *, n_themes="auto", candidates=None, n_runs: int = 3,
                seed: int = 0, fast: bool = False):
    """The discovered-themes model of a corpus as notebooks 04 and 05 use it, fitted once.

    Identical settings and texts load the fit the other notebook saved
    (:func:`fit_or_load`). ``candidates=None``: scaled with the corpus
    (:func:`newsprism.themes.auto_candidates`). ``fast`` (samples of a few hundred articles) tries
    :data:`FAST_CANDIDATES` with 2 runs each over a smaller vocabulary (terms in ≥ 3
    articles, at most 2,000).
    """
    from newsprism.features import NewsTfidfVectorizer
    from newsprism.themes import ThemeModel

    candidates = "auto" if candidates is None else candidates
    vectorizer = None
    if fast:
        candidates, n_runs = FAST_CANDIDATES, 2
        vectorizer = NewsTfidfVectorizer(ngram_range=(1, 2), min_df=3, max_df=0.5,
                                         max_features=2000)
    model = ThemeModel(n_themes=n_themes, candidates=candidates, n_runs=n_runs,
                       method="nmf", vectorizer=vectorizer, seed=seed)
    return fit_or_load(model, docs, cache_dir, name=MODEL_NAMES["themes"])


@dataclass
class TopicTrendInputs:
    """What :func:`topic_model_for_trends` found; ``assignments`` is None when unavailable."""

    message: str
    model: object = None
    card: dict = field(default_factory=dict)
    labels: list | None = None
    matrix: np.ndarray | None = None
    predictions: pd.DataFrame | None = None
    assignments: pd.DataFrame | None = None


def topic_model_for_trends(corpus: pd.DataFrame, *, cache_dir, data_dir=None, seed: int = 0,
                           train_if_missing: bool = False,
                           train_sample: int | None = None,
                           corpus_id: str | None = None, train_corpus: str = "bbc",
                           label_col: str = "topic") -> TopicTrendInputs:
    """Load (or train) the BBC topic model and predict topics for ``corpus``.

    Looks for :func:`model_path` ``(cache_dir, "topics")``, the model notebook 02 saves.
    With ``train_if_missing`` it trains one (evaluated with duplicate-grouped
    cross-validation, so the card carries ``cv_confusion``); with ``train_sample`` (fast
    runs) a quick model on that many BBC articles is kept apart as
    ``topics_bbc_sample<N>.skops``. A missing model or training corpus is reported in
    ``message`` (``assignments`` is then None), not raised. ``corpus_id`` (the corpus as
    the report names it): use the transfer confusion notebook 02 measured on that corpus
    (:func:`domain_confusion`), else the correction is in-domain only and says so.
    """
    from newsprism import topics
    from newsprism.persist import load_card
    from newsprism.trends import topic_assignments

    from newsprism.report.prose import corpus_name

    stem = f"topics_{corpus_name(train_corpus)}"  # as notebook 02 saves it
    path = model_path(cache_dir, stem)
    if not path.is_file() and train_sample is not None:
        # a quick model trained on a sample never overwrites (or poses as) the full one
        path = model_path(cache_dir, f"{stem}_sample{int(train_sample)}")
    how = f"loaded {path}"
    try:
        if path.is_file():
            model, card = topics.load_topic_model(path), load_card(path)
        elif train_if_missing:
            model, card, how = _train_topic_model(path, data_dir, seed, train_sample,
                                                  train_corpus, label_col)
        else:
            return TopicTrendInputs(f"no topic model at {path} (train it in notebook 02 or with "
                                    "`newsprism topics train`); skipping topic shares")
    except (NewsprismError, OSError) as exc:
        return TopicTrendInputs(f"topic model unavailable ({type(exc).__name__}: {exc}); "
                                "skipping topic shares")
    predictions = topics.predict_topics(model, corpus)
    assignments = topic_assignments(predictions, corpus)
    cm = card.get("cv_confusion")
    if not cm:
        return TopicTrendInputs(f"{how}; its card has no cv_confusion, so only raw shares",
                                model=model, card=card, predictions=predictions)
    transfer = read_transfer_confusion(cache_dir, corpus_id, path.name) if corpus_id else None
    labels, matrix, where = domain_confusion(cm, transfer)
    assignments = assignments[assignments["theme"].isin(labels)]
    return TopicTrendInputs(f"{how}; {len(labels)} topics; {where}",
                            model=model, card=card, labels=labels, matrix=matrix,
                            predictions=predictions, assignments=assignments)


def transfer_confusion_path(cache_dir) -> Path:
    """Where notebook 02 saves the confusion of the model on the corpus it is applied to."""
    return Path(cache_dir) / "models" / "topics_transfer_confusion.json"


def save_transfer_confusion(cache_dir, corpus_id: str, model_name: str, evaluation) -> Path | None:
    """Save (or, with ``evaluation=None``, remove) the applied corpus's confusion matrix."""
    import json

    path = transfer_confusion_path(cache_dir)
    if evaluation is None:
        path.unlink(missing_ok=True)
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"corpus": str(corpus_id), "model": model_name, **evaluation.cv_confusion()}
    cache.atomic_write_text(path, json.dumps(record, indent=1))
    return path


def read_transfer_confusion(cache_dir, corpus_id: str, model_name: str) -> dict | None:
    """The saved transfer confusion when it is of this corpus and this model, else None."""
    import json

    path = transfer_confusion_path(cache_dir)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    same = record.get("corpus") == str(corpus_id) and record.get("model") == model_name
    return record if same else None


def domain_confusion(cv: dict, transfer: dict | None, *, min_rows: int = 10):
    """The confusion matrix of the domain a topic model is applied to, and a sentence.

    Rows (true topics) measured on the applied corpus itself (``transfer``: its articles
    whose section maps to a topic) replace the training corpus's cross-validated rows when
    they rest on ``min_rows`` articles or more; the other rows stay in-domain. Without a
    transfer matrix the correction is in-domain only, and the sentence says so.

    Example:
        >>> cv = {"labels": ["a", "b"], "matrix": [[90, 10], [5, 95]]}
        >>> tr = {"labels": ["a", "b"], "matrix": [[30, 20], [0, 3]]}
        >>> labels, m, why = domain_confusion(cv, tr)
        >>> m.tolist(), why.split(":")[0]
        ([[30.0, 20.0], [5.0, 95.0]], 'ACC correction with the transfer confusion for 1 of 2 topics (a)')
    """
    labels, matrix = list(cv["labels"]), np.asarray(cv["matrix"], dtype=float)
    in_domain = ("ACC correction in-domain only: the confusion matrix is the training corpus's "
                 f"cross-validation ({int(matrix.sum()):,} validation articles); this corpus has "
                 "no section labels to measure the model's errors on it, and they are likely larger")
    if not transfer:
        return labels, matrix, in_domain
    t_labels = list(transfer["labels"])
    t = pd.DataFrame(transfer["matrix"], index=t_labels, columns=t_labels, dtype=float)
    t = t.reindex(index=labels, columns=labels, fill_value=0.0).to_numpy()
    replaced = [k for k in range(len(labels)) if t[k].sum() >= min_rows]
    if not replaced:
        return labels, matrix, in_domain
    matrix = matrix.copy()
    matrix[replaced] = t[replaced]
    names = ", ".join(labels[k] for k in replaced)
    rest = len(labels) - len(replaced)
    return labels, matrix, (
        f"ACC correction with the transfer confusion for {len(replaced)} of {len(labels)} topics "
        f"({names}): measured on this corpus's articles whose section maps to a topic"
        + (f"; the other {rest} keep the training corpus's cross-validated rows (in-domain only)"
           if rest else ""))


def _train_topic_model(path: Path, data_dir, seed: int, train_sample: int | None,
                       train_corpus: str = "bbc", label_col: str = "topic"):
    from newsprism import topics
    from newsprism.corpus import load_corpus
    from newsprism.report.prose import corpus_name

    train = load_corpus(train_corpus, data_dir=data_dir, sample=train_sample, seed=seed)
    quick = {} if train_sample is None else {"n_splits": 3, "n_boot": 200}
    evaluation = topics.evaluate(train, label_col, seed=seed, **quick)
    model = topics.train_topic_model(train, label_col, seed=seed)
    name = corpus_name(train_corpus)
    name = name if train_sample is None else f"{name} (sample of {train_sample})"
    card = topics.save_topic_model(model, path, training_name=name, training_data=train,
                                   label_col=label_col, evaluation=evaluation)
    return model, card, f"trained on {name} and saved to {path}"


def default_stance_gold() -> tuple[Path, Path]:
    """The shipped stance gold set and its blind second pass (``data/annotations/``)."""
    from newsprism import config

    folder = config.annotations_dir()
    return folder / "stance_newsarticles.csv", folder / "stance_newsarticles_pass2.csv"


@dataclass
class SeedStance:
    """Stance of one text toward targets: per sentence and per target."""

    message: str
    sentences: pd.DataFrame | None = None
    summary: pd.DataFrame | None = None


def seed_stance(text: str, *, cache_dir, targets=None, targets_file=None,
                model_name: str = "stance") -> SeedStance:
    """Sentence-level stance of ``text`` toward ``targets`` (None: every target of
    ``targets_file``, the shipped targets file when None).

    Uses :func:`model_path` ``(cache_dir, model_name)`` (trained in notebook 03) when it
    is there and loads, else the no-training VADER lexicon baseline, and says which in
    ``message``.
    """
    from newsprism.persist import load_model
    from newsprism.stance.models import LexiconStance, LinearStance
    from newsprism.stance.targets import load_targets, select_targets
    from newsprism.trends.stance import document_stance

    target_list = select_targets(load_targets(targets_file),
                                 None if targets is None else list(targets))
    path = model_path(cache_dir, model_name)
    model, how = None, ""
    if path.is_file():
        try:
            model, how = (load_model(path, expected=(LinearStance, LexiconStance)),
                         f"trained model {path.name} (notebook 03)")
        except (UntrustedModelError, OSError, ValueError) as exc:
            how = f"could not load {path.name} ({type(exc).__name__}: {exc}); "
    if model is None:
        model = LexiconStance().fit(pd.DataFrame({"text": ["x"], "start": [0], "end": [1]}))
        how += ("the VADER lexicon baseline (no trained stance model found at "
                f"{path}; it is much weaker than the trained one)")
    sentences, summary = document_stance(model, text, target_list, doc_id="seed")
    return SeedStance(f"stance from {how}", sentences, summary)


@dataclass
class Selection:
    """The articles a notebook reports on, the period it bins them by, and why."""

    docs: pd.DataFrame
    period: str
    period_reason: str
    message: str


def select_articles(docs: pd.DataFrame, *, outlets=None, start=None, end=None,
                    period=None) -> Selection:
    """Keep the chosen outlets and date range, and choose the period when not given.

    ``start``/``end`` (inclusive, ``None``: the corpus's own range) and ``outlets``
    (``None``: all) drop articles only with a count in ``message``; an outlet name that is
    not in the corpus is an error naming the ones that are. ``period=None`` is chosen with
    :func:`newsprism.trends.periods.choose_period` from the kept articles.

    Example:
        >>> d = pd.DataFrame({"source": ["A", "B", "A"],
        ...                   "date": pd.to_datetime(["2012-01-01", "2013-01-01", "2014-01-01"])})
        >>> s = select_articles(d, start="2012-06-01", period="Y")
        >>> len(s.docs), s.message
        (2, 'The date range from 2012-06-01 keeps 2 of 3 articles (1 dropped, 33 %).')
    """
    from newsprism.report.prose import plural, range_sentence
    from newsprism.trends.periods import PERIOD_NAMES, choose_period

    messages = []
    if outlets:
        outlets = [outlets] if isinstance(outlets, str) else list(outlets)
        known = set(docs["source"].dropna())
        missing = [o for o in outlets if o not in known]
        if missing:
            raise NewsprismError(f"outlets: {', '.join(map(repr, missing))} not in the corpus "
                                 f"(its outlets: {', '.join(sorted(known))})")
        kept = docs[docs["source"].isin(outlets)]
        messages.append(f"{plural(len(kept), 'article')} of {len(docs):,} are from the "
                        f"{plural(len(outlets), 'chosen outlet')}.")
        docs = kept
    if start is None and end is None and "date" in docs:
        # stray dates (a few mis-dated articles months away) would stretch every time axis
        # over empty periods; they are left out with a count, and start/end keep them
        from newsprism.corpus.profile import bulk_date_range
        bulk_start, bulk_end = bulk_date_range(docs["date"])
        if bulk_start is not None or bulk_end is not None:
            dates = pd.to_datetime(docs["date"], errors="coerce")
            stray = ((dates < bulk_start) if bulk_start is not None else False) | (
                (dates > bulk_end) if bulk_end is not None else False)
            days = sorted({str(t.date()) for t in dates[stray]})
            shown = ", ".join(days[:5]) + (", …" if len(days) > 5 else "")
            messages.append(
                f"{plural(int(stray.sum()), 'article')} with stray dates far outside the "
                f"corpus's bulk ({shown}) left out; set start or end to keep them.")
            docs = docs[~stray]
    elif start is not None or end is not None:
        dates = pd.to_datetime(docs["date"], errors="coerce")
        keep = pd.Series(True, index=docs.index)
        if start is not None:
            keep &= dates >= pd.Timestamp(start)
        if end is not None:
            keep &= dates <= pd.Timestamp(end)
        messages.append(range_sentence(len(docs), int(keep.sum()), start, end))
        docs = docs[keep]
    docs = docs.reset_index(drop=True)
    if period is None:
        period, reason = choose_period(docs["date"], docs["source"])
        reason = f"Period chosen from the corpus: {reason}."
    else:
        if period not in PERIOD_NAMES:
            raise NewsprismError(f"period {period!r}: use one of {', '.join(PERIOD_NAMES)}")
        reason = f"Period set by the configuration: {PERIOD_NAMES[period]}."
    return Selection(docs, period, reason, " ".join(messages))
