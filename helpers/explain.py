"""An item-based recommender on MovieLens 100K that explains every suggestion ("because you rated X"), the
fidelity and coverage of those explanations, and user control (remove ratings, exclude genres).

Model (Sarwar et al. 2001): adjusted-cosine similarity between items on user-mean-centred ratings, shrunk
towards 0 when few users rated both items (``n / (n + shrinkage)``), keeping each item's ``k`` most similar
items with positive similarity. A user's predicted rating of an unrated item ``j`` is

    pred(u, j) = mean_u + sum_i s_ji (r_ui - mean_u) / (damping + sum_i s_ji)   (i: rated neighbours of j)

The ``damping`` term shrinks predictions resting on little total similarity towards the user's mean, which
keeps obscure movies with three weak neighbours from topping every list. An item is scored only when at least ``min_support`` of its neighbours were rated by the user. The
explanation of a recommendation cites the rated item with the largest contribution ``s_ji (r_ui - mean_u)``;
a recommendation is *explainable* when that contribution is positive (the user liked the cited item more
than their average). Everything is vectorized with numpy / scipy.sparse; loops run over users in chunks.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse


@dataclass(frozen=True)
class ItemKNN:
    user_ids: np.ndarray           # raw user ids; row i of ``ratings`` is user_ids[i]
    item_ids: np.ndarray           # raw item ids; column j of ``ratings`` is item_ids[j]
    ratings: sparse.csr_matrix     # users x items, stars (0 = not rated)
    similarity: np.ndarray         # items x items; row j holds the k neighbours of item j (s_ji >= 0)
    k: int
    shrinkage: float
    min_support: int
    damping: float

    def user_index(self, user_id) -> int:
        pos = np.searchsorted(self.user_ids, user_id)
        if pos >= self.user_ids.size or self.user_ids[pos] != user_id:
            raise ValueError(f"user {user_id!r} is not in the ratings data: nothing to recommend or explain")
        return int(pos)

    def item_index(self, item_ids) -> np.ndarray:
        item_ids = np.atleast_1d(np.asarray(item_ids))
        pos = np.clip(np.searchsorted(self.item_ids, item_ids), 0, self.item_ids.size - 1)
        unknown = item_ids[self.item_ids[pos] != item_ids]
        if unknown.size:
            raise ValueError(f"items {unknown.tolist()} are not in the ratings data")
        return pos


def fit_item_knn(ratings: pd.DataFrame, k: int = 30, shrinkage: float = 25.0, min_support: int = 3,
                 damping: float = 1.0) -> ItemKNN:
    """Fit the item-based model on a ratings frame with ``user_id, item_id, rating``."""
    for column in ("user_id", "item_id", "rating"):
        if column not in ratings.columns:
            raise ValueError(f"ratings need a {column!r} column")
    if len(ratings) == 0:
        raise ValueError("ratings are empty")
    if k < 1 or shrinkage < 0 or min_support < 1 or damping < 0:
        raise ValueError("need k >= 1, shrinkage >= 0, min_support >= 1 and damping >= 0")
    if ratings.duplicated(["user_id", "item_id"]).any():
        raise ValueError("a user rated the same item twice: deduplicate the ratings first")
    user_ids, rows = np.unique(ratings["user_id"].to_numpy(), return_inverse=True)
    item_ids, cols = np.unique(ratings["item_id"].to_numpy(), return_inverse=True)
    stars = ratings["rating"].to_numpy(dtype=float)
    if np.any(stars <= 0):
        raise ValueError("ratings must be positive (0 is reserved for 'not rated')")
    shape = (user_ids.size, item_ids.size)
    r = sparse.csr_matrix((stars, (rows, cols)), shape=shape)
    counts = np.bincount(rows, minlength=shape[0])
    means = np.bincount(rows, weights=stars, minlength=shape[0]) / counts
    centred = sparse.csr_matrix((stars - means[rows], (rows, cols)), shape=shape)
    rated = sparse.csr_matrix((np.ones_like(stars), (rows, cols)), shape=shape)
    dot = (centred.T @ centred).toarray()
    norms = np.sqrt(np.diag(dot))
    with np.errstate(divide="ignore", invalid="ignore"):
        sim = dot / np.outer(norms, norms)
    sim = np.nan_to_num(sim, nan=0.0, posinf=0.0, neginf=0.0)
    common = (rated.T @ rated).toarray()
    sim *= common / (common + shrinkage) if shrinkage > 0 else 1.0
    np.fill_diagonal(sim, 0.0)
    sim[sim < 0] = 0.0
    if k < sim.shape[1]:  # keep the k largest similarities of each row (target item)
        cut = np.partition(sim, -k, axis=1)[:, -k][:, None]
        keep = sim >= np.maximum(cut, 1e-12)
        sim = np.where(keep, sim, 0.0)
    return ItemKNN(user_ids, item_ids, r, sim, int(k), float(shrinkage), int(min_support), float(damping))


# ----------------------------------------------------------------------------------------------- scoring
def _profile(model: ItemKNN, u: int, removed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, float]:
    """Dense ratings and rated mask of user row ``u``, minus ``removed`` item columns; and the user mean."""
    row = model.ratings.getrow(u)
    stars = np.zeros(model.item_ids.size)
    stars[row.indices] = row.data
    if removed is not None and removed.size:
        stars[removed] = 0.0
    mask = stars > 0
    if not mask.any():
        raise ValueError("the user has no ratings left: nothing to base recommendations on")
    return stars, mask, float(stars[mask].mean())


def _scores(model: ItemKNN, stars: np.ndarray, mask: np.ndarray, mean: float):
    centred = np.where(mask, stars - mean, 0.0)
    weights = mask.astype(float)
    num = model.similarity @ centred
    den = model.similarity @ weights
    support = (model.similarity > 0).astype(float) @ weights
    with np.errstate(divide="ignore", invalid="ignore"):
        pred = mean + num / (den + model.damping)
    pred[(support < model.min_support) | mask] = -np.inf
    return pred, centred, support


def recommend(model: ItemKNN, user_id, n: int = 10, removed_items: Iterable = (), excluded_genres: Iterable[str] = (),
              items: pd.DataFrame | None = None, exclude_items: Iterable = (), liked: float = 4) -> pd.DataFrame:
    """Top-``n`` recommendations for ``user_id`` with their explanation.

    User control: ``removed_items`` are ratings the user withdrew (the model forgets them, but they are
    still not recommended: the user has seen them); ``excluded_genres`` drops every movie of those genres
    (needs ``items`` from ``datasets.load_movielens_items()``, which also adds titles). The similarity model is
    not re-fitted: one user's ratings barely move item-item similarities. A recommendation is ``explained``
    when its cited item pushes the prediction up and the user rated it at least ``liked`` stars.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    removed_items, exclude_items = list(removed_items), list(exclude_items)
    u = model.user_index(user_id)
    removed = model.item_index(removed_items) if removed_items else np.array([], dtype=int)
    rated_before = model.ratings.getrow(u).indices
    not_rated = np.setdiff1d(removed, rated_before)
    if not_rated.size:
        raise ValueError(f"user {user_id} did not rate items {model.item_ids[not_rated].tolist()}: nothing to remove")
    stars, mask, mean = _profile(model, u, removed)
    pred, centred, support = _scores(model, stars, mask, mean)
    pred[removed] = -np.inf
    if exclude_items:
        pred[model.item_index(exclude_items)] = -np.inf
    genres = list(excluded_genres)
    if genres:
        if items is None:
            raise ValueError("excluding genres needs the items table (datasets.load_movielens_items())")
        unknown = [g for g in genres if g not in items.columns]
        if unknown:
            raise ValueError(f"unknown genres {unknown}")
        flagged = items.reindex(model.item_ids)[genres].fillna(False).to_numpy(bool).any(axis=1)
        pred[flagged] = -np.inf
    finite = np.flatnonzero(np.isfinite(pred))
    top = finite[np.argsort(-pred[finite], kind="stable")[:n]]
    contrib = model.similarity[top] * centred  # (n, items)
    cited = contrib.argmax(axis=1)
    best = contrib[np.arange(top.size), cited]
    table = pd.DataFrame({
        "rank": np.arange(1, top.size + 1),
        "item_id": model.item_ids[top],
        "predicted_rating": pred[top],
        "support": support[top].astype(int),
        "because_item_id": model.item_ids[cited],
        "because_rating": stars[cited].astype(int),
        "explained": (best > 0) & (stars[cited] >= liked),
    })
    if items is not None:
        titles = items["title"].reindex(model.item_ids)
        table.insert(2, "title", titles.iloc[top].to_numpy())
        table.insert(table.columns.get_loc("because_item_id") + 1, "because_title", titles.iloc[cited].to_numpy())
    return table


