"""Specifications of helpers.recsys.metrics.accuracy: RMSE, MAE, precision, recall and NDCG at k."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import ndcg_score

from helpers import recsys


def test_rmse_and_mae_of_known_errors():
    assert recsys.rmse([1, 2, 3], [2, 2, 5]) == pytest.approx(np.sqrt(5 / 3))
    assert recsys.mae([1, 2, 3], [2, 2, 5]) == pytest.approx(1.0)


def test_metrics_reject_mismatched_lengths():
    with pytest.raises(ValueError, match="shape"):
        recsys.rmse([1, 2], [1, 2, 3])


def test_error_metrics_refuse_nan_predictions():
    with pytest.raises(ValueError, match="y_pred"):
        recsys.rmse([1, 2], [1, np.nan])


def test_precision_and_recall_by_hand():
    recommended = [10, 20, 30, 40, 50]
    relevant = {20, 50, 60}
    assert recsys.precision_at_k(recommended, relevant, k=2) == pytest.approx(1 / 2)
    assert recsys.precision_at_k(recommended, relevant, k=5) == pytest.approx(2 / 5)
    assert recsys.recall_at_k(recommended, relevant, k=2) == pytest.approx(1 / 3)
    assert recsys.recall_at_k(recommended, relevant, k=5) == pytest.approx(2 / 3)


def test_many_lists_give_per_list_values():
    recommended = np.array([[1, 2, 3], [4, 5, 6]])
    relevant = [{1, 3}, {9}]
    np.testing.assert_allclose(recsys.precision_at_k(recommended, relevant, k=3), [2 / 3, 0.0])
    np.testing.assert_allclose(recsys.recall_at_k(recommended, relevant, k=3), [1.0, 0.0])


def test_string_item_ids_work():
    assert recsys.precision_at_k(["a", "b"], ["b"], k=2) == pytest.approx(0.5)


def test_recall_is_refused_for_a_user_without_relevant_items():
    with pytest.raises(ValueError, match="no relevant item"):
        recsys.recall_at_k([[1, 2], [3, 4]], [{1}, set()], k=2)


def test_k_larger_than_the_list_is_refused():
    with pytest.raises(ValueError, match="larger than the lists"):
        recsys.precision_at_k([1, 2, 3], {1}, k=4)


def test_a_list_with_a_repeated_item_is_refused():
    with pytest.raises(ValueError, match="twice"):
        recsys.ndcg_at_k([1, 2, 1], {1}, k=3)


def test_ndcg_of_a_perfect_list_is_one_and_by_hand():
    assert recsys.ndcg_at_k([5, 6, 7], {5, 6}, k=3) == pytest.approx(1.0)
    # one hit at rank 2 of 2 relevant items: (1/log2 3) / (1 + 1/log2 3)
    expected = (1 / np.log2(3)) / (1 + 1 / np.log2(3))
    assert recsys.ndcg_at_k([1, 5, 2], {5, 6}, k=3) == pytest.approx(expected)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("k", [1, 3, 10])
def test_ndcg_agrees_with_scikit_learn(seed, k):
    rng = np.random.default_rng(seed)
    n_items = 30
    gains = rng.integers(0, 4, (4, n_items)).astype(float)
    gains[:, 0] = 3.0  # every user has a relevant item
    scores = rng.random((4, n_items))  # no ties
    recommended = np.argsort(-scores, axis=1)[:, :k]
    relevant = [pd.Series(g[g > 0], index=np.flatnonzero(g > 0)) for g in gains]
    ours = recsys.ndcg_at_k(recommended, relevant, k=k)
    theirs = [ndcg_score(gains[[r]], scores[[r]], k=k) for r in range(4)]
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_relevant_items_from_a_test_frame():
    test = pd.DataFrame({"user_id": [1, 1, 2], "item_id": [10, 11, 10], "rating": [5.0, 2.0, 4.0]})
    assert recsys.relevant_items(test, [1, 2, 3], min_rating=4) == [{10}, {10}, set()]
    graded = recsys.relevant_items(test, [1], gain="rating")[0]
    assert graded.to_dict() == {10: 5.0, 11: 2.0}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 40), min_size=1, max_size=15, unique=True),
    st.lists(st.integers(0, 40), min_size=1, max_size=15, unique=True),
    st.integers(1, 15),
)
def test_ndcg_precision_and_recall_lie_in_the_unit_interval(listed, relevant, k):
    k = min(k, len(listed))
    for metric in (recsys.ndcg_at_k, recsys.precision_at_k, recsys.recall_at_k):
        assert 0.0 <= metric(listed, set(relevant), k=k) <= 1.0 + 1e-12
