"""Every public function of helpers.loyalty (and its simulation and widget helpers) fails closed: a bad value
in any one argument raises a ValueError or TypeError that says what was wrong, and the fail-open cases that
issue 12 lists each have a test of their own."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import loyalty
from helpers.simulate import loyalty as sim
from helpers.widgets import loyalty as widget
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
from unit.loyalty.cases import REGULAR, toy_transactions

NAN, INF = float("nan"), float("inf")
POSITIVE = NOT_A_NUMBER + NON_FINITE + NON_POSITIVE  # a scale, a rate, a horizon
NONNEGATIVE = NOT_A_NUMBER + NON_FINITE + NEGATIVE
CONFIDENCE = NOT_A_NUMBER + NON_FINITE + [0.0, 1.0, -0.5, 1.5]
PROBABILITY = NOT_A_NUMBER + NON_FINITE + OUTSIDE_UNIT
# an array argument: not numbers, empty, missing or infinite values
ARRAY = ["1, 2", None, object(), [], [NAN, 1.0], [INF, 1.0], [["a"]]]
TIMES = ARRAY[:2] + [[-1.0], -1.0, NAN, INF]  # times t may be a scalar or an array
DATE = [None, NAN, pd.NaT, 19970930, "not a date", True]
FRAME = [None, "transactions", [], pd.DataFrame(), pd.DataFrame({"customer_id": [1]})]

# A valid purchase history: 6 customers observed 30 weeks
X, T_X, T = [0, 1, 2, 3, 0, 5], [0.0, 5.0, 10.0, 20.0, 0.0, 25.0], [30.0] * 6
M = [0.0, 20.0, 35.0, 15.0, 0.0, 50.0]
RFM_BAD = {
    "frequency": ARRAY + [[-1, 1, 2, 3, 0, 5], [0.5, 1, 2, 3, 0, 5], [1, 2]],
    "recency": ARRAY + [[0.0, 40.0, 10.0, 20.0, 0.0, 25.0], [0.0, -5.0, 10.0, 20.0, 0.0, 25.0]],
    "T": ARRAY + [[0.0] * 6, [-30.0] * 6],
}
SPEND_BAD = {
    "frequency": ARRAY + [[-1, 1, 2, 3, 0, 5], [1.5, 1, 2, 3, 0, 5]],
    "monetary_value": ARRAY + [[0.0, 0.0, 35.0, 15.0, 0.0, 50.0], [-1.0] * 6, [1.0, 2.0]],
}

# hand-built models with a covariance, so methods that draw or give intervals can run without a fit
BG = loyalty.BGNBDResult(
    0.243, 4.414, 0.793, 2.426, log_likelihood=-9582.4, n_customers=2357, log_param_cov=np.eye(4) * 1e-3
)
PN = loyalty.ParetoNBDResult(
    0.55, 10.58, 0.61, 11.67, log_likelihood=-9595.0, n_customers=2357, log_param_cov=np.eye(4) * 1e-3
)
GG = loyalty.GammaGammaResult(
    6.25, 3.74, 15.44, log_likelihood=-4055.9, n_customers=946, log_param_cov=np.eye(3) * 1e-3
)
SBG = loyalty.SBGResult(
    0.704, 1.182, log_likelihood=-1611.2, n_periods=7, cohort_size=1000, log_param_cov=np.eye(2) * 1e-3
)
ANSWERS = [10, 9, 3, 7, 8, 10, 0, 6, 9, 5]
DURATIONS, OBSERVED, GROUPS = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [1, 0, 1, 1, 0, 1], [0, 0, 0, 1, 1, 1]
TX = toy_transactions()
ANSWER_PROBS = sim.PersonalizationExperiment().answer_probabilities(False)
ANSWER_PROBS_BAD = ARRAY + [[0.5, 0.5], [0.1] * 11, [-0.1] + [0.11] * 10]

CALLS = [
    # ---- nps
    Call(
        loyalty.net_promoter_score,
        {"scores": ANSWERS},
        bad={"scores": ARRAY + [[11, 5], [-1, 5], [7.5, 8], "9", 9, [True, False]], "confidence": CONFIDENCE},
    ),
    Call(
        loyalty.nps_interval_from_counts,
        {"n_promoters": 30, "n_detractors": 5, "n": 100},
        bad={
            "n_promoters": TIMES + [2.5],
            "n_detractors": TIMES + [2.5, 96],
            "n": TIMES + [0, 10, 2.5],
            "confidence": CONFIDENCE,
        },
    ),
    Call(
        loyalty.nps_bootstrap_interval,
        {"scores": ANSWERS, "n_boot": 200, "rng": 0},
        bad={
            "scores": ARRAY + [[11]],
            "n_boot": NOT_A_COUNT + [99, 10**12],
            "confidence": CONFIDENCE,
            "rng": NOT_A_GENERATOR,
        },
    ),
    Call(
        loyalty.compare_nps,
        {"a": ANSWERS, "b": ANSWERS[::-1]},
        bad={"a": ARRAY + [[12]], "b": ARRAY + [[-3]], "confidence": CONFIDENCE},
    ),
    Call(
        loyalty.nps_sample_size,
        {"margin": 5.0},
        bad={
            "margin": POSITIVE + [1e-300],
            "promoters": PROBABILITY + [0.9],
            "detractors": PROBABILITY,
            "confidence": CONFIDENCE,
        },
    ),
    # ---- cohorts, survival, transactions
    Call(
        loyalty.cohort_retention,
        {"transactions": TX, "cohort": "M", "period_days": 28, "end": "2020-04-30"},
        bad={
            "transactions": FRAME
            + [
                TX.assign(date=TX["date"].astype(str)),
                TX.assign(date=TX["date"].dt.tz_localize("UTC")),
                TX.assign(customer_id=None),
            ],
            "cohort": [None, "X", 3, "month"],
            "period_days": NOT_A_COUNT + [0, 10**6],
            "end": [NAN, pd.NaT, 20200430, "not a date", "2019-01-01"],
        },
    ),
    Call(
        loyalty.time_to_repeat,
        {"transactions": TX, "end": "2020-04-30"},
        bad={
            "transactions": FRAME + [TX.drop(columns="amount"), TX.assign(amount=-TX["amount"])],
            "end": DATE + ["2019-01-01"],
        },
    ),
    Call(
        loyalty.kaplan_meier,
        {"durations": DURATIONS, "observed": OBSERVED},
        bad={
            "durations": ARRAY + [[-1.0] * 6, [1.0, 2.0]],
            "observed": ARRAY + [[2, 0, 1, 1, 0, 1], [0.5] * 6, [1, 0]],
            "label": [3, object()],
            "confidence": CONFIDENCE,
        },
    ),
    Call(
        loyalty.logrank,
        {"durations": DURATIONS, "observed": OBSERVED, "groups": GROUPS},
        bad={
            "durations": ARRAY + [[-1.0] * 6],
            "observed": ARRAY + [[0] * 6, [3] * 6],
            "groups": [None, "ab", [0, 0, 0, 0, 0, 0], [0, 1, 2, 0, 1, 2], [0, 1], [0, 0, None, 1, 1, 1]],
        },
    ),
    Call(
        loyalty.cox_hazard_ratio,
        {"durations": DURATIONS, "observed": OBSERVED, "treated": GROUPS},
        bad={
            "durations": ARRAY + [[-1.0] * 6],
            "observed": ARRAY + [[0] * 6],
            "treated": ARRAY + [[1] * 6, [0, 0, 0, 2, 2, 2], [0, 1]],
            "confidence": CONFIDENCE,
        },
    ),
    Call(
        loyalty.calibration_holdout,
        {"transactions": TX, "calibration_end": "2020-02-01", "holdout_end": "2020-04-30"},
        bad={
            "transactions": FRAME + [TX.drop(columns="amount")],
            "calibration_end": DATE + ["2019-01-01", "2020-06-01"],
            "holdout_end": DATE + ["2020-01-15"],
            "freq_days": NOT_A_COUNT + [0],
        },
    ),
    Call(
        loyalty.cumulative_repeat_transactions,
        {"transactions": TX, "origin": "2020-01-01", "weeks": 12},
        bad={"transactions": FRAME, "origin": DATE + ["2020-03-01"], "weeks": NOT_A_COUNT + [0, 10**12]},
    ),
    Call(
        loyalty.cumulative_expected_repeat,
        {"model": BG, "start_weeks": [0.0, 2.0], "weeks": 10},
        bad={
            "model": [None, GG, "bgnbd"],
            "start_weeks": ARRAY + [[-1.0]],
            "weeks": NOT_A_COUNT + [0, 10**12],
        },
    ),
    # ---- models: constructors, fits, likelihoods and methods
    *[
        Call(cls, dict(zip(cls.param_names(), values)), bad={name: POSITIVE for name in cls.param_names()})
        for cls, values in [
            (loyalty.BGNBDResult, BG.params.values()),
            (loyalty.ParetoNBDResult, PN.params.values()),
            (loyalty.GammaGammaResult, GG.params.values()),
            (loyalty.SBGResult, SBG.params.values()),
        ]
    ],
    Call(
        loyalty.BGNBDResult,
        {"r": 0.2, "alpha": 4.0, "a": 0.8, "b": 2.4},
        bad={
            "log_likelihood": [INF, "-10", None],
            "n_customers": NOT_A_COUNT,
            "log_param_cov": [np.eye(3), "x"],
        },
    ),
    Call(
        loyalty.fit_sbg,
        {"survival_percentages": REGULAR},
        bad={
            "survival_percentages": ARRAY
            + [[100, 60], [100, 60, 70], [0, 0, 0], [100, 0, 0], [100, -5, -10]],
            "cohort_size": NOT_A_COUNT + [0],
        },
    ),
    Call(loyalty.fit_bgnbd, {"frequency": X, "recency": T_X, "T": T}, bad=RFM_BAD),
    Call(loyalty.fit_pareto_nbd, {"frequency": X, "recency": T_X, "T": T}, bad=RFM_BAD),
    Call(
        loyalty.fit_gamma_gamma,
        {"frequency": X, "monetary_value": M},
        bad={**SPEND_BAD, "frequency": SPEND_BAD["frequency"] + [[0] * 6]},
    ),
    Call(
        loyalty.bgnbd_log_likelihood,
        {"params": list(BG.params.values()), "frequency": X, "recency": T_X, "T": T},
        bad={"params": ARRAY + [[0.2, 4.0, 0.8], [0.2, -4.0, 0.8, 2.4]], **RFM_BAD},
    ),
    Call(
        loyalty.pareto_nbd_log_likelihood,
        {"params": list(PN.params.values()), "frequency": X, "recency": T_X, "T": T},
        bad={"params": ARRAY + [[0.5, 10.0, 0.6], [0.5, 10.0, 0.0, 11.0]], **RFM_BAD},
    ),
    Call(
        loyalty.gamma_gamma_log_likelihood,
        {
            "params": list(GG.params.values()),
            "frequency": [1, 2, 3, 5],
            "monetary_value": [20.0, 35.0, 15.0, 50.0],
        },
        bad={"params": ARRAY + [[6.0, 3.0], [6.0, 0.0, 15.0]], **SPEND_BAD},
    ),
    *[Call(model.expected_purchases, {"t": [1.0, 10.0]}, bad={"t": TIMES}) for model in (BG, PN)],
    *[Call(model.p_active_new, {"t": 10.0}, bad={"t": TIMES}) for model in (BG, PN)],
    *[Call(model.p_alive, {"frequency": X, "recency": T_X, "T": T}, bad=RFM_BAD) for model in (BG, PN)],
    *[
        Call(
            model.conditional_expected_purchases,
            {"t": 39.0, "frequency": X, "recency": T_X, "T": T},
            bad={"t": TIMES, **RFM_BAD},
        )
        for model in (BG, PN)
    ],
    Call(
        BG.with_params, {"log_params": np.log([0.2, 4.0, 0.8, 2.4])}, bad={"log_params": ARRAY + [[0.0] * 3]}
    ),
    Call(
        BG.parameter_draws,
        {"n_draws": 10, "rng": 0},
        bad={"n_draws": NOT_A_COUNT + [0], "rng": NOT_A_GENERATOR},
    ),
    Call(GG.confidence_intervals, {}, bad={"confidence": CONFIDENCE}),
    Call(GG.conditional_expected_spend, {"frequency": X, "monetary_value": M}, bad=SPEND_BAD),
    Call(SBG.survival, {"t": [0, 1, 2]}, bad={"t": TIMES + [[1.5]]}),
    Call(SBG.churn_probability, {"t": [1, 2]}, bad={"t": TIMES + [[0], [1.5]]}),
    Call(SBG.retention_rate, {"t": [1, 2]}, bad={"t": TIMES + [[0], [1.5]]}),
    Call(SBG.discounted_expected_lifetime, {"discount_rate": 0.1}, bad={"discount_rate": POSITIVE}),
    # ---- clv and comparison
    Call(
        loyalty.weekly_discount_rate, {"annual_discount_rate": 0.1}, bad={"annual_discount_rate": NONNEGATIVE}
    ),
    Call(
        loyalty.discounted_clv,
        {
            "transactions_model": BG,
            "spend_model": GG,
            "frequency": X,
            "recency": T_X,
            "T": T,
            "monetary_value": M,
        },
        bad={
            "transactions_model": [None, GG, SBG],
            "spend_model": [None, BG],
            **RFM_BAD,
            "monetary_value": SPEND_BAD["monetary_value"],
            "horizon_weeks": POSITIVE + [1e12],
            "annual_discount_rate": NONNEGATIVE,
            "margin": POSITIVE,
            "step_weeks": POSITIVE + [1e-9],
        },
    ),
    Call(
        loyalty.clv_parameter_draws,
        {
            "transactions_model": BG,
            "spend_model": GG,
            "frequency": X,
            "recency": T_X,
            "T": T,
            "monetary_value": M,
            "n_draws": 5,
            "rng": 0,
        },
        bad={
            "transactions_model": [None, GG, loyalty.BGNBDResult(0.2, 4.0, 0.8, 2.4)],
            "spend_model": [None, BG, loyalty.GammaGammaResult(6.0, 3.0, 15.0)],
            **RFM_BAD,
            "n_draws": NOT_A_COUNT + [0, 10**12],
            "rng": NOT_A_GENERATOR,
            "horizon_weeks": POSITIVE,
            "not_an_option": [1],
        },
    ),
    Call(
        loyalty.new_customer_value,
        {"model": BG, "spend_per_purchase": 35.0},
        bad={
            "model": [None, GG, SBG],
            "spend_per_purchase": NONNEGATIVE,
            "annual_discount_rate": NONNEGATIVE,
            "weeks": NOT_A_COUNT + [0, 10**12],
        },
    ),
    Call(
        loyalty.compare_to_published,
        {"ours": {"r": 0.25}, "published": {"r": 0.243}},
        bad={
            "ours": [None, [0.25], {"alpha": 1.0}, {"r": NAN}, {"r": "0.25"}],
            "published": [None, {}, {"r": INF}, {"r": None}],
        },
    ),
    Call(
        loyalty.ratio_interval,
        {"fit_a": BG, "fit_b": PN},
        bad={
            "fit_a": [None, GG, loyalty.BGNBDResult(0.2, 4.0, 0.8, 2.4)],
            "fit_b": [SBG],
            "confidence": CONFIDENCE,
        },
    ),
    # ---- contractual purchases (NBD over a known exposure) and survival projections
    Call(
        loyalty.fit_nbd,
        {"frequency": X, "exposure": T},
        bad={
            "frequency": ARRAY + [[-1, 1, 2, 3, 0, 5], [0.5, 1, 2, 3, 0, 5], [1, 2], [0] * 6],
            "exposure": ARRAY + [[-1.0] * 6, [0.0] * 6, [30.0, 30.0]],
        },
    ),
    Call(
        loyalty.nbd_log_likelihood,
        {"params": [0.8, 8.0], "frequency": X, "exposure": T},
        bad={
            "params": ARRAY + [[0.8], [0.8, -8.0], [0.8, 8.0, 1.0]],
            "frequency": ARRAY + [[-1, 1, 2, 3, 0, 5]],
            "exposure": ARRAY + [[-1.0] * 6, [30.0, 0.0, 30.0, 30.0, 30.0, 30.0]],
        },
    ),
    Call(loyalty.NBDResult, {"r": 0.8, "alpha": 8.0}, bad={"r": POSITIVE, "alpha": POSITIVE}),
    Call(
        loyalty.fit_survival_curve,
        {"survival_percentages": REGULAR, "kind": "exponential"},
        bad={
            "survival_percentages": ARRAY + [[100.0], [100.0, -5.0], [[100.0, 60.0]]],
            "kind": [None, "quadratic", 1],
        },
    ),
    Call(
        loyalty.fit_survival_curve,
        {"survival_percentages": REGULAR, "kind": "exponential"},
        bad={"survival_percentages": [[100.0, 50.0, 0.0]]},
    ),
    Call(
        loyalty.CurveFit,
        {"kind": "linear", "intercept": 90.0, "slope": -9.0},
        bad={
            "kind": [None, "cubic"],
            "intercept": NOT_A_NUMBER + NON_FINITE,
            "slope": NOT_A_NUMBER + NON_FINITE,
        },
    ),
    Call(
        loyalty.CurveFit(kind="linear", intercept=90.0, slope=-9.0).survival,
        {"t": [8, 9]},
        bad={"t": TIMES},
    ),
    Call(
        loyalty.holdout_comparison,
        {"years": [8, 9], "actual": [22.3, 20.7], "projected": SBG.survival},
        bad={
            "years": ARRAY + [[8.5, 9], [-8, 9], [8]],
            "actual": ARRAY + [[22.3], [0.0, 20.7], [-1.0, 20.7]],
            "projected": [None, "x", [22.0], [NAN, 20.0], lambda years: [1.0]],
        },
    ),
    Call(
        loyalty.holdout_record,
        {"table": loyalty.holdout_comparison([8], [22.3], [22.0])},
        bad={"table": [None, {"actual": [1.0]}, pd.DataFrame({"error": [1.0]})]},
    ),
    # ---- the simulation and the widget
    Call(
        sim.PersonalizationExperiment,
        {},
        bad={
            "n_per_arm": NOT_A_COUNT + [1],
            "weeks": POSITIVE,
            "churn_hazard": POSITIVE,
            "churn_hazard_ratio": POSITIVE,
            "purchase_shape": POSITIVE,
            "purchase_scale": POSITIVE,
            "purchase_rate_ratio": POSITIVE,
            "nps_mean": NOT_A_NUMBER + NON_FINITE,
            "nps_sd": POSITIVE,
            "nps_shift": NOT_A_NUMBER + NON_FINITE,
            "response_rate": PROBABILITY + [0.0],
        },
    ),
    Call(
        sim.simulate_experiment,
        {"params": sim.PersonalizationExperiment(n_per_arm=5), "rng": 0},
        bad={"params": [None, {"n_per_arm": 5}], "rng": NOT_A_GENERATOR},
    ),
    Call(
        sim.PersonalizationExperiment().answer_probabilities,
        {"personalized": True},
        bad={"personalized": [None, 1, "yes"]},
    ),
    Call(
        sim.PersonalizationExperiment().true_nps,
        {"personalized": False},
        bad={"personalized": [None, 0, "no"]},
    ),
    Call(
        sim.SurveyNonResponse,
        {},
        bad={"response_at_0": PROBABILITY, "response_at_10": PROBABILITY},
    ),
    Call(sim.SurveyNonResponse, {"response_at_10": 0.0}, bad={"response_at_0": [0.0]}),
    Call(sim.SurveyNonResponse.random, {"response_rate": 0.3}, bad={"response_rate": PROBABILITY + [0.0]}),
    *[
        Call(method, {"answer_probabilities": ANSWER_PROBS}, bad={"answer_probabilities": ANSWER_PROBS_BAD})
        for method in (
            sim.SurveyNonResponse().response_rate,
            sim.SurveyNonResponse().respondent_answer_probabilities,
            sim.SurveyNonResponse().respondent_nps,
            sim.SurveyNonResponse().bias,
        )
    ],
    Call(
        sim.simulate_nps_surveys,
        {
            "answer_probabilities": ANSWER_PROBS,
            "nonresponse": sim.SurveyNonResponse(),
            "n_invited": 100,
            "n_surveys": 10,
            "rng": 0,
        },
        bad={
            "answer_probabilities": ANSWER_PROBS_BAD,
            "nonresponse": [None, 0.3, sim.PersonalizationExperiment()],
            "n_invited": NOT_A_COUNT + [0],
            "n_surveys": NOT_A_COUNT + [0, 10**12],
            "rng": NOT_A_GENERATOR,
        },
    ),
    Call(
        sim.nonresponse_study,
        {
            "answer_probabilities": ANSWER_PROBS,
            "nonresponse": {"random": sim.SurveyNonResponse.random(0.3)},
            "invited": [100],
            "n_surveys": 10,
            "rng": 0,
        },
        bad={
            "answer_probabilities": ANSWER_PROBS_BAD,
            "nonresponse": [None, {}, sim.SurveyNonResponse(), {"x": 0.3}],
            "invited": ARRAY + [[0], [2.5]],
            "n_surveys": NOT_A_COUNT + [0],
            "rng": NOT_A_GENERATOR,
            "confidence": CONFIDENCE,
        },
    ),
    Call(
        widget.new_customer_value,
        {
            "r": 0.243,
            "alpha": 4.414,
            "a": 0.793,
            "b": 2.426,
            "annual_discount_rate": 0.1,
            "spend_per_purchase": 35.0,
        },
        bad={
            "r": POSITIVE,
            "alpha": POSITIVE,
            "a": POSITIVE,
            "b": POSITIVE,
            "annual_discount_rate": NONNEGATIVE,
            "spend_per_purchase": NONNEGATIVE,
            "weeks": NOT_A_COUNT + [0, 10**12],
        },
    ),
    Call(
        widget.bgnbd_value_view,
        {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},
        bad={"alpha": POSITIVE, "annual_discount_rate": NONNEGATIVE, "weeks": NOT_A_COUNT},
    ),
    Call(
        widget.bgnbd_value_widget,
        {},
        bad={"r": POSITIVE, "b": POSITIVE, "spend_per_purchase": NONNEGATIVE, "weeks": NOT_A_COUNT},
    ),
]

EXEMPT = {
    "FitResult": "abstract base of the fitted models; constructing it raises TypeError (tested below)",
    "RepeatBuyingResult": "abstract base of BG/NBD and Pareto/NBD; constructing it raises TypeError (tested below)",
    "NPSResult": "plain result record returned by net_promoter_score",
    "NPSDifference": "plain result record returned by compare_nps",
    "NPSIntervals": "plain result record returned by nps_interval_from_counts",
    "NewCustomerValue": "plain result record returned by new_customer_value",
    "RateRatio": "plain result record returned by ratio_interval",
    "LogRankResult": "plain result record returned by logrank",
    "HazardRatio": "plain result record returned by cox_hazard_ratio",
}


@pytest.mark.parametrize("call, argument, value", expand(CALLS))
def test_public_functions_fail_closed(call, argument, value):
    assert_fails_closed(call.func, call.kwargs, argument, value)


def test_every_valid_call_in_the_registry_runs():
    """The registry's valid calls really are valid, so each refusal above is caused by the one bad value."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # tiny fits may be degenerate; they must still run
        for call in CALLS:
            call.func(**call.kwargs)
    import matplotlib.pyplot as plt

    plt.close("all")


