"""Specifications of helpers.recsys.data: the ratings check, the id index and the splits."""

import numpy as np
import pandas as pd
import pytest

from helpers import recsys
from unit.recsys.toy import timed_ratings, toy_ratings


def test_split_partitions_the_ratings():
    ratings = toy_ratings()
    train, test = recsys.train_test_split(ratings, 0.2, np.random.default_rng(0))
    assert len(train) + len(test) == len(ratings)
    assert len(test) == round(0.2 * len(ratings))
    merged = pd.concat([train, test]).sort_values(["user_id", "item_id"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(merged, ratings.sort_values(["user_id", "item_id"]).reset_index(drop=True))


def test_split_is_reproducible_with_the_same_seed():
    ratings = toy_ratings()
    a = recsys.train_test_split(ratings, 0.2, np.random.default_rng(5))[1]
    b = recsys.train_test_split(ratings, 0.2, np.random.default_rng(5))[1]
    pd.testing.assert_frame_equal(a, b)


def test_an_int_seed_gives_the_same_split_as_its_generator():
    ratings = toy_ratings()
    by_seed = recsys.train_test_split(ratings, 0.2, 5)
    by_generator = recsys.train_test_split(ratings, 0.2, np.random.default_rng(5))
    pd.testing.assert_frame_equal(by_seed.test, by_generator.test)


def test_a_split_is_a_frozen_pair():
    split = recsys.train_test_split(toy_ratings(), 0.2, 0)
    train, test = split
    assert train is split.train and test is split.test and len(split) == 2
    with pytest.raises(AttributeError):
        split.train = test


def test_k_fold_test_parts_partition_the_ratings():
    ratings = toy_ratings()
    folds = recsys.k_fold_splits(ratings, 5, np.random.default_rng(0))
    assert sum(len(test) for _, test in folds) == len(ratings)
    assert all(len(train) + len(test) == len(ratings) for train, test in folds)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, 1.5])
def test_split_rejects_a_bad_test_fraction(bad):
    with pytest.raises(ValueError, match="test_fraction"):
        recsys.train_test_split(toy_ratings(), bad, np.random.default_rng(0))


def test_empty_ratings_are_rejected():
    with pytest.raises(ValueError, match="empty"):
        recsys.train_test_split(toy_ratings().iloc[:0], 0.2, np.random.default_rng(0))


def test_ratings_outside_the_scale_are_rejected():
    ratings = toy_ratings()
    ratings.loc[0, "rating"] = 7
    with pytest.raises(ValueError, match="outside the declared scale"):
        recsys.check_ratings(ratings, scale=(1, 5))


def test_nan_ratings_are_rejected():
    ratings = toy_ratings()
    ratings.loc[3, "rating"] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        recsys.check_ratings(ratings)


def test_missing_ids_are_rejected():
    ratings = toy_ratings().astype({"user_id": float})
    ratings.loc[0, "user_id"] = np.nan
    with pytest.raises(ValueError, match="missing user_id"):
        recsys.check_ratings(ratings)


def test_a_split_without_a_generator_is_refused():
    with pytest.raises(TypeError, match="rng"):
        recsys.train_test_split(toy_ratings(), 0.2, None)


# ---------------------------------------------------------------------------------------------- temporal


def test_global_temporal_split_puts_every_test_rating_after_every_training_rating():
    ratings = timed_ratings()
    split = recsys.temporal_split(ratings, 0.2)
    assert split.train["timestamp"].max() <= split.cutoff < split.test["timestamp"].min()
    assert len(split.test) == round(0.2 * len(ratings))  # distinct times: the share is exact


def test_global_temporal_split_with_an_explicit_cutoff():
    ratings = timed_ratings()
    cutoff = float(ratings["timestamp"].median())
    train, test = recsys.temporal_split(ratings, cutoff=cutoff)
    assert (train["timestamp"] <= cutoff).all() and (test["timestamp"] > cutoff).all()


def test_a_cutoff_outside_the_data_is_refused():
    ratings = timed_ratings()
    with pytest.raises(ValueError, match="leaves test empty"):
        recsys.temporal_split(ratings, cutoff=float(ratings["timestamp"].max()))


def test_per_user_temporal_split_keeps_each_users_early_ratings_in_train():
    ratings = timed_ratings()
    train, test = recsys.temporal_split(ratings, 0.2, per_user=True)
    last_train = train.groupby("user_id")["timestamp"].max()
    first_test = test.groupby("user_id")["timestamp"].min()
    assert (last_train.loc[first_test.index] < first_test).all()
    assert set(train["user_id"]) == set(ratings["user_id"])
    assert len(train) + len(test) == len(ratings)


def test_per_user_split_matches_the_floor_rule():
    ratings = timed_ratings()
    train, _ = recsys.temporal_split(ratings, 0.25, per_user=True)
    counts = ratings.groupby("user_id").size()
    expected = np.clip(np.floor(0.75 * counts), 1, counts - 1)
    pd.testing.assert_series_equal(train.groupby("user_id").size(), expected.astype(int), check_names=False)


def test_known_only_drops_test_ratings_of_new_users_and_counts_them():
    ratings = timed_ratings()
    late = ratings["timestamp"] > ratings["timestamp"].quantile(0.85)
    ratings.loc[late & (ratings["user_id"] == 1), "user_id"] = 999  # a user who only rates late
    split = recsys.temporal_split(ratings, 0.2, known_only=True)
    assert 999 not in set(split.test["user_id"])
    assert split.n_dropped >= 1
    assert split.test["item_id"].isin(split.train["item_id"]).all()


def test_temporal_split_needs_timestamps():
    with pytest.raises(ValueError, match="timestamp"):
        recsys.temporal_split(toy_ratings(), 0.2)


def test_validation_split_carves_from_train_only():
    train, _ = recsys.train_test_split(toy_ratings(), 0.2, 0)
    fit_part, validation = recsys.validation_split(train, 0.1, rng=1)
    assert len(fit_part) + len(validation) == len(train)
    temporal = recsys.validation_split(timed_ratings(), 0.1, method="temporal")
    assert temporal.train["timestamp"].max() < temporal.test["timestamp"].min()


# ---------------------------------------------------------------------------------------------- ids


def test_id_index_round_trips_and_names_unknown_ids():
    index = recsys.IdIndex.from_ratings(toy_ratings())
    u, i = index.encode(pd.DataFrame({"user_id": [1, 999], "item_id": [101, 5]}))
    assert u.tolist() == [0, -1] and i.tolist() == [0, -1]
    assert index.user_positions([1, 2]).tolist() == [0, 1]
    with pytest.raises(KeyError, match="user 999 is not in the ratings data"):
        index.user_positions(999)
    with pytest.raises(ValueError, match="item 5"):
        index.item_positions([101, 5])
