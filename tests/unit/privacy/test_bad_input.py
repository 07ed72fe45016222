"""Every public function of helpers.privacy (and of the opt-out simulation and the notebook-04 widget) fails
closed: a bad value for any one argument raises a ValueError or TypeError with a message, never a number.

``CALLS`` lists one valid call of each and the bad values each argument must refuse; ``EXEMPT`` the public
names with nothing to refuse. The cases named in issues 12 and 16 have their own tests at the end.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import privacy
from helpers.simulate import privacy as optout
from helpers.widgets import privacy as widget
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
from unit.privacy.bad_input_tuning import TUNING_CALLS, TUNING_EXEMPT

# ---- bad values by kind of argument

POSITIVE = NOT_A_NUMBER + NON_FINITE + NON_POSITIVE  # epsilon, sensitivity, scale
POSITIVE_OR_INF = NOT_A_NUMBER + [-math.inf] + NON_POSITIVE  # epsilon where inf means "no privacy"
FINITE = NOT_A_NUMBER + NON_FINITE
NONNEGATIVE = NOT_A_NUMBER + NON_FINITE + NEGATIVE
DELTA = NOT_A_NUMBER + NON_FINITE + [0.0, 1.0, -0.1, 1.5]
AUDIT_DELTA = NOT_A_NUMBER + NON_FINITE + [-0.1, 1.0]  # delta = 0 is allowed in an audit
RATE = NOT_A_NUMBER + NON_FINITE + [0.0, -0.1, 1.1]  # a sampling rate in (0, 1]
CONFIDENCE = NOT_A_NUMBER + NON_FINITE + [0.0, 1.0, 1.5]
VALUES = [[], [math.nan], [math.inf], "1", None, object()]
SCALE = [(5.0, 1.0), (1.0, 1.0), (1.0,), "15", None, (1.0, math.nan), (1.0, math.inf)]
CATEGORIES = [[1], [1, 1], "12345", None, [1, math.nan], [[1, 2], [3, 4]]]
IDS = ["123", [], [math.nan], [1, 2]]  # [1, 2] misses users and items of the frame

RATINGS = ratings_frame()
FRAMES = [
    None,
    "ratings",
    pd.DataFrame(),
    RATINGS.drop(columns="rating"),
    RATINGS.assign(rating=np.r_[np.nan, RATINGS["rating"].to_numpy()[1:]]),
    RATINGS.assign(rating=np.r_[6.0, RATINGS["rating"].to_numpy()[1:]]),
    RATINGS.assign(user_id=np.r_[np.nan, RATINGS["user_id"].to_numpy()[1:]]),
    RATINGS.assign(rating=RATINGS["rating"].astype(int).astype(str)),
    RATINGS.assign(rating=True),
]
PREDICT_FRAMES = [None, "frame", pd.DataFrame({"user_id": [1]})]
SAMPLES = np.random.default_rng(0).normal(0, 1, 50)
BAD_SAMPLES = [[], [1.0, 2.0, 3.0], np.r_[SAMPLES, np.nan], np.r_[SAMPLES, np.inf], "samples", None]
LOSSES = np.random.default_rng(1).exponential(1.0, 50)
BAD_LOSSES = BAD_SAMPLES + [np.r_[LOSSES, -1.0]]


def _grid() -> pd.DataFrame:
    rows = [
        {
            "method": m,
            "epsilon": e,
            "seed": s,
            "rmse": 1.0 + 0.01 * j,
            "mae": 0.8,
            "mia_auc": 0.5,
            "mia_epsilon_lower": 0.0,
        }
        for j, m in enumerate(privacy.METHODS)
        for e in ("1", "inf")
        for s in (0, 1)
    ]
    return pd.DataFrame(rows)


GRID = _grid()
BAD_GRIDS = [
    None,
    "grid",
    GRID.iloc[:0],
    GRID.drop(columns="rmse"),
    GRID.assign(rmse=np.nan),
    GRID.assign(method="dp_magic"),
    GRID.assign(epsilon="zero"),
    GRID.assign(epsilon=1.0),
]


def _mechanism(x, n, rng):
    return privacy.laplace(np.full(n, x), 1.0, 1.0, rng)


EFFECTS = privacy.dp_global_effects(RATINGS, math.inf, 0)
DPSGD = privacy.DPSGDMatrixFactorization(1.0, steps=2, rng=0).fit(RATINGS)
OPTOUT = optout.PrivacyConcernModel()
USERS = optout.simulate_users([1, 2, 3, 4, 5], 0)
FAST = privacy.PrivateConfig(als_iter=1, dpsgd_steps=2)


def fit_dpsgd(train, rng=0):
    """Fit a two-step DP-SGD model (covers ``fit``'s own checks: the frame and the generator)."""
    return privacy.DPSGDMatrixFactorization(1.0, steps=2, rng=rng).fit(train)


CALLS = [
    # mechanisms
    Call(
        privacy.laplace,
        {"value": 1.0, "sensitivity": 1.0, "epsilon": 1.0, "rng": 0},
        {"value": VALUES, "sensitivity": POSITIVE, "epsilon": POSITIVE, "rng": NOT_A_GENERATOR},
    ),
    Call(
        privacy.gaussian,
        {"value": [1.0, 2.0], "sensitivity": 1.0, "epsilon": 1.0, "delta": 1e-5, "rng": 0},
        {
            "value": VALUES,
            "sensitivity": POSITIVE,
            "epsilon": POSITIVE,
            "delta": DELTA,
            "rng": NOT_A_GENERATOR,
            "calibration": ["exact", None, 1],
        },
    ),
    Call(
        privacy.gaussian_sigma_classic,
        {"sensitivity": 1.0, "epsilon": 1.0, "delta": 1e-5},
        {"sensitivity": POSITIVE, "epsilon": POSITIVE, "delta": DELTA},
    ),
    Call(
        privacy.gaussian_sigma_analytic,
        {"sensitivity": 1.0, "epsilon": 1.0, "delta": 1e-5},
        {"sensitivity": POSITIVE, "epsilon": POSITIVE, "delta": DELTA},
    ),
    Call(
        privacy.gaussian_delta,
        {"sigma": 1.0, "sensitivity": 1.0, "epsilon": 1.0},
        {"sigma": POSITIVE, "sensitivity": POSITIVE, "epsilon": NONNEGATIVE},
    ),
    Call(
        privacy.randomized_response,
        {"values": [1, 2, 3], "categories": [1, 2, 3], "epsilon": 1.0, "rng": 0},
        {
            "values": [[], "123", [1, 7], [None], ["1"], [math.nan]],
            "categories": CATEGORIES,
            "epsilon": POSITIVE,
            "rng": NOT_A_GENERATOR,
        },
    ),
    Call(
        privacy.rr_keep_probability,
        {"epsilon": 1.0, "k": 5},
        {"epsilon": POSITIVE_OR_INF, "k": NOT_A_COUNT + [0, 1]},
    ),
    Call(
        privacy.rr_unbiased,
        {"reports": [1, 2], "categories": [1, 2, 3], "epsilon": 1.0},
        {
            "reports": [[], [math.nan], [7], "1", None],
            "categories": CATEGORIES + [["a", "b"]],
            "epsilon": POSITIVE,
        },
    ),
    # pitfalls
    Call(
        privacy.naive_laplace,
        {"value": 0.0, "scale": 1.0, "size": 10, "rng": 0},
        {"value": FINITE, "scale": POSITIVE, "size": NOT_A_COUNT + [0, 10**12], "rng": NOT_A_GENERATOR},
    ),
    Call(
        privacy.naive_laplace_can_output,
        {"outputs": [0.5], "value": 0.0, "scale": 1.0, "search": 4},
        {
            "outputs": [[], [math.nan], "x", None],
            "value": FINITE,
            "scale": POSITIVE,
            "search": [-1, 2.5, None, "3", 10**6],
        },
    ),
    Call(
        privacy.opendp_laplace,
        {"value": 0.0, "scale": 1.0, "size": 3},
        {"value": FINITE, "scale": POSITIVE, "size": NOT_A_COUNT + [0, 10**12]},
    ),
    Call(
        privacy.low_bits_statistic,
        {"outputs": [1.0, 2.0], "neighbour": 1.0},
        {"outputs": [[], [math.nan], "x", None], "neighbour": FINITE},
    ),
    Call(
        privacy.bounded_laplace_naive,
        {"value": 2.0, "sensitivity": 1.0, "epsilon": 1.0, "lower": 1.0, "upper": 5.0, "rng": 0},
        {
            "value": VALUES + [0.0, 6.0],
            "sensitivity": POSITIVE + [1e6],
            "epsilon": POSITIVE + [1e-6],
            "lower": FINITE + [5.0, 6.0],
            "upper": FINITE + [1.0, 0.0],
            "rng": NOT_A_GENERATOR,
        },
    ),
    Call(
        privacy.bounded_laplace_true_epsilon,
        {"x0": 1.0, "x1": 2.0, "sensitivity": 1.0, "epsilon": 1.0, "lower": 1.0, "upper": 5.0},
        {
            "x0": FINITE + [0.0, 6.0],
            "x1": FINITE + [6.0],
            "sensitivity": POSITIVE,
            "epsilon": POSITIVE,
            "lower": FINITE + [5.0],
            "upper": FINITE + [1.0],
        },
    ),
    # audit
    Call(
        privacy.audit_epsilon,
        {"mechanism": _mechanism, "x0": 0.0, "x1": 1.0, "epsilon": 1.0, "n": 100, "rng": 0},
        {
            "mechanism": [None, "laplace", 1],
            "epsilon": POSITIVE,
            "n": NOT_A_COUNT + [0, 7, 10**12],
            "rng": NOT_A_GENERATOR,
            "delta": AUDIT_DELTA,
            "confidence": CONFIDENCE,
            "statistic": ["abs", 1],
        },
    ),
    Call(
        privacy.epsilon_lower_bound,
        {"s0": SAMPLES, "s1": SAMPLES + 1, "rng": 0},
        {
            "s0": BAD_SAMPLES,
            "s1": BAD_SAMPLES,
            "rng": NOT_A_GENERATOR,
            "delta": AUDIT_DELTA,
            "confidence": CONFIDENCE,
        },
    ),
    Call(
        privacy.membership_inference,
        {"member_losses": LOSSES, "nonmember_losses": LOSSES + 0.5, "rng": 0},
        {
            "member_losses": BAD_LOSSES,
            "nonmember_losses": BAD_LOSSES,
            "rng": NOT_A_GENERATOR,
            "confidence": CONFIDENCE,
        },
    ),
    Call(
        privacy.clopper_pearson,
        {"successes": 3, "trials": 10},
        {"successes": NOT_A_COUNT + [12], "trials": NOT_A_COUNT + [0], "confidence": CONFIDENCE},
    ),
    # accounting
    Call(
        privacy.dpsgd_epsilon,
        {"noise_multiplier": 1.0, "sampling_rate": 0.1, "steps": 10, "delta": 1e-5},
        {"noise_multiplier": NONNEGATIVE, "sampling_rate": RATE, "steps": NOT_A_COUNT + [0], "delta": DELTA},
    ),
    Call(
        privacy.dpsgd_noise_multiplier,
        {"epsilon": 1.0, "sampling_rate": 0.1, "steps": 10, "delta": 1e-5},
        {
            "epsilon": POSITIVE_OR_INF + [1e6],
            "sampling_rate": RATE,
            "steps": NOT_A_COUNT + [0],
            "delta": DELTA,
        },
    ),
    # recommenders
    Call(
        privacy.rating_noise,
        {"epsilon": 1.0},
        {"epsilon": POSITIVE_OR_INF, "rating_scale": SCALE},
    ),
    Call(privacy.RatingNoise(1.0, 4.0).density, {"x": [0.0]}, {"x": [[], [math.nan], "x", None]}),
    Call(
        privacy.GlobalEffects,
        {
            "global_mean": 3.0,
            "item_effect": pd.Series([0.1], index=[1]),
            "user_effect": pd.Series([0.2], index=[1]),
        },
        {
            "global_mean": FINITE,
            "item_effect": [None, [0.1], pd.Series([math.nan])],
            "user_effect": [None, pd.Series([math.inf])],
            "rating_scale": SCALE,
        },
    ),
    Call(EFFECTS.predict, {"frame": RATINGS}, {"frame": PREDICT_FRAMES}),
    Call(
        privacy.dp_global_mean,
        {"train": RATINGS, "epsilon": 1.0, "rng": 0},
        {"train": FRAMES, "epsilon": POSITIVE_OR_INF, "rng": NOT_A_GENERATOR, "scale": SCALE},
    ),
    Call(
        privacy.dp_global_effects,
        {"train": RATINGS, "epsilon": 1.0, "rng": 0},
        {
            "train": FRAMES,
            "epsilon": POSITIVE_OR_INF,
            "rng": NOT_A_GENERATOR,
            "users": IDS,
            "items": IDS,
            "scale": SCALE,
            "beta_item": POSITIVE,
            "beta_user": POSITIVE,
            "clamp": POSITIVE,
            "noise_shrinkage": NONNEGATIVE,
            "split": [(0.5, 0.5), (0.1, 0.45, 0.5), (math.nan, 0.5, 0.5), (0.0, 0.5, 0.5), "abc", None],
        },
    ),
    Call(
        privacy.perturb_ratings,
        {"train": RATINGS, "epsilon": 1.0, "rng": 0},
        {"train": FRAMES, "epsilon": POSITIVE_OR_INF, "rng": NOT_A_GENERATOR, "scale": SCALE},
    ),
    Call(
        privacy.local_dp_ratings,
        {"train": RATINGS, "epsilon": 1.0, "rng": 0},
        {
            "train": FRAMES + [RATINGS.assign(rating=RATINGS["rating"] - 0.5)],
            "epsilon": POSITIVE_OR_INF,
            "rng": NOT_A_GENERATOR,
            "categories": CATEGORIES + [["a", "b"], [1, 2, 3]],
        },
    ),
    Call(
        privacy.laplace_noise_variance,
        {"epsilon": 1.0},
        {"epsilon": POSITIVE_OR_INF, "scale": SCALE},
    ),
    Call(
        privacy.rr_noise_variance,
        {"epsilon": 1.0},
        {"epsilon": POSITIVE_OR_INF, "categories": CATEGORIES + [["a", "b"]]},
    ),
    # DP-SGD
    Call(
        privacy.DPSGDMatrixFactorization,
        {"epsilon": 1.0},
        {
            "epsilon": POSITIVE_OR_INF,
            "delta": DELTA,
            "n_factors": NOT_A_COUNT + [0],
            "sampling_rate": RATE,
            "steps": NOT_A_COUNT + [0],
            "clip": POSITIVE,
            "learning_rate": POSITIVE,
            "learning_rate_mean": POSITIVE,
            "noise_lr_scale": POSITIVE,
            "weight_decay": NONNEGATIVE,
            "init_std": NONNEGATIVE,
            "rating_scale": SCALE,
            "users": IDS[:3],
            "items": IDS[:3],
        },
    ),
    Call(fit_dpsgd, {"train": RATINGS}, {"train": FRAMES, "rng": NOT_A_GENERATOR}),
    Call(DPSGD.predict, {"frame": RATINGS}, {"frame": PREDICT_FRAMES}),
    # study
    Call(
        privacy.PrivateConfig,
        {},
        {
            "als_factors": NOT_A_COUNT + [0],
            "als_iter": NOT_A_COUNT + [0],
            "als_reg": POSITIVE,
            "signal_variance": POSITIVE,
            "dpsgd_factors": NOT_A_COUNT + [0],
            "dpsgd_steps": NOT_A_COUNT + [0],
            "dpsgd_sampling_rate": RATE,
            "dpsgd_learning_rate": POSITIVE,
            "dpsgd_clip": POSITIVE,
            "delta": DELTA,
            "rating_scale": SCALE,
        },
    ),
    Call(
        privacy.fit_private,
        {"method": "dp_global_effects", "train": RATINGS, "epsilon": 1.0, "rng": 0, "config": FAST},
        {
            "method": ["dp_magic", None, 1, ["dp_global_mean"]],
            "train": FRAMES,
            "epsilon": POSITIVE_OR_INF,
            "rng": NOT_A_GENERATOR,
            "config": [None, {}, "fast"],
            "users": IDS,
            "items": IDS,
        },
    ),
    Call(
        privacy.privacy_utility_grid,
        {
            "train": RATINGS,
            "test": ratings_frame(seed=1),
            "epsilons": [1.0],
            "methods": ["dp_global_mean"],
            "seeds": (0,),
            "config": FAST,
            "n_attack": 10,
        },
        {
            "train": FRAMES,
            "test": FRAMES + [ratings_frame(1, 3)],
            "epsilons": [[], [math.nan], [0.0], "1", None, [1.0, 1.0], [1.0, "1"]],
            "methods": [[], ["dp_magic"], "dp_global_mean", None, ["dp_global_mean", "dp_global_mean"]],
            "seeds": [[], [-1], [2.5], None, "0", [0, 0]],
            "config": [None, {}],
            "users": IDS,
            "items": IDS,
            "n_attack": NOT_A_COUNT + [0, 3],
            "backend": ["threads", None, 1],
            "n_jobs": NOT_A_COUNT[:-1] + [0],  # None means one per core
            "scheduler": [8786, "", " ", ["tcp://127.0.0.1:8786"]],
        },
    ),
    Call(privacy.epsilon_label, {"epsilon": 1.0}, {"epsilon": POSITIVE_OR_INF}),
    Call(
        privacy.epsilon_from_label,
        {"label": "1"},
        {"label": [1.0, None, "abc", "0", "-1", "nan", "", "-inf"]},
    ),
    Call(
        privacy.sort_epsilon_labels, {"labels": ["1", "inf"]}, {"labels": [[1.0], ["x"], None, "10", ["0"]]}
    ),
    Call(
        privacy.summarize_grid,
        {"grid": GRID},
        {"grid": BAD_GRIDS, "value": ["seed", "x", None, "method"]},
    ),
    Call(
        privacy.nested_by_epsilon,
        {"grid": GRID},
        {"grid": BAD_GRIDS, "value": ["seed", "x", None]},
    ),
    Call(privacy.grid_epsilon_labels, {"grid": GRID}, {"grid": BAD_GRIDS}),
    Call(
        privacy.means_at_epsilon,
        {"grid": GRID, "epsilon": "1"},
        {"grid": BAD_GRIDS, "epsilon": ["3", 1.0, None, "0"]},
    ),
    Call(
        privacy.best_private_method,
        {"means": privacy.means_at_epsilon(GRID, "1")},
        {
            "means": [
                None,
                "means",
                privacy.means_at_epsilon(GRID, "1").loc[["dp_global_mean"]],
                privacy.means_at_epsilon(GRID, "1").drop(columns="rmse"),
                privacy.means_at_epsilon(GRID, "1").assign(rmse=np.nan),
            ]
        },
    ),
    # the opt-out simulation
    Call(
        optout.PrivacyConcernModel,
        {},
        {
            "concern_a": POSITIVE,
            "concern_b": POSITIVE,
            "opt_out_intercept": FINITE,
            "opt_out_slope": FINITE,
            "dp_reassurance": NOT_A_NUMBER + NON_FINITE + OUTSIDE_UNIT,
        },
    ),
    Call(
        OPTOUT.opt_out_probability,
        {"concern": [0.2, 0.8]},
        {"concern": [[], [math.nan], [-0.1], [1.1], "x", None], "dp_offered": ["yes", 1, None]},
    ),
    Call(OPTOUT.expected_opt_out_share, {}, {"dp_offered": ["yes", 1, None]}),
    Call(
        optout.simulate_users,
        {"user_ids": [1, 2, 3], "rng": 0},
        {
            "user_ids": [[], [1, 1], "abc", None, [1, None], [[1, 2]], 5],
            "rng": NOT_A_GENERATOR,
            "model": [None, "model"],
            "dp_offered": ["yes", 1, None],
        },
    ),
    Call(
        optout.drop_opted_out,
        {"ratings": RATINGS, "users": USERS},
        {
            "ratings": [None, RATINGS.drop(columns="user_id"), RATINGS.assign(user_id=99)],
            "users": [
                None,
                USERS.drop(columns="opted_out"),
                USERS.assign(opted_out=USERS["opted_out"].astype(int)),
                pd.concat([USERS, USERS]),
            ],
        },
    ),
    # the widget of notebook 04
    Call(
        widget.epsilon_view,
        {"grid": GRID, "epsilon": "1"},
        {
            "grid": BAD_GRIDS,
            "epsilon": ["3", 1.0, None],
            "nonprivate_rmse": [v for v in POSITIVE if v is not None],
            "rating_scale": SCALE,
        },
    ),
    Call(
        widget.epsilon_widget,
        {"grid": GRID},
        {"grid": BAD_GRIDS, "nonprivate_rmse": [v for v in POSITIVE if v is not None]},
    ),
]

CALLS += TUNING_CALLS

EXEMPT = TUNING_EXEMPT | {
    "AuditResult": "result of audit_epsilon, built after its checks",
    "EpsilonBound": "result of epsilon_lower_bound, built after its checks",
    "MembershipInference": "result of membership_inference, built after its checks",
    "RatingNoise": "result of rating_noise, built after its checks (its density method is in CALLS)",
}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.mark.parametrize("call", CALLS, ids=lambda call: call.func.__qualname__)
def test_the_valid_call_succeeds(call):
    call.func(**call.kwargs)


@pytest.mark.parametrize(("call", "argument", "value"), expand(CALLS))
def test_bad_input_fails_closed(call, argument, value):
    assert_fails_closed(call.func, call.kwargs, argument, value)


def test_every_public_name_is_covered():
    covered = {getattr(call.func, "__name__", "") for call in CALLS} | set(EXEMPT)
    public = {name for name in privacy.__all__ if callable(getattr(privacy, name))}
    assert public <= covered, sorted(public - covered)


# ---- hypothesis: any bad number in any positive parameter is refused

POSITIVE_PARAMETERS = [
    (privacy.laplace, {"value": 1.0, "sensitivity": 1.0, "epsilon": 1.0, "rng": 0}, "epsilon"),
    (privacy.laplace, {"value": 1.0, "sensitivity": 1.0, "epsilon": 1.0, "rng": 0}, "sensitivity"),
    (privacy.gaussian_sigma_analytic, {"sensitivity": 1.0, "epsilon": 1.0, "delta": 1e-5}, "epsilon"),
    (privacy.gaussian_delta, {"sigma": 1.0, "sensitivity": 1.0, "epsilon": 1.0}, "sigma"),
    (privacy.naive_laplace, {"value": 0.0, "scale": 1.0, "size": 3, "rng": 0}, "scale"),
    (privacy.opendp_laplace, {"value": 0.0, "scale": 1.0, "size": 3}, "scale"),
    (
        privacy.audit_epsilon,
        {"mechanism": _mechanism, "x0": 0.0, "x1": 1.0, "epsilon": 1.0, "n": 20, "rng": 0},
        "epsilon",
    ),
    (privacy.DPSGDMatrixFactorization, {"epsilon": 1.0}, "clip"),
    (privacy.DPSGDMatrixFactorization, {"epsilon": 1.0}, "learning_rate"),
    (privacy.PrivateConfig, {}, "als_reg"),
]


@given(st.sampled_from(POSITIVE_PARAMETERS), bad_numbers(NON_POSITIVE))
@settings(max_examples=150, deadline=None)
def test_positive_parameters_refuse_every_bad_number(target, value):
    func, kwargs, argument = target
    assert_fails_closed(func, kwargs, argument, value)


@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=3), st.none()))
@settings(max_examples=150, deadline=None)
def test_dpsgd_epsilon_is_positive_or_refused_never_zero_or_nan(value):
    """Perfect privacy (0) or NaN never comes out: extreme noise the accountant cannot resolve is refused."""
    try:
        epsilon = privacy.dpsgd_epsilon(value, 0.01, 10, 1e-5)
    except (ValueError, TypeError) as error:
        assert str(error)
    else:
        assert isinstance(value, float) and value >= 0 and epsilon > 0


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=8, max_size=40))
@settings(max_examples=100, deadline=None)
def test_audits_refuse_samples_with_any_nan_or_inf(samples):
    if all(math.isfinite(s) for s in samples):
        assert privacy.epsilon_lower_bound(samples, samples, 0).epsilon_lower >= 0
    else:
        with pytest.raises(ValueError):
            privacy.epsilon_lower_bound(samples, np.zeros(len(samples)), 0)


