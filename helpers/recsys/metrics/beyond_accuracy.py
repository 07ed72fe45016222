"""Beyond accuracy: calibration (Steck 2018), intra-list diversity, novelty (Castells, Vargas et al.),
catalogue coverage and the Gini coefficient of item exposure.

Lists are one list of item ids (1-D) or one list per row (2-D); item attributes come as a frame indexed by
item id (for MovieLens, ``datasets.load_movielens_items()[datasets.GENRES]``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from ..._validation import check_array, check_frame, check_open_unit
from ._lists import as_lists, as_result

__all__ = [
    "calibration_kl",
    "catalogue_coverage",
    "exposure_gini",
    "genre_distribution",
    "gini",
    "intra_list_diversity",
    "item_popularity",
    "novelty",
    "profile_genre_distribution",
]


def _attributes(item_attributes, name: str = "item_genres") -> pd.DataFrame:
    if not isinstance(item_attributes, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame indexed by item id with one column per attribute")
    check_frame(item_attributes, [], name)
    if item_attributes.shape[1] == 0:
        raise ValueError(f"{name} has no attribute columns")
    if not item_attributes.index.is_unique:
        raise ValueError(f"{name} lists an item twice in its index")
    values = check_array(item_attributes.to_numpy(dtype=float), name, ndim=2, low=0.0)
    return pd.DataFrame(values, index=item_attributes.index, columns=item_attributes.columns)


def _rows_of(frame: pd.DataFrame, items: np.ndarray, name: str) -> np.ndarray:
    positions = frame.index.get_indexer(items.ravel())
    if (positions < 0).any():
        unknown = pd.unique(items.ravel()[positions < 0])[:5]
        raise ValueError(f"items {list(unknown)} are not in {name}: give attributes for every listed item")
    return positions.reshape(items.shape)


def _item_distributions(item_genres: pd.DataFrame) -> np.ndarray:
    """p(g|i): each item's genres share its unit of mass equally (Steck 2018, section 2)."""
    values = item_genres.to_numpy()
    totals = values.sum(axis=1, keepdims=True)
    if (totals <= 0).any():
        missing = list(item_genres.index[totals[:, 0] <= 0][:5])
        raise ValueError(f"items {missing} have no genre, so p(g|i) is undefined; give every item a genre")
    return values / totals


def genre_distribution(lists, item_genres):
    """q(g|list) = mean over the list's items of p(g|i): the genre mix a list shows (Steck 2018, eq. 2 with
    equal weights). Returns one distribution (1-D) or one per list (rows)."""
    lists, single = as_lists(lists, "lists")
    genres = _attributes(item_genres)
    p_item = _item_distributions(genres)
    q = p_item[_rows_of(genres, lists, "item_genres")].mean(axis=1)
    return q[0] if single else q


def profile_genre_distribution(ratings, item_genres, users) -> np.ndarray:
    """p(g|u) = mean of p(g|i) over the items user ``u`` rated (Steck 2018, eq. 1 with equal weights), one row
    per user of ``users``, in that order."""
    from ..data import check_ratings

    check_ratings(ratings)
    genres = _attributes(item_genres)
    p_item = _item_distributions(genres)
    users = pd.Index(np.atleast_1d(np.asarray(users)))
    if users.empty:
        raise ValueError("users is empty: pass the users whose profiles you want")
    row = users.get_indexer(ratings["user_id"])
    rated = ratings[row >= 0]
    missing = users.difference(pd.Index(rated["user_id"].unique()))
    if len(missing):
        raise ValueError(f"users {list(missing[:5])} have no ratings, so their profile is undefined")
    col = _rows_of(genres, rated["item_id"].to_numpy(), "item_genres")
    history = sparse.csr_matrix((np.ones(len(rated)), (row[row >= 0], col)), shape=(len(users), len(genres)))
    counts = np.asarray(history.sum(axis=1))
    return np.asarray(history @ p_item) / counts


def calibration_kl(p, q, alpha: float = 0.01):
    """Miscalibration of a list (Steck 2018, eq. 4): the KL divergence of the list's genre mix ``q`` from the
    user's profile ``p``, with ``q`` smoothed towards ``p`` so the divergence stays finite:

        C_KL(p, q) = sum_g p(g|u) log( p(g|u) / q~(g|u) ),   q~ = (1 - alpha) q + alpha p,   alpha = 0.01.

    ``p`` and ``q`` are distributions (non-negative, summing to 1), one per row. The result is >= 0 and 0 when
    the list's mix equals the profile.
    """
    alpha = check_open_unit(alpha, "alpha")
    p = check_array(p, "p", ndim=None, low=0.0)
    q = check_array(q, "q", ndim=None, low=0.0)
    if p.ndim not in (1, 2) or p.shape != q.shape:
        raise ValueError(
            f"p and q must be distributions of the same shape (1-D or one per row), got {p.shape} and {q.shape}"
        )
    single = p.ndim == 1
    p, q = np.atleast_2d(p), np.atleast_2d(q)
    for name, dist in (("p", p), ("q", q)):
        if not np.allclose(dist.sum(axis=1), 1.0, atol=1e-9):
            raise ValueError(
                f"each row of {name} must sum to 1 (a distribution over genres); normalize it first"
            )
    smoothed = (1 - alpha) * q + alpha * p
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p / smoothed), 0.0)
    return as_result(np.maximum(terms.sum(axis=1), 0.0), single)


