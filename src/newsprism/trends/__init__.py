"""Prevalence of themes / topics / stance over time and by outlet, with uncertainty.

- :func:`prevalence` — tidy ``period, source, theme, n, n_docs, share, ci_low, ci_high``
  (bootstrap CIs; empty periods are NaN gaps, not zeros); :func:`smooth` adds a
  rolling mean.
- :func:`detect_bursts` — rolling-baseline z-score or Kleinberg two-state bursts.
- :func:`lead_lag` / :func:`cross_correlation` — which outlet moves first on a theme.
- :func:`prevalence_acc` — shares corrected for classifier error (adjusted
  classify-and-count, Forman 2008) next to the raw shares.
- :func:`pooled_prevalence` / :func:`pooled_stance_shares` — shares (themes, labels,
  stance) pooled over outlets with equal outlet weight per
  period (or a fixed outlet mix; raw volume pooling labelled as such).
- :func:`theme_effects` — a theme's share as a function of outlet and a smooth of time
  (logistic GLM, cluster-robust intervals) with outlet contrasts.
- :func:`predict_corpus_stance` → :func:`article_stance` → :func:`stance_over_time` —
  net stance toward targets per period × outlet; :func:`stance_shares_acc` — favor /
  against / neutral shares and the net index corrected for the stance model's error.

Every table bins dates with :func:`period_start` and draws its intervals from
:mod:`newsprism.evaluation`.

Example:
    >>> from newsprism.trends import prevalence, detect_bursts    # doctest: +SKIP
    >>> prev = prevalence(assignments, period="W", by="source")   # doctest: +SKIP
"""

from newsprism.trends.acc import (adjust_shares, confusion_from_card, confusion_rates,
                                  prevalence_acc, stance_shares_acc, topic_assignments)
from newsprism.trends.bursts import detect_bursts, kleinberg_states
from newsprism.trends.effects import ThemeEffects, theme_effects
from newsprism.trends.leadlag import cross_correlation, lead_lag
from newsprism.trends.periods import period_range, period_start
from newsprism.trends.pooling import pooled_prevalence, pooled_stance_shares
from newsprism.trends.prevalence import (coarsen_periods, doc_theme_matrix, mean_share, prevalence,
                                          smooth)
from newsprism.trends.stance import (article_stance, document_stance, net_stance,
                                     predict_corpus_stance, stance_over_time)

__all__ = ["prevalence", "mean_share", "smooth", "doc_theme_matrix", "detect_bursts", "kleinberg_states",
           "cross_correlation", "lead_lag", "prevalence_acc", "adjust_shares",
           "confusion_rates", "confusion_from_card", "topic_assignments", "period_start",
           "period_range", "predict_corpus_stance", "article_stance", "net_stance",
           "stance_over_time", "document_stance", "pooled_prevalence", "pooled_stance_shares",
           "theme_effects",
           "ThemeEffects", "stance_shares_acc", "coarsen_periods"]
