"""Explanations and user control on a real recommender: "because you rated X" for the item-based model of
``helpers.recsys.item_knn`` on MovieLens 100K, the fidelity and coverage of those explanations, and user
control (withdraw ratings, exclude genres).

The explanation of a recommendation cites the rated item with the largest contribution ``s_ji (r_ui - mean_u)``
to its score (see :class:`helpers.recsys.ItemKNN` for the model); a recommendation is *explainable* when that
contribution is positive and the user rated the cited item at least ``liked`` stars. Everything is vectorized
with numpy / scipy.sparse; loops run over users in chunks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._validation import check_choice, check_columns, check_count, check_number
from .recsys.item_knn import ItemKNN, fit_item_knn

__all__ = [
    "ControlEffect",
    "ExplanationQuality",
    "ItemKNN",
    "control_effect",
    "explain",
    "explanation_quality",
    "fit_item_knn",
    "rated_items",
    "recommend",
]


def _model(model) -> ItemKNN:
    if not isinstance(model, ItemKNN):
        raise TypeError(
            f"model must be an ItemKNN fitted with fit_item_knn(ratings), got {type(model).__name__}"
        )
    model._fitted()
    return model


def _ids(values, name: str) -> list:
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a collection (list, tuple, ...), got the string {values!r}")
    return list(values)


def _items_table(items, genres=()) -> pd.DataFrame:
    check_columns(items, ["title", *genres], "items")
    return items


def recommend(
    model: ItemKNN,
    user_id,
    n: int = 10,
    removed_items: Iterable = (),
    excluded_genres: Iterable[str] = (),
    items: pd.DataFrame | None = None,
    exclude_items: Iterable = (),
    liked: float = 4,
) -> pd.DataFrame:
    """Top-``n`` recommendations for ``user_id`` with their explanation.

    User control: ``removed_items`` are ratings the user withdrew (the model forgets them, but they are
    still not recommended: the user has seen them); ``excluded_genres`` drops every movie of those genres
    (needs ``items`` from ``datasets.load_movielens_items()``, which also adds titles). The similarity model is
    not re-fitted: one user's ratings barely move item-item similarities. A recommendation is ``explained``
    when its cited item pushes the prediction up and the user rated it at least ``liked`` stars.
    """
    model = _model(model)
    n = check_count(n, "n", maximum=model.index_.n_items)
    liked = check_number(liked, "liked")
    removed_items, exclude_items = _ids(removed_items, "removed_items"), _ids(exclude_items, "exclude_items")
    genres = _ids(excluded_genres, "excluded_genres")
    if items is not None:
        _items_table(items)
    u = model.user_index(user_id)
    removed = model.item_index(removed_items) if removed_items else np.array([], dtype=int)
    rated_before = model.ratings.getrow(u).indices
    not_rated = np.setdiff1d(removed, rated_before)
    if not_rated.size:
        raise ValueError(
            f"user {user_id} did not rate items {model.item_ids[not_rated].tolist()}: nothing to remove"
        )
    stars, mask, mean = model.profile(u, removed)
    pred, centred, support = model.profile_scores(stars, mask, mean)
    pred[removed] = -np.inf
    if exclude_items:
        pred[model.item_index(exclude_items)] = -np.inf
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
    table = pd.DataFrame(
        {
            "rank": np.arange(1, top.size + 1),
            "item_id": model.item_ids[top],
            "predicted_rating": pred[top],
            "support": support[top].astype(int),
            "because_item_id": model.item_ids[cited],
            "because_rating": stars[cited].astype(int),
            "explained": (best > 0) & (stars[cited] >= liked),
        }
    )
    if items is not None:
        titles = items["title"].reindex(model.item_ids)
        table.insert(2, "title", titles.iloc[top].to_numpy())
        table.insert(
            table.columns.get_loc("because_item_id") + 1, "because_title", titles.iloc[cited].to_numpy()
        )
    return table


def explain(
    model: ItemKNN, user_id, item_id, items: pd.DataFrame | None = None, top: int = 3
) -> pd.DataFrame:
    """Why ``item_id`` scores as it does for ``user_id``: the ``top`` rated items that push its prediction
    most, with their share of the prediction's deviation from the user's mean."""
    model = _model(model)
    top = check_count(top, "top")
    if items is not None:
        _items_table(items)
    u = model.user_index(user_id)
    if isinstance(item_id, (list, tuple, np.ndarray, pd.Series)):
        raise TypeError("explain takes one item id")
    j = int(model.item_index(item_id)[0])
    stars, mask, mean = model.profile(u)
    centred = np.where(mask, stars - mean, 0.0)
    weights = model.similarity[j] * mask
    if weights.sum() == 0:
        raise ValueError(f"item {item_id} has no rated neighbours for user {user_id}: it cannot be explained")
    contrib = model.similarity[j] * centred / (weights.sum() + model.damping)
    order = np.argsort(-contrib, kind="stable")[:top]
    order = order[weights[order] > 0]
    table = pd.DataFrame(
        {
            "item_id": model.item_ids[order],
            "rating": stars[order].astype(int),
            "similarity": model.similarity[j, order],
            "contribution": contrib[order],
        }
    )
    if items is not None:
        table.insert(1, "title", items["title"].reindex(model.item_ids[order]).to_numpy())
    return table


# ----------------------------------------------------------------------------------------------- user control
def rated_items(model: ItemKNN, user_id, limit: int = 40, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """The user's rated items, highest rating first (ties in item order), at most ``limit`` of them: the
    ratings a control panel offers to withdraw. Columns ``item_id, rating`` (and ``title`` with ``items``)."""
    model = _model(model)
    limit = check_count(limit, "limit")
    u = model.user_index(user_id)
    row = model.ratings.getrow(u)
    order = row.indices[(-row.data).argsort(kind="stable")][:limit]
    table = pd.DataFrame({"item_id": model.item_ids[order], "rating": model.ratings[u, order].toarray()[0]})
    if items is not None:
        table.insert(1, "title", _items_table(items)["title"].reindex(table["item_id"]).to_numpy())
    return table


@dataclass(frozen=True, eq=False)
class ControlEffect:
    """What a user's controls change in their list: both tables, the titles that entered and left the list,
    and how many of the recommendations kept in the list now cite another item."""

    before: pd.DataFrame = field(repr=False)
    after: pd.DataFrame = field(repr=False)
    entered: list
    left: list
    explanations_changed: int
    removed_items: list
    excluded_genres: list

    def as_dict(self) -> dict:
        return {
            "before": self.before,
            "after": self.after,
            "entered": self.entered,
            "left": self.left,
            "explanations_changed": self.explanations_changed,
            "removed_items": self.removed_items,
            "excluded_genres": self.excluded_genres,
        }


def control_effect(
    model: ItemKNN,
    items: pd.DataFrame,
    user_id,
    removed_items: Iterable = (),
    excluded_genres: Iterable[str] = (),
    n: int = 8,
) -> ControlEffect:
    """Recommendations of ``user_id`` before and after withdrawing ``removed_items`` and excluding
    ``excluded_genres`` (titles from ``items``, ``datasets.load_movielens_items()``)."""
    removed_items, excluded_genres = (
        _ids(removed_items, "removed_items"),
        _ids(excluded_genres, "excluded_genres"),
    )
    _items_table(items)
    before = recommend(model, user_id, n=n, items=items)
    after = recommend(
        model, user_id, n=n, items=items, removed_items=removed_items, excluded_genres=excluded_genres
    )
    entered = [t for t in after["title"] if t not in set(before["title"])]
    left = [t for t in before["title"] if t not in set(after["title"])]
    common = before.merge(after, on="item_id", suffixes=("_before", "_after"))
    changed = int((common["because_item_id_before"] != common["because_item_id_after"]).sum())
    return ControlEffect(before, after, entered, left, changed, removed_items, excluded_genres)


# ----------------------------------------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class ExplanationQuality:
    coverage: float  # share of recommendations with an explanation (a liked, similar, rated item)
    fidelity: float  # share of explained recommendations that leave the top-n without the cited rating
    score_drop_share: float  # share of explained recommendations whose predicted rating falls without it
    n_users: int
    n_recommendations: int


def explanation_quality(
    model: ItemKNN,
    n: int = 10,
    users: Iterable | None = None,
    chunk: int = 100,
    recommender: str = "item_knn",
    liked: float = 4,
) -> ExplanationQuality:
    """Coverage and counterfactual fidelity of "because you rated X" explanations over ``users`` (default all).

    Coverage: share of top-``n`` recommendations for which some rated item among the recommendation's
    neighbours, rated at least ``liked`` stars, pushes its prediction up. Fidelity: remove that cited rating
    (re-centring the user's profile on the new mean) — does the recommendation leave the top ``n``?
    ``recommender="popularity"`` recommends the most-rated unseen movies instead and explains them post hoc
    with the same rule: its lists never depend on the cited rating, so its fidelity is 0 by construction.
    """
    model = _model(model)
    n = check_count(n, "n", maximum=model.index_.n_items)
    chunk = check_count(chunk, "chunk")
    recommender = check_choice(recommender, "recommender", ("item_knn", "popularity"))
    liked = check_number(liked, "liked")
    if users is not None:
        users = _ids(users, "users")
    popularity = np.diff(model.ratings.tocsc().indptr).astype(float)
    rows = np.arange(model.user_ids.size) if users is None else model.index_.user_positions(users)
    sim, pos = model.similarity, (model.similarity > 0).astype(float)
    explained_all, left_all, dropped_all = [], [], []
    for start in range(0, rows.size, chunk):  # chunks of users; everything inside is array arithmetic
        idx = rows[start : start + chunk]
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
        top = np.argsort(-pred, axis=1, kind="stable")[:, :n]  # (U, n)
        top_ok = np.isfinite(np.take_along_axis(pred, top, axis=1))
        contrib = sim[top] * centred[:, None, :]  # (U, n, items)
        cited = contrib.argmax(axis=2)
        explained = (
            (np.take_along_axis(contrib, cited[..., None], axis=2)[..., 0] > 0)
            & top_ok
            & (np.take_along_axis(stars, cited, axis=1) >= liked)
        )
        # counterfactual: remove the cited rating i from user u's profile
        u_rep = np.repeat(np.arange(idx.size), n)
        i, j = cited.ravel(), top.ravel()
        r_i = stars[u_rep, i]
        new_mean = (stars[u_rep].sum(axis=1) - r_i) / (count[u_rep] - 1)
        s_col = sim[:, i].T  # (U*n, items): s_{., i}
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
        n_users=int(rows.size),
        n_recommendations=int(explained_flat.size),
    )
