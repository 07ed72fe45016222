"""The offline popularity feedback loop of Mansoury, Abdollahpouri, Pechenizkiy, Mobasher & Burke (2020, CIKM,
"Feedback loop and bias amplification in recommender systems") on a ratings frame, with the measures it tracks:
Gini of item interactions, average recommendation popularity on current and original counts, and per user group
the popularity and the miscalibration of the lists (see :func:`popularity_feedback_loop`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validation import (
    check_array,
    check_choice,
    check_count,
    check_nonnegative_finite,
    check_open_unit,
    check_rng,
)
from ..recsys import (
    ALSMatrixFactorization,
    ItemKNN,
    MostPopular,
    calibration_kl,
    gini,
)
from ..recsys.data import RATING_SCALE, check_ratings

__all__ = [
    "LOOP_ALGORITHMS",
    "FeedbackLoopResult",
    "acceptance_probabilities",
    "popularity_feedback_loop",
    "popularity_groups",
    "popularity_loop_task",
    "popularity_miscalibration",
]

LOOP_ALGORITHMS = ("most_popular", "item_knn", "mf")


def acceptance_probabilities(list_length: int = 10, acceptance_decay: float = 0.1) -> np.ndarray:
    """``exp(-acceptance_decay * k)`` for ranks ``k = 1..list_length`` (rank 1 = top of the list): the chance
    that a user accepts the item at each rank in :func:`popularity_feedback_loop`."""
    list_length = check_count(list_length, "list_length")
    acceptance_decay = check_nonnegative_finite(acceptance_decay, "acceptance_decay")
    return np.exp(-acceptance_decay * np.arange(1, list_length + 1))


def popularity_groups(counts, head_share: float = 0.2, tail_share: float = 0.2) -> np.ndarray:
    """Head (0), mid (1) and tail (2) item groups by interaction counts (Abdollahpouri et al. 2019, 2020):
    the head holds the most popular items that together take ``head_share`` of the interactions, the tail
    the least popular ones that together take ``tail_share``, the mid the rest."""
    counts = check_array(counts, "counts", low=0.0)
    head_share, tail_share = (
        check_open_unit(head_share, "head_share"),
        check_open_unit(tail_share, "tail_share"),
    )
    if head_share + tail_share >= 1:
        raise ValueError("head_share + tail_share must be below 1, leaving room for the mid group")
    total = counts.sum()
    if total <= 0:
        raise ValueError("counts sum to 0: no interactions to divide into popularity groups")
    order = np.argsort(-counts, kind="stable")
    before = (
        np.concatenate([[0.0], np.cumsum(counts[order])[:-1]]) / total
    )  # share held by more popular items
    groups = np.ones(counts.size, dtype=np.int64)
    groups[order[before < head_share]] = 0
    groups[order[before >= 1 - tail_share]] = 2
    return groups


def _js_divergence(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Jensen-Shannon divergence (base 2, in [0, 1]) between the rows of two distributions."""
    m = (p + q) / 2

    def kl(a, b):
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(a > 0, a * np.log2(a / b), 0.0)
        return terms.sum(axis=1)

    return np.maximum(0.5 * kl(p, m) + 0.5 * kl(q, m), 0.0)


def popularity_miscalibration(profile_groups, list_groups, n_groups: int = 3) -> np.ndarray:
    """Popularity miscalibration of each user (Abdollahpouri, Mansoury, Burke & Mobasher 2020): the
    Jensen-Shannon divergence (base 2) between the shares of head/mid/tail items in the user's profile and in
    their recommendation list. Arguments: per-user count matrices (users x ``n_groups``) of each group."""
    p = check_array(profile_groups, "profile_groups", ndim=2, low=0.0)
    q = check_array(list_groups, "list_groups", ndim=2, low=0.0)
    if p.shape != q.shape or p.shape[1] != n_groups:
        raise ValueError(
            f"profile_groups and list_groups must both be users x {n_groups}, got {p.shape}, {q.shape}"
        )
    if (p.sum(axis=1) <= 0).any() or (q.sum(axis=1) <= 0).any():
        raise ValueError("every user needs at least one item in the profile and in the list")
    return _js_divergence(p / p.sum(axis=1, keepdims=True), q / q.sum(axis=1, keepdims=True))