def explain(model: ItemKNN, user_id, item_id, items: pd.DataFrame | None = None, top: int = 3) -> pd.DataFrame:
    """Why ``item_id`` scores as it does for ``user_id``: the ``top`` rated items that push its prediction
    most, with their share of the prediction's deviation from the user's mean."""
    u = model.user_index(user_id)
    j = int(model.item_index(item_id)[0])
    stars, mask, mean = _profile(model, u)
    centred = np.where(mask, stars - mean, 0.0)
    weights = model.similarity[j] * mask
    if weights.sum() == 0:
        raise ValueError(f"item {item_id} has no rated neighbours for user {user_id}: it cannot be explained")
    contrib = model.similarity[j] * centred / (weights.sum() + model.damping)
    order = np.argsort(-contrib, kind="stable")[:top]
    order = order[weights[order] > 0]
    table = pd.DataFrame({"item_id": model.item_ids[order], "rating": stars[order].astype(int),
                          "similarity": model.similarity[j, order], "contribution": contrib[order]})
    if items is not None:
        table.insert(1, "title", items["title"].reindex(model.item_ids[order]).to_numpy())
    return table


# ----------------------------------------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class ExplanationQuality:
    coverage: float          # share of recommendations with an explanation (a liked, similar, rated item)
    fidelity: float          # share of explained recommendations that leave the top-n without the cited rating
    score_drop_share: float  # share of explained recommendations whose predicted rating falls without it
    n_users: int
    n_recommendations: int


