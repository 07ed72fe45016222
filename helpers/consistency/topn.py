"""Stability of top-N lists across retrains: what a user would see change between two sessions when the
model is retrained with a new seed, with 1% more data, or a week later in time (Jaccard@k and rank-biased
overlap of the two lists, per user)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .. import recsys
from .._validation import check_count, check_open_unit, check_rng
from .models import DRAWING, make_model

__all__ = ["RETRAINS", "WEEK_SECONDS", "summarize_overlap", "topn_stability", "topn_stability_task"]

RETRAINS = ("new_seed", "one_percent_more", "week_later")
WEEK_SECONDS = 7 * 24 * 3600


def _lists(model, users: np.ndarray, k: int) -> np.ndarray:
    return model.recommend_many(users, n=k)


def _overlap(a: np.ndarray, b: np.ndarray, k: int) -> dict[str, float]:
    return {
        "jaccard": float(np.mean(recsys.jaccard_at_k(a, b, k))),
        "rbo": float(np.mean(recsys.rank_biased_overlap(a, b, p=0.9))),
    }


def topn_stability(
    algorithm: str,
    train: pd.DataFrame,
    test: pd.DataFrame,
    k: int = 10,
    n_eval_users: int = 200,
    time_quantile: float = 0.8,
    rng=None,
) -> dict[str, dict[str, float]]:
    """Mean Jaccard@k and RBO (p = 0.9) between a user's top-``k`` list before and after each retrain:

    * ``new_seed``: the same training data, another seed (only models that draw can change);
    * ``one_percent_more``: 1% more ratings (drawn from ``test``, ratings users really made), same seed;
    * ``week_later``: trained on the ratings of ``train`` up to a time cutoff (its ``time_quantile``), then on
      those up to one week later; lists compared for users known at the cutoff.

    ``n_eval_users`` users are drawn with ``rng``, which also draws the seeds and the added ratings.
    """
    rng = check_rng(rng)
    recsys.check_ratings(train, "train")
    recsys.check_ratings(test, "test")
    k = check_count(k, "k")
    time_quantile = check_open_unit(time_quantile, "time_quantile")
    seed_a, seed_b = (int(s) for s in rng.integers(2**31 - 1, size=2))
    base = make_model(algorithm, seed_a).fit(train)
    users = base.index_.users.to_numpy()
    n_eval_users = check_count(n_eval_users, "n_eval_users", maximum=users.size)
    chosen = np.sort(rng.choice(users, n_eval_users, replace=False))
    before = _lists(base, chosen, k)
    # a model that draws nothing refits to the same model under a new seed: reuse the first fit
    reseeded = make_model(algorithm, seed_b).fit(train) if algorithm in DRAWING else base
    out = {"new_seed": _overlap(before, _lists(reseeded, chosen, k), k)}
    n_more = max(1, round(0.01 * len(train)))
    more = test.iloc[np.sort(rng.choice(len(test), n_more, replace=False))]
    grown = pd.concat([train, more], ignore_index=True)
    out["one_percent_more"] = _overlap(before, _lists(make_model(algorithm, seed_a).fit(grown), chosen, k), k)
    cutoff = float(np.quantile(train["timestamp"], time_quantile))
    early = train[train["timestamp"] <= cutoff]
    later = train[train["timestamp"] <= cutoff + WEEK_SECONDS]
    known = np.sort(early["user_id"].unique())
    chosen = np.sort(rng.choice(known, min(n_eval_users, known.size), replace=False))
    first = _lists(make_model(algorithm, seed_a).fit(early), chosen, k)
    out["week_later"] = _overlap(first, _lists(make_model(algorithm, seed_a).fit(later), chosen, k), k)
    out["week_later"]["n_new_ratings"] = float(len(later) - len(early))
    return out


def topn_stability_task(algorithm, replicate, train, test, k, n_eval_users, rng):
    """:func:`topn_stability` as a ``sweep.run_tasks`` task: one (algorithm, replicate) per task."""
    out = topn_stability(algorithm, train, test, k=k, n_eval_users=n_eval_users, rng=rng)
    return [
        {"algorithm": algorithm, "replicate": replicate, "retrain": kind, **values}
        for kind, values in out.items()
    ]


def summarize_overlap(rows, confidence: float = 0.95) -> pd.DataFrame:
    """Mean Jaccard and RBO per (algorithm, retrain) over replicates, with a t interval of the mean
    (zero width when every replicate gave the same value)."""
    if not isinstance(rows, (list, tuple)) or not all(isinstance(task, (list, tuple)) for task in rows):
        raise TypeError("rows must be the list of outputs of topn_stability_task (each a list of dicts)")
    confidence = check_open_unit(confidence, "confidence")
    frame = pd.DataFrame([row for task in rows for row in task])
    if frame.empty:
        raise ValueError("rows is empty: pass the outputs of topn_stability_task")

    def interval(values: pd.Series) -> tuple[float, float]:
        n, mean = values.size, values.mean()
        sd = values.std(ddof=1) if n > 1 else 0.0
        half = stats.t.ppf(0.5 + confidence / 2, n - 1) * sd / np.sqrt(n) if n > 1 and sd > 0 else 0.0
        return mean - half, mean + half

    records = []
    for (algorithm, retrain), group in frame.groupby(["algorithm", "retrain"], sort=False):
        j_low, j_high = interval(group["jaccard"])
        records.append(
            {
                "algorithm": algorithm,
                "retrain": retrain,
                "jaccard": group["jaccard"].mean(),
                "jaccard_low": j_low,
                "jaccard_high": j_high,
                "rbo": group["rbo"].mean(),
                "replicates": len(group),
            }
        )
    return pd.DataFrame(records)
