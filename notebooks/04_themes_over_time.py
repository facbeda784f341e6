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
# 1. **discovers** themes with NMF, keeping the outlets out of them (wire datelines cut,
#    terms that one outlet uses far more than the others dropped) and choosing their number
#    by measured coherence (NPMI on this corpus) and stability across refits, without a
#    catch-all theme; shows each theme's top terms and most representative articles;
# 2. scores articles against **guided** themes written by the researcher (a TOML file of
#    theme → seed terms), keeping the words that matched;
# 3. turns either into **prevalence per period × outlet** — the share of each outlet's
#    articles carrying the theme, with 95 % bootstrap intervals — pools outlets **with equal
#    weight per outlet** (so a change in which outlets publish is not drawn as a trend),
#    models a theme's share by **outlet and a smooth of time** with intervals, and flags
#    **bursts** and **which outlet moves first**.
#
# The topic classifier's shares over time, corrected for its errors, are in notebook
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
period = None  # "D", "W", "M", "Q" or "Y"; None: chosen from the corpus's span and density
n_themes = "auto"  # auto, or a number of themes
candidates = "auto"  # theme counts tried in auto mode: "auto" (scaled with the corpus) or a list
n_runs = 3  # fits per candidate for the stability measure
themes_file = None  # None: the shipped example theme file (resources/)
min_matches = 2  # guided theme: matches an article needs to count as carrying it
outlets = None  # None: every outlet; or a list of names
start = None  # first day reported, e.g. "2017-01-01"; None: the corpus's own first date
end = None  # last day reported; None: the corpus's own last date
min_docs = 5  # an outlet-period with fewer articles is not drawn (too noisy)
n_boot = 1000  # bootstrap replicates for the 95% intervals
fast_sample = 600  # documents used in fast mode

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from newsprism import config
from newsprism.corpus import load_corpus, without_copies
from newsprism.plots import (plot_bursts, plot_lead_lag, plot_outlet_multiples,
                             plot_theme_effects, plot_theme_heatmap, plot_theme_selection,
                             plot_theme_shares)
from newsprism.report import prose
from newsprism.report.sections import require, section, skip_rest
from newsprism.report.writer import save_figure, save_table
from newsprism.themes import GuidedThemes, default_theme_file
from newsprism.trends import (detect_bursts, lead_lag, mean_share, pooled_prevalence, prevalence,
                              theme_effects)
from newsprism.trends.periods import PERIOD_NAMES
from newsprism.workflows import select_articles, theme_model

reports_dir = reports_dir or config.reports_dir()
data_dir = data_dir or config.data_dir()
cache_dir = cache_dir or config.cache_dir()
themes_file = themes_file or default_theme_file()
pd.set_option("display.max_colwidth", 90)
plt.rcParams["figure.dpi"] = 100
if fast:
    n_boot = 200  # (the theme model's fast settings live in workflows.theme_model)
name = prose.corpus_name(corpus)  # titles carry the corpus's name, not its path

# %%
docs = load_corpus(corpus, data_dir=data_dir, sample=fast_sample if fast else None, seed=seed)
chosen = select_articles(docs, outlets=outlets, end=end, period=period)
# exact / near copies would count one story several times in an outlet's share
docs, period = without_copies(chosen.docs), chosen.period
period_name = PERIOD_NAMES[period].split(" (")[0]
display(Markdown(f"{chosen.message} {chosen.period_reason}".strip()))
if len(docs) < 50 or docs["date"].notna().sum() == 0:  # too little to find themes or trends
    skip_rest("Themes over time", f"needs at least 50 dated articles; the corpus has "
              f"{len(docs)} ({int(docs['date'].notna().sum())} dated)")
print(f"{name}{' (fast sample)' if fast else ''}: {len(docs):,} articles (duplicate copies "
      f"removed), {docs['source'].nunique()} outlets, "
      f"{docs['date'].min():%Y-%m-%d} – {docs['date'].max():%Y-%m-%d}")

