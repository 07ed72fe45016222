"""Ratings data for the recommenders: the input check, the id index (raw ids <-> dense positions) and the
train/test splits (random, k-fold, temporal with one global cutoff or per user, validation carved from train).

Every function works on a pandas frame with columns ``user_id, item_id, rating`` (and ``timestamp`` for the
temporal split), as ``helpers.datasets.load_movielens_100k`` returns it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import (
    check_bool,
    check_choice,
    check_columns,
    check_count,
    check_frame,
    check_number,
    check_open_unit,
    check_rng,
)

__all__ = [
    "RATING_COLUMNS",
    "RATING_SCALE",
    "EncodedPairs",
    "IdIndex",
    "Split",
    "UnknownIdError",
    "check_rating_scale",
    "check_ratings",
    "k_fold_splits",
    "temporal_split",
    "train_test_split",
    "validation_split",
]

RATING_COLUMNS = ("user_id", "item_id", "rating")
RATING_SCALE = (1.0, 5.0)  # MovieLens stars


class UnknownIdError(KeyError, ValueError):
    """A user or item id the model never saw in training (both a KeyError and a ValueError)."""

    def __str__(self) -> str:  # KeyError would print the message with quotes around it
        return str(self.args[0]) if self.args else ""


def check_rating_scale(scale, name: str = "rating_scale") -> tuple[float, float]:
    """Two finite numbers ``(low, high)`` with ``low < high``."""
    try:
        low, high = scale
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair (low, high), got {scale!r}") from None
    low, high = check_number(low, f"{name}[0]"), check_number(high, f"{name}[1]")
    if not low < high:
        raise ValueError(f"{name} must be (low, high) with low < high, got {scale!r}")
    return low, high


def check_ratings(ratings, what: str = "ratings", scale=None) -> pd.DataFrame:
    """Raise unless ``ratings`` is a non-empty frame with ``user_id, item_id, rating``, finite ratings (inside
    ``scale`` when one is given) and no missing ids; return the frame."""
    check_frame(ratings, RATING_COLUMNS, what)
    values = ratings["rating"]
    if not (pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)):
        raise TypeError(f"{what}['rating'] must be numeric, got dtype {values.dtype}")
    values = values.to_numpy(dtype=float)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{what} contains ratings that are NaN or infinite; drop or impute them first")
    if ratings["user_id"].isna().any() or ratings["item_id"].isna().any():
        raise ValueError(f"{what} has missing user_id or item_id values; drop those rows first")
    if scale is not None:
        low, high = check_rating_scale(scale, "scale")
        if values.min() < low or values.max() > high:
            raise ValueError(
                f"{what} has ratings outside the declared scale [{low:g}, {high:g}] "
                f"(found {values.min():g} to {values.max():g}); clamp them or declare the right scale"
            )
    return ratings


# ---------------------------------------------------------------------------------------------- ids


@dataclass(frozen=True, eq=False)
class EncodedPairs:
    """Dense positions of (user, item) pairs; -1 marks an id unseen in training. Unpacks as ``u, i = pairs``."""

    users: np.ndarray
    items: np.ndarray

    def __iter__(self):
        return iter((self.users, self.items))


@dataclass(frozen=True, eq=False)
class IdIndex:
    """Raw user and item ids <-> contiguous positions 0..n-1, built once when a model is fitted."""

    users: pd.Index
    items: pd.Index

    def __post_init__(self) -> None:
        for name in ("users", "items"):
            ids = getattr(self, name)
            if not isinstance(ids, pd.Index):
                raise TypeError(f"IdIndex.{name} must be a pandas Index of ids, got {type(ids).__name__}")
            if ids.empty:
                raise ValueError(f"IdIndex.{name} is empty: need at least one id")
            if not ids.is_unique or ids.hasnans:
                raise ValueError(f"IdIndex.{name} must hold distinct, non-missing ids")

    @classmethod
    def from_ratings(cls, ratings: pd.DataFrame) -> IdIndex:
        """The sorted distinct ids of ``ratings``."""
        check_columns(ratings, ("user_id", "item_id"), "ratings")
        return cls(pd.Index(np.unique(ratings["user_id"])), pd.Index(np.unique(ratings["item_id"])))

    @property
    def n_users(self) -> int:
        return len(self.users)

    @property
    def n_items(self) -> int:
        return len(self.items)

    def encode(self, frame: pd.DataFrame) -> EncodedPairs:
        """Positions of the frame's ``user_id`` and ``item_id`` (-1 where unseen); an empty frame is refused."""
        check_frame(frame, ("user_id", "item_id"), "frame")
        return EncodedPairs(
            self.users.get_indexer(frame["user_id"]), self.items.get_indexer(frame["item_id"])
        )

    def user_positions(self, user_ids) -> np.ndarray:
        """Positions of known users; an unknown one raises :class:`UnknownIdError` naming it."""
        return _positions(self.users, user_ids, "user")

    def item_positions(self, item_ids) -> np.ndarray:
        """Positions of known items; an unknown one raises :class:`UnknownIdError` naming it."""
        return _positions(self.items, item_ids, "item")