@given(value=bad_numbers(NON_POSITIVE))
@settings(max_examples=60, deadline=None)
def test_every_model_parameter_refuses_bad_numbers(value):
    for cls in (loyalty.BGNBDResult, loyalty.ParetoNBDResult, loyalty.GammaGammaResult, loyalty.SBGResult):
        for name in cls.param_names():
            kwargs = {**dict(zip(cls.param_names(), [1.0] * len(cls.param_names()))), name: value}
            with pytest.raises((ValueError, TypeError)):
                cls(**kwargs)


@given(
    value=st.one_of(
        st.sampled_from([NAN, INF, -INF, "1", None, object(), -1.0, -1e-9]),
        st.floats(max_value=-1e-12, allow_nan=False, allow_infinity=False),
        st.lists(st.floats(max_value=-1e-12, allow_nan=False), min_size=1, max_size=5),
    )
)
@settings(max_examples=80, deadline=None)
def test_every_time_argument_refuses_bad_or_negative_times(value):
    for method in (
        BG.expected_purchases,
        PN.expected_purchases,
        BG.p_active_new,
        PN.p_active_new,
        SBG.survival,
    ):
        with pytest.raises((ValueError, TypeError)):
            method(value)


@given(
    answers=st.lists(
        st.one_of(
            st.integers(11, 1000),
            st.integers(-1000, -1),
            st.floats(allow_nan=True).filter(lambda v: v % 1 != 0),
        ),
        min_size=1,
        max_size=5,
    ),
    good=st.lists(st.integers(0, 10), max_size=20),
)
@settings(max_examples=80, deadline=None)
def test_nps_refuses_any_answer_outside_whole_numbers_0_to_10(answers, good):
    with pytest.raises(ValueError):
        loyalty.net_promoter_score(good + answers)


