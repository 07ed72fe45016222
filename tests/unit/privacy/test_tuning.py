"""Specifications of helpers.privacy.tuning, .billboard, .references and .optout_study: choices made on
validation, a capacity shared across epsilons, joint-DP global effects, and the epsilon-aware opt-out sweep."""

import math

import numpy as np
import pandas as pd
import pytest

from helpers import privacy, recsys, sweep
from helpers.simulate import privacy as optout

from .common import rng, toy_ratings

FAST = privacy.PrivateConfig(als_iter=1, dpsgd_steps=3)


@pytest.fixture(autouse=True)
def _no_progress_bars_and_no_cluster(monkeypatch):
    monkeypatch.setenv(sweep.PROGRESS_ENV, "off")
    monkeypatch.delenv(sweep.SCHEDULER_ENV, raising=False)


def test_billboard_user_effects_are_each_users_own_shrunk_mean_residual():
    train = toy_ratings()
    model = privacy.billboard_global_effects(train, math.inf, rng(), beta_user=10.0)
    g, item = model.global_mean, model.item_effect.reindex(train["item_id"]).to_numpy()
    resid = np.clip(train["rating"].to_numpy() - g - item, -2, 2)
    own = pd.Series(resid).groupby(train["user_id"].to_numpy()).agg(["sum", "count"])
    assert model.user_effect.to_numpy() == pytest.approx((own["sum"] / (own["count"] + 10.0)).to_numpy())


def test_billboard_release_does_not_move_with_one_users_private_effect():
    """The billboard (global mean, item effects) is the same whatever the users' own effects are."""
    train = toy_ratings()
    a = privacy.billboard_global_effects(train, 1.0, rng(3), beta_user=1.0)
    b = privacy.billboard_global_effects(train, 1.0, rng(3), beta_user=100.0)
    assert a.global_mean == b.global_mean
    assert a.item_effect.equals(b.item_effect)
    assert not a.user_effect.equals(b.user_effect)


def test_billboard_beats_central_dp_global_effects_at_small_epsilon_on_average():
    train, test = recsys.train_test_split(toy_ratings(), 0.2, rng())
    err = {m: np.mean([recsys.rmse(test["rating"], privacy.fit_private(m, train, 0.5, rng(s)).predict(test))
                       for s in range(5)]) for m in ("billboard_global_effects", "dp_global_effects")}  # fmt: skip
    assert err["billboard_global_effects"] < err["dp_global_effects"]


def test_tuning_candidates_are_the_first_settings_of_each_method():
    two = privacy.tuning_candidates(2)
    assert two["dp_sgd_mf"] == privacy.TUNING_CANDIDATES["dp_sgd_mf"][:2]
    assert two["dp_global_mean"] == ({},)


def test_tune_private_scores_every_method_epsilon_and_candidate():
    fit, valid = recsys.train_test_split(toy_ratings(), 0.3, rng())
    candidates = privacy.tuning_candidates(2)
    runs = privacy.tune_private(fit, valid, [1.0, math.inf], ["dp_global_effects", "local_dp"], config=FAST,
                                candidates=candidates, backend="serial")  # fmt: skip
    assert len(runs) == 2 * 2 * 2 and set(runs["epsilon"]) == {"1", "inf"}
    assert np.isfinite(runs["rmse"]).all()


def _table(rows):
    return pd.DataFrame(rows, columns=["method", "epsilon", "candidate", "rmse"])


def test_choose_tuning_keeps_one_capacity_at_every_epsilon_and_picks_the_rest_per_epsilon():
    candidates = {"local_dp": privacy.TUNING_CANDIDATES["local_dp"], "dp_global_effects": ({"noise_shrinkage": 1.0},
                  {"noise_shrinkage": 4.0})}  # fmt: skip
    # local_dp: 10 factors (candidates 0, 1) win on average, though 30 factors (candidate 2) win at epsilon 1
    rmse = {("1", 0): 1.00, ("1", 1): 0.99, ("1", 2): 0.95, ("1", 3): 1.2,
            ("10", 0): 0.90, ("10", 1): 0.91, ("10", 2): 1.00, ("10", 3): 1.2,
            ("inf", 0): 0.89, ("inf", 1): 0.88, ("inf", 2): 0.80, ("inf", 3): 0.8}  # fmt: skip
    rows = [("local_dp", e, c, v) for (e, c), v in rmse.items()]
    rows += [("dp_global_effects", e, c, 0.95 + 0.01 * c) for e in ("1", "10", "inf") for c in (0, 1)]
    choice = privacy.choose_tuning(_table(rows), candidates)
    assert choice.capacity == {"local_dp": 10}
    assert choice.tuned["local_dp"]["1"] == candidates["local_dp"][1]
    assert choice.tuned["local_dp"]["10"] == candidates["local_dp"][0]
    assert choice.tuned["local_dp"]["inf"]["als_factors"] == 10  # its own non-private version: same capacity
    assert choice.best_by_epsilon == {"1": "dp_global_effects", "10": "local_dp"}
    assert choice.best_by_unit["value of a rating"] == {"1": "local_dp", "10": "local_dp"}