def intra_list_diversity(lists, item_features):
    """Intra-list diversity (Smyth & McClave 2001; Castells, Hurley & Vargas 2015): the mean pairwise distance
    between the items of a list, ``2 / (k (k-1)) sum_{i<j} (1 - cos(f_i, f_j))``, with cosine distance on
    the items' feature vectors (genres for MovieLens). 0 when all items look alike; lists need 2+ items."""
    lists, single = as_lists(lists, "lists")
    k = lists.shape[1]
    if k < 2:
        raise ValueError("intra-list diversity needs lists of at least two items")
    features = _attributes(item_features, "item_features")
    values = features.to_numpy()
    norms = np.linalg.norm(values, axis=1)
    rows = _rows_of(features, lists, "item_features")
    if (norms[rows] == 0).any():
        raise ValueError(
            "some listed items have an all-zero feature vector, so their cosine distance is undefined"
        )
    unit = values / np.where(norms > 0, norms, 1.0)[:, None]
    vectors = unit[rows]  # (n, k, f)
    similarity = np.einsum("nkf,nlf->nkl", vectors, vectors)
    off_diagonal = similarity.sum(axis=(1, 2)) - np.einsum("nkk->n", similarity)
    return as_result(1.0 - off_diagonal / (k * (k - 1)), single)


def item_popularity(ratings) -> pd.Series:
    """p(i): the share of users who rated each item (index: item id), the popularity behind :func:`novelty`."""
    from ..data import check_ratings

    check_ratings(ratings)
    pairs = ratings[["user_id", "item_id"]].drop_duplicates()
    return pairs.groupby("item_id").size() / pairs["user_id"].nunique()


def novelty(lists, popularity: pd.Series):
    """Mean self-information of a list's items, ``mean_i -log2 p(i)`` with ``p(i)`` the share of users who
    know item ``i`` (Vargas & Castells 2011; Zhou et al. 2010): higher is more novel. ``popularity`` is a
    Series item id -> p(i) in (0, 1], such as :func:`item_popularity` of the training ratings."""
    lists, single = as_lists(lists, "lists")
    if not isinstance(popularity, pd.Series):
        raise TypeError("popularity must be a pandas Series item id -> share of users (see item_popularity)")
    values = check_array(popularity.to_numpy(dtype=float), "popularity", low=0.0, high=1.0)
    if (values == 0).any():
        raise ValueError("popularity has items with p(i) = 0, whose self-information is infinite; drop them")
    positions = popularity.index.get_indexer(lists.ravel())
    if (positions < 0).any():
        unknown = pd.unique(lists.ravel()[positions < 0])[:5]
        raise ValueError(f"items {list(unknown)} have no popularity (never rated in training)")
    information = -np.log2(values[positions]).reshape(lists.shape)
    return as_result(information.mean(axis=1), single)


def average_popularity(lists, popularity: pd.Series):
    """Average recommendation popularity (ARP; Abdollahpouri et al. 2019; Mansoury et al. 2020): the mean over
    a list's items of their popularity, given as a Series item id -> interaction count (or share). Measured on
    the current counts or on the original ones, it can move in opposite directions in a feedback loop."""
    lists, single = as_lists(lists, "lists")
    if not isinstance(popularity, pd.Series):
        raise TypeError("popularity must be a pandas Series item id -> interaction count")
    values = check_array(popularity.to_numpy(dtype=float), "popularity", low=0.0)
    positions = popularity.index.get_indexer(lists.ravel())
    if (positions < 0).any():
        unknown = pd.unique(lists.ravel()[positions < 0])[:5]
        raise ValueError(f"items {list(unknown)} have no popularity; give a count (0 is fine) for every item")
    return as_result(values[positions].reshape(lists.shape).mean(axis=1), single)


def _catalogue_counts(lists, catalogue) -> np.ndarray:
    lists, _ = as_lists(lists, "lists")
    catalogue, _ = as_lists(catalogue, "catalogue")
    if catalogue.shape[0] != 1:
        raise ValueError("catalogue must be one list of item ids")
    index = pd.Index(catalogue[0])
    positions = index.get_indexer(lists.ravel())
    if (positions < 0).any():
        unknown = pd.unique(lists.ravel()[positions < 0])[:5]
        raise ValueError(f"items {list(unknown)} are recommended but not in the catalogue")
    return np.bincount(positions, minlength=len(index)).astype(float)


def catalogue_coverage(lists, catalogue) -> float:
    """Catalogue (aggregate) coverage: the share of the catalogue's items that appear in at least one list
    (Herlocker et al. 2004; Ge, Delgado-Battenfeld & Jannach 2010)."""
    counts = _catalogue_counts(lists, catalogue)
    return float((counts > 0).mean())


def exposure_gini(lists, catalogue) -> float:
    """Gini coefficient of how often each catalogue item is recommended across all lists (0: every item equally
    often; near 1: a few items take all exposure), see :func:`gini`."""
    return gini(_catalogue_counts(lists, catalogue))


def gini(values) -> float:
    """Gini coefficient of non-negative amounts (exposure or interaction counts per item):

        G = sum_i sum_j |x_i - x_j| / (2 n^2 mean(x)) = sum_i (2i - n - 1) x_(i) / (n sum x),

    with ``x_(1) <= ... <= x_(n)``. 0 when all are equal, ``1 - 1/n`` when one item has everything.
    """
    x = np.sort(check_array(values, "values", low=0.0))
    if x.sum() <= 0:
        raise ValueError("values sum to 0: the Gini coefficient of nothing is undefined")
    n = x.size
    return float(max(np.sum((2 * np.arange(1, n + 1) - n - 1) * x) / (n * x.sum()), 0.0))  # 0 up to round-off
