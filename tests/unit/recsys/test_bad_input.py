"""Every public function and model of helpers.recsys fails closed on bad input (ValueError or TypeError that
names the argument), and the named cases of the package-layout issue each have their own test."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import recsys
from unit.badinput import (
    NEGATIVE,
    NON_FINITE,
    NON_POSITIVE,
    NOT_A_COUNT,
    NOT_A_GENERATOR,
    NOT_A_NUMBER,
    OUTSIDE_UNIT,
    Call,
    assert_fails_closed,
    bad_numbers,
    expand,
    ratings_frame,
)

RATINGS = ratings_frame()
TIMED = RATINGS.assign(timestamp=np.arange(len(RATINGS)) * 10.0)
GENRES = pd.DataFrame({"a": [1, 0, 1, 0, 1, 1], "b": [0, 1, 1, 1, 0, 1]}, index=range(1, 7)).astype(bool)
LISTS = np.array([[1, 2, 3], [4, 5, 6]])

NAN_RATING = RATINGS.assign(rating=[np.nan] + RATINGS["rating"].tolist()[1:])
OUT_OF_SCALE = RATINGS.assign(rating=[9.0] + RATINGS["rating"].tolist()[1:])
NOT_FRAMES = [None, "ratings", [[1, 1, 3.0]], RATINGS.iloc[:0], RATINGS[["user_id", "item_id"]], NAN_RATING]
BAD_SCALES = [(5, 1), (1, float("nan")), (1, float("inf")), "15", None, (1,)]
BAD_LISTS = [None, "abc", [], [[1, 2], [3]], [1, 2, 1], [1.0, float("nan")], [True, False], {1, 2}]
BAD_DISTRIBUTIONS = [[0.5, 0.6], [-0.5, 1.5], [float("nan"), 1.0], [], "p", None]

CALLS = [
    # data
    Call(
        recsys.check_ratings,
        {"ratings": RATINGS, "scale": (1, 5)},
        {"ratings": NOT_FRAMES, "scale": [s for s in BAD_SCALES if s is not None] + [(2, 5)]},
    ),
    Call(recsys.check_rating_scale, {"scale": (1, 5)}, {"scale": BAD_SCALES}),
    Call(
        recsys.train_test_split,
        {"ratings": RATINGS, "test_fraction": 0.2, "rng": 0},
        {
            "ratings": NOT_FRAMES,
            "test_fraction": NOT_A_NUMBER + NON_FINITE + OUTSIDE_UNIT + [0.0, 1.0],
            "rng": NOT_A_GENERATOR,
        },
    ),
    Call(
        recsys.k_fold_splits,
        {"ratings": RATINGS, "n_folds": 3, "rng": 0},
        {"ratings": NOT_FRAMES, "n_folds": NOT_A_COUNT + [1, 0, 10_000], "rng": NOT_A_GENERATOR},
    ),
    Call(
        recsys.temporal_split,
        {"ratings": TIMED, "test_fraction": 0.2},
        {
            "ratings": NOT_FRAMES + [RATINGS, TIMED.assign(timestamp=np.nan)],
            "test_fraction": NOT_A_NUMBER + OUTSIDE_UNIT + [0.0, 1.0],
            "per_user": ["yes", 1, None],
            "known_only": ["no", 0],
            "cutoff": [float("nan"), "x", -1e12, 1e12],
        },
    ),
    Call(
        recsys.validation_split,
        {"train": RATINGS, "fraction": 0.1, "rng": 0},
        {
            "train": NOT_FRAMES,
            "fraction": NOT_A_NUMBER + OUTSIDE_UNIT,
            "rng": NOT_A_GENERATOR,
            "method": ["time", None],
        },
    ),
    Call(
        recsys.IdIndex,
        {"users": pd.Index([1, 2]), "items": pd.Index([3])},
        {"users": [[1, 2], pd.Index([]), pd.Index([1, 1])], "items": [None, pd.Index([1.0, np.nan])]},
    ),
    # metrics
    Call(
        recsys.rmse,
        {"y_true": [1.0, 2.0], "y_pred": [1.5, 2.5]},
        {"y_true": [[], [np.nan, 1.0], "ab", None, [1.0]], "y_pred": [[1.0, np.inf], [[1.0, 2.0]]]},
    ),
    Call(
        recsys.mae,
        {"y_true": [1.0, 2.0], "y_pred": [1.5, 2.5]},
        {"y_true": [[], [np.nan, 1.0]], "y_pred": [[1.0], None]},
    ),
    Call(
        recsys.precision_at_k,
        {"recommended": LISTS, "relevant": [{1}, {5}], "k": 2},
        {
            "recommended": BAD_LISTS,
            "relevant": [[{1}], None, "ab", [{1}, None], [{1: -1.0}, {5}]],
            "k": NOT_A_COUNT + [0, 4],
        },
    ),
    Call(
        recsys.recall_at_k,
        {"recommended": LISTS, "relevant": [{1}, {5}], "k": 2},
        {"recommended": BAD_LISTS, "relevant": [[{1}, set()], [[1, 1], {5}]], "k": NOT_A_COUNT + [0, 4]},
    ),
    Call(
        recsys.ndcg_at_k,
        {"recommended": LISTS, "relevant": [{1: 3.0}, {5: 1.0}], "k": 3},
        {
            "recommended": BAD_LISTS,
            "relevant": [[{1: np.nan}, {5: 1}], [{1: 0.0}, {5: 1}]],
            "k": NOT_A_COUNT + [4],
        },
    ),
    Call(
        recsys.relevant_items,
        {"test": RATINGS, "users": [1, 2], "min_rating": 4},
        {"test": NOT_FRAMES, "users": [[]], "min_rating": [np.nan, "4"], "gain": ["stars", 1]},
    ),
    Call(
        recsys.jaccard_at_k,
        {"a": LISTS, "b": LISTS[::-1], "k": 2},
        {"a": BAD_LISTS, "b": BAD_LISTS + [LISTS[:1]], "k": [2.5, -1, np.nan, "3", 0, 4]},
    ),
    Call(
        recsys.rank_biased_overlap,
        {"a": LISTS, "b": LISTS[::-1], "p": 0.9},
        {"a": BAD_LISTS, "b": BAD_LISTS, "p": NOT_A_NUMBER + NON_FINITE + OUTSIDE_UNIT + [0.0, 1.0]},
    ),
    Call(
        recsys.genre_distribution,
        {"lists": LISTS, "item_genres": GENRES},
        {
            "lists": BAD_LISTS + [[1, 99]],
            "item_genres": [None, GENRES.iloc[:0], GENRES.assign(a=np.nan), GENRES * -1, GENRES & False],
        },
    ),
    Call(
        recsys.profile_genre_distribution,
        {"ratings": RATINGS, "item_genres": GENRES, "users": [1, 2]},
        {"ratings": NOT_FRAMES, "item_genres": [None, GENRES.iloc[:2]], "users": [[], [99]]},
    ),
    Call(
        recsys.calibration_kl,
        {"p": [0.5, 0.5], "q": [0.25, 0.75], "alpha": 0.01},
        {
            "p": BAD_DISTRIBUTIONS + [[1.0]],
            "q": BAD_DISTRIBUTIONS,
            "alpha": NOT_A_NUMBER + OUTSIDE_UNIT + [0.0, 1.0],
        },
    ),
    Call(
        recsys.intra_list_diversity,
        {"lists": LISTS, "item_features": GENRES},
        {"lists": BAD_LISTS + [[1]], "item_features": [None, "x", GENRES.assign(a=False, b=False)]},
    ),
    Call(recsys.item_popularity, {"ratings": RATINGS}, {"ratings": NOT_FRAMES}),
    Call(
        recsys.novelty,
        {"lists": LISTS, "popularity": pd.Series(0.5, index=range(1, 7))},
        {
            "lists": BAD_LISTS + [[1, 99]],
            "popularity": [
                None,
                {1: 0.5},
                pd.Series(0.0, index=range(1, 7)),
                pd.Series(2.0, index=range(1, 7)),
            ],
        },
    ),
    Call(
        recsys.average_popularity,
        {"lists": LISTS, "popularity": pd.Series(3.0, index=range(1, 7))},
        {"lists": BAD_LISTS + [[1, 99]], "popularity": [None, {1: 3}, pd.Series(-1.0, index=range(1, 7))]},
    ),
    Call(
        recsys.calibrated_rerank,
        {
            "candidates": LISTS,
            "scores": [[0.9, 0.8, 0.7], [0.6, 0.5, 0.4]],
            "item_genres": GENRES,
            "profiles": [[0.5, 0.5], [1.0, 0.0]],
            "n": 2,
            "lam": 0.5,
        },
        {
            "candidates": BAD_LISTS,
            "scores": [[[0.9, 0.8, np.nan], [0.6, 0.5, 0.4]], [[0.9, 0.8]], "s"],
            "item_genres": [None, GENRES.iloc[:2]],
            "profiles": BAD_DISTRIBUTIONS + [[[0.5, 0.6], [1.0, 0.0]]],
            "n": NOT_A_COUNT + [0, 4],
            "lam": NOT_A_NUMBER + OUTSIDE_UNIT,
            "alpha": NOT_A_NUMBER + [0.0, 1.0],
        },
    ),
    Call(
        recsys.catalogue_coverage,
        {"lists": LISTS, "catalogue": list(range(1, 8))},
        {"lists": BAD_LISTS + [[1, 99]], "catalogue": [[], None, [1, 1, 2, 3, 4, 5, 6], [[1], [2]]]},
    ),
    Call(
        recsys.exposure_gini,
        {"lists": LISTS, "catalogue": list(range(1, 8))},
        {"lists": BAD_LISTS, "catalogue": [[], "abc"]},
    ),
    Call(
        recsys.gini,
        {"values": [1.0, 2.0, 3.0]},
        {"values": [[], [0.0, 0.0], [-1.0, 2.0], [np.nan, 1.0], [np.inf], "abc", None]},
    ),
    Call(
        recsys.biased_mf_predict,
        {
            "mu": 3.0,
            "b_user": np.zeros(2),
            "b_item": np.zeros(2),
            "P": np.zeros((2, 1)),
            "Q": np.zeros((2, 1)),
            "u": [0, 1],
            "i": [1, 0],
            "rating_scale": (1, 5),
        },
        {"u": [[0], [[0, 1]]], "rating_scale": BAD_SCALES},
    ),
    # models (constructors check their hyperparameters; fit, predict and recommend are tested below)
    Call(recsys.ItemMean, {"rating_scale": (1, 5)}, {"rating_scale": BAD_SCALES}),
    Call(
        recsys.BaselineBiases,
        {"item_damping": 5.0, "user_damping": 5.0},
        {
            "item_damping": NOT_A_NUMBER + NON_FINITE + NEGATIVE,
            "user_damping": NOT_A_NUMBER + NEGATIVE,
            "rating_scale": BAD_SCALES,
        },
    ),
    Call(recsys.MostPopular, {"rating_scale": (1, 5)}, {"rating_scale": BAD_SCALES}),
    Call(recsys.RandomRecommender, {"rng": 0}, {"rng": NOT_A_GENERATOR, "rating_scale": BAD_SCALES}),
    Call(
        recsys.ALSMatrixFactorization,
        {"n_factors": 2, "reg": 0.1, "n_iter": 2, "rng": 0},
        {
            "n_factors": NOT_A_COUNT,
            "reg": NOT_A_NUMBER + NON_FINITE + NON_POSITIVE,
            "n_iter": NOT_A_COUNT + [0],
            "init_std": NOT_A_NUMBER + NON_POSITIVE,
            "rating_scale": BAD_SCALES,
            "rng": NOT_A_GENERATOR,
        },
    ),
    Call(
        recsys.ItemKNN,
        {"k": 3},
        {
            "k": NOT_A_COUNT + [0],
            "shrinkage": NOT_A_NUMBER + NEGATIVE + NON_FINITE,
            "min_support": NOT_A_COUNT + [0],
            "damping": NOT_A_NUMBER + NEGATIVE,
            "rating_scale": BAD_SCALES,
        },
    ),
    Call(
        recsys.fit_item_knn,
        {"ratings": RATINGS, "k": 3},
        {"ratings": NOT_FRAMES + [OUT_OF_SCALE], "k": NOT_A_COUNT, "damping": [np.nan]},
    ),
    Call(
        recsys.SurpriseRecommender,
        {"algorithm": "SVD", "seed": 0},
        {
            "algorithm": ["svd", None, 3, "NormalPredictor"],
            "seed": [None, -1, 2.5, "0"],
            "rating_scale": BAD_SCALES,
        },
    ),
    Call(
        recsys.to_surprise_trainset,
        {"train": RATINGS},
        {"train": NOT_FRAMES + [OUT_OF_SCALE], "rating_scale": BAD_SCALES},
    ),
    Call(
        recsys.make_surprise,
        {"algorithm": "SVD", "seed": 0},
        {"algorithm": ["SVD+++", None], "seed": [None, -1, 1.5]},
    ),
    Call(
        recsys.fit_surprise,
        {"algorithm": "BaselineOnly", "train": RATINGS, "test": RATINGS.iloc[:5]},
        {
            "algorithm": ["nope"],
            "train": NOT_FRAMES + [OUT_OF_SCALE],
            "test": NOT_FRAMES,
            "seed": [None, -3],
            "rating_scale": BAD_SCALES,
        },
    ),
]

EXEMPT = {
    "UnknownIdError": "an exception class raised by the package, not called with user input",
    "EncodedPairs": "a plain result container returned by IdIndex.encode",
    "Split": "a plain result container returned by the split functions",
    "RatingModel": "a typing.Protocol: an interface, never called",
    "Recommender": "an abstract base class; its recommend methods are tested through every model below",
    "GlobalMean": "no hyperparameters; its fit and predict are fed bad input in test_fit_refuses_bad_ratings",
    "SurpriseResult": "a plain result container returned by fit_surprise",
    "TopN": "a plain result container returned by Recommender.top_n",
}


@pytest.mark.parametrize(("call", "argument", "value"), expand(CALLS))
def test_fails_closed(call, argument, value):
    assert_fails_closed(call.func, call.kwargs, argument, value)


@pytest.mark.parametrize("call", CALLS, ids=lambda call: call.func.__name__)
def test_the_valid_call_succeeds(call):
    call.func(**call.kwargs)


MODELS = {
    "GlobalMean": lambda: recsys.GlobalMean(),
    "ItemMean": lambda: recsys.ItemMean(),
    "BaselineBiases": lambda: recsys.BaselineBiases(),
    "MostPopular": lambda: recsys.MostPopular(),
    "RandomRecommender": lambda: recsys.RandomRecommender(rng=0),
    "ALS": lambda: recsys.ALSMatrixFactorization(n_factors=2, n_iter=2, rng=0),
    "ItemKNN": lambda: recsys.ItemKNN(k=3, min_support=1),
    "SurpriseRecommender": lambda: recsys.SurpriseRecommender("BaselineOnly"),
}


@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize(
    "bad", NOT_FRAMES, ids=["none", "string", "list", "empty", "no_rating", "nan_rating"]
)
def test_fit_refuses_bad_ratings(name, bad):
    with pytest.raises((ValueError, TypeError)):
        MODELS[name]().fit(bad)


@pytest.mark.parametrize("name", sorted(set(MODELS) - {"GlobalMean"}))
def test_recommend_fails_closed(name):
    model = MODELS[name]().fit(RATINGS.iloc[:-4])  # user 5 has unseen items
    for n in NOT_A_COUNT + [0, 7]:
        with pytest.raises((ValueError, TypeError)):
            model.recommend(5, n=n)
    with pytest.raises((ValueError, TypeError)):
        model.recommend(5, n=1, exclude_seen="yes")
    with pytest.raises(KeyError, match="user 77"):
        model.recommend(77)
    with pytest.raises((ValueError, TypeError)):
        model.recommend_many([], n=1)
    with pytest.raises((ValueError, TypeError)):
        model.recommend([1, 2])
    with pytest.raises((ValueError, TypeError)):
        model.predict("pairs")


# ---- the named cases of the issue ---------------------------------------------------------------------


def test_ratings_outside_the_scale_are_refused():
    with pytest.raises(ValueError, match="outside the declared scale"):
        recsys.BaselineBiases().fit(OUT_OF_SCALE)


def test_nan_ratings_are_refused():
    with pytest.raises(ValueError, match="NaN"):
        recsys.ALSMatrixFactorization(rng=0).fit(NAN_RATING)


def test_empty_frames_are_refused():
    with pytest.raises(ValueError, match="empty"):
        recsys.ItemKNN().fit(RATINGS.iloc[:0])


def test_unknown_user_in_recommend_is_named():
    model = recsys.MostPopular().fit(RATINGS)
    with pytest.raises(KeyError, match="user 'ghost'"):
        model.recommend("ghost")


def test_k_larger_than_the_catalogue_is_refused():
    model = recsys.MostPopular().fit(RATINGS)
    with pytest.raises(ValueError, match="larger than the catalogue"):
        model.recommend(1, n=RATINGS["item_id"].nunique() + 1, exclude_seen=False)


def test_rbo_refuses_p_outside_the_open_interval_and_duplicated_items():
    with pytest.raises(ValueError, match="p must be"):
        recsys.rank_biased_overlap([1, 2], [1, 2], p=1.0)
    with pytest.raises(ValueError, match="twice"):
        recsys.rank_biased_overlap([1, 1], [1, 2])


def test_rng_none_is_refused_with_the_reason():
    with pytest.raises(TypeError, match="reproduced"):
        recsys.ALSMatrixFactorization(rng=None)


@settings(max_examples=40, deadline=None)
@given(bad_numbers(OUTSIDE_UNIT, [0.0, 1.0]))
def test_any_bad_persistence_is_refused_by_rbo(p):
    with pytest.raises((ValueError, TypeError)):
        recsys.rank_biased_overlap([1, 2, 3], [3, 2, 1], p=p)


@settings(max_examples=40, deadline=None)
@given(bad_numbers(NON_POSITIVE), st.sampled_from(["reg", "init_std"]))
def test_any_bad_als_hyperparameter_is_refused(value, name):
    with pytest.raises((ValueError, TypeError)):
        recsys.ALSMatrixFactorization(rng=0, **{name: value})
