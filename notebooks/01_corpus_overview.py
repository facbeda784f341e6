# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 · Corpus overview: who published what, when, and in which words
#
# Before any model, look at the corpus itself: how many articles each outlet contributes
# and in which periods, how long the texts are, what ingestion threw away and why, and which
# words set each outlet apart. Everything downstream (topics, stance, themes over time)
# inherits the imbalances visible here.
#
# Run with `newsprism report` (all notebooks) or open in JupyterLab (`make lab`).
# Parameters below are the defaults; the report runner injects its own.

# %% tags=["parameters"]
corpus = "newsarticles"  # built-in name or a file/folder (CSV, JSONL, Parquet, .txt folder)
fast = False  # True: a small random sample, for CI and quick checks
seed = 0
reports_dir = None  # None: <project>/reports
data_dir = None  # None: <project>/data/raw
cache_dir = None  # None: <project>/data/interim
fast_sample = 400  # documents used in fast mode
top_terms = 10  # terms per outlet in the figure (the table keeps 25)
min_count = 10  # a term must occur this often in the whole corpus to be ranked
period = None  # period of the counts grid: "D", "W", "M", "Q", "Y"; None: chosen from the corpus

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from newsprism import config
from newsprism.corpus import ingest, profile
from newsprism.features.distinctive import NotEnoughText, distinctive_terms
from newsprism.plots import overview as plots
from newsprism.report import prose
from newsprism.report.sections import require, section, skip_rest
from newsprism.report.writer import save_figure, save_table
from newsprism.trends.periods import period_start
from newsprism.workflows import select_articles

reports_dir = reports_dir or config.reports_dir()
data_dir = data_dir or config.data_dir()
cache_dir = cache_dir or config.cache_dir()
name = prose.corpus_name(corpus)  # titles carry the corpus's name, not its path
pd.set_option("display.max_colwidth", 80)
plt.rcParams["figure.dpi"] = 100

# %% [markdown]
# ## Loading and the ingestion report
#
# Every row read ends up either **kept** or **rejected with a reason** (empty or too-short
# text, unparseable date, duplicate id, …), and every repair is counted (mojibake, broken
# quote marks, whitespace). Near-identical articles are kept but
# flagged (`dup_kind` = `exact` / `near`, clustered in `dup_group`), so later evaluations
# can keep a story and its copies on the same side of a train/test split.

# %%
loaded = ingest(corpus, data_dir=data_dir, sample=fast_sample if fast else None, seed=seed)
docs, rejects, summary = loaded.corpus, loaded.rejects, loaded.summary
print(f"corpus {name!r}{' (fast sample)' if fast else ''}: read {summary['read']:,} rows = "
      f"{summary['kept']:,} kept + {summary['rejected']:,} rejected")
ingestion = profile.ingestion_table(summary)
save_table(ingestion, "overview_ingestion_summary", reports_dir)
ingestion

# %%
fig = plots.plot_rejects(rejects, corpus=name)
_ = save_figure(fig, "overview_rejects_by_reason", reports_dir)

# %% [markdown]
# A few rejected rows per reason, to check that the rules reject what they should:

# %%
save_table(profile.rejects_by_reason(rejects), "overview_rejects_by_reason", reports_dir)
(rejects.groupby("reason", sort=True).head(3)
 .reindex(columns=["doc_id", "reason", "detail", "title"]).reset_index(drop=True))

# %% [markdown]
# Duplicates per outlet, and the first duplicate clusters (first member has an empty
# `dup_kind`, its copies `exact` or `near`):

# %%
if docs.empty:
    skip_rest("Everything below", f"no document was kept: all {summary['read']:,} rows were "
              "rejected (see the reasons above)")
duplicates = profile.duplicates_by_outlet(docs)
save_table(duplicates, "overview_duplicates_by_outlet", reports_dir)
duplicates

# %%
profile.duplicate_examples(docs, max_groups=5)

# %% [markdown]
# ## Size per outlet
#
# Outlets are far from balanced. Any pooled statistic (a topic's share of "the news", a
# classifier's accuracy) is weighted toward the big contributors; compare outlets with
# per-outlet rates, not pooled counts.

# %%
outlets = profile.outlet_summary(docs)
save_table(outlets, "overview_outlet_summary", reports_dir)
outlets

# %% [markdown]
# ## Documents per outlet and period
#
# The heatmap shows the periods holding the central 98 % of dated documents (the few
# articles outside that window are counted below). The period (day, week, month, quarter
# or year) is the finest in which most outlet × period cells hold at least 5 articles,
# unless the configuration sets it. Gaps and bursts matter for *themes over time*: a
# period where an outlet published little gives noisy prevalence estimates, and a burst
# can reflect the collection's schedule rather than the news.