# ---- the fail-open cases issue 12 lists, one test each -----------------------------------------------------


def test_gamma_gamma_expected_spend_is_never_negative_when_q_is_at_most_one():
    # was: GammaGammaResult(...).conditional_expected_spend went negative when q <= 1
    with pytest.raises(ValueError, match="infinite"):
        loyalty.GammaGammaResult(6.25, 0.5, 15.44).conditional_expected_spend([0, 3], [0.0, 20.0])


def test_gamma_gamma_fit_with_q_at_most_one_warns():
    rng = np.random.default_rng(0)
    frequency = rng.integers(1, 4, 400)
    heavy = rng.pareto(0.8, 400) * 10 + 1  # spend so heavy-tailed that its mean does not exist
    with pytest.warns(RuntimeWarning, match="q = .* <= 1"):
        loyalty.fit_gamma_gamma(frequency, heavy)


@pytest.mark.parametrize("model", [BG, PN], ids=["BG/NBD", "Pareto/NBD"])
def test_expected_purchases_at_a_negative_time_are_refused(model):
    # was: BG/NBD and Pareto/NBD expected_purchases(-1) returned a negative number of purchases
    with pytest.raises(ValueError, match="t has values below 0"):
        model.expected_purchases(-1)


def test_sbg_survival_at_a_negative_period_is_refused():
    # was: sBG survival(-1) returned 4.87 (a share above 1)
    with pytest.raises(ValueError, match="t has values below 0"):
        SBG.survival(-1)