# %% [markdown]
# ## 1 · Discovered themes
#
# NMF factorises the tf-idf matrix (newsprism tokens, unigrams + bigrams) into themes.
# Before that, the outlets are kept out: wire datelines ("CITY, February 6. /AGENCY/")
# are cut from the body, and every term that the outlet using it most uses at least 5×
# as often as the other outlets on average is dropped — self-references, datelines, page
# furniture. The candidate numbers of themes scale with the corpus (four steps up to one
# theme per 100 articles). For each we measure
#
# - **coherence**: mean NPMI of each theme's top-10 terms, from how often they appear in
#   the *same articles of this corpus* (1 = always together, 0 = independent), and
# - **stability**: refit on two random 80 % subsamples and match themes one-to-one; the
#   mean Jaccard overlap of top-term sets says whether the same themes come back,
#
# and the share of articles in the largest theme: a count whose largest theme holds more
# than 15 % of the articles (a catch-all) is not chosen. Among the others, the best
# average of coherence and stability (each scaled across candidates) is kept. The table
# shows the trade-off, so you can overrule it with `n_themes=<int>`.

# %%
tm, how = theme_model(docs, cache_dir, n_themes=n_themes, candidates=candidates,
                      n_runs=n_runs, seed=seed, fast=fast)
print(how)  # notebook 05 reuses this fit
save_table(tm.selection_, "themes_selection", reports_dir)
if len(tm.selection_) > 1:
    _ = save_figure(plot_theme_selection(tm.selection_, corpus=name),
                    "themes_selection", reports_dir)
tm.selection_.round(3)

# %% [markdown]
# The terms dropped as outlet-specific, with the outlet that uses each most and how many
# times more often it does than the others (∞: no other outlet uses it):

# %%
save_table(tm.outlet_terms_, "themes_outlet_terms", reports_dir)
print(f"{len(tm.outlet_terms_):,} of {len(tm.outlet_terms_) + len(tm.terms_):,} terms dropped")
tm.outlet_terms_.groupby("outlet").head(4).sort_values("outlet").round(1).reset_index(drop=True)

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
# Each article is assigned its dominant theme, so the shares of a period add up to 100 %.
# The stacked area pools the outlets **with equal weight for every outlet that published
# in the period** (the mean of the outlets' own shares), so a period in which one outlet
# publishes most articles does not show that outlet's agenda as "the news"; the grey strip
# under it counts the outlets each period rests on. The small multiples normalise **by each
# outlet's own volume**. Shaded bands are 95 % bootstrap intervals (articles resampled
# within the outlet-period); periods in which an outlet published fewer than `min_docs`
# articles are left blank instead of being drawn as noisy 0 % or 100 % points, and a
# figure with nothing left to draw is skipped with its reason.

# %%
assign_disc = tm.assign(docs, W=W)
prev_disc = prevalence(assign_disc, period=period, n_boot=n_boot, seed=seed)
save_table(prev_disc, "themes_discovered_prevalence", reports_dir)
pooled_disc = pooled_prevalence(assign_disc, period=period, n_boot=n_boot, seed=seed)
save_table(pooled_disc, "themes_discovered_pooled", reports_dir)
with section("Discovered themes, pooled over outlets"):
    require(pooled_disc["share"].notna().any(), f"no {period_name} has an article")
    fig = plot_theme_shares(pooled_disc, top=8, corpus=name)  # the title says the weighting
    _ = save_figure(fig, "themes_discovered_share_stacked", reports_dir)

# %%
top4 = tm.themes_.sort_values("n_dominant", ascending=False)["label"].head(4).tolist()
n_drawable = int((prev_disc.drop_duplicates(["period", "source"])["n_docs"] >= min_docs).sum())
with section("Discovered themes by outlet"):
    require(n_drawable >= 2, f"only {n_drawable} outlet-{period_name}s hold {min_docs} or more "
            f"articles; set a coarser period (e.g. -p period=Y) or a lower min_docs")
    fig = plot_outlet_multiples(prev_disc, themes=top4, bursts=False, min_docs=min_docs,
                                corpus=name)  # the footnote states the minimum-n rule
    _ = save_figure(fig, "themes_discovered_by_outlet", reports_dir)

