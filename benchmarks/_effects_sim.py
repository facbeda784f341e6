"""Coverage of trends.theme_effects' intervals on simulated data with a known effect.

Three outlets with baseline shares 10 / 20 / 35 %, a shared smooth seasonal swing
(``0.8 · sin(2π · day / 90)`` on the logit scale) and a day-level shock (sd 0.3, shared
by every article of a day, so articles are not independent). The true share of an
outlet at a time is the average over day shocks (Gauss–Hermite). Coverage = the share of
(simulation, outlet, time) cells whose 95 % interval holds the true share; for contrasts,
the true difference of two outlets' shares.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit, logit

BASE = {"A": 0.10, "B": 0.20, "C": 0.35}
DAYS, AMPLITUDE, DAY_SD = 90, 0.8, 0.3


def _true_share(outlet: str, day) -> np.ndarray:
    nodes, weights = np.polynomial.hermite_e.hermegauss(40)
    eta = logit(BASE[outlet]) + AMPLITUDE * np.sin(2 * np.pi * np.asarray(day) / DAYS)
    return (expit(eta[:, None] + DAY_SD * nodes[None, :]) * weights).sum(axis=1) / weights.sum()


def simulate(n_docs: int, rng: np.random.Generator) -> pd.DataFrame:
    day = rng.integers(0, DAYS, n_docs)
    outlet = rng.choice(list(BASE), n_docs)
    shock = rng.normal(0, DAY_SD, DAYS)[day]
    eta = (np.array([logit(BASE[o]) for o in outlet])
           + AMPLITUDE * np.sin(2 * np.pi * day / DAYS) + shock)
    carries = rng.random(n_docs) < expit(eta)
    return pd.DataFrame({"doc_id": np.arange(n_docs), "source": outlet,
                         "date": pd.Timestamp("2017-01-01") + pd.to_timedelta(day, unit="D"),
                         "theme": np.where(carries, "t", None)})


def coverage(n_sims: int = 200, n_docs: int = 3000, seed: int = 0, **kwargs) -> dict:
    """Empirical coverage of the estimates' and contrasts' intervals (nominal 1 - alpha)."""
    from newsprism.trends import theme_effects

    rng = np.random.default_rng(seed)
    hits_e, hits_c, width = [], [], []
    for _ in range(n_sims):
        data = simulate(n_docs, rng)
        fx = theme_effects(data, "t", **kwargs)
        est = fx.estimates
        day = (est["time"] - pd.Timestamp("2017-01-01")) / pd.Timedelta(days=1)
        truth = np.concatenate([_true_share(o, day[est["outlet"] == o]) for o in sorted(BASE)])
        hits_e.append((est["ci_low"] <= truth) & (truth <= est["ci_high"]))
        width.append((est["ci_high"] - est["ci_low"]).mean())
        con = fx.contrasts
        cday = (con["time"] - pd.Timestamp("2017-01-01")) / pd.Timedelta(days=1)
        true_c = np.concatenate([_true_share(a, cday[(con.outlet_a == a) & (con.outlet_b == b)])
                                 - _true_share(b, cday[(con.outlet_a == a) & (con.outlet_b == b)])
                                 for a, b in con[["outlet_a", "outlet_b"]].drop_duplicates()
                                 .itertuples(index=False)])
        hits_c.append((con["ci_low"] <= true_c) & (true_c <= con["ci_high"]))
    return {"n_sims": n_sims, "n_docs": n_docs, "settings": {k: str(v) for k, v in kwargs.items()},
            "coverage_estimates": round(float(np.mean(np.concatenate(hits_e))), 4),
            "coverage_contrasts": round(float(np.mean(np.concatenate(hits_c))), 4),
            "mean_interval_width": round(float(np.mean(width)), 4)}
