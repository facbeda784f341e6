# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   newsprism:
#     requires: [02_topic_classifier, 03_stance, 04_themes_over_time]
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 · Case study: one article through the whole pipeline
#
# The seed article (Xinhua, Corfu, 28 June 2009: NATO and Russia agree to resume the
# military ties frozen after the 2008 Georgia war) is run through every newsprism stage:
#
# 1. its **guided themes**, with the exact words that matched;
# 2. its **discovered themes** from an NMF model fitted on the embedded NewsArticles corpus;
# 3. its **topic** from the BBC topic classifier (notebook 02);
# 4. its **stance toward NATO and Russia**, sentence by sentence (notebook 03);
# 5. its **nearest articles** in NewsArticles (cosine similarity of tf-idf vectors), and
#    how much each outlet covers the seed's themes.
#
# Optional stages that are not available (no trained model, module missing) print what
# was skipped instead of failing.

# %% tags=["parameters"]
corpus = "newsarticles"  # the corpus the seed is compared with
fast = False  # True: a small random sample, for CI and quick checks
seed = 0
reports_dir = None  # None: <project>/reports
data_dir = None  # None: <project>/data/raw
cache_dir = None  # None: <project>/data/interim
seed_file = None  # None: seeds/000_9259703123286210.txt
themes_file = None  # None: the shipped resources/themes_newsarticles.toml
n_themes = "auto"  # auto, or a number of discovered themes
candidates = "auto"  # theme counts tried in auto mode: "auto" (scaled with the corpus) or a list
n_runs = 3  # fits per candidate for the stability measure
# (the three theme settings match notebook 04's, so both notebooks share one fit)
n_nearest = 10  # nearest articles shown
stance_targets = ["NATO", "Russia"]
train_topic_model = True  # train the BBC topic model when none is cached
fast_sample = 600  # corpus documents used in fast mode (as in notebook 04: one shared fit)

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from newsprism import config
from newsprism.corpus import load_corpus, without_copies
from newsprism.plots import plot_nearest_articles, plot_theme_weights
from newsprism.report.writer import save_figure, save_table
from newsprism.themes import GuidedThemes, default_theme_file, nearest_articles, themes_for_texts
from newsprism.trends import prevalence
from newsprism.workflows import seed_stance, theme_model, topic_model_for_trends

reports_dir = reports_dir or config.reports_dir()
data_dir = data_dir or config.data_dir()
cache_dir = cache_dir or config.cache_dir()
seed_file = seed_file or config.seeds_dir() / "000_9259703123286210.txt"
themes_file = themes_file or default_theme_file()
pd.set_option("display.max_colwidth", 110)
plt.rcParams["figure.dpi"] = 100

seed_text = open(seed_file, encoding="utf-8").read()
seed_df = pd.DataFrame({"doc_id": ["seed"], "date": [pd.Timestamp("2009-06-28")],
                        "source": ["Xinhua"], "title": [""], "text": [seed_text]})
# copies of one story would count several times in shares and among the nearest articles
docs = without_copies(load_corpus(corpus, data_dir=data_dir,
                                  sample=fast_sample if fast else None, seed=seed))
print(f"seed: {len(seed_text.split())} words; compared with {corpus}"
      f"{' (fast sample)' if fast else ''}: {len(docs):,} articles")
print(seed_text[:400], "…")

# %% [markdown]
# ## 1 · Guided themes, and why
#
# Every match of a theme's seed terms in the article, with the words around it. The five
# themes the article itself names — military ties, Afghanistan transit, counter-terrorism,
# non-proliferation, missile defence — are themes of the shipped file.

# %%
guided = GuidedThemes.from_toml(themes_file, min_matches=1).fit()
seed_scores = guided.score(seed_df)
save_table(seed_scores, "seed_guided_themes", reports_dir)
display(seed_scores[["theme", "n_matches", "per_1000_words", "matched_terms"]]
        .sort_values("n_matches", ascending=False).reset_index(drop=True).round(1))
fig = plot_theme_weights(seed_scores.assign(label=seed_scores["theme"]), value="n_matches",
                         xlabel="matches of the theme's seed terms in the article (count)",
                         title="Seed article: guided themes")
_ = save_figure(fig, "seed_guided_themes", reports_dir)

# %%
explain = guided.explain(seed_text, context=45)
save_table(explain, "seed_guided_theme_matches", reports_dir)
explain[["theme", "match", "context"]]

# %% [markdown]
# ## 2 · Discovered themes
#
# An NMF model fitted on the comparison corpus (theme count chosen automatically, see
# notebook 04) places the seed among that corpus' themes. The corpus is from 2016–17,
# so the seed can only be described with themes that existed then.

# %%
tm, how = theme_model(docs, cache_dir, n_themes=n_themes, candidates=candidates,
                      n_runs=n_runs, seed=seed, fast=fast)
print(how)
seed_disc = themes_for_texts(tm, [seed_text], top=3).merge(
    tm.themes_[["theme", "top_terms"]], on="theme")
save_table(seed_disc, "seed_discovered_themes", reports_dir)
print(f"{tm.n_themes_} discovered themes")
seed_disc[["rank", "label", "weight", "top_terms"]].round(3)

# %%
fig = plot_theme_weights(seed_disc, title=f"Seed article: its top discovered themes "
                         f"(NMF, {tm.n_themes_} themes on {corpus})")
_ = save_figure(fig, "seed_discovered_themes", reports_dir)

# %% [markdown]
# ## 3 · Topic (BBC topic classifier)
#
# The BBC classifier knows five topics (business, entertainment, politics, sport, tech);
# a diplomacy-and-security article should land in *politics*. The probabilities show
# how sure it is.