# %%
# default title: it names the period drawn (coarser than the table's past 60 periods)
fig = plot_theme_heatmap(pooled_disc, corpus=name)
_ = save_figure(fig, "themes_discovered_heatmap", reports_dir)

# %% [markdown]
# Outlet profiles: mean share of each discovered theme over the reported periods, per
# outlet — large differences here are agenda differences (or scraping differences:
# check notebook 01 for each outlet's periods before reading them as editorial choices).

# %%
profile = mean_share(prev_disc, columns="source")  # % of each outlet's articles, mean over periods
save_table(profile.reset_index(), "themes_discovered_outlet_profile", reports_dir)
# how much of each theme one outlet carries: its articles among the theme's articles
dominant_outlet = (assign_disc.dropna(subset=["theme"]).groupby("theme")["source"]
                   .agg(lambda s: s.value_counts(normalize=True).iloc[0]))
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
prev_guided = prevalence(assign_guided, period=period, n_boot=n_boot, seed=seed)
save_table(prev_guided, "themes_guided_prevalence", reports_dir)
# the themes drawn: the (up to) 7 carried by most articles, whatever the theme file names
guided_counts = assign_guided["theme"].value_counts()
guided_shown = guided_counts.index[:7].tolist()
if guided_counts.empty:
    skip_rest("Guided themes and everything below", f"no article matched {min_matches} or more "
              f"terms of any theme in {themes_file}")
pooled_guided = pooled_prevalence(assign_guided, period=period, n_boot=n_boot, seed=seed)
volume_guided = pooled_prevalence(assign_guided, period=period, weighting="volume", n_boot=0)
save_table(pooled_guided, "themes_guided_pooled", reports_dir)
fig = plot_theme_shares(pooled_guided, themes=guided_shown, corpus=name)
_ = save_figure(fig, "themes_guided_share_lines", reports_dir)

# %% [markdown]
# The same chart pooled by volume (each article counts once, so large outlets weigh
# more) — kept for comparison; differences between the two are composition, not news:

# %%
fig = plot_theme_shares(volume_guided, themes=guided_shown, corpus=name)
_ = save_figure(fig, "themes_guided_share_lines_volume", reports_dir)
gap = (pooled_guided.set_index(["period", "theme"])["share"]
       - volume_guided.set_index(["period", "theme"])["share"]).abs()
worst = gap.dropna().idxmax() if gap.notna().any() else None

# %% [markdown]
# ## 4 · A theme by outlet and time, with intervals
#
# A logistic model of "the article carries the theme" on the outlet and a smooth (cubic
# spline) of the date gives each outlet's expected share at every date, and the
# difference between two outlets, with 95 % intervals that allow for articles of the same
# day being alike (standard errors clustered by day). On simulated data with a known
# effect these intervals hold the true value in about 95 % of cases (see
# `reports/benchmarks/themes.md`).

# %%
effect_theme = guided_shown[0]  # the guided theme most articles carry
by_volume = docs["source"].value_counts().index.tolist()
effect_outlets = by_volume[:2]
effects = theme_effects(assign_guided, effect_theme, n_times=30)
save_table(effects.estimates, "themes_effects_estimates", reports_dir)
save_table(effects.contrasts, "themes_effects_contrasts", reports_dir)
fig = plot_theme_effects(effects, outlets=by_volume[:4],  # the 4 largest outlets, for legibility
                         contrast=tuple(effect_outlets) if len(effect_outlets) == 2 else None,
                         corpus=name)
_ = save_figure(fig, "themes_effects", reports_dir)
contrast = effects.contrasts[(effects.contrasts["outlet_a"] == min(effect_outlets))
                             & (effects.contrasts["outlet_b"] == max(effect_outlets))]
effects.estimates.groupby("outlet")["estimate"].agg(["min", "max"]).mul(100).round(1)

