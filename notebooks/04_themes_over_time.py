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
# # 04 · Themes over time, outlet by outlet
#
# Which themes does each outlet cover, and when? This notebook
#
# 1. **discovers** themes with NMF, choosing their number by measured coherence (NPMI on
#    this corpus) and stability across refits, and shows each theme's top terms and most
#    representative articles;
# 2. scores articles against **guided** themes written by the researcher (a TOML file of
#    theme → seed terms), keeping the words that matched;
# 3. turns either into **prevalence per week × outlet** — the share of each outlet's
#    articles carrying the theme, with 95 % bootstrap intervals — and flags **bursts** and
#    **which outlet moves first**.
#
# The BBC topic classifier's shares over time, corrected for its errors, are in notebook
# 06 (it waits for notebook 02's model; this one does not).
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
n_themes = "auto"  # auto, or a number of themes
candidates = "auto"  # theme counts tried in auto mode: "auto" (scaled with the corpus) or a list
n_runs = 3  # fits per candidate for the stability measure
themes_file = None  # None: the shipped resources/themes_newsarticles.toml
min_matches = 2  # guided theme: matches an article needs to count as carrying it
outlets = None  # None: every outlet; or a list of names
start = "2016-12-01"  # first day reported (NewsArticles has 3 stray articles before it); None: all
n_boot = 1000  # bootstrap replicates for the 95% intervals
fast_sample = 600  # documents used in fast mode

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from newsprism import config
from newsprism.corpus import load_corpus, without_copies
from newsprism.plots import (plot_bursts, plot_lead_lag, plot_outlet_multiples,
                             plot_theme_heatmap, plot_theme_selection, plot_theme_shares)
from newsprism.report.writer import save_figure, save_table
from newsprism.themes import GuidedThemes, default_theme_file
from newsprism.trends import detect_bursts, lead_lag, mean_share, prevalence
from newsprism.workflows import theme_model

reports_dir = reports_dir or config.reports_dir()
data_dir = data_dir or config.data_dir()
cache_dir = cache_dir or config.cache_dir()
themes_file = themes_file or default_theme_file()
pd.set_option("display.max_colwidth", 90)
plt.rcParams["figure.dpi"] = 100
if fast:
    n_boot = 200  # (the theme model's fast settings live in workflows.theme_model)
period_name = {"D": "day", "W": "week", "M": "month"}.get(period, period)

# %%
docs = load_corpus(corpus, data_dir=data_dir, sample=fast_sample if fast else None, seed=seed)
if outlets:
    docs = docs[docs["source"].isin(outlets)].reset_index(drop=True)
# exact / near copies would count one story several times in an outlet's share
docs = without_copies(docs)
print(f"{corpus}{' (fast sample)' if fast else ''}: {len(docs):,} articles (duplicate copies "
      f"removed), {docs['source'].nunique()} outlets, "
      f"{docs['date'].min():%Y-%m-%d} – {docs['date'].max():%Y-%m-%d}")

# %% [markdown]
# ## 1 · Discovered themes
#
# NMF factorises the tf-idf matrix (newsprism tokens, unigrams + bigrams) into themes.
# For every candidate number of themes we measure
#
# - **coherence**: mean NPMI of each theme's top-10 terms, from how often they appear in
#   the *same articles of this corpus* (1 = always together, 0 = independent), and
# - **stability**: refit on two random 80 % subsamples and match themes one-to-one; the
#   mean Jaccard overlap of top-term sets says whether the same themes come back.
#
# The count with the best average of the two (each scaled across candidates) is kept.
# The table shows the trade-off, so you can overrule it with `n_themes=<int>`.

# %%
tm, how = theme_model(docs, cache_dir, n_themes=n_themes, candidates=candidates,
                      n_runs=n_runs, seed=seed, fast=fast)
print(how)  # notebook 05 reuses this fit
save_table(tm.selection_, "themes_selection", reports_dir)
if len(tm.selection_) > 1:
    _ = save_figure(plot_theme_selection(tm.selection_, title=f"{corpus}: choosing the number of themes"),
                    "themes_selection", reports_dir)
tm.selection_.round(3)

# %%
save_table(tm.themes_, "themes_discovered", reports_dir)
tm.themes_[["theme", "label", "top_terms", "coherence", "n_dominant"]].round(3)

# %% [markdown]
# The label is the first three distinct top terms — a handle, not an interpretation.
# Read the representative articles (highest weight on the theme) before naming a theme
# in a paper:

