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
# Notebook 02 trains the BBC topic classifier and measures, by cross-validation, how
# often it confuses each topic with another. Counting its predictions on a new corpus
# inherits those mistakes: if "politics" articles are often predicted as "business",
# counting predictions inflates business. Adjusted classify-and-count (Forman 2008) uses
# the **cross-validated confusion matrix** (from the model card) to solve for the true
# shares; the interval resamples both the articles and the confusion matrix, so the
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
period = "W"  # "D", "W" or "M"
start = "2016-12-01"  # first day reported (NewsArticles has 3 stray articles before it); None: all
n_boot = 1000  # bootstrap replicates for the 95% intervals
fast_sample = 600  # documents used in fast mode

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from newsprism import config
from newsprism.corpus import load_corpus, without_copies
from newsprism.plots import plot_raw_vs_corrected
from newsprism.report.sections import skip_rest
from newsprism.report.writer import save_figure, save_table
from newsprism.trends import mean_share, prevalence_acc
from newsprism.workflows import topic_model_for_trends

reports_dir = reports_dir or config.reports_dir()
data_dir = data_dir or config.data_dir()
cache_dir = cache_dir or config.cache_dir()
plt.rcParams["figure.dpi"] = 100
if fast:
    n_boot = 200

# %%
docs = load_corpus(corpus, data_dir=data_dir, sample=fast_sample if fast else None, seed=seed)
# exact / near copies would count one story several times in a period's share
docs = without_copies(docs)
print(f"{corpus}{' (fast sample)' if fast else ''}: {len(docs):,} articles (duplicate copies "
      f"removed), {docs['source'].nunique()} outlets")
if docs["date"].notna().sum() == 0:  # shares per week need dated articles
    skip_rest("Topic shares per week", f"no article of the {len(docs)} has a date")

# %% [markdown]
# ## Raw and corrected topic shares per week
#
# The BBC topic model is trained on UK news from 2004–05, so on this corpus both the
# errors and the correction are approximate: the confusion matrix describes errors on
# BBC text.

# %%
topic = topic_model_for_trends(docs, cache_dir=cache_dir, data_dir=data_dir, seed=seed,
                               train_if_missing=False)
print(topic.message)
if topic.assignments is not None:
    acc_table = prevalence_acc(topic.assignments, topic.labels, topic.matrix, period=period,
                               by=None, n_boot=n_boot, seed=seed)
    acc_table = acc_table[acc_table["period"] >= pd.Timestamp(start)] if start else acc_table
    save_table(acc_table, "topics_prevalence_raw_vs_acc", reports_dir)
    fig = plot_raw_vs_corrected(acc_table, title=f"{corpus}: BBC-topic shares, raw vs "
                                "ACC-corrected (95% CI incl. confusion-matrix uncertainty)")
    _ = save_figure(fig, "topics_prevalence_raw_vs_acc", reports_dir)
    display(mean_share(acc_table, columns="estimate"))

# %% [markdown]
# ## Reading the results
#
# - Where corrected and raw shares differ, the classifier's cross-validated confusions
#   move mass between classes; the correction assumes the model errs on this corpus as it
#   did on BBC text, which a change of outlets and years makes doubtful — the corrected
#   band is a lower bound on the real uncertainty.
# - Much of this corpus (world affairs, diplomacy, courts) has no BBC topic; those
#   articles are forced into the nearest of the five, mostly politics and business (see
#   notebook 02's transfer check), so read the shares as "BBC-style topic mix", not as
#   the outlets' agendas.
