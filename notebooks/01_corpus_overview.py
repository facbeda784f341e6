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
# and in which weeks, how long the texts are, what ingestion threw away and why, and which
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

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from newsprism import config
from newsprism.corpus import ingest, profile
from newsprism.features.distinctive import NotEnoughText, distinctive_terms
from newsprism.plots import overview as plots
from newsprism.report.sections import require, section, skip_rest
from newsprism.report.writer import save_figure, save_table

reports_dir = reports_dir or config.reports_dir()
data_dir = data_dir or config.data_dir()
cache_dir = cache_dir or config.cache_dir()
pd.set_option("display.max_colwidth", 80)
plt.rcParams["figure.dpi"] = 100

# %% [markdown]
# ## Loading and the ingestion report
#
# Every row read ends up either **kept** or **rejected with a reason** (empty or too-short
# text, unparseable date, duplicate id, …), and every repair is counted (mojibake, the
# `"?` quote artefacts of NewsArticles, whitespace). Near-identical articles are kept but
# flagged (`dup_kind` = `exact` / `near`, clustered in `dup_group`), so later evaluations
# can keep a story and its copies on the same side of a train/test split.

# %%
loaded = ingest(corpus, data_dir=data_dir, sample=fast_sample if fast else None, seed=seed)
docs, rejects, summary = loaded.corpus, loaded.rejects, loaded.summary
print(f"corpus {corpus!r}{' (fast sample)' if fast else ''}: read {summary['read']:,} rows = "
      f"{summary['kept']:,} kept + {summary['rejected']:,} rejected")
ingestion = profile.ingestion_table(summary)
save_table(ingestion, "overview_ingestion_summary", reports_dir)
ingestion

# %%
fig = plots.plot_rejects(rejects, title=f"{corpus}: rows rejected at ingestion, by reason")
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
# ## Documents per outlet and week
#
# The heatmap shows the weeks holding the central 98 % of dated documents (the few
# articles outside that window are counted below). Gaps and bursts matter for
# *themes over time*: a week where an outlet published little gives noisy prevalence
# estimates, and a burst can reflect the scraper's schedule rather than the news.

# %%
weekly = profile.counts_by_period(docs, freq="W")
save_table(weekly, "overview_documents_per_outlet_week", reports_dir)
with section("Documents per outlet and week"):
    require(not weekly.empty, f"no document has a date ({summary['dates']})")
    start, end = profile.core_period(docs["date"], coverage=0.98)
    outside = docs["date"].notna() & ((docs["date"] < start) | (docs["date"] > end))
    print(f"window {start:%Y-%m-%d} – {end:%Y-%m-%d}; {int(outside.sum())} dated documents "
          f"outside it, {int(docs['date'].isna().sum())} undated")
    fig = plots.plot_counts_by_period(
        weekly, start=start - pd.Timedelta(days=6), end=end,
        title=f"{corpus}: documents per outlet and week (white: none)",
    )
    _ = save_figure(fig, "overview_documents_per_outlet_week", reports_dir)

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
fig = plots.plot_text_lengths(lengths, title=f"{corpus}: words per document by outlet")
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
    fig = plots.plot_distinctive_terms(
        terms, top=top_terms,
        title=f"{corpus}: most distinctive terms per outlet (weighted log-odds z; dashed: z = 1.96)",
    )
    _ = save_figure(fig, "overview_distinctive_terms_by_outlet", reports_dir)

# %%
if distinctive.done:
    display(terms[terms["rank"] <= 5].pivot(index="rank", columns="source", values="term"))

# %% [markdown]
# ## Reading the results
#
# *What the full run on the embedded NewsArticles corpus shows (fast mode uses a sample, so
# its numbers differ).*
#
# **Ingestion.** 3,824 rows read = 3,762 kept + 62 rejected: 36 empty texts and 26 shorter
# than 100 characters (mostly headline-only stubs). Repairs are frequent: about a quarter of
# the articles carry the `"?` quote artefact (repaired), and 368 articles keep `?` where the
# source lost non-ASCII letters (not guessed back) — visible below as `rt`, `il`, `ireann`
# (from *RTÉ*, *Dáil*, *Éireann*) among RTE's distinctive terms. Only 4 duplicate clusters (3 exact, 1 near), so
# duplicates barely matter for this corpus, unlike BBC News (see notebook 02).
#
# **Coverage in time.** The corpus is a scrape, not a sample of the news: eight outlets
# start between late January and early February 2017 (most in the week of 6 February),
# China Daily is the only one covering December–January, and
# a handful of stray older articles (the earliest CNN item is from April 2016) sit outside
# the window. Any trend before February is China Daily's alone; notebook 04 starts its
# trends in December for that reason and reads them per outlet.
#
# **Size and length.** Al Jazeera contributes twice as many articles as CNN; TASS writes the
# shortest items (median ≈ 220 words), China Daily and CNN the longest (≈ 650–680).
#
# **Distinctive terms** fall into three groups, each with a consequence downstream:
#
# 1. *Self-references and boilerplate.* Outlet names (`jazeera`, `bbc`, `cnn`, `dw`,
#    `huffington`, `chinadaily`), share-button residue on DW pages (`digg`, `newsvine`,
#    `permalink`, `tumblr`, `reddit`) and HuffPost slideshow text (`slide`, `learn`,
#    `share`) are among the strongest signals. A model trained on raw text can recognise the
#    *outlet* instead of the content, so these tokens belong in the stop-word list or a
#    boilerplate filter, and any "predict the outlet" accuracy on this corpus is inflated.
# 2. *Home agenda.* RTE (`garda`, `taoiseach`, `dublin`), BBC (`nhs`, `mps`, `snp`,
#    `referendum`), TASS (`russia`, `moscow`, `lavrov`, `arctic`), China Daily (`yuan`,
#    `investment`, `growth`), DW (`german`, `germany`): a pooled "share of the news" for a
#    topic mostly reflects which outlets were scraped.
# 3. *Naming choices.* Al Jazeera writes `isil` where CNN writes `isis`; US politics
#    (`trump`, `nunes`, `fbi`, `white house`) separates ABC News and CNN from the rest. Such
#    vocabulary differences are what the stance and theme notebooks must not mistake for a
#    difference in attitude.
#
# Leftover tokenisation artefacts (`don`, `didn`, `we'r` at HuffPost) come from broken
# apostrophes in the source text.