# %%
W = tm.doc_themes_  # the fitted articles' weights: tm was fitted on exactly these docs
reps = tm.representative_docs(docs, n=3, W=W)
save_table(reps, "themes_representative_articles", reports_dir)
reps[["label", "rank", "source", "date", "title", "weight"]].round({"weight": 3})

# %% [markdown]
# ## 2 · Discovered themes over time
#
# Each article is assigned its dominant theme, so the shares of a week add up to 100 %.
# The stacked area pools all outlets (large outlets weigh more); the small multiples
# normalise **by each outlet's own volume**, so outlets of different sizes can be
# compared. Shaded bands are 95 % bootstrap intervals (articles resampled within the
# outlet-week); weeks in which an outlet published fewer than 5 articles are left blank
# instead of being drawn as noisy 0 % or 100 % points.

# %%
assign_disc = tm.assign(docs, W=W)
prev_disc = prevalence(assign_disc, period=period, n_boot=n_boot, seed=seed, start=start)
save_table(prev_disc, "themes_discovered_prevalence", reports_dir)
fig = plot_theme_shares(prev_disc, top=8, title=f"{corpus}: discovered themes, share of all articles")
_ = save_figure(fig, "themes_discovered_share_stacked", reports_dir)

# %%
top4 = tm.themes_.sort_values("n_dominant", ascending=False)["label"].head(4).tolist()
fig = plot_outlet_multiples(prev_disc, themes=top4, bursts=False,
                            title="Discovered themes by outlet (95% CI; < 5 articles not drawn)")
_ = save_figure(fig, "themes_discovered_by_outlet", reports_dir)

# %%
fig = plot_theme_heatmap(prev_disc, title=f"{corpus}: discovered theme × {period_name} (all outlets)")
_ = save_figure(fig, "themes_discovered_heatmap", reports_dir)

# %% [markdown]
# Outlet profiles: mean share of each discovered theme over the reported weeks, per
# outlet — large differences here are agenda differences (or scraping differences:
# check notebook 01 for each outlet's weeks before reading them as editorial choices).

# %%
profile = mean_share(prev_disc, columns="source")  # % of each outlet's articles, mean over weeks
save_table(profile.reset_index(), "themes_discovered_outlet_profile", reports_dir)
profile

# %% [markdown]
# ## 3 · Guided themes
#
# The theme file lists, for every theme, the words and phrases that signal it (see the
# matching rules at the top of the file). An article carries a theme when at least
# `min_matches` of its words match; it can carry several themes, so shares do **not** add
# up to 100 %. The matched words are kept for every article:

# %%
guided = GuidedThemes.from_toml(themes_file, min_matches=min_matches).fit()
scores = guided.score(docs)
save_table(scores, "themes_guided_scores", reports_dir)
display(guided.themes_[["theme", "label", "n_terms"]])
(scores.sort_values("n_matches", ascending=False).groupby("theme").head(1)
 [["theme", "source", "n_matches", "matched_terms"]].reset_index(drop=True))

# %%
assign_guided = guided.assign(docs, scores=scores)
prev_guided = prevalence(assign_guided, period=period, n_boot=n_boot, seed=seed, start=start)
save_table(prev_guided, "themes_guided_prevalence", reports_dir)
fig = plot_theme_shares(prev_guided, themes=["military", "diplomacy", "terrorism", "energy",
                                             "economy", "elections", "migration"],
                        title=f"{corpus}: guided themes, share of all articles mentioning each")
_ = save_figure(fig, "themes_guided_share_lines", reports_dir)

# %% [markdown]
# ## 4 · Bursts
#
# A burst is an outlet-week where a theme's share jumps above that outlet's own rolling
# baseline (the previous 4 weeks with articles): z ≥ 3, where the spread combines the
# baseline's week-to-week variation and the binomial sampling error of the current week
# (so a jump resting on few articles needs to be larger), and at least 3 articles must
# carry the theme. With ~17 themes × 9 outlets × 17 weeks, a few bursts are expected by
# chance — read them as pointers to articles, not as findings. Kleinberg's two-state model
# (a burst state with twice the theme's overall rate, entering it costs 2·ln T) is the
# second opinion: it prefers sustained shifts of common themes over one-week spikes.

# %%
bursts_z = detect_bursts(prev_guided, method="zscore")
bursts_k = detect_bursts(prev_guided, method="kleinberg")
flagged = (bursts_z[bursts_z["burst"]][["period", "source", "theme", "n", "n_docs", "share",
                                        "baseline", "z"]]
           .merge(bursts_k[["period", "source", "theme", "burst"]], how="left",
                  on=["period", "source", "theme"])
           .rename(columns={"burst": "also_kleinberg"}).sort_values("z", ascending=False))