@dataclass(frozen=True)
class FeedbackLoopResult:
    """The popularity feedback loop of one algorithm. Per-iteration tuples (iteration 1 first):

    * ``gini``: Gini of the item interaction counts after the iteration's accepted items joined the data
      (``gini_original``: before the loop);
    * ``arp_current`` / ``arp_original``: average recommendation popularity (ARP; Abdollahpouri et al. 2019)
      of the iteration's lists: mean over users of the mean popularity of their list's items, popularity being
      the share of users who rated the item in the data the recommender was trained on at that iteration
      (current) or in the original training data (original);
    * ``aggregate_diversity``: share of the catalogue recommended to at least one user;
    * ``n_accepted``: items accepted in the iteration;
    * ``miscalibration``: mean over users of the popularity miscalibration of their list against their
      original profile (:func:`popularity_miscalibration`; head/mid/tail groups from the original counts);
    * ``genre_miscalibration`` (when ``item_genres`` is given): mean Steck (2018) miscalibration, the KL
      divergence of the list's genre mix from the user's original profile's (``recsys.calibration_kl``);
    * ``groups``: ``{label: {"n_users", "arp_current", "arp_original", "miscalibration"[,
      "genre_miscalibration"]}}``: the same measures averaged over the users of each group.
    """

    algorithm: str
    n_iterations: int
    list_length: int
    acceptance_decay: float
    gini_original: float
    gini: tuple
    arp_current: tuple
    arp_original: tuple
    aggregate_diversity: tuple
    n_accepted: tuple
    miscalibration: tuple
    groups: dict = field(default_factory=dict)
    genre_miscalibration: tuple = ()

    def to_dict(self) -> dict:
        """Plain lists and numbers (for ``results.record``)."""
        return {
            "algorithm": self.algorithm,
            "gini_original": self.gini_original,
            "gini": list(self.gini),
            "arp_current": list(self.arp_current),
            "arp_original": list(self.arp_original),
            "aggregate_diversity": list(self.aggregate_diversity),
            "n_accepted": list(self.n_accepted),
            "miscalibration": list(self.miscalibration),
            "genre_miscalibration": list(self.genre_miscalibration),
            "groups": {
                str(k): {a: (list(b) if isinstance(b, tuple) else b) for a, b in v.items()}
                for k, v in self.groups.items()
            },
        }


def _make_model(algorithm: str, rng: np.random.Generator, model_params: dict):
    if algorithm == "most_popular":
        return MostPopular(**model_params)
    if algorithm == "item_knn":
        return ItemKNN(**model_params)
    params = {"n_factors": 20, "n_iter": 10, **model_params}
    return ALSMatrixFactorization(rng=rng, **params)


def _check_groups(user_groups, users: pd.Index) -> np.ndarray | None:
    if user_groups is None:
        return None
    if not isinstance(user_groups, pd.Series):
        raise TypeError("user_groups must be a pandas Series user_id -> group label (e.g. users['gender'])")
    if not user_groups.index.is_unique:
        raise ValueError("user_groups has repeated user ids; give each user one label")
    labels = user_groups.reindex(users)
    if labels.isna().any():
        missing = list(users[labels.isna().to_numpy()][:5])
        raise ValueError(f"user_groups has no label for users {missing}; label every user of train")
    return labels.to_numpy()


def _genre_shares(item_genres, items: pd.Index) -> np.ndarray:
    """p(g|i) for the catalogue's items: each item's genres share its unit of mass (Steck 2018)."""
    if not isinstance(item_genres, pd.DataFrame):
        raise TypeError("item_genres must be a DataFrame indexed by item id with one column per genre")
    if not item_genres.index.is_unique or item_genres.shape[1] == 0:
        raise ValueError("item_genres needs unique item ids as index and at least one genre column")
    aligned = item_genres.reindex(items)
    if aligned.isna().any(axis=1).any():
        missing = list(items[aligned.isna().any(axis=1).to_numpy()][:5])
        raise ValueError(
            f"item_genres has no genres for items {missing}; give every item of train its genres"
        )
    values = check_array(aligned.to_numpy(dtype=float), "item_genres", ndim=2, low=0.0)
    totals = values.sum(axis=1, keepdims=True)
    if (totals <= 0).any():
        raise ValueError(f"items {list(items[totals[:, 0] <= 0][:5])} have no genre; give every item one")
    return values / totals


