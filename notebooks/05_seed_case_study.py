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
# The seed article (`seed_file`: by default the wire story shipped in `seeds/`; set your
# own in the study file) is run through every newsprism stage:
#
# 1. its **guided themes**, with the exact words that matched;
# 2. its **discovered themes** from the NMF model notebook 04 fitted on the corpus;
# 3. its **topic** from the topic classifier of notebook 02;
# 4. its **stance toward the targets** of the targets file, sentence by sentence (notebook 03);
# 5. its **nearest articles** in the corpus (cosine similarity of tf-idf vectors), and
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
themes_file = None  # None: the shipped example theme file (resources/)
n_themes = "auto"  # auto, or a number of discovered themes
candidates = "auto"  # theme counts tried in auto mode: "auto" (scaled with the corpus) or a list
n_runs = 3  # fits per candidate for the stability measure
# (the three theme settings match notebook 04's, so both notebooks share one fit)
n_nearest = 10  # nearest articles shown
targets_file = None  # None: the shipped targets file (resources/targets.toml)
stance_targets = None  # None: every target of the targets file; or a list of names
train_corpus = "bbc"  # the topic model of notebook 02 (its training corpus)
label_col = "topic"  # its label column
train_topic_model = True  # train the topic model when none is cached
outlets = None  # as in notebook 04 (the same articles, so both share one theme fit)
start = None
end = None
fast_sample = 600  # corpus documents used in fast mode (as in notebook 04: one shared fit)

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from newsprism import config
from newsprism.corpus import load_corpus, without_copies
from newsprism.plots import plot_nearest_articles, plot_theme_weights
from newsprism.report import prose
from newsprism.report.sections import require, section, skip_rest
from newsprism.report.writer import save_figure, save_table
from newsprism.themes import GuidedThemes, default_theme_file, nearest_articles, themes_for_texts
from newsprism.trends import prevalence
from newsprism.workflows import select_articles, seed_stance, theme_model, topic_model_for_trends

reports_dir = reports_dir or config.reports_dir()
data_dir = data_dir or config.data_dir()
cache_dir = cache_dir or config.cache_dir()
seed_file = seed_file or config.seeds_dir() / "000_9259703123286210.txt"
themes_file = themes_file or default_theme_file()
pd.set_option("display.max_colwidth", 110)
plt.rcParams["figure.dpi"] = 100

seed_text = open(seed_file, encoding="utf-8").read()
seed_df = pd.DataFrame({"doc_id": ["seed"], "date": [pd.NaT], "source": ["seed"], "title": [""],
                        "text": [seed_text]})
name = prose.corpus_name(corpus)  # titles carry the corpus's name, not its path
loaded = load_corpus(corpus, data_dir=data_dir, sample=fast_sample if fast else None, seed=seed)
# the articles notebook 04 reports on; copies of one story would count several times
docs = without_copies(select_articles(loaded, outlets=outlets, start=start, end=end,
                                      period="Y").docs)
print(f"seed: {len(seed_text.split())} words; compared with {name}"
      f"{' (fast sample)' if fast else ''}: {len(docs):,} articles")
print(seed_text[:400], "…")

# %% [markdown]
# ## 1 · Guided themes, and why
#
# Every match of a theme's seed terms in the article, with the words around it. The
# themes the article matches are "the seed's themes" in the sections below.

# %%
guided = GuidedThemes.from_toml(themes_file, min_matches=1).fit()
seed_scores = guided.score(seed_df)
save_table(seed_scores, "seed_guided_themes", reports_dir)
display(seed_scores[["theme", "n_matches", "per_1000_words", "matched_terms"]]
        .sort_values("n_matches", ascending=False).reset_index(drop=True).round(1))
fig = plot_theme_weights(seed_scores.assign(label=seed_scores["theme"]), value="n_matches",
                         xlabel="matches of the theme's seed terms in the article (count)",
                         corpus=name, title="Seed article: guided themes")
_ = save_figure(fig, "seed_guided_themes", reports_dir)

# %%
explain = guided.explain(seed_text, context=45)
save_table(explain, "seed_guided_theme_matches", reports_dir)
explain[["theme", "match", "context"]]

# %% [markdown]
# ## 2 · Discovered themes
#
# The NMF model of notebook 04 (fitted once on the comparison corpus, outlet-specific
# terms left out, theme count chosen automatically) places the seed among that corpus'
# themes. The seed can only be described with themes that exist in the corpus's own
# period (printed above).

# %%
with section("Discovered themes") as discovered:
    require(len(docs) >= 50, f"finding themes needs at least 50 articles; the corpus has {len(docs)}")
    tm, how = theme_model(docs, cache_dir, n_themes=n_themes, candidates=candidates,
                          n_runs=n_runs, seed=seed, fast=fast)
    print(how)
    seed_disc = themes_for_texts(tm, [seed_text], top=3).merge(
        tm.themes_[["theme", "top_terms"]], on="theme")
    save_table(seed_disc, "seed_discovered_themes", reports_dir)
    print(f"{tm.n_themes_} discovered themes")
    display(seed_disc[["rank", "label", "weight", "top_terms"]].round(3))

# %%
if discovered.done:
    fig = plot_theme_weights(seed_disc, corpus=name,
                             title=f"Seed article: its top discovered themes "
                             f"(NMF, {tm.n_themes_} themes on {name})")
    _ = save_figure(fig, "seed_discovered_themes", reports_dir)

# %% [markdown]
# ## 3 · Topic (the classifier of notebook 02)
#
# The classifier knows only its label set; an article whose subject has no counterpart
# there gets the nearest one. The probabilities show how sure it is.