save_table(flagged, "themes_guided_bursts", reports_dir)
flagged.round({"share": 3, "baseline": 3, "z": 3}).head(15)

# %%
burst_theme = flagged["theme"].value_counts().index[0] if len(flagged) else "migration"
shown = [burst_theme] + [t for t in ("military", "elections", "migration") if t != burst_theme][:2]
fig = plot_outlet_multiples(bursts_z, themes=shown,
                            title="Guided themes by outlet (95% CI; ▲ z-score burst)")
_ = save_figure(fig, "themes_guided_by_outlet_bursts", reports_dir)

# %%
fig = plot_bursts(bursts_z, theme=burst_theme)
_ = save_figure(fig, "themes_guided_bursts_top_theme", reports_dir)

# %%
fig = plot_theme_heatmap(prev_guided, title=f"{corpus}: guided theme × {period_name} (all outlets)")
_ = save_figure(fig, "themes_guided_heatmap", reports_dir)

# %% [markdown]
# ## 5 · Who leads? Lead/lag between outlets
#
# For each pair of outlets we correlate the day-to-day *changes* of a theme's daily share
# at different lags; a peak at lag +k means the row outlet moved k days before the column
# outlet. Differencing removes the shared trend (everyone covering a story more as it
# grows). Pairs need ≥ 8 overlapping days; with a few weeks of daily data the correlations
# are noisy — read consistent patterns across themes, not one cell.

# %%
lead_theme = "migration" if "migration" in set(assign_guided["theme"].dropna()) else burst_theme
daily = prevalence(assign_guided, period="D", n_boot=0, start=start, themes=[lead_theme])
ll = lead_lag(daily, themes=[lead_theme], max_lag=3)
save_table(ll, "themes_lead_lag", reports_dir)
fig = plot_lead_lag(ll, theme=lead_theme)
_ = save_figure(fig, "themes_lead_lag", reports_dir)
ll.dropna(subset=["best_lag"]).sort_values("corr_at_best", ascending=False).head(8).round(3)

# %% [markdown]
# ## Reading the results
#
# *What the full NewsArticles run (3,758 articles after removing duplicate copies) showed;
# fast mode runs on a 600-article sample, where every estimate is much noisier.*
#
# - **Coverage is not the news.** Until the end of January 2017 nearly all articles come
#   from China Daily, so 84–100 % of each pooled week is its economy/markets theme; the
#   other outlets start in February. Pooled charts before February describe one outlet.
#   This is why the small multiples normalise by each outlet's own weekly volume.
# - **Outlet agendas differ more than weeks do.** The automatic choice was 6 themes
#   (best average of coherence 0.39 and stability 0.91; 20 themes are more coherent,
#   0.45, but much less stable). Their mean weekly shares per outlet: the Trump/White
#   House theme is 58 % of ABC News, ~36 % of CNN and HuffPost, 0 % of TASS and China
#   Daily; the Russia/Moscow/Syria theme is 84 % of TASS and ≤ 19 % elsewhere; the
#   China/markets theme is 95 % of China Daily. Within an outlet, the 95 % bands of
#   neighbouring weeks mostly overlap.
# - **One theme is a catch-all, and outlet names stick.** "people / police / man" (courts,
#   crime, human-interest) takes a third of all articles and has the lowest coherence
#   (0.14); it is where articles that fit no sharper theme go. "china daily" and
#   "february" (TASS's datelines) are among the top terms of the China and Russia themes:
#   outlet self-references glue a theme to an outlet, which coherence does not penalise.
#   (DW's share-button boilerplate, which once formed a theme of its own, is removed at
#   ingestion.)
# - **Bursts**: the z-score flags are mostly rare themes appearing from a zero baseline,
#   e.g. *missile defence* at CNN in the week of 13 March 2017 (8 of 71 articles, the
#   THAAD deployment in South Korea) and at TASS the same week. Kleinberg's model flags
#   sustained shifts of common themes instead; the two agree rarely, so read the
#   articles behind a flag before reporting it.
# - **Lead/lag** rests on 8–18 overlapping days per outlet pair: correlations of 0.6–0.8
#   at lags of ±2 days appear in both directions, which is what noise looks like here.
#   Treat the chart as a way to pick pairs worth a closer look, not as evidence of agenda
#   setting.