def _positions(index: pd.Index, ids, kind: str) -> np.ndarray:
    if isinstance(ids, (str, bytes)) or np.ndim(ids) == 0:
        ids = [ids]
    ids = list(ids)
    if not ids:
        raise ValueError(f"no {kind} ids given: pass at least one")
    positions = index.get_indexer(ids)
    if (positions < 0).any():
        unknown = [x for x, p in zip(ids, positions) if p < 0]
        shown = ", ".join(map(repr, unknown[:5])) + (" ..." if len(unknown) > 5 else "")
        raise UnknownIdError(
            f"{kind} {shown} {'is' if len(unknown) == 1 else 'are'} not in the ratings data the model was fitted "
            f"on ({len(index):,} {kind}s known): it can only score {kind}s it has seen"
        )
    return positions


# ---------------------------------------------------------------------------------------------- splits


@dataclass(frozen=True, eq=False)
class Split:
    """A train part and a test (or validation) part; unpacks as ``train, test = split`` and indexes as a pair.

    ``cutoff`` is the time cutoff of a global temporal split (``None`` otherwise); ``n_dropped`` counts test
    ratings dropped because their user or item had no training ratings (``known_only=True``).
    """

    train: pd.DataFrame
    test: pd.DataFrame
    cutoff: float | None = None
    n_dropped: int = 0

    def __iter__(self):
        return iter((self.train, self.test))

    def __getitem__(self, position: int) -> pd.DataFrame:
        return (self.train, self.test)[position]

    def __len__(self) -> int:
        return 2


def _parts(ratings: pd.DataFrame, is_test: np.ndarray, **extra) -> Split:
    return Split(ratings[~is_test].reset_index(drop=True), ratings[is_test].reset_index(drop=True), **extra)


def train_test_split(ratings, test_fraction: float = 0.2, rng=None) -> Split:
    """Split ratings uniformly at random: ``round(test_fraction * n)`` rows go to test, the rest to train.

    The same ``rng`` (a Generator or an int seed) gives the same split; both parts keep the original row order
    and get a fresh 0..n-1 index.
    """
    check_ratings(ratings)
    test_fraction = check_open_unit(test_fraction, "test_fraction")
    rng = check_rng(rng)
    order = rng.permutation(len(ratings))
    n_test = round(test_fraction * len(ratings))
    if n_test == 0 or n_test == len(ratings):
        raise ValueError(f"{len(ratings)} ratings are too few to split with test_fraction={test_fraction}")
    is_test = np.zeros(len(ratings), dtype=bool)
    is_test[order[:n_test]] = True
    return _parts(ratings, is_test)


def k_fold_splits(ratings, n_folds: int, rng) -> list[Split]:
    """``n_folds`` train/test splits whose test parts partition the ratings (Surprise's KFold scheme)."""
    check_ratings(ratings)
    n_folds = check_count(n_folds, "n_folds", minimum=2, maximum=len(ratings))
    rng = check_rng(rng)
    folds = np.array_split(rng.permutation(len(ratings)), n_folds)
    splits = []
    for fold in folds:
        is_test = np.zeros(len(ratings), dtype=bool)
        is_test[fold] = True
        splits.append(_parts(ratings, is_test))
    return splits