def popularity_feedback_loop(
    train,
    algorithm: str,
    n_iterations: int = 10,
    list_length: int = 10,
    acceptance_decay: float = 0.1,
    rng=None,
    user_groups=None,
    *,
    model_params: dict | None = None,
    item_genres=None,
) -> FeedbackLoopResult:
    """The offline feedback loop of Mansoury et al. (2020) on ``train`` (``user_id, item_id, rating``).

    Each iteration: fit ``algorithm`` (``"most_popular"``: :class:`~helpers.recsys.MostPopular`;
    ``"item_knn"``: :class:`~helpers.recsys.ItemKNN`; ``"mf"``: :class:`~helpers.recsys.ALSMatrixFactorization`
    with 20 factors and 10 sweeps; ``model_params`` overrides their arguments) on the data so far; recommend to
    every user the top ``list_length`` items they have not rated (fewer when the model can score fewer); each
    user accepts the item at rank ``k`` (``k = 1`` at the top) independently with probability
    ``exp(-acceptance_decay * k)``; accepted items join the data with the model's predicted rating rounded to
    the nearest star (1-5). The catalogue is the items of ``train``.

    ``user_groups`` (optional): a Series user id -> label (ML-100K: ``datasets.load_movielens_users()
    ["gender"]``) for the per-group measures; ``item_genres`` (optional): a frame item id -> genre columns
    (``datasets.load_movielens_items()[datasets.GENRES]``) for the genre miscalibration. ``rng`` (a Generator or
    int seed) draws the acceptances and the MF starts. See :class:`FeedbackLoopResult` for what is measured.
    """
    check_ratings(train, "train", scale=RATING_SCALE)
    algorithm = check_choice(algorithm, "algorithm", LOOP_ALGORITHMS)
    n_iterations = check_count(n_iterations, "n_iterations")
    accept = acceptance_probabilities(list_length, acceptance_decay)
    list_length, acceptance_decay = accept.size, float(acceptance_decay)
    rng = check_rng(rng)
    if model_params is not None and not isinstance(model_params, dict):
        raise TypeError(f"model_params must be a dict of model arguments, got {type(model_params).__name__}")
    model_params = dict(model_params or {})
    if train.duplicated(["user_id", "item_id"]).any():
        raise ValueError("train has a user rating the same item twice; deduplicate it first")
    data = train[["user_id", "item_id", "rating"]].reset_index(drop=True)
    users = pd.Index(np.unique(data["user_id"]))
    items = pd.Index(np.unique(data["item_id"]))
    if len(items) <= list_length:
        raise ValueError(f"train has {len(items)} items; list_length={list_length} needs more")
    labels = _check_groups(user_groups, users)
    n_users, n_items = len(users), len(items)
    u0, i0 = users.get_indexer(data["user_id"]), items.get_indexer(data["item_id"])
    counts = np.bincount(i0, minlength=n_items).astype(float)
    original = counts / n_users
    pop_group = popularity_groups(counts)
    profile = np.zeros((n_users, 3))
    np.add.at(profile, (u0, pop_group[i0]), 1.0)
    gini_original = gini(counts)
    genre_profile = None
    if item_genres is not None:
        genre_item = _genre_shares(item_genres, items)
        genre_profile = np.zeros((n_users, genre_item.shape[1]))
        np.add.at(genre_profile, u0, genre_item[i0])
        genre_profile /= genre_profile.sum(axis=1, keepdims=True)
    rows = np.arange(n_users)[:, None]
    names = ("gini", "arp_current", "arp_original", "aggregate_diversity", "n_accepted", "miscalibration")
    series = {k: [] for k in (*names, "genre_miscalibration")}
    per_group = {
        label: {
            "n_users": int((labels == label).sum()),
            "arp_current": [],
            "arp_original": [],
            "miscalibration": [],
            **({"genre_miscalibration": []} if item_genres is not None else {}),
        }
        for label in (pd.unique(labels) if labels is not None else [])
    }
    for _ in range(n_iterations):
        model_rng, accept_rng = rng.spawn(2)
        model = _make_model(algorithm, model_rng, model_params).fit(data)
        if not (model.index_.users.equals(users) and model.index_.items.equals(items)):  # pragma: no cover
            raise RuntimeError("the model's id index changed during the loop")
        scores = model.score_matrix(users.to_numpy())
        scores[np.isnan(scores)] = -np.inf
        scores[model.seen_.toarray()] = -np.inf
        top = np.argsort(-scores, axis=1, kind="stable")[:, :list_length]
        valid = np.isfinite(scores[rows, top])
        if not valid.any(axis=1).all():
            raise ValueError(f"the {algorithm} model can recommend nothing to some users; check the data")
        current = counts / n_users
        n_valid = valid.sum(axis=1)
        arp_cur_u = np.where(valid, current[top], 0.0).sum(axis=1) / n_valid
        arp_orig_u = np.where(valid, original[top], 0.0).sum(axis=1) / n_valid
        series["arp_current"].append(float(arp_cur_u.mean()))
        series["arp_original"].append(float(arp_orig_u.mean()))
        series["aggregate_diversity"].append(float(np.unique(top[valid]).size / n_items))
        list_groups = np.zeros((n_users, 3))
        np.add.at(list_groups, (np.broadcast_to(rows, top.shape)[valid], pop_group[top[valid]]), 1.0)
        per_user = {"arp_current": arp_cur_u, "arp_original": arp_orig_u}
        per_user["miscalibration"] = popularity_miscalibration(profile, list_groups)
        if genre_profile is not None:
            mix = (genre_item[top] * valid[..., None]).sum(axis=1) / n_valid[:, None]
            per_user["genre_miscalibration"] = calibration_kl(genre_profile, mix)
        for name in ("miscalibration", "genre_miscalibration"):
            if name in per_user:
                series[name].append(float(per_user[name].mean()))
        for label, store in per_group.items():
            member = labels == label
            for name, values in per_user.items():
                store[name].append(float(values[member].mean()))
        taken = valid & (accept_rng.random(top.shape) < accept)
        who, what = np.broadcast_to(rows, top.shape)[taken], top[taken]
        new = pd.DataFrame({"user_id": users.to_numpy()[who], "item_id": items.to_numpy()[what]})
        if len(new):
            stars = np.clip(np.round(model.predict(new)), *RATING_SCALE)
            data = pd.concat([data, new.assign(rating=stars)], ignore_index=True)
            np.add.at(counts, what, 1.0)
        series["n_accepted"].append(int(taken.sum()))
        series["gini"].append(gini(counts))
    groups = {
        label: {k: (tuple(v) if isinstance(v, list) else v) for k, v in store.items()}
        for label, store in per_group.items()
    }
    return FeedbackLoopResult(
        algorithm=algorithm,
        n_iterations=n_iterations,
        list_length=list_length,
        acceptance_decay=acceptance_decay,
        gini_original=gini_original,
        gini=tuple(series["gini"]),
        arp_current=tuple(series["arp_current"]),
        arp_original=tuple(series["arp_original"]),
        aggregate_diversity=tuple(series["aggregate_diversity"]),
        n_accepted=tuple(series["n_accepted"]),
        miscalibration=tuple(series["miscalibration"]),
        groups=groups,
        genre_miscalibration=tuple(series["genre_miscalibration"]),
    )


def popularity_loop_task(*, rng, algorithm: str, train, user_groups=None, **options) -> FeedbackLoopResult:
    """:func:`popularity_feedback_loop` as a task for ``sweep.run_tasks``: a grid over ``algorithm`` (and any
    of its options, e.g. ``acceptance_decay``); ``train`` and ``user_groups`` through ``shared``."""
    return popularity_feedback_loop(train, algorithm, rng=rng, user_groups=user_groups, **options)
