# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   newsprism:
#     requires: [02_topic_classifier]
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 06 · Topic shares over time, corrected for classification error
#
# Notebook 02 trains the topic classifier and measures, by cross-validation, how often it
# confuses each topic with another (and, where the corpus's URL sections map to topics,
# how often it does so on this corpus). Counting its predictions on a new corpus
# inherits those mistakes: if "politics" articles are often predicted as "business",
# counting predictions inflates business. Adjusted classify-and-count (Forman 2008) uses
# the **confusion matrix of the domain the model is applied to** to solve for the true
# shares: the confusion measured on this corpus's articles with a mapped section where
# notebook 02 found enough of them, else the training corpus's cross-validated confusion
# (the correction is then in-domain only, and the notebook says so); the interval resamples both the articles and the confusion matrix, so the
# correction's own uncertainty is included.
#
# This notebook only needs notebook 02's saved model, so `newsprism report` runs the
# slower themes notebook (04) beside 02 instead of after it.
#
# Run with `newsprism report`, or open in JupyterLab (`make lab`).

# %% tags=["parameters"]
corpus = "newsarticles"  # built-in name or a file/folder (CSV, JSONL, Parquet, .txt folder)
fast = False  # True: a small random sample, for CI and quick checks
seed = 0
reports_dir = None  # None: <project>/reports
data_dir = None  # None: <project>/data/raw
cache_dir = None  # None: <project>/data/interim
period = None  # "D", "W", "M", "Q" or "Y"; None: chosen from the corpus's span and density
start = None  # first day reported; None: the corpus's own first date
end = None  # last day reported; None: the corpus's own last date
outlets = None  # None: every outlet; or a list of names
train_corpus = "bbc"  # the topic model of notebook 02 (its training corpus)
n_boot = 1000  # bootstrap replicates for the 95% intervals
fast_sample = 600  # documents used in fast mode

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from newsprism import config
from newsprism.corpus import load_corpus, without_copies
from newsprism.plots import plot_raw_vs_corrected
from newsprism.report import prose
from newsprism.report.sections import require, section, skip_rest
from newsprism.report.writer import save_figure, save_table
from newsprism.trends import mean_share, pooled_prevalence, prevalence_acc
from newsprism.trends.periods import PERIOD_NAMES
from newsprism.workflows import select_articles, topic_model_for_trends

reports_dir = reports_dir or config.reports_dir()
data_dir = data_dir or config.data_dir()
cache_dir = cache_dir or config.cache_dir()
plt.rcParams["figure.dpi"] = 100
if fast:
    n_boot = 200

# %%
name = prose.corpus_name(corpus)  # titles carry the corpus's name, not its path
docs = load_corpus(corpus, data_dir=data_dir, sample=fast_sample if fast else None, seed=seed)
chosen = select_articles(docs, outlets=outlets, start=start, end=end, period=period)
# exact / near copies would count one story several times in a period's share
docs, period = without_copies(chosen.docs), chosen.period
period_name = PERIOD_NAMES[period].split(" (")[0]
display(Markdown(f"{chosen.message} {chosen.period_reason}".strip()))
print(f"{name}{' (fast sample)' if fast else ''}: {len(docs):,} articles (duplicate copies "
      f"removed), {docs['source'].nunique()} outlets")
if docs["date"].notna().sum() == 0:  # shares per period need dated articles
    skip_rest("Topic shares per period", f"no article of the {len(docs)} has a date")

# %% [markdown]
# ## Raw and corrected topic shares per period
#
# The topic model was trained on another corpus (unless the configuration trains it on this
# one), so both the errors and the correction are approximate; the line printed below says
# which confusion matrix the correction uses. The raw and corrected shares of this chart
# pool every article of a period (**volume weighting**: large outlets weigh more), as the
# correction needs the period's counts. Next to them, the raw shares pooled with **equal
# weight per outlet present** (`trends.pooled_prevalence`, `weighting="outlets"`): where the
# two poolings differ, the chart shows which outlets published, not a change of topics.

# %%
topic = topic_model_for_trends(docs, cache_dir=cache_dir, data_dir=data_dir, seed=seed,
                               train_if_missing=False, corpus_id=corpus,
                               train_corpus=train_corpus)
print(topic.message)
with section("Raw and corrected topic shares") as corrected:
    require(topic.assignments is not None, topic.message)
    acc_table = prevalence_acc(topic.assignments, topic.labels, topic.matrix, period=period,
                               by=None, n_boot=n_boot, seed=seed)
    save_table(acc_table, "topics_prevalence_raw_vs_acc", reports_dir)
    fig = plot_raw_vs_corrected(acc_table, corpus=name)
    _ = save_figure(fig, "topics_prevalence_raw_vs_acc", reports_dir)
    means = mean_share(acc_table, columns="estimate")
    display(means)
    by_outlet = pooled_prevalence(topic.assignments, period=period, weighting="outlets",
                                  themes=topic.labels, n_boot=n_boot, seed=seed)
    save_table(by_outlet, "topics_prevalence_pooled_equal_outlets", reports_dir)
    volume = acc_table[acc_table["estimate"] == "raw"].set_index(["period", "theme"])["share"]
    gap = (by_outlet.set_index(["period", "theme"])["share"] - volume).abs().dropna()

# %% [markdown]
# ## Reading the results
#
# Where corrected and raw shares differ, the classifier's confusions move mass between
# classes; the correction assumes the model errs on this corpus as the confusion matrix
# says, so an in-domain matrix makes the corrected band a lower bound on the real
# uncertainty. News with no counterpart in the label set is forced into the nearest topic
# (see notebook 02's transfer check): read the shares as "topic mix in the label set's
# terms", not as the outlets' agendas.

# %%
if corrected.done:
    # mean_share is in percent already
    moved = (means["acc"] - means["raw"]).dropna() if {"acc", "raw"} <= set(means.columns) else None
    # the message's last part says which confusion matrix corrected the shares, and why
    how = topic.message[topic.message.find("ACC correction"):]
    lines = [f"- **Correction.** {how[:1].upper() + how[1:]}."]
    if moved is not None and len(moved):
        lines.append(f"- **Raw vs corrected.** Averaged over the {period_name}s, the correction "
                     f"moves *{moved.abs().idxmax()}* most ({moved.loc[moved.abs().idxmax()]:+.1f} "
                     f"points). " + prose.extremes(means["acc"], what="the corrected share",
                                                    fmt="{:.1f}", unit=" %"))
    volume_text = prose.weighting_sentence("volume")
    lines.append(f"- **Pooling.** The chart is {volume_text[:1].lower()}{volume_text[1:]} "
                 + (f"With equal weight per outlet instead, the raw share of *{gap.idxmax()[1]}* "
                    f"in the {period_name} starting {gap.idxmax()[0]:%-d %b %Y} differs by "
                    f"{100 * gap.max():.0f} points; the median difference is "
                    f"{100 * gap.median():.1f} points." if len(gap) else ""))
    lines.append("- **Intervals.** " + prose.intervals_sentence(
        acc_table[(acc_table["estimate"] == "raw") & (acc_table["n_docs"] > 0)],
        what=f"raw {period_name} × topic share"))
    display(Markdown("\n".join(lines)))
