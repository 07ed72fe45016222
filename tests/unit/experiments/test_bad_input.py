"""Every public function of helpers.experiments and helpers.simulate.experiments fails closed on bad input.

``CALLS`` holds one valid call per function and the bad values each argument must refuse with a ValueError or
TypeError; the named tests below are the cases a new user tries first.
"""

import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import experiments as ex
from helpers.simulate import experiments as sim
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
)

NAN = float("nan")
ALPHA = [0.0, 1.0, *OUTSIDE_UNIT, *NOT_A_NUMBER, *NON_FINITE]
POSITIVE = [*NON_POSITIVE, *NOT_A_NUMBER, *NON_FINITE]
FINITE = [*NOT_A_NUMBER, *NON_FINITE]

# ----------------------------------------------------------------------------------------------- valid data
_r = np.random.default_rng(0)
N = 40
Y = _r.normal(size=N)
TREATED = np.arange(N) % 2 == 0
X_PRE = Y + _r.normal(size=N)
ARMS = np.array(["c", "t"] * (N // 2), dtype=object)
COVARIATES = pd.DataFrame({"age": _r.normal(40, 10, N), "activity": _r.exponential(1, N)})
AB = pd.DataFrame(
    {"y": Y, "arm": ARMS, "pre": X_PRE, "treated": TREATED, "group": np.repeat(["g1", "g2"], N // 2)}
)
RATINGS = pd.DataFrame(_r.normal(size=(12, 4)), columns=["b1", "b2", "good", "bad"])
KIZ = pd.DataFrame(
    {"y": _r.normal(size=24), "a": np.repeat(["x", "y"], 12), "b": np.tile(["p", "q", "r"], 8)}
)
REPS_Y = _r.normal(size=(5, N))
REPS_T = np.tile(TREATED, (5, 1))
REPS_X = REPS_Y + _r.normal(size=(5, N))
MANY_A = np.tile(np.arange(30) % 2 == 0, (3, 1))
MANY_B = np.tile(np.repeat([0, 1, 2], 10), (3, 1))
MANY_Y = _r.normal(size=(3, 30))
ESTIMATE = ex.difference_in_means(Y, TREATED)


def with_column(frame, column, values):
    return frame.assign(**{column: values})


def nan_at(values, i=0):
    values = np.array(values, dtype=float)
    values.flat[i] = NAN
    return values


BAD_ALLOCATION = [[0.5, 0.4], [1.0, 0.0], [0.5, NAN], [0.5, 0.5, 0.0], "ab", [-0.5, 1.5], [[0.5, 0.5]]]
BAD_PVALUES = [[], [NAN], [0.2, 1.5], [-0.1], "0.1", [[0.1, 0.2]], None, [0.1, np.inf]]

CALLS = [
    # ------------------------------------------------------------------------------------------- design
    Call(
        ex.randomize,
        {"n_units": 20, "arms": ["a", "b"], "allocation": None, "rng": 0, "strata": None},
        bad={
            "n_units": [*NOT_A_COUNT, 0, 1, 10**12],
            "arms": ["ab", ["a"], ["a", "a"], ["a", None], [], None, 5, ["a", NAN]],
            "allocation": BAD_ALLOCATION,
            "rng": NOT_A_GENERATOR + [-1],
            "strata": [["x"] * 19, ["x"] * 19 + [None], "abc", np.zeros((20, 2))],
        },
    ),
    Call(
        ex.arm_sizes,
        {"n_units": 10, "allocation": [0.5, 0.5]},
        bad={"n_units": NOT_A_COUNT, "allocation": [*BAD_ALLOCATION, None, []]},
    ),
    Call(
        ex.balance_table,
        {"covariates": COVARIATES, "assignment": ARMS, "control": "c"},
        bad={
            "covariates": [
                COVARIATES.iloc[:0],
                COVARIATES[[]],
                with_column(COVARIATES, "age", nan_at(COVARIATES["age"])),
                with_column(COVARIATES, "age", np.inf),
                with_column(COVARIATES, "age", "old"),
                with_column(COVARIATES, "age", 1.0),
                COVARIATES.to_numpy(),
                None,
            ],
            "assignment": [
                ARMS[:-1],
                np.r_[ARMS[:-1], [None]],
                np.full(N, "c"),
                np.r_[["t"], ["c"] * (N - 1)],
            ],
            "control": ["zzz", None],
        },
    ),
    Call(
        ex.sample_size_per_arm,
        {"mde": 0.3, "sd": 1.0, "alpha": 0.05, "power": 0.8, "ratio": 1.0},
        bad={
            "mde": [*FINITE, 0.0, 1e-12],
            "sd": POSITIVE,
            "alpha": ALPHA,
            "power": [*ALPHA, 0.05, 0.01],
            "ratio": POSITIVE,
        },
    ),
    Call(
        ex.minimum_detectable_effect,
        {"n_per_arm": 100, "sd": 1.0, "alpha": 0.05, "power": 0.8, "ratio": 1.0},
        bad={
            "n_per_arm": [*FINITE, 1.0, 0, -5],
            "sd": POSITIVE,
            "alpha": ALPHA,
            "power": [*ALPHA, 0.05],
            "ratio": [*POSITIVE, 0.001],
        },
    ),
    Call(
        ex.power_of_test,
        {"effect": 0.2, "n_per_arm": 100, "sd": 1.0, "alpha": 0.05, "ratio": 1.0},
        bad={
            "effect": FINITE,
            "n_per_arm": [*FINITE, 1.0, 0],
            "sd": POSITIVE,
            "alpha": ALPHA,
            "ratio": [*POSITIVE, 0.001],
        },
    ),
    # ------------------------------------------------------------------------------------------- effects
    Call(
        ex.difference_in_means,
        {"y": Y, "treated": TREATED, "alpha": 0.05},
        bad={
            "y": [nan_at(Y), np.r_[Y[:-1], np.inf], "abc", [], Y.reshape(2, -1), Y[:-1], None, np.zeros(N)],
            "treated": [
                np.full(N, 0.5),
                np.ones(N, bool),
                np.r_[[True], np.zeros(N - 1, bool)],
                np.r_[TREATED[:-1], [None]],
                np.array(["yes", "no"] * (N // 2)),
                "1" * N,
                TREATED[:-1],
            ],
            "alpha": ALPHA,
        },
    ),
    Call(
        ex.cuped,
        {"y": Y, "treated": TREATED, "x_pre": X_PRE, "alpha": 0.05},
        bad={"x_pre": [np.ones(N), nan_at(X_PRE), X_PRE[:-1], "x", None], "y": [nan_at(Y)], "alpha": ALPHA},
    ),
    Call(
        ex.regression_adjusted,
        {"y": Y, "treated": TREATED, "covariates": X_PRE, "alpha": 0.05},
        bad={
            "covariates": [
                nan_at(X_PRE),
                np.ones(N),
                np.r_[X_PRE, X_PRE],  # 2n values would reshape into two columns: refused
                COVARIATES[[]],
                with_column(COVARIATES, "age", "old"),
                None,
            ],
            "treated": [np.full(N, 2)],
            "alpha": ALPHA,
        },
    ),
    Call(
        ex.estimate_arms,
        {"data": AB, "outcome": "y", "arm": "arm", "control": "c", "pre": "pre", "alpha": 0.05},
        bad={
            "data": [
                None,
                AB.iloc[:0],
                with_column(AB, "y", nan_at(Y)),
                with_column(AB, "arm", "c"),
                with_column(AB, "arm", np.r_[ARMS[:-1], [None]]),
                with_column(AB, "pre", nan_at(X_PRE)),
                AB.to_numpy(),
            ],
            "outcome": ["missing", "arm"],
            "arm": ["missing"],
            "control": ["zzz", None],
            "pre": ["missing", "arm"],
            "alpha": ALPHA,
        },
    ),
    Call(
        ex.interval_coverage,
        {"y": REPS_Y, "treated": REPS_T, "truth": 0.0, "x_pre": REPS_X, "alpha": 0.05},
        bad={
            "y": [REPS_Y[0], nan_at(REPS_Y), REPS_Y[:, :-1], "y", REPS_Y[:0]],
            "treated": [np.full(REPS_T.shape, 0.5), REPS_T[:, :-1], np.ones(REPS_T.shape, bool)],
            "truth": FINITE,
            "x_pre": [np.ones(REPS_X.shape), nan_at(REPS_X), REPS_X[:, :-1]],
            "alpha": ALPHA,
        },
    ),
    Call(
        ex.heterogeneous_effects,
        {"data": AB, "outcome": "y", "treated": "treated", "subgroup": "group", "alpha": 0.05},
        bad={
            "data": [
                with_column(AB, "group", np.r_[AB["group"][:-1], [None]]),
                with_column(AB, "group", "g1"),
                with_column(AB, "treated", np.where(TREATED, "yes", "no")),
                with_column(AB, "treated", np.r_[[True], np.zeros(N - 1, bool)]),
                with_column(AB, "y", nan_at(Y)),
                AB.iloc[:0],
                None,
            ],
            "outcome": ["missing", "group"],
            "treated": ["missing", "y"],
            "subgroup": ["missing"],
            "alpha": ALPHA,
        },
    ),
    Call(
        ex.paired_tests_vs_baseline,
        {"ratings": RATINGS, "baseline": ["b1", "b2"], "correction": "holm", "alpha": 0.05},
        bad={
            "ratings": [
                with_column(RATINGS, "good", nan_at(RATINGS["good"])),
                RATINGS.iloc[:1],
                RATINGS.to_numpy(),
                None,
                RATINGS.set_axis(["b1", "b2", "good", "good"], axis=1),
                with_column(RATINGS, "good", "high"),
                with_column(RATINGS, "good", RATINGS[["b1", "b2"]].mean(axis=1) + 1.0),
            ],
            "baseline": ["b1", [], ["zzz"], ["b1", "b1"], ["b1", "b2", "good", "bad"], None],
            "correction": ["bonferroni", None],
            "alpha": ALPHA,
        },
    ),
    Call(ESTIMATE.confidence_interval, {"confidence_level": 0.9}, bad={"confidence_level": ALPHA}),
    # ------------------------------------------------------------------------------------------- multiplicity
    Call(ex.holm, {"pvalues": [0.01, 0.04, 0.03]}, bad={"pvalues": BAD_PVALUES}),
    Call(ex.benjamini_hochberg, {"pvalues": [0.01, 0.04, 0.03]}, bad={"pvalues": BAD_PVALUES}),
    # ------------------------------------------------------------------------------------------- anova
    Call(
        ex.two_way_anova,
        {"data": KIZ, "outcome": "y", "factor_a": "a", "factor_b": "b", "typ": 2},
        bad={
            "data": [
                with_column(KIZ, "y", nan_at(KIZ["y"])),
                with_column(KIZ, "a", np.r_[KIZ["a"][:-1], [None]]),
                KIZ[~((KIZ["a"] == "x") & (KIZ["b"] == "p"))],  # a missing cell
                KIZ.drop(KIZ.index[(KIZ["a"] == "x") & (KIZ["b"] == "p")][1:]),  # a cell with one participant
                with_column(KIZ, "a", "x"),
                with_column(KIZ, "y", "high"),
                with_column(KIZ, "b", pd.Categorical(KIZ["b"], categories=["p", "q", "r", "s"])),
                with_column(KIZ, "y", 1.0),
                KIZ.iloc[:0],
                None,
            ],
            "outcome": ["missing", "a"],
            "factor_a": ["missing", "b"],
            "factor_b": ["missing", "y"],
            "typ": [4, 0, True, "2", 2.5, None],
        },
    ),
    Call(
        ex.two_way_main_effect_many,
        {"y": MANY_Y, "factor_a": MANY_A, "factor_b": MANY_B},
        bad={
            "y": [nan_at(MANY_Y), MANY_Y[0], MANY_Y[:, :-1], "y"],
            "factor_a": [np.full(MANY_A.shape, 0.5), MANY_A[:, :-1], np.ones(MANY_A.shape, bool)],
            "factor_b": [MANY_B - 1, MANY_B + 0.5, np.zeros(MANY_B.shape), np.where(MANY_B == 1, 2, MANY_B)],
        },
    ),
    Call(
        ex.two_way_effects_many,
        {"y": MANY_Y, "factor_a": MANY_A, "factor_b": MANY_B},
        bad={
            "y": [nan_at(MANY_Y), MANY_Y[0], MANY_Y[:, :-1], "y"],
            "factor_a": [np.full(MANY_A.shape, 0.5), MANY_A[:, :-1], np.ones(MANY_A.shape, bool)],
            "factor_b": [MANY_B - 1, MANY_B + 0.5, np.zeros(MANY_B.shape), np.where(MANY_B == 1, 2, MANY_B)],
        },
    ),
    # ------------------------------------------------------------------------------------------- equivalence
    Call(
        ex.equivalence_of_effect,
        {"estimate": 0.05, "se": 0.1, "low": -0.2, "high": 0.2, "alpha": 0.05, "dof": np.inf},
        bad={
            "estimate": FINITE,
            "se": POSITIVE,
            "low": [*FINITE, 0.2, 0.3],
            "high": [*FINITE, -0.2, -0.3],
            "alpha": [0.0, 0.5, 0.7, *NOT_A_NUMBER, NAN],
            "dof": [0.0, -1.0, NAN, "5", None],
        },
    ),
    # ------------------------------------------------------------------------------------------- sequential
    Call(
        ex.peeking_simulation,
        {"n_per_arm": 40, "looks": 4, "simulations": 20, "rng": 0, "alpha": 0.05},
        bad={
            "n_per_arm": [*NOT_A_COUNT, 0, 5, 10**9],
            "looks": [*NOT_A_COUNT, 0],
            "simulations": [*NOT_A_COUNT, 0, 10**9],
            "rng": NOT_A_GENERATOR,
            "alpha": ALPHA,
        },
    ),
    # ------------------------------------------------------------------------------------------- simulate
    Call(
        sim.ABTestParams,
        {},
        bad={
            "n_users": [*NOT_A_COUNT, 0, 2],
            "arms": ["abc", ("a",), ("a", "a", "b"), None],
            "allocation": [(0.5, 0.5, 0.5), (1.0, 0.0, 0.0), (NAN, 0.5, 0.5), (0.5, 0.5), "abc"],
            "baseline": FINITE,
            "sd": POSITIVE,
            "pre_correlation": [1.0, -1.0, 1.5, *FINITE],
            "share_high_concern": [*OUTSIDE_UNIT, *FINITE],
            "concern_shift": FINITE,
            "effect_low": [(0.0, 0.1), (0.0, NAN, 0.0), "abc", None],
            "effect_high": [(0.0, 0.1, 0.2, 0.3), (0.0, np.inf, 0.0)],
        },
    ),
    Call(
        sim.simulate_ab_test,
        {"params": sim.ABTestParams(n_users=30), "rng": 0},
        bad={"params": [None, sim.KizilcecParams(), {"n_users": 30}], "rng": NOT_A_GENERATOR},
    ),
    Call(
        sim.simulate_ab_replications,
        {"params": sim.ABTestParams(n_users=30), "arm": "explanations", "replications": 3, "rng": 0},
        bad={
            "params": [None, sim.HerlockerParams()],
            "arm": ["control", "zzz", None],
            "replications": [*NOT_A_COUNT, 0, 10**9],
            "rng": NOT_A_GENERATOR,
        },
    ),
    Call(
        sim.HerlockerParams,
        {"n_users": 10},
        bad={
            "interfaces": [tuple(["same"] * 21), "abc"],
            "means": [(4.0,) * 20, (7.5,) + (4.0,) * 20, (NAN,) + (4.0,) * 20, (1.0,) + (4.0,) * 20],
            "sds": [(-1.0,) + (1.0,) * 20, (NAN,) + (1.0,) * 20, (0.0,) + (1.0,) * 20],
            "n_users": [*NOT_A_COUNT, 1, 0],
            "within_user_correlation": [1.0, -0.1, *FINITE],
            "scale": [(7, 1), (1,), "17", (1.5, 7), None],
            "match_published_means": ["yes", 1, None],
        },
    ),
    Call(
        sim.discretized_moments,
        {"latent_mean": 4.0, "latent_sd": 1.0, "scale": (1, 7)},
        bad={
            "latent_mean": [NAN, "a", None, np.inf],
            "latent_sd": [0.0, -1.0, NAN, None],
            "scale": [(7, 1), "17", (1,)],
        },
    ),
    Call(
        sim.calibrate_latent,
        {"means": [4.5], "sds": [1.2], "scale": (1, 7)},
        bad={
            "means": [[7.5], [NAN], [], [1.0], "4"],
            "sds": [[0.0], [5.0], [1.0, 1.0], [NAN]],
            "scale": [(7, 1), "17"],
        },
    ),
    Call(
        sim.simulate_herlocker,
        {"params": sim.HerlockerParams(n_users=10), "rng": 0},
        bad={"params": [None, sim.ABTestParams()], "rng": NOT_A_GENERATOR},
    ),
    Call(
        sim.KizilcecParams,
        {},
        bad={
            "n_participants": [*NOT_A_COUNT, 11, 0],
            "share_violated": [0.0, 1.0, *OUTSIDE_UNIT, *FINITE],
            "transparency_levels": ["lmh", ("low",), ("a", "a", "b")],
            "mean_not_violated": FINITE,
            "drop_when_violated": [(1.0, 2.0), (NAN, 0.0, 0.0), None],
            "sd": POSITIVE,
        },
    ),
    Call(
        sim.simulate_kizilcec,
        {"params": sim.KizilcecParams(), "rng": 0},
        bad={"params": [None, sim.ABTestParams()], "rng": NOT_A_GENERATOR},
    ),
    Call(
        sim.kizilcec_replication_tests,
        {"params": sim.KizilcecParams(), "replications": 3, "rng": 0},
        bad={
            "params": [None, sim.ABTestParams()],
            "replications": [*NOT_A_COUNT, 0, 10**9],
            "rng": NOT_A_GENERATOR,
        },
    ),
    Call(
        sim.herlocker_directions,
        {"correlations": [0.2, 0.5], "n_users": 30, "rng": 0},
        bad={
            "correlations": [[], [NAN], [1.0], [-0.1], "0.5", [[0.5]]],
            "n_users": [*NOT_A_COUNT, 0],
            "rng": NOT_A_GENERATOR,
        },
    ),
    Call(
        sim.herlocker_sensitivity,
        {"correlations": [0.5], "draws": 2, "seed": 0, "n_users": 30, "backend": "serial"},
        bad={
            "correlations": [[], [NAN], [0.5, 0.5], [1.0], "0.5"],
            "draws": [*NOT_A_COUNT, 0, 10**9],
            "backend": ["threads", None],
        },
    ),
    Call(
        sim.kizilcec_replications,
        {"params": sim.KizilcecParams(), "replications": 3, "rng": 0},
        bad={
            "params": [None, sim.ABTestParams()],
            "replications": [*NOT_A_COUNT, 0, 10**9],
            "rng": NOT_A_GENERATOR,
        },
    ),
]

EXEMPT = {
    "EffectEstimate": "a frozen result record: its fields are computed by the estimators, which check input",
    "CoverageResult": "a frozen result record of interval_coverage",
    "EffectReplications": "a frozen result record of two_way_effects_many",
    "MainEffectReplications": "a frozen result record of two_way_main_effect_many",
    "PeekingResult": "a frozen result record of peeking_simulation",
}


@pytest.mark.parametrize("call", CALLS, ids=lambda call: call.func.__qualname__)
def test_every_valid_call_succeeds(call):
    """The valid call works, so each bad value below is what makes its call fail."""
    call.func(**call.kwargs)


@pytest.mark.parametrize("call, argument, value", expand(CALLS))
def test_bad_input_fails_closed(call, argument, value):
    assert_fails_closed(call.func, call.kwargs, argument, value)


# numeric arguments (function, valid call, argument, extra bad values) that must refuse every bad number
NUMERIC = [
    (ex.sample_size_per_arm, {"mde": 0.3}, "mde", [0.0]),
    (ex.sample_size_per_arm, {"mde": 0.3}, "sd", NON_POSITIVE),
    (ex.sample_size_per_arm, {"mde": 0.3}, "alpha", [0.0, 1.0, *OUTSIDE_UNIT]),
    (ex.sample_size_per_arm, {"mde": 0.3}, "power", [0.0, 1.0, *OUTSIDE_UNIT]),
    (ex.minimum_detectable_effect, {"n_per_arm": 100}, "n_per_arm", [*NON_POSITIVE, 1.5]),
    (ex.power_of_test, {"effect": 0.2, "n_per_arm": 100}, "effect", []),
    (ex.difference_in_means, {"y": Y, "treated": TREATED}, "alpha", OUTSIDE_UNIT),
    (ex.interval_coverage, {"y": REPS_Y, "treated": REPS_T, "truth": 0.0}, "truth", []),
    (
        ex.peeking_simulation,
        {"n_per_arm": 40, "looks": 4, "simulations": 20, "rng": 0},
        "alpha",
        OUTSIDE_UNIT,
    ),
    (sim.ABTestParams, {}, "sd", NEGATIVE),
    (sim.KizilcecParams, {}, "share_violated", OUTSIDE_UNIT),
]


@given(data=st.data())
@settings(max_examples=200, deadline=None)
def test_property_numeric_arguments_refuse_bad_numbers(data):
    func, kwargs, argument, extra = data.draw(st.sampled_from(NUMERIC))
    assert_fails_closed(func, kwargs, argument, data.draw(bad_numbers(extra)))


@given(
    st.lists(st.floats(0, 1), max_size=10),
    st.lists(
        st.one_of(st.floats(allow_nan=True).filter(lambda p: not 0 <= p <= 1), st.just(NAN)), min_size=1
    ),
)
@settings(max_examples=100, deadline=None)
def test_property_any_pvalue_outside_zero_one_is_refused(good, bad):
    pvalues = good + bad
    for correction in (ex.holm, ex.benjamini_hochberg):
        with pytest.raises(ValueError, match="pvalues"):
            correction(pvalues)


@given(st.lists(st.floats(0.01, 1.0), min_size=2, max_size=5).filter(lambda a: abs(sum(a) - 1) > 1e-6))
@settings(max_examples=50, deadline=None)
def test_property_allocations_that_do_not_sum_to_one_are_refused(allocation):
    arms = [f"arm{i}" for i in range(len(allocation))]
    with pytest.raises(ValueError, match="sum to 1"):
        ex.randomize(100, arms, allocation, rng=0)


# ----------------------------------------------------------------------------------------------- named cases
def test_peeking_simulation_refuses_30_gib_before_allocating():
    start = time.perf_counter()
    with pytest.raises(ValueError, match="GiB"):
        ex.peeking_simulation(10**6, 10, 4000, rng=np.random.default_rng(0))
    assert time.perf_counter() - start < 1.0


def test_randomize_refuses_none_with_the_shared_message():
    with pytest.raises(TypeError, match=r"rng is None: pass rng=np.random.default_rng\(seed\)"):
        ex.randomize(10, ["a", "b"], rng=None)


def test_randomize_accepts_an_int_seed_like_a_generator():
    assert (
        ex.randomize(10, ["a", "b"], rng=3) == ex.randomize(10, ["a", "b"], rng=np.random.default_rng(3))
    ).all()


def test_nan_outcomes_are_refused_not_dropped():
    with pytest.raises(ValueError, match="NaN"):
        ex.difference_in_means(nan_at(Y), TREATED)
    with pytest.raises(ValueError, match="'y'"):
        ex.estimate_arms(with_column(AB, "y", nan_at(Y)), "y", "arm", "c")
    with pytest.raises(ValueError, match="NaN"):
        ex.two_way_anova(with_column(KIZ, "y", nan_at(KIZ["y"])), "y", "a", "b")


def test_an_experiment_with_one_arm_is_refused():
    with pytest.raises(ValueError, match="at least two arms"):
        ex.randomize(10, ["only"], rng=0)
    with pytest.raises(ValueError, match="only the control arm"):
        ex.estimate_arms(with_column(AB, "arm", "c"), "y", "arm", "c")
    with pytest.raises(ValueError, match="only the control arm"):
        ex.balance_table(COVARIATES, np.full(N, "c"), "c")


def test_duplicate_arms_are_refused():
    with pytest.raises(ValueError, match="unique"):
        ex.randomize(10, ["a", "a"], rng=0)


def test_a_single_string_is_not_a_list_of_arms():
    with pytest.raises(TypeError, match="list of arm names"):
        ex.randomize(10, "ab", rng=0)


@pytest.mark.parametrize("alpha", [0.0, 1.0, -0.05, 1.5, NAN])
def test_alpha_outside_zero_one_is_refused_everywhere(alpha):
    for func, kwargs in [
        (ex.difference_in_means, {"y": Y, "treated": TREATED}),
        (ex.sample_size_per_arm, {"mde": 0.3}),
        (ex.peeking_simulation, {"n_per_arm": 40, "looks": 4, "simulations": 20, "rng": 0}),
        (ex.paired_tests_vs_baseline, {"ratings": RATINGS, "baseline": ["b1"]}),
    ]:
        with pytest.raises(ValueError, match="alpha"):
            func(**kwargs, alpha=alpha)


def test_power_of_one_is_refused_it_needs_infinitely_many_units():
    with pytest.raises(ValueError, match="power must be < 1"):
        ex.sample_size_per_arm(0.3, power=1.0)


def test_power_at_or_below_alpha_is_refused():
    with pytest.raises(ValueError, match="must exceed alpha"):
        ex.sample_size_per_arm(0.3, power=0.05)


def test_a_huge_effect_needs_the_smallest_design_not_a_crash():
    assert ex.sample_size_per_arm(100.0) == 2


def test_a_tiny_effect_says_it_cannot_be_detected():
    with pytest.raises(ValueError, match="too small to detect"):
        ex.sample_size_per_arm(1e-12)


def test_empty_frames_and_missing_columns_are_refused_by_name():
    with pytest.raises(ValueError, match="empty"):
        ex.estimate_arms(AB.iloc[:0], "y", "arm", "c")
    with pytest.raises(ValueError, match="lacks columns \\['missing'\\]"):
        ex.two_way_anova(KIZ, "missing", "a", "b")
    with pytest.raises(ValueError, match="lacks columns"):
        ex.heterogeneous_effects(AB, "y", "treated", "missing")


@pytest.mark.parametrize(
    "call",
    [
        lambda: sim.simulate_ab_replications(sim.ABTestParams(), "explanations", 0, rng=0),
        lambda: sim.kizilcec_replications(sim.KizilcecParams(), 0, rng=0),
        lambda: ex.peeking_simulation(40, 4, 0, rng=0),
    ],
)
def test_zero_replications_are_refused(call):
    with pytest.raises(ValueError, match="at least 1"):
        call()


def test_covariates_of_the_wrong_length_are_not_reshaped_into_columns():
    with pytest.raises(ValueError, match="one row per unit"):
        ex.regression_adjusted(Y, TREATED, np.r_[X_PRE, X_PRE])


def test_a_text_treatment_column_is_not_read_as_all_treated():
    data = with_column(AB, "treated", np.where(TREATED, "yes", "no"))
    with pytest.raises(ValueError, match="booleans or 0/1"):
        ex.heterogeneous_effects(data, "y", "treated", "group")


def test_fractional_treatment_indicators_are_not_rounded_to_true():
    with pytest.raises(ValueError, match="booleans or 0/1"):
        ex.interval_coverage(REPS_Y, np.where(REPS_T, 1.0, 0.5), 0.0)


def test_units_with_a_missing_stratum_are_refused_not_left_unassigned():
    with pytest.raises(ValueError, match="strata has missing"):
        ex.randomize(4, ["a", "b"], rng=0, strata=["x", "x", None, None])


def test_a_covariate_separated_by_arm_is_a_complete_imbalance_not_zero():
    separated = pd.DataFrame({"flag": np.where(ARMS == "t", 1.0, 0.0), "age": COVARIATES["age"]})
    table = ex.balance_table(separated, ARMS, "c")
    assert table.loc["flag", "smd_t"] == np.inf
    assert table.loc["flag", "p_value"] == 0.0


def test_a_missing_cell_in_the_anova_design_is_refused():
    with pytest.raises(ValueError, match="no participants"):
        ex.two_way_anova(KIZ[~((KIZ["a"] == "x") & (KIZ["b"] == "p"))], "y", "a", "b")


def test_an_unreachable_published_sd_is_refused_not_approximated():
    with pytest.raises(ValueError, match="no latent normal"):
        sim.calibrate_latent([4.0], [3.5])


def test_simulations_pass_one_generator_down_so_an_int_seed_gives_the_generator_stream():
    assert sim.simulate_kizilcec(rng=5).equals(sim.simulate_kizilcec(rng=np.random.default_rng(5)))