def test_nps_from_more_promoters_than_respondents_is_refused():
    # was: nps_interval_from_counts(30, 5, 10) returned a score of 250
    with pytest.raises(ValueError, match="exceeds n"):
        loyalty.nps_interval_from_counts(30, 5, 10)


def test_bgnbd_fit_without_any_repeat_purchase_is_refused():
    # was: fit_bgnbd on all-zero frequencies returned r = 1.4e4, alpha = 1e21 without a word
    with pytest.raises(ValueError, match="no customer made a repeat purchase"):
        loyalty.fit_bgnbd([0] * 50, [0.0] * 50, [30.0] * 50)


def test_bgnbd_fit_that_drifts_to_a_bound_warns():
    with pytest.warns(RuntimeWarning, match="BG/NBD fit is degenerate"):
        loyalty.fit_bgnbd([1], [5.0], [10.0])


def test_sbg_fit_of_a_cohort_that_all_left_at_once_is_refused():
    # was: fit_sbg([100, 0, 0]) reported a log-likelihood of +inf
    with pytest.raises(ValueError, match="whole cohort left in period 1"):
        loyalty.fit_sbg([100, 0, 0])


@pytest.mark.parametrize(
    "draw",
    [
        lambda rng: loyalty.nps_bootstrap_interval(ANSWERS, rng=rng),
        lambda rng: loyalty.clv_parameter_draws(BG, GG, X, T_X, T, M, n_draws=3, rng=rng),
        lambda rng: sim.simulate_experiment(sim.PersonalizationExperiment(n_per_arm=5), rng),
    ],
    ids=["nps_bootstrap_interval", "clv_parameter_draws", "simulate_experiment"],
)
def test_randomness_refuses_none(draw):
    # was: default_rng(rng) silently accepted None (an unseeded run) in loyalty.py and simulate/loyalty.py
    with pytest.raises(TypeError, match="rng is None"):
        draw(None)


def test_a_clv_horizon_of_a_trillion_weeks_is_refused_before_allocating():
    with pytest.raises(ValueError, match="GiB"):
        loyalty.discounted_clv(BG, GG, X, T_X, T, M, horizon_weeks=1e12)


@pytest.mark.parametrize("base", [loyalty.FitResult, loyalty.RepeatBuyingResult])
def test_the_abstract_bases_cannot_be_built(base):
    with pytest.raises(TypeError, match="base class"):
        base() if base is loyalty.FitResult else base(r=0.2, alpha=4.0)