# %% [markdown]
# ## 5 · Bursts
#
# A burst is an outlet-period where a theme's share jumps above that outlet's own rolling
# baseline (the previous 4 periods with articles): z ≥ 3, where the spread combines the
# baseline's period-to-period variation and the binomial sampling error of the current
# period (so a jump resting on few articles needs to be larger), and at least 3 articles
# must carry the theme. The baseline itself must hold at least 3 articles with the theme
# (`min_baseline_n`): a theme rising from nothing gets no z-score (a zero baseline would
# make any rise look enormous), and the count of such cells is given below. Many themes ×
# outlets × periods are looked at (counted below), so a few bursts are expected by chance —
# read them as pointers to articles, not as findings. Kleinberg's two-state model (a burst
# state with twice the theme's overall rate, entering it costs 2·ln T) is the
# second opinion: it prefers sustained shifts of common themes over one-period spikes.

# %%
MIN_BASELINE_N = 3  # articles with the theme a baseline needs before a z-score is computed
bursts_z = detect_bursts(prev_guided, method="zscore", min_baseline_n=MIN_BASELINE_N)
bursts_k = detect_bursts(prev_guided, method="kleinberg")
flagged = (bursts_z[bursts_z["burst"]][["period", "source", "theme", "n", "n_docs", "share",
                                        "baseline", "z"]]
           .merge(bursts_k[["period", "source", "theme", "burst"]], how="left",
                  on=["period", "source", "theme"])
           .rename(columns={"burst": "also_kleinberg"}).sort_values("z", ascending=False))
save_table(flagged, "themes_guided_bursts", reports_dir)
display(Markdown(prose.comparisons_sentence(prev_guided["theme"].nunique(), docs["source"].nunique(),
                                            prev_guided["period"].nunique(), period_name)
                 + " " + prose.bursts_sentence(bursts_z, min_baseline_n=MIN_BASELINE_N)))
flagged.round({"share": 3, "baseline": 3, "z": 3}).head(15)

# %%
burst_theme = flagged["theme"].value_counts().index[0] if len(flagged) else guided_shown[0]
shown = [burst_theme] + [t for t in guided_shown if t != burst_theme][:2]
with section("Guided themes by outlet, with bursts"):
    require(n_drawable >= 2, f"only {n_drawable} outlet-{period_name}s hold {min_docs} or more "
            "articles")
    fig = plot_outlet_multiples(bursts_z, themes=shown, min_docs=min_docs, corpus=name)
    _ = save_figure(fig, "themes_guided_by_outlet_bursts", reports_dir)

# %%
with section("The theme with most bursts"):
    require(len(flagged) > 0, f"no outlet-{period_name} was flagged as a burst")
    fig = plot_bursts(bursts_z, theme=burst_theme, min_docs=min_docs, corpus=name)
    _ = save_figure(fig, "themes_guided_bursts_top_theme", reports_dir)

# %%
fig = plot_theme_heatmap(pooled_guided, corpus=name)
_ = save_figure(fig, "themes_guided_heatmap", reports_dir)

# %% [markdown]
# ## 6 · Who leads? Lead/lag between outlets
#
# For each pair of outlets we correlate the period-to-period *changes* of a theme's share
# at different lags (days when the report's period is a day or a week, else the report's
# period); a peak at lag +k means the row outlet moved k steps before the column outlet.
# Differencing removes the shared trend (everyone covering a story more as it grows). Pairs
# need ≥ 8 overlapping steps. Each cell is tested: its peak correlation (the choice of lag
# included) against 999 block permutations of the second outlet's changes, and the
# p-values of all cells are controlled by Benjamini–Hochberg at a false discovery rate of
# 5 %. Only cells that pass are coloured; the others show "n.s.". The count is given
# below the chart.

