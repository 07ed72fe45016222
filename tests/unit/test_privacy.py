"""Specifications of helpers.privacy: mechanisms, accounting, audits and the DP recommenders."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import privacy, recsys


def rng(seed=0):
    return np.random.default_rng(seed)


# ---------------------------------------------------------------------------------------------- input checks

BAD_EPSILONS = [0, -1, math.inf, math.nan]


@pytest.mark.parametrize("epsilon", BAD_EPSILONS)
def test_laplace_rejects_epsilon_not_positive_and_finite(epsilon):
    with pytest.raises(ValueError, match="epsilon must be a positive finite number"):
        privacy.laplace(1.0, 1.0, epsilon, rng())


@pytest.mark.parametrize("epsilon", BAD_EPSILONS)
def test_gaussian_rejects_epsilon_not_positive_and_finite(epsilon):
    with pytest.raises(ValueError, match="epsilon"):
        privacy.gaussian(1.0, 1.0, epsilon, 1e-5, rng())


@pytest.mark.parametrize("delta", [0, -1e-5, 1, 1.5, math.nan, math.inf])
def test_gaussian_rejects_delta_outside_zero_one(delta):
    with pytest.raises(ValueError, match="delta must be positive and below 1"):
        privacy.gaussian(1.0, 1.0, 1.0, delta, rng())


@pytest.mark.parametrize("sensitivity", [0, -2, math.inf])
def test_mechanisms_reject_sensitivity_not_positive(sensitivity):
    with pytest.raises(ValueError, match="sensitivity"):
        privacy.laplace(1.0, sensitivity, 1.0, rng())
    with pytest.raises(ValueError, match="sensitivity"):
        privacy.gaussian(1.0, sensitivity, 1.0, 1e-5, rng())


def test_mechanisms_reject_empty_input():
    with pytest.raises(ValueError, match="empty"):
        privacy.laplace([], 1.0, 1.0, rng())
    with pytest.raises(ValueError, match="empty"):
        privacy.gaussian([], 1.0, 1.0, 1e-5, rng())
    with pytest.raises(ValueError, match="empty"):
        privacy.randomized_response([], [1, 2, 3, 4, 5], 1.0, rng())


def test_randomized_response_rejects_ratings_outside_the_scale():
    with pytest.raises(ValueError, match="outside the declared categories"):
        privacy.randomized_response([1, 3, 6], [1, 2, 3, 4, 5], 1.0, rng())


def test_private_recommenders_reject_ratings_outside_the_scale():
    ratings = pd.DataFrame({"user_id": [1, 2], "item_id": [1, 1], "rating": [3.0, 6.0]})
    with pytest.raises(ValueError, match="outside the declared scale"):
        privacy.perturb_ratings(ratings, 1.0, rng())
    with pytest.raises(ValueError, match="outside the declared scale"):
        privacy.dp_global_effects(ratings, 1.0, rng())


def test_mechanisms_require_an_explicit_generator():
    with pytest.raises(ValueError, match="default_rng"):
        privacy.laplace(1.0, 1.0, 1.0, 42)


# ---------------------------------------------------------------------------------------------- mechanisms


def test_laplace_is_vectorized_and_has_the_calibrated_spread():
    noisy = privacy.laplace(np.zeros(200_000), sensitivity=2.0, epsilon=0.5, rng=rng())
    assert noisy.shape == (200_000,)
    assert np.std(noisy) == pytest.approx(math.sqrt(2) * 4.0, rel=0.02)


def test_scalar_in_scalar_out():
    assert isinstance(privacy.laplace(3.0, 1.0, 1.0, rng()), float)
    assert isinstance(privacy.gaussian(3.0, 1.0, 1.0, 1e-5, rng()), float)


@given(st.floats(0.05, 5), st.floats(0.05, 5))
@settings(max_examples=30, deadline=None)
def test_noise_scale_grows_as_epsilon_shrinks(e1, e2):
    low, high = sorted([e1, e2])
    assert privacy.gaussian_sigma_analytic(1.0, low, 1e-5) >= privacy.gaussian_sigma_analytic(1.0, high, 1e-5)


@pytest.mark.parametrize("epsilon", [0.1, 0.5, 1.0, 3.0, 10.0])
def test_analytic_gaussian_meets_delta_exactly(epsilon):
    sigma = privacy.gaussian_sigma_analytic(1.0, epsilon, 1e-5)
    assert privacy.gaussian_delta(sigma, 1.0, epsilon) == pytest.approx(1e-5, rel=1e-4)


@pytest.mark.parametrize("epsilon", [0.1, 0.5, 0.9])
def test_analytic_gaussian_needs_less_noise_than_the_classic_bound(epsilon):
    assert privacy.gaussian_sigma_analytic(1.0, epsilon, 1e-5) < privacy.gaussian_sigma_classic(
        1.0, epsilon, 1e-5
    )


def test_classic_bound_fails_its_delta_at_large_epsilon():
    sigma = privacy.gaussian_sigma_classic(1.0, 10.0, 1e-5)
    assert privacy.gaussian_delta(sigma, 1.0, 10.0) > 1e-5


def test_randomized_response_keeps_the_true_value_at_the_stated_rate():
    values = np.full(100_000, 3)
    reports = privacy.randomized_response(values, [1, 2, 3, 4, 5], 1.0, rng())
    assert np.mean(reports == 3) == pytest.approx(math.e / (math.e + 4), abs=0.005)
    assert set(np.unique(reports)) == {1, 2, 3, 4, 5}


def test_randomized_response_debiasing_is_unbiased():
    values = rng(1).integers(1, 6, 200_000)
    reports = privacy.randomized_response(values, [1, 2, 3, 4, 5], 1.0, rng(2))
    assert privacy.rr_unbiased(reports, [1, 2, 3, 4, 5], 1.0).mean() == pytest.approx(values.mean(), abs=0.05)


# ---------------------------------------------------------------------------------------------- Mironov, audits


def test_naive_sampler_outputs_are_often_impossible_under_the_neighbour():
    outputs = privacy.naive_laplace(0.0, 1.0, 20_000, rng())
    assert privacy.naive_laplace_can_output(outputs, 0.0, 1.0).all()  # the check accepts the true input
    assert privacy.naive_laplace_can_output(outputs, 1.0, 1.0).mean() < 0.5


def test_audit_catches_the_floating_point_leak_of_the_naive_sampler():
    result = privacy.audit_epsilon(lambda x, n, r: privacy.naive_laplace(x, 1.0, n, r), 0.0, 1.0, 1.0, 20_000,
                                   rng(), statistic=lambda y: privacy.low_bits_statistic(y, 1.0))  # fmt: skip
    assert result.violated and result.epsilon_lower > 3


def test_audit_of_a_correct_laplace_stays_below_its_claim():
    result = privacy.audit_epsilon(lambda x, n, r: privacy.laplace(np.full(n, x), 1.0, 1.0, r), 0.0, 1.0, 1.0,
                                   50_000, rng(3))  # fmt: skip
    assert not result.violated
    assert result.epsilon_lower > 0.7  # and the audit is tight enough to mean something


def test_audit_of_randomized_response_stays_below_its_claim():
    mech = lambda x, n, r: privacy.randomized_response(np.full(n, x), [1, 2, 3, 4, 5], 1.0, r)
    assert not privacy.audit_epsilon(mech, 1, 5, 1.0, 50_000, rng(4)).violated


def test_audit_catches_the_resampling_bounded_laplace():
    mech = lambda x, n, r: privacy.bounded_laplace_naive(np.full(n, x), 1.0, 1.0, 1.0, 5.0, r)
    result = privacy.audit_epsilon(mech, 1.0, 2.0, 1.0, 100_000, rng(5))
    assert result.violated
    assert result.epsilon_lower <= privacy.bounded_laplace_true_epsilon(1.0, 2.0, 1.0, 1.0, 1.0, 5.0)


def test_bounded_laplace_true_epsilon_exceeds_the_claim():
    assert privacy.bounded_laplace_true_epsilon(1.0, 2.0, 1.0, 1.0, 1.0, 5.0) == pytest.approx(
        1.4774, abs=1e-3
    )


def test_clopper_pearson_contains_the_estimate():
    low, high = privacy.clopper_pearson(30, 100)
    assert low < 0.3 < high and 0 <= low and high <= 1


def test_membership_inference_on_identical_losses_finds_nothing():
    losses = rng(6).exponential(1.0, 4000)
    attack = privacy.membership_inference(losses[:2000], losses[2000:], rng(7))
    assert attack.auc == pytest.approx(0.5, abs=0.04)
    assert attack.epsilon_lower < 0.3


def test_membership_inference_detects_memorization():
    attack = privacy.membership_inference(
        rng(8).exponential(0.2, 2000), rng(9).exponential(1.0, 2000), rng(10)
    )
    assert attack.auc > 0.75 and attack.epsilon_lower > 0.5


# ---------------------------------------------------------------------------------------------- accounting


def test_rdp_accountant_reproduces_the_opacus_reference_value():
    assert privacy.dpsgd_epsilon(1.5, 0.04, 2250, 1e-5) == pytest.approx(7.329, abs=0.01)


def test_calibrated_noise_multiplier_meets_but_does_not_exceed_the_budget():
    sigma = privacy.dpsgd_noise_multiplier(2.0, 0.2, 50, 1e-6)
    assert privacy.dpsgd_epsilon(sigma, 0.2, 50, 1e-6) <= 2.0
    assert privacy.dpsgd_epsilon(sigma * 0.99, 0.2, 50, 1e-6) > 2.0


# ---------------------------------------------------------------------------------------------- recommenders


def toy_ratings(seed=0):
    r = rng(seed)
    u, i = np.nonzero(r.random((80, 50)) < 0.4)
    truth = 3.2 + r.normal(0, 0.6, 50)[i] + r.normal(0, 0.4, 80)[u]
    return pd.DataFrame({"user_id": u + 1, "item_id": i + 1, "rating": np.clip(np.round(truth), 1, 5)})


def test_dp_global_mean_is_exact_without_noise_and_close_with_large_epsilon():
    ratings = toy_ratings()
    assert privacy.dp_global_mean(ratings, math.inf, rng()) == pytest.approx(ratings["rating"].mean())
    assert privacy.dp_global_mean(ratings, 10.0, rng()) == pytest.approx(ratings["rating"].mean(), abs=0.05)


def test_input_perturbation_adds_laplace_noise_of_range_over_epsilon():
    ratings = toy_ratings()
    noisy = privacy.perturb_ratings(ratings, 2.0, rng())
    assert np.std(noisy["rating"] - ratings["rating"]) == pytest.approx(math.sqrt(2) * 2.0, rel=0.1)


@pytest.mark.parametrize("method", privacy.METHODS)
def test_every_private_method_fits_and_predicts_on_the_scale(method):
    train, test = recsys.train_test_split(toy_ratings(), 0.2, rng())
    config = privacy.PrivateConfig(als_iter=2, dpsgd_steps=5)
    model = privacy.fit_private(method, train, 1.0, rng(), config)
    pred = model.predict(test)
    assert pred.shape == (len(test),) and np.all((pred >= 1) & (pred <= 5))


def test_global_effects_without_noise_beat_the_global_mean():
    train, test = recsys.train_test_split(toy_ratings(), 0.2, rng())
    effects = privacy.dp_global_effects(train, math.inf, rng())
    mean = privacy.dp_global_mean(train, math.inf, rng())
    assert recsys.rmse(test["rating"], effects.predict(test)) < recsys.rmse(
        test["rating"], np.full(len(test), mean)
    )


def test_unknown_method_is_rejected():
    with pytest.raises(ValueError, match="unknown method"):
        privacy.fit_private("dp_magic", toy_ratings(), 1.0, rng())


def test_grid_has_one_row_per_method_epsilon_and_seed_and_nests_for_results():
    train, test = recsys.train_test_split(toy_ratings(), 0.2, rng())
    config = privacy.PrivateConfig(als_iter=2, dpsgd_steps=5)
    grid = privacy.privacy_utility_grid(train, test, [1.0, math.inf], ["dp_global_mean", "dp_global_effects"],
                                        seeds=(0, 1), config=config, n_attack=50)  # fmt: skip
    assert len(grid) == 2 * 2 * 2
    nested = privacy.nested_by_epsilon(grid)
    assert set(nested) == {"dp_global_mean", "dp_global_effects"}
    assert list(nested["dp_global_effects"]) == ["1", "inf"]


def test_epsilon_labels():
    assert [privacy.epsilon_label(e) for e in [0.1, 1, 10.0, math.inf]] == ["0.1", "1", "10", "inf"]


# ---------------------------------------------------------------------------------------------- widget


def fake_grid():
    rows = []
    for m in privacy.METHODS:
        for j, e in enumerate(["0.1", "1", "inf"]):
            for s in (0, 1):
                rows.append({"method": m, "epsilon": e, "seed": s, "rmse": 1.2 - 0.1 * j - 0.01 * privacy.METHODS.index(m),
                             "mia_auc": 0.5 + 0.01 * j})  # fmt: skip
    return pd.DataFrame(rows)


def test_epsilon_view_reports_the_numbers_it_draws():
    import matplotlib.pyplot as plt

    from helpers.widgets import privacy as widget

    fig, numbers = widget.epsilon_view(fake_grid(), "1", nonprivate_rmse=0.9)
    plt.close(fig)
    assert numbers["laplace_scale"] == 4.0
    assert numbers["rmse"]["local_dp"] == pytest.approx(1.06)
    assert numbers["best_private"] == "local_dp"


def test_epsilon_view_rejects_an_epsilon_not_in_the_grid():
    from helpers.widgets import privacy as widget

    with pytest.raises(ValueError, match="not in the grid"):
        widget.epsilon_view(fake_grid(), "3")


def test_epsilon_widget_redraws_when_the_slider_moves():
    from helpers.widgets import privacy as widget

    box = widget.epsilon_widget(fake_grid(), nonprivate_rmse=0.9)
    slider, view = box.children
    caption, image = view.children
    first = image.value
    slider.value = "inf"
    assert image.value != first and image.value[:4] == b"\x89PNG"
    assert "sd 0.00 stars" in caption.value
