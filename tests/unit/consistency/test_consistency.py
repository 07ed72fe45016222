"""helpers.consistency on a small synthetic rating set: the stability protocol (the item mean is exactly
stable), top-N overlap across retrains, the calibration trade-off and the trust arithmetic."""

import numpy as np
import pandas as pd
import pytest

from helpers import consistency


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    n_users, n_items = 40, 30
    rows = []
    for u in range(1, n_users + 1):
        for i in rng.choice(np.arange(1, n_items + 1), 15, replace=False):
            rows.append((u, int(i), float(rng.integers(1, 6)), int(rng.integers(0, 10 * 7 * 86400))))
    frame = pd.DataFrame(rows, columns=["user_id", "item_id", "rating", "timestamp"])
    test = frame.sample(frac=0.2, random_state=0)
    train = frame.drop(test.index).reset_index(drop=True)
    genres = pd.DataFrame(
        rng.integers(0, 2, (n_items, 4)), index=np.arange(1, n_items + 1), columns=list("ABCD")
    )
    genres["A"] = np.where(genres.sum(axis=1) == 0, 1, genres["A"])
    return train, test.reset_index(drop=True), genres.astype(float)


def test_the_item_mean_is_exactly_stable(data):
    train, test, _ = data
    result = consistency.prediction_stability("item_mean", train, test, n_added=50, n_eval_users=10, rng=0)
    assert result.max_shift < 1e-12
    assert result.n_added == 50 and result.n_evaluated > 0


def test_baseline_biases_move_a_little(data):
    train, test, _ = data
    result = consistency.prediction_stability(
        "baseline_biases", train, test, n_added=50, n_eval_users=10, rng=0
    )
    assert 0 < result.mas <= result.rmss <= result.max_shift


def test_too_many_added_predictions_are_refused(data):
    train, test, _ = data
    with pytest.raises(ValueError, match="n_added"):
        consistency.prediction_stability("item_mean", train, test, n_added=10**6, n_eval_users=10, rng=0)


def test_deterministic_models_keep_their_lists_under_a_new_seed(data):
    train, test, _ = data
    out = consistency.topn_stability("baseline_biases", train, test, k=5, n_eval_users=10, rng=0)
    assert out["new_seed"]["jaccard"] == 1.0
    assert set(out) == set(consistency.RETRAINS)
    rows = [consistency.topn_stability_task("most_popular", r, train, test, 5, 10, np.random.default_rng(r))
            for r in range(2)]  # fmt: skip
    summary = consistency.summarize_overlap(rows)
    assert (summary["jaccard_low"] <= summary["jaccard"] + 1e-12).all()


def test_calibration_falls_with_lambda(data):
    train, test, genres = data
    model = consistency.make_model("most_popular").fit(train)
    users = np.sort(test.loc[test["rating"] >= 4, "user_id"].unique())[:20]
    case = consistency.calibration_case(model, train, test, genres, users, n_candidates=12)
    curve = consistency.calibration_tradeoff(case, [0.0, 0.5, 0.99], k=5)
    assert curve["miscalibration"].iloc[-1] < curve["miscalibration"].iloc[0]
    table = consistency.beyond_accuracy_table({"pop": case.rerank(0.0, 5)}, case, train, np.arange(1, 31))
    assert 0 < table.loc["pop", "coverage"] <= 1


def test_trust_cost_is_zero_within_expectation_and_follows_the_paths():
    paths = {key: 0.5 for key in consistency.TRUST_PATHS}
    assert consistency.trust_cost_of_churn(0.1, 0.2, -0.5, paths).cognitive == 0.0
    cost = consistency.trust_cost_of_churn(0.6, 0.2, -0.5, paths)
    assert cost.understanding == pytest.approx(-0.2)
    assert cost.intention == pytest.approx(-0.2 * 0.5 * 0.5 * 2)
    with pytest.raises(ValueError, match="paths lacks"):
        consistency.trust_cost_of_churn(0.6, 0.2, -0.5, {})


def test_unknown_algorithm_is_refused():
    with pytest.raises(ValueError):
        consistency.make_model("svd++")


@pytest.mark.parametrize("algorithm", ["user_knn_basic", "user_knn_means"])
def test_user_knn_stability_equals_the_dense_path(data, algorithm, monkeypatch):
    from helpers.consistency import stability

    train, test, _ = data
    fast = consistency.prediction_stability(algorithm, train, test, n_added=50, n_eval_users=10, rng=4)
    monkeypatch.setattr(stability, "UserKNNRecommender", type("NotAModel", (), {}))  # every P1 dense
    dense = consistency.prediction_stability(algorithm, train, test, n_added=50, n_eval_users=10, rng=4)
    assert fast == dense