# ---- the cases named in issue 12 (and issue 16), each as its own test


def test_dpsgd_epsilon_of_a_nan_noise_multiplier_is_refused_not_zero():
    with pytest.raises(ValueError, match="noise_multiplier is NaN"):
        privacy.dpsgd_epsilon(float("nan"), 0.01, 100, 1e-5)


def test_audit_epsilon_with_a_nan_delta_is_refused():
    with pytest.raises(ValueError, match="delta is NaN"):
        privacy.audit_epsilon(_mechanism, 0.0, 1.0, 1.0, 100, 0, delta=float("nan"))


def test_epsilon_lower_bound_on_nan_samples_is_refused():
    with pytest.raises(ValueError, match="s0 contains NaN"):
        privacy.epsilon_lower_bound(np.r_[SAMPLES, np.nan], SAMPLES, 0)


def test_membership_inference_with_a_nan_loss_is_refused():
    with pytest.raises(ValueError, match="member_losses contains NaN"):
        privacy.membership_inference(np.r_[LOSSES, np.nan], LOSSES, 0)


def test_rr_keep_probability_of_nan_is_refused():
    with pytest.raises(ValueError, match="epsilon is NaN"):
        privacy.rr_keep_probability(float("nan"), 5)


def test_gaussian_delta_with_a_negative_sigma_is_refused():
    with pytest.raises(ValueError, match="sigma"):
        privacy.gaussian_delta(-1.0, 1.0, 1.0)