# %%
topic = topic_model_for_trends(docs.head(0), cache_dir=cache_dir, data_dir=data_dir, seed=seed,
                               train_if_missing=train_topic_model,
                               train_sample=300 if fast else None)
print(topic.message)
if topic.model is not None:
    from newsprism.topics import predict_topics

    seed_topic = predict_topics(topic.model, seed_df)
    save_table(seed_topic, "seed_topic", reports_dir)
    display(seed_topic.round(3))

# %% [markdown]
# ## 4 · Stance toward NATO and Russia
#
# Each sentence that mentions a target is classified as favouring, opposing or neutral
# toward it; the net index is (favor − against) / mentions, in [−1, 1].

# %%
stance = seed_stance(seed_text, cache_dir=cache_dir, targets=stance_targets)
print(stance.message)
if stance.summary is not None:
    save_table(stance.summary, "seed_stance_summary", reports_dir)
    display(stance.summary.round(2))
    display(stance.sentences[["target", "label", "sentence"]])

# %% [markdown]
# ## 5 · Nearest articles in the corpus
#
# Cosine similarity of tf-idf vectors (newsprism tokens, unigrams + bigrams, vocabulary
# of the comparison corpus). 1 would be the same wording, 0 no shared term; the column
# `shared_themes` lists which of the seed's guided themes each neighbour also carries.

# %%
near = nearest_articles(seed_text, docs, n=n_nearest)
near_scores = guided.score(docs[docs["doc_id"].isin(near["doc_id"])])
shared = (near_scores[near_scores["theme"].isin(set(seed_scores["theme"]))]
          .groupby("doc_id")["theme"].apply(lambda t: ", ".join(sorted(t))).rename("shared_themes"))
near = near.merge(shared, on="doc_id", how="left")
save_table(near, "seed_nearest_articles", reports_dir)
fig = plot_nearest_articles(near, title=f"Articles in {corpus} most similar to the seed")
_ = save_figure(fig, "seed_nearest_articles", reports_dir)
near.assign(similarity=near["similarity"].round(3))

# %% [markdown]
# ## 6 · Which outlets cover the seed's themes?
#
# Share of each outlet's articles (whole period) that carry each of the seed's own
# themes (≥ 2 matches), with 95 % bootstrap intervals.

# %%
seed_themes = ["military_ties", "afghanistan_transit", "counter_terrorism", "non_proliferation",
               "missile_defence"]
corpus_guided = GuidedThemes.from_toml(themes_file, min_matches=2).fit()
assign = corpus_guided.assign(docs)
assign["date"] = pd.Timestamp("2017-01-01")  # one period: the whole corpus
outlet_share = prevalence(assign, period="Y", themes=seed_themes, n_boot=200 if fast else 1000,
                          seed=seed)
save_table(outlet_share, "seed_themes_share_by_outlet", reports_dir)
(outlet_share.assign(pct=lambda d: (100 * d["share"]).round(1).astype(str) + " ["
                     + (100 * d["ci_low"]).round(1).astype(str) + "–"
                     + (100 * d["ci_high"]).round(1).astype(str) + "]")
 .pivot(index="theme", columns="source", values="pct"))

# %% [markdown]
# ## Reading the results
#
# *What the full run (NewsArticles, all 3,762 articles) showed; fast mode uses a
# 500-article sample and a topic model trained on 300 BBC articles, so its numbers
# differ.*
#
# - **Guided themes** find all five of the seed's own themes, each through the words a
#   reader would point to ("military-to-military", "transport weapons", "supply routes",
#   "counter-terrorism", "non-proliferation", "weapons of mass destruction", "missile
#   defence"), plus broad *military* and *diplomacy*. The single *energy* ("energy supply
#   routes") and *elections* ("campaign", here NATO's naval campaign) hits are incidental
#   words — exactly why the corpus-level analysis requires at least two matches.
# - **Discovered themes**: 77 % of the seed's NMF weight falls on the Russia/Moscow/Syria
#   theme (2017 coverage of Russian diplomacy and the Syrian war, mostly TASS); the rest
#   is spread thinly (North Korea/missiles 10 %, Trump/White House 8 %). With only six
#   themes in the 2017 corpus there is no NATO or arms-control theme for it to land in.
# - **Topic**: the BBC classifier trained in notebook 02 (cross-validated macro-F1 0.98 on
#   BBC) says *business* with probability 0.74 and *politics* 0.26. Its five BBC topics
#   have no place for diplomacy and security; "supply routes", "energy", "transport" pull
#   it toward business. This is a domain-transfer failure to keep in mind when its topic
#   shares are used on other corpora (notebook 04).
# - **Stance**: the gold-trained linear model from notebook 03 gives net −0.33 toward NATO
#   (1 favor, 4 against, 4 neutral) and 0.00 toward Russia (3 favor, 3 against, 3
#   neutral). Read the sentences: most "against" labels fall on sentences that describe
#   the relationship ("suspended high-level political contacts", "an impediment …
#   fundamental differences") and one on a plain call for cooperation on
#   counter-terrorism, where words like *terrorism* and *weapons of mass destruction*
#   sit next to the mention. A bag-of-words model reads topic words as stance; on a
#   cooperative wire story like this one, its net index should be read with the gold
#   k-fold scores of notebook 03 in mind (macro-F1 about 0.48).
# - **Nearest articles** are TASS and Al Jazeera pieces on Russia, Georgia/South Ossetia,
#   NATO and Afghanistan, with similarities of only 0.10–0.16: eight years later the same
#   actors appear, but no article in the corpus tells the same story. The outlet table
#   agrees: each of the seed's themes is carried by at most ~4 % of any outlet's
#   articles; counter-terrorism and missile defence are most frequent at TASS and CNN.