# %%
seed_topic = None
topic = topic_model_for_trends(docs.head(0), cache_dir=cache_dir, data_dir=data_dir, seed=seed,
                               train_if_missing=train_topic_model,
                               train_sample=300 if fast else None, train_corpus=train_corpus,
                               label_col=label_col)
print(topic.message)
if topic.model is not None:
    from newsprism.topics import predict_topics

    seed_topic = predict_topics(topic.model, seed_df)
    save_table(seed_topic, "seed_topic", reports_dir)
    display(seed_topic.round(3))

# %% [markdown]
# ## 4 · Stance toward the targets
#
# Each sentence that mentions a target is classified as favouring, opposing or neutral
# toward it; the net index is (favor − against) / mentions, in [−1, 1].

# %%
stance = seed_stance(seed_text, cache_dir=cache_dir, targets=stance_targets,
                     targets_file=targets_file)
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
if docs.empty:  # sections 5 and 6 compare the seed with the corpus
    skip_rest("Nearest articles and outlet shares", f"no article of {name} was kept at ingestion")
near = nearest_articles(seed_text, docs, n=n_nearest)
near_scores = guided.score(docs[docs["doc_id"].isin(near["doc_id"])])
shared = (near_scores[near_scores["theme"].isin(set(seed_scores["theme"]))]
          .groupby("doc_id")["theme"].apply(lambda t: ", ".join(sorted(t))).rename("shared_themes"))
near = near.merge(shared, on="doc_id", how="left")
save_table(near, "seed_nearest_articles", reports_dir)
fig = plot_nearest_articles(near, corpus=name, title=f"Articles in {name} most similar to the seed")
_ = save_figure(fig, "seed_nearest_articles", reports_dir)
near.assign(similarity=near["similarity"].round(3))

# %% [markdown]
# ## 6 · Which outlets cover the seed's themes?
#
# Share of each outlet's articles (whole period) that carry each of the seed's own
# themes (≥ 2 matches), with 95 % bootstrap intervals.

# %%
# the seed's own themes: those it matches twice or more (else once), most matches first
seed_themes = (seed_scores[seed_scores["n_matches"] >= 2] if (seed_scores["n_matches"] >= 2).any()
               else seed_scores).sort_values("n_matches", ascending=False)["theme"].head(6).tolist()
if not seed_themes:
    skip_rest("Which outlets cover the seed's themes", f"the seed matches no theme of {themes_file}")
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
# Written from this run's numbers (fast mode uses a sample of the corpus and a topic
# model trained on a few hundred articles, so its numbers differ from a full run).

# %%
own = [t for t in seed_themes if t in set(seed_scores["theme"])]
extra = seed_scores[~seed_scores["theme"].isin(seed_themes)].sort_values("n_matches",
                                                                      ascending=False)
lines = [
    f"- **Guided themes**: the seed matches {prose.plural(len(seed_scores), 'theme')} of the "
    f"file; its own themes here are {prose.listing(own) or 'none'}, each through the words listed above"
    + (f", plus {', '.join(extra['theme'].head(4))}" if len(extra) else "") + ". Themes "
    "matched by a single word are the reason the corpus-level analysis asks for two.",
]
if discovered.done:
    top = seed_disc.sort_values("rank").iloc[0]
    lines.append(
        f"- **Discovered themes**: {100 * top['weight']:.0f} % of the seed's weight falls on "
        f"*{top['label']}* ({top['top_terms'].split(', ')[:5]}); the next are "
        + "; ".join(f"*{r.label}* {100 * r.weight:.0f} %" for r in seed_disc.sort_values("rank")
                    .iloc[1:].itertuples()) + f" (of {tm.n_themes_} themes in {name}).")
else:
    lines.append(f"- **Discovered themes** were skipped: {discovered.reason}.")
if seed_topic is not None:
    probs = seed_topic.filter(like="p_").iloc[0].sort_values(ascending=False)
    lines.append(f"- **Topic**: notebook 02's classifier (training corpus: "
                 f"{prose.corpus_name(train_corpus)}) says "
                 f"*{probs.index[0][2:]}* (p = {probs.iloc[0]:.2f})"
                 + (f", then *{probs.index[1][2:]}* ({probs.iloc[1]:.2f})" if len(probs) > 1 else "")
                 + f"; its {prose.plural(len(probs), 'topic')} may have no class for the seed's "
                 "subject, so read this as a domain-transfer check.")
if stance.summary is not None and len(stance.summary):
    lines.append("- **Stance** (" + stance.message.split(" (")[0] + "): " + "; ".join(
        f"{r.target} net {r.net:+.2f} ({r.n_favor} favor, {r.n_against} against, "
        f"{r.n_neutral} neutral)" for r in stance.summary.itertuples())
        + ". Read the sentences above before the index: a sentence describing a conflict is "
        "not a stance against either side.")
if len(near) and len(outlet_share):
    lines.append(
    f"- **Nearest articles** have cosine similarities of {near['similarity'].min():.2f}–"
    f"{near['similarity'].max():.2f} (outlets: {', '.join(near['source'].value_counts().index[:3])}); "
    f"the most any outlet gives to one of the seed's themes is "
    f"{100 * outlet_share['share'].max():.1f} % of its articles "
    f"({outlet_share.loc[outlet_share['share'].idxmax(), 'theme']} at "
    f"{outlet_share.loc[outlet_share['share'].idxmax(), 'source']}).")
display(Markdown("\n".join(lines)))