def test_opendp_laplace_with_scale_zero_is_refused_not_released_without_noise():
    with pytest.raises(ValueError, match="scale"):
        privacy.opendp_laplace(0.0, 0.0, 3)


def test_laplace_refuses_an_epsilon_given_as_a_string():
    with pytest.raises(TypeError, match="epsilon must be a real number"):
        privacy.laplace(0.0, 1.0, "1", np.random.default_rng(0))


@pytest.mark.parametrize(
    "hyperparameter", [{"clip": math.nan}, {"learning_rate": math.nan}, {"clip": math.inf}]
)
def test_dpsgd_matrix_factorization_refuses_what_used_to_fit_and_predict_nan(hyperparameter):
    (name,) = hyperparameter
    with pytest.raises(ValueError, match=name):
        privacy.DPSGDMatrixFactorization(1.0, rng=0, **hyperparameter)


def test_dpsgd_steps_are_never_truncated():
    with pytest.raises(ValueError, match="steps must be a whole number"):
        privacy.DPSGDMatrixFactorization(1.0, steps=2.5, rng=0)
    with pytest.raises(ValueError, match="steps must be a whole number"):
        privacy.dpsgd_epsilon(1.0, 0.01, 2.5, 1e-5)


def test_laplace_noise_variance_at_epsilon_zero_is_a_value_error():
    with pytest.raises(ValueError, match="epsilon"):
        privacy.laplace_noise_variance(0)


def test_clopper_pearson_with_more_successes_than_trials_is_refused():
    with pytest.raises(ValueError, match="successes"):
        privacy.clopper_pearson(12, 10)


def test_bounded_laplace_that_could_never_finish_is_refused():
    """Issue 16: this call looped forever."""
    with pytest.raises(ValueError, match="redrawing could not finish"):
        privacy.bounded_laplace_naive(0.0, 1, 1e-6, 0.0, 1e-12, np.random.default_rng(0))