def temporal_split(
    ratings, test_fraction: float = 0.2, *, per_user: bool = False, cutoff=None, known_only: bool = False
) -> Split:
    """Split by time: the past trains, the future tests.

    Global (default): one time cutoff for everyone, so no model learns from ratings made after any test rating.
    Test holds the ratings made strictly after ``cutoff``; without ``cutoff`` it is the timestamp below which
    ``1 - test_fraction`` of the ratings fall (ties at the cutoff stay in train, so the share is approximate).
    Per user (``per_user=True``): each user's earliest ``floor((1 - test_fraction) n_u)`` ratings train (at least
    one, and at least one left for test), ties in time broken by item id; item effects can then learn from
    other users' later ratings, which a global cutoff forbids.
    ``known_only`` drops test ratings whose user or item has no training rating (``Split.n_dropped`` counts them).
    """
    check_ratings(ratings)
    check_columns(ratings, ("timestamp",), "ratings")
    ratings = ratings.reset_index(drop=True)
    per_user, known_only = check_bool(per_user, "per_user"), check_bool(known_only, "known_only")
    times = ratings["timestamp"]
    if not pd.api.types.is_numeric_dtype(times) or not np.all(np.isfinite(times.to_numpy(dtype=float))):
        raise ValueError("ratings['timestamp'] must hold finite numbers (seconds since the epoch)")
    times = times.to_numpy(dtype=float)
    if per_user:
        if cutoff is not None:
            raise ValueError("a per-user split has no global cutoff: pass cutoff=None or per_user=False")
        test_fraction = check_open_unit(test_fraction, "test_fraction")
        ordered = ratings.sort_values(["user_id", "timestamp", "item_id"], kind="mergesort")
        position = ordered.groupby("user_id").cumcount().to_numpy()
        count = ordered.groupby("user_id")["item_id"].transform("size").to_numpy()
        if (count < 2).any():
            raise ValueError("every user needs at least two ratings for a per-user temporal split")
        n_train = np.clip(np.floor((1 - test_fraction) * count), 1, count - 1)
        is_test = np.zeros(len(ratings), dtype=bool)
        is_test[ordered.index.to_numpy()] = position >= n_train
        cut = None
    else:
        if cutoff is None:
            test_fraction = check_open_unit(test_fraction, "test_fraction")
            n_train = len(times) - round(test_fraction * len(times))
            if n_train < 1 or n_train >= len(times):
                raise ValueError(
                    f"{len(times)} ratings are too few to split with test_fraction={test_fraction}"
                )
            cut = float(np.sort(times)[n_train - 1])
        else:
            cut = check_number(cutoff, "cutoff")
        is_test = times > cut
        if is_test.all() or not is_test.any():
            raise ValueError(
                f"the cutoff {cut:g} leaves {'train' if is_test.all() else 'test'} empty "
                f"(timestamps run from {times.min():g} to {times.max():g}); pick a cutoff inside that range"
            )
    split = _parts(ratings, is_test, cutoff=cut)
    if known_only:
        train, test = split
        known = test["user_id"].isin(train["user_id"]) & test["item_id"].isin(train["item_id"])
        if not known.any():
            raise ValueError("no test rating has a user and an item seen in training: move the cutoff later")
        split = Split(train, test[known].reset_index(drop=True), cut, int((~known).sum()))
    return split


def validation_split(train, fraction: float = 0.1, rng=None, *, method: str = "random") -> Split:
    """Carve a validation part from a training frame, so model choices never look at the test split.

    ``method="random"`` draws ``fraction`` of the rows with ``rng``; ``method="temporal"`` keeps the latest
    ``fraction`` (one global cutoff; needs ``timestamp``; ``rng`` is not used). The result's ``test`` field holds
    the validation ratings: ``fit_part, validation = recsys.validation_split(train, 0.1, rng=0)``.
    """
    method = check_choice(method, "method", ("random", "temporal"))
    if method == "random":
        return train_test_split(train, fraction, rng)
    return temporal_split(train, fraction)