def explanation_quality(model: ItemKNN, n: int = 10, users: Iterable | None = None, chunk: int = 100,
                        recommender: str = "item_knn", liked: float = 4) -> ExplanationQuality:
    """Coverage and counterfactual fidelity of "because you rated X" explanations over ``users`` (default all).

    Coverage: share of top-``n`` recommendations for which some rated item among the recommendation's
    neighbours, rated at least ``liked`` stars, pushes its prediction up. Fidelity: remove that cited rating
    (re-centring the user's profile on the new mean) — does the recommendation leave the top ``n``?
    ``recommender="popularity"`` recommends the most-rated unseen movies instead and explains them post hoc
    with the same rule: its lists never depend on the cited rating, so its fidelity is 0 by construction.
    """
    if n < 1 or chunk < 1:
        raise ValueError("n and chunk must be at least 1")
    if recommender not in ("item_knn", "popularity"):
        raise ValueError("recommender must be 'item_knn' or 'popularity'")
    popularity = np.diff(model.ratings.tocsc().indptr).astype(float)
    rows = np.arange(model.user_ids.size) if users is None else np.array([model.user_index(x) for x in users])
    if rows.size == 0:
        raise ValueError("no users to evaluate")
    sim, pos = model.similarity, (model.similarity > 0).astype(float)
    explained_all, left_all, dropped_all = [], [], []
    for start in range(0, rows.size, chunk):  # chunks of users; everything inside is array arithmetic
        idx = rows[start:start + chunk]
        stars = model.ratings[idx].toarray()
        mask = stars > 0
        maskf = mask.astype(float)
        count = mask.sum(axis=1)
        mean = stars.sum(axis=1) / count
        centred = np.where(mask, stars - mean[:, None], 0.0)
        num, den, sup = centred @ sim.T, maskf @ sim.T, maskf @ pos.T
        with np.errstate(divide="ignore", invalid="ignore"):
            pred = mean[:, None] + num / (den + model.damping)
        pred[(sup < model.min_support) | mask] = -np.inf
        if recommender == "popularity":
            pred = np.where(mask, -np.inf, popularity[None, :] + 0.0)
        top = np.argsort(-pred, axis=1, kind="stable")[:, :n]                  # (U, n)
        top_ok = np.isfinite(np.take_along_axis(pred, top, axis=1))
        contrib = sim[top] * centred[:, None, :]                              # (U, n, items)
        cited = contrib.argmax(axis=2)
        explained = ((np.take_along_axis(contrib, cited[..., None], axis=2)[..., 0] > 0) & top_ok
                     & (np.take_along_axis(stars, cited, axis=1) >= liked))
        # counterfactual: remove the cited rating i from user u's profile
        u_rep = np.repeat(np.arange(idx.size), n)
        i, j = cited.ravel(), top.ravel()
        r_i = stars[u_rep, i]
        new_mean = (stars[u_rep].sum(axis=1) - r_i) / (count[u_rep] - 1)
        s_col = sim[:, i].T                                                     # (U*n, items): s_{., i}
        old_c = centred[u_rep, i]
        new_den = den[u_rep] - s_col
        new_num = num[u_rep] - s_col * old_c[:, None] + (mean[u_rep] - new_mean)[:, None] * new_den
        new_sup = sup[u_rep] - pos[:, i].T
        with np.errstate(divide="ignore", invalid="ignore"):
            new_pred = new_mean[:, None] + new_num / (new_den + model.damping)
        new_pred[(new_sup < model.min_support) | mask[u_rep]] = -np.inf
        if recommender == "popularity":  # the list ignores the user's ratings beyond excluding seen items
            new_pred = pred[u_rep]
        target = new_pred[np.arange(j.size), j]
        rank = (new_pred > target[:, None]).sum(axis=1)
        left = ~np.isfinite(target) | (rank >= n)
        dropped = target < pred[u_rep, j]
        keep = explained.ravel()
        explained_all.append(explained.ravel()[top_ok.ravel()])
        left_all.append(left[keep])
        dropped_all.append(dropped[keep])
    explained_flat = np.concatenate(explained_all)
    left_flat, dropped_flat = np.concatenate(left_all), np.concatenate(dropped_all)
    return ExplanationQuality(
        coverage=float(explained_flat.mean()),
        fidelity=float(left_flat.mean()) if left_flat.size else float("nan"),
        score_drop_share=float(dropped_flat.mean()) if dropped_flat.size else float("nan"),
        n_users=int(rows.size), n_recommendations=int(explained_flat.size))