# %%
chosen = select_articles(docs, period=period)
period = chosen.period
print(chosen.period_reason)
weekly = profile.counts_by_period(docs, freq=period)
save_table(weekly, "overview_documents_per_outlet_period", reports_dir)
with section("Documents per outlet and period"):
    require(not weekly.empty, f"no document has a date ({summary['dates']})")
    start, end = profile.core_period(docs["date"], coverage=0.98)
    outside = docs["date"].notna() & ((docs["date"] < start) | (docs["date"] > end))
    print(f"window {start:%Y-%m-%d} – {end:%Y-%m-%d}; {int(outside.sum())} dated documents "
          f"outside it, {int(docs['date'].isna().sum())} undated")
    # the default title names the period drawn, which is coarser than the table's when
    # the span holds more than 60 periods (the figure then says so in a footnote)
    fig = plots.plot_counts_by_period(
        weekly, start=period_start([start], period).iloc[0], end=end, corpus=name)
    _ = save_figure(fig, "overview_documents_per_outlet_period", reports_dir)

# %% [markdown]
# ## Text length
#
# Length differs systematically between outlets (wire-style services write short items,
# others long features). Length drives much of what bag-of-words models see: long texts
# contribute more words to every pooled count, so per-document normalisation (tf-idf,
# proportions) matters when comparing outlets.

# %%
lengths = profile.text_lengths(docs)
length_table = (lengths.groupby("source")["n_words"]
                .describe(percentiles=[0.1, 0.5, 0.9]).round(1).reset_index())
save_table(length_table, "overview_text_length_by_outlet", reports_dir)
fig = plots.plot_text_lengths(lengths, corpus=name)
_ = save_figure(fig, "overview_text_length_by_outlet", reports_dir)

# %%
length_table

# %% [markdown]
# ## What sets each outlet apart: weighted log-odds
#
# For every outlet and word we compare the outlet with all other outlets pooled, using the
# weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
# 2008, "Fightin' Words"). The prior is the whole corpus' word distribution: it shrinks
# rare words toward zero, and the **z-score** divides by the estimate's standard error, so
# the ranking favours words an outlet uses *reliably* more often — not merely rare words
# (plain log-odds) or merely frequent ones (raw differences). |z| > 1.96 is the usual
# two-sided 5 % mark; with thousands of words compared, read the z-scores as a ranking,
# not as tests.

# %%
with section("What sets each outlet apart", skip_on=(NotEnoughText,)) as distinctive:
    n_outlets = docs["source"].nunique()
    require(n_outlets >= 2, f"weighted log-odds compares outlets; the corpus has {n_outlets}")
    terms = distinctive_terms(docs, top=25, min_count=min_count if not fast else 3,
                              cache_dir=cache_dir)
    save_table(terms, "overview_distinctive_terms_by_outlet", reports_dir)
    fig = plots.plot_distinctive_terms(terms, top=top_terms, corpus=name)
    _ = save_figure(fig, "overview_distinctive_terms_by_outlet", reports_dir)

# %%
if distinctive.done:
    display(terms[terms["rank"] <= 5].pivot(index="rank", columns="source", values="term"))

# %% [markdown]
# ## Reading the results
#
# Written from this run's tables (a fast run's sample makes every number smaller).
# What to look for in the distinctive terms: *self-references and boilerplate* (outlet
# names, share buttons, captions, newsletter footers) mean a model trained on raw text can
# recognise the outlet instead of the content; *home agenda* (places, institutions of the
# outlet's country) means a pooled "share of the news" mostly reflects which outlets were
# collected; *naming choices* (two outlets' words for one actor) are what the stance and
# theme notebooks must not mistake for a difference in attitude.

# %%
lines = [f"- **Ingestion.** {prose.ingestion_sentence(summary, rejects)}"]
if not docs.empty:
    n_dup = int(docs["dup_kind"].isin(["exact", "near"]).sum()) if "dup_kind" in docs else 0
    lines.append(f"- **Duplicates.** {prose.plural(n_dup, 'article')} flagged as exact or near "
                 "copies of another; evaluations keep a story and its copies on one side of a split.")
    lines.append(f"- **Coverage in time.** {prose.coverage_sentence(docs)}")
    lines.append(f"- **Size and length.** {prose.size_sentence(outlets)} " + prose.extremes(
        lengths.groupby("source")["n_words"].median(), what="median length", unit=" words"))
if distinctive.done:
    lines.append(f"- **Distinctive terms.** {prose.distinctive_sentence(terms, top=5)}")
display(Markdown("\n".join(lines)))