def test_reassurance_fades_with_epsilon_and_is_weaker_for_weaker_units():
    model = optout.PrivacyConcernModel()
    assert model.reassurance(math.inf, "whole user") == 0.0
    assert model.reassurance(2.0, "whole user") == pytest.approx(model.dp_reassurance / 2)
    assert model.reassurance(0.5) > model.reassurance(1.0) > model.reassurance(10.0)
    assert (model.reassurance(1.0, "value of a rating") < model.reassurance(1.0, "presence of a rating")
            < model.reassurance(1.0, "whole user"))  # fmt: skip
    assert optout.UNITS == privacy.UNITS


def test_more_users_opt_out_at_epsilon_10_than_at_epsilon_1_and_the_flat_model_is_unchanged():
    model = optout.PrivacyConcernModel()
    at_1 = model.expected_opt_out_share(True, 1.0, "presence of a rating")
    at_10 = model.expected_opt_out_share(True, 10.0, "presence of a rating")
    assert at_1 < at_10 < model.expected_opt_out_share(False)
    assert model.expected_opt_out_share(True) == pytest.approx(0.106, abs=0.001)  # the first version's 10.6%


def test_optout_sweep_has_one_row_per_assumption_and_epsilon():
    train, test = recsys.train_test_split(toy_ratings(), 0.2, rng())
    users, items = np.sort(train["user_id"].unique()), np.sort(toy_ratings()["item_id"].unique())
    result = privacy.optout_sweep(
        train, test, users, items, {"1": "dp_global_effects", "10": "billboard_global_effects"},
        {"n_factors": 2, "reg": 0.1, "n_iter": 1}, [{"reassurance_half_epsilon": 0.5}, {"reassurance_half_epsilon": 8.0}],
        config=FAST, backend="serial",
    )  # fmt: skip
    assert len(result.table) == 4
    assert set(result.table["unit"]) == {"presence of a rating"}
    by = result.table.set_index(["reassurance_half_epsilon", "epsilon"])["opted out"]
    assert by[(8.0, "10")] <= by[(0.5, "10")] <= result.no_dp["opted out"]


def test_references_get_the_same_budget_and_cross_validation_has_a_row_per_fold():
    fit, valid = recsys.train_test_split(toy_ratings(), 0.3, rng())
    table, chosen = privacy.tune_references(fit, valid, n_iter=1, budget=2, backend="serial")
    assert table.groupby("model").size().to_dict() == {"ALS": 2, "SVD": 2}
    assert set(chosen) == {"ALS", "SVD"}
    cv = privacy.surprise_cross_validation(toy_ratings(), ["BaselineOnly"], 3, backend="serial")
    assert sorted(cv["fold"]) == [0, 1, 2] and np.isfinite(cv["rmse"]).all()


def test_calibration_tables_match_the_mechanisms_row_by_row():
    table = privacy.noise_calibration_table([1.0, 10.0], 4.0, 1e-5, 5)
    assert table["laplace_scale"].tolist() == [4.0, 0.4]
    assert table["sigma_analytic"][0] == privacy.gaussian_sigma_analytic(4.0, 1.0, 1e-5)
    assert table["true_delta_of_classic"][1] > 1e-5 > table["true_delta_of_classic"][0]  # invalid only at 10
    dpsgd = privacy.dpsgd_calibration_table([1.0, math.inf], 0.2, 20, 1e-6)
    assert dpsgd["epsilon"].tolist() == [1.0]
    assert dpsgd["noise multiplier"][0] == privacy.dpsgd_noise_multiplier(1.0, 0.2, 20, 1e-6)