# %%
lead_theme = burst_theme
lead_period = "D" if period in ("D", "W") else period
lead_name = PERIOD_NAMES[lead_period].split(" (")[0]
daily = prevalence(assign_guided, period=lead_period, n_boot=0, themes=[lead_theme])
ll = lead_lag(daily, themes=[lead_theme], max_lag=3, n_perm=999, fdr=0.05, seed=seed)
save_table(ll, "themes_lead_lag", reports_dir)
with section("Lead/lag between outlets"):
    require(ll["best_lag"].notna().any(), f"no outlet pair shares 8 or more "
            f"{lead_name}s with articles on {lead_theme}")
    fig = plot_lead_lag(ll, theme=lead_theme, corpus=name)
    _ = save_figure(fig, "themes_lead_lag", reports_dir)
    display(Markdown(prose.lead_lag_sentence(ll, period_name=lead_name)))
    display(ll.dropna(subset=["best_lag"]).sort_values("q_value").head(8).round(3))

# %% [markdown]
# ## Reading the results
#
# Written from this run's numbers (a fast run's sample makes every estimate noisier).

# %%
chosen = tm.selection_[tm.selection_["chosen"]].iloc[0]
largest = tm.themes_.sort_values("n_dominant", ascending=False).iloc[0]
one_outlet = dominant_outlet.sort_values(ascending=False)
lines = [
    f"- **Themes.** {tm.n_themes_} discovered themes (coherence {chosen['coherence']:.2f}, "
    f"stability {chosen['stability']:.2f}; candidates {', '.join(map(str, tm.selection_['n_themes']))}, "
    f"{int((~tm.selection_['eligible']).sum())} rejected for a catch-all theme). The largest, "
    f"*{largest['label']}*, is the dominant theme of {100 * largest['n_dominant'] / len(docs):.0f} % "
    f"of the articles. {len(tm.outlet_terms_):,} outlet-specific terms were dropped before fitting.",
    f"- **Outlets in themes.** The theme most concentrated in one outlet is *{one_outlet.index[0]}* "
    f"({100 * one_outlet.iloc[0]:.0f} % of its articles from one outlet); "
    f"{int((one_outlet > 0.5).sum())} of {len(one_outlet)} themes take more than half of their "
    "articles from a single outlet — read those as that outlet's agenda (or house style), "
    "not as the news.",
]
if worst is not None:
    lines.append(
        f"- **Composition.** Pooling by volume instead of equal outlet weight changes the share of "
        f"*{worst[1]}* in the {period_name} starting {worst[0]:%d %B %Y} by {100 * gap.max():.0f} percentage "
        f"points (that {period_name} rests on {int(pooled_guided.set_index(['period', 'theme']).loc[worst, 'n_outlets'])} "
        "outlets): differences like this are who published, not what happened.")
if len(contrast):
    sig = contrast[(contrast["ci_low"] > 0) | (contrast["ci_high"] < 0)]
    lines.append(
        f"- **Effects.** *{effect_theme}*: {contrast['outlet_a'].iloc[0]} − "
        f"{contrast['outlet_b'].iloc[0]} ranges from {100 * contrast['estimate'].min():+.1f} to "
        f"{100 * contrast['estimate'].max():+.1f} points over the period; its 95 % interval "
        f"excludes 0 at {len(sig)} of {len(contrast)} time points.")
lines.append(
    f"- **Intervals.** Guided themes by outlet and {period_name}: "
    + prose.intervals_sentence(prev_guided[prev_guided["n_docs"] > 0],
                               what="outlet × period × theme cell"))
both_rules = int(flagged["also_kleinberg"].fillna(False).astype(bool).sum())
lines.append(
    f"- **Bursts.** {prose.bursts_sentence(bursts_z, min_baseline_n=MIN_BASELINE_N)} "
    + (f"{both_rules} of the {len(flagged)} flagged are also bursts in Kleinberg's model; with "
       "many themes × outlets × periods some are chance: read the articles first."
       if len(flagged) else ""))
if ll["best_lag"].notna().any():
    lines.append(
        f"- **Lead/lag** on *{lead_theme}*: {prose.lead_lag_sentence(ll, period_name=lead_name)} "
        "A significant cell points to a pair worth reading, not to agenda setting.")
display(Markdown("\n".join(lines)))
