"""Specifications of helpers.loyalty: NPS with intervals, cohorts, survival, sBG, BG/NBD, Pareto/NBD,
Gamma-Gamma and discounted CLV, checked against the published values of Fader & Hardie."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import datasets, loyalty

REGULAR = [100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1]
HIGH_END = [100, 86.9, 74.3, 65.3, 59.3, 55.1, 51.7, 49.1]


@pytest.fixture(scope="module")
def summary():
    datasets.fetch("cdnow")
    return datasets.load_cdnow_summary()


@pytest.fixture(scope="module")
def bgnbd(summary):
    return loyalty.fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])


@pytest.fixture(scope="module")
def calibration():
    datasets.fetch("cdnow")
    tx = datasets.load_cdnow_transactions("sample")
    return loyalty.calibration_holdout(tx, "1997-09-30", "1998-06-30")


# ---- NPS ---------------------------------------------------------------------------------------------------


def test_nps_counts_promoters_minus_detractors():
    result = loyalty.net_promoter_score([10, 9, 9, 8, 7, 6, 0, 3, 10, 10])
    assert result.score == pytest.approx(100 * (5 - 3) / 10)
    assert (result.promoters, result.detractors, result.n) == (0.5, 0.3, 10)


def test_nps_interval_uses_multinomial_variance():
    answers = [10] * 40 + [8] * 40 + [3] * 20
    result = loyalty.net_promoter_score(answers, confidence=0.95)
    p, d, n = 0.4, 0.2, 100
    se = 100 * np.sqrt((p * (1 - p) + d * (1 - d) + 2 * p * d) / n)
    assert result.ci_high - result.score == pytest.approx(1.959964 * se, rel=1e-5)


@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
@settings(max_examples=100, deadline=None)
def test_nps_and_its_interval_stay_within_minus_100_and_100(answers):
    result = loyalty.net_promoter_score(answers)
    assert -100 <= result.ci_low <= result.score <= result.ci_high <= 100


@pytest.mark.parametrize("bad, message", [
    ([5, 11], "from 0 to 10"),
    ([-1, 5], "from 0 to 10"),
    ([7.5, 8], "whole numbers"),
    ([], "at least one answer"),
    ([5, np.nan], "NaN"),
])  # fmt: skip
def test_nps_rejects_bad_answers(bad, message):
    with pytest.raises(ValueError, match=message):
        loyalty.net_promoter_score(bad)


def test_nps_interval_covers_the_true_nps_in_about_95_percent_of_surveys():
    rng = np.random.default_rng(2024)
    probs = np.array([0.02, 0.02, 0.03, 0.03, 0.05, 0.05, 0.08, 0.12, 0.2, 0.2, 0.2])
    truth = 100 * (probs[9:].sum() - probs[:7].sum())
    covered = [
        (r := loyalty.net_promoter_score(rng.choice(11, size=300, p=probs))).ci_low <= truth <= r.ci_high
        for _ in range(2000)
    ]  # fmt: skip
    assert 0.93 <= np.mean(covered) <= 0.965


def test_nps_bootstrap_interval_agrees_with_the_analytic_interval():
    rng = np.random.default_rng(1)
    answers = rng.choice(11, size=800, p=[0.04] * 5 + [0.05, 0.1, 0.15, 0.2, 0.15, 0.15])
    analytic = loyalty.net_promoter_score(answers)
    low, high = loyalty.nps_bootstrap_interval(answers, n_boot=4000, rng=rng)
    assert low == pytest.approx(analytic.ci_low, abs=1.0)
    assert high == pytest.approx(analytic.ci_high, abs=1.0)


def test_compare_nps_is_b_minus_a_with_a_wider_interval_than_either_group():
    a = [10] * 30 + [8] * 40 + [2] * 30
    b = [10] * 50 + [8] * 30 + [2] * 20
    diff = loyalty.compare_nps(a, b)
    assert diff.difference == pytest.approx(30.0)
    assert diff.ci_high - diff.ci_low > diff.nps_b.ci_high - diff.nps_b.ci_low
    assert diff.p_value < 0.05


def test_compare_nps_of_identical_groups_is_zero_with_p_value_one():
    a = [10, 9, 7, 3, 5, 9, 10, 8]
    diff = loyalty.compare_nps(a, a)
    assert diff.difference == 0 and diff.p_value == pytest.approx(1.0)


def test_nps_sample_size_worst_case_for_plus_minus_5_points():
    assert loyalty.nps_sample_size(5, promoters=0.5, detractors=0.5) == 1537


def test_nps_sample_size_shrinks_as_the_margin_grows():
    assert loyalty.nps_sample_size(10) < loyalty.nps_sample_size(5)


def test_nps_sample_size_rejects_a_non_positive_margin():
    with pytest.raises(ValueError, match="margin"):
        loyalty.nps_sample_size(0)


# ---- cohorts and survival ----------------------------------------------------------------------------------


def _toy_transactions():
    return pd.DataFrame({
        "customer_id": [1, 1, 2, 2, 3, 4],
        "date": pd.to_datetime(["2020-01-01", "2020-01-20", "2020-01-05", "2020-03-10", "2020-02-01",
                                "2020-02-15"]),
        "quantity": [1, 2, 1, 1, 3, 1],
        "amount": [10.0, 20.0, 12.0, 8.0, 30.0, 9.0],
    })  # fmt: skip


def test_cohort_retention_starts_at_one_and_counts_returning_customers():
    matrix = loyalty.cohort_retention(_toy_transactions(), cohort="M", period_days=28, end="2020-04-30")
    assert (matrix[0] == 1).all()
    # January cohort: customer 2 buys again 65 days later (period 2); customer 1 only within period 0
    assert matrix.loc["2020-01", 1] == 0.0 and matrix.loc["2020-01", 2] == 0.5
    assert matrix.attrs["cohort_size"] == {"2020-01": 2, "2020-02": 2}


def test_cohort_retention_leaves_unobserved_periods_empty():
    matrix = loyalty.cohort_retention(_toy_transactions(), cohort="M", period_days=28, end="2020-04-30")
    # the February cohort's last customer joined 15 Feb: 75 days observed, so periods 0-1 only
    assert matrix.loc["2020-02"].notna().sum() == 2


def test_time_to_repeat_censors_customers_without_a_second_purchase_day():
    out = loyalty.time_to_repeat(_toy_transactions(), end="2020-04-30")
    assert out.loc[1, "repeated"] and out.loc[1, "weeks"] == pytest.approx(19 / 7)
    assert not out.loc[3, "repeated"] and out.loc[3, "weeks"] == pytest.approx(89 / 7)


def test_logrank_separates_clearly_different_groups():
    rng = np.random.default_rng(0)
    durations = np.concatenate([rng.exponential(1, 300), rng.exponential(3, 300)])
    groups = np.repeat(["a", "b"], 300)
    result = loyalty.logrank(durations, np.ones(600, bool), groups)
    assert result.p_value < 1e-6


def test_logrank_needs_exactly_two_groups():
    with pytest.raises(ValueError, match="two distinct"):
        loyalty.logrank([1, 2, 3], [1, 1, 1], ["a", "b", "c"])


def test_cox_hazard_ratio_recovers_a_known_ratio():
    rng = np.random.default_rng(3)
    treated = np.repeat([0, 1], 3000)
    durations = rng.exponential(1 / np.where(treated == 1, 0.5, 1.0))
    hr = loyalty.cox_hazard_ratio(durations, np.ones(6000, bool), treated)
    assert hr.ci_low < 0.5 < hr.ci_high


def test_kaplan_meier_survival_never_rises():
    rng = np.random.default_rng(4)
    km = loyalty.kaplan_meier(rng.exponential(2, 200), rng.uniform(size=200) < 0.7)
    assert np.all(np.diff(km.survival_function_.iloc[:, 0].values) <= 0)


# ---- shifted-beta-geometric --------------------------------------------------------------------------------


@pytest.mark.parametrize("curve, alpha, beta", [(REGULAR, 0.704, 1.182), (HIGH_END, 0.668, 3.806)])
def test_sbg_reproduces_fader_hardie_2007(curve, alpha, beta):
    fit = loyalty.fit_sbg(curve)
    assert fit.alpha == pytest.approx(alpha, rel=0.005)
    assert fit.beta == pytest.approx(beta, rel=0.005)


def test_sbg_rejects_survival_percentages_that_rise():
    with pytest.raises(ValueError, match="never rise"):
        loyalty.fit_sbg([100, 60, 65, 40])


def test_sbg_rejects_empty_input():
    with pytest.raises(ValueError, match="got none"):
        loyalty.fit_sbg([])


@given(st.floats(0.1, 5), st.floats(0.1, 10))
@settings(max_examples=50, deadline=None)
def test_sbg_survival_never_rises_and_retention_rates_never_fall(alpha, beta):
    fit = loyalty.SBGResult(alpha, beta, np.nan, 7, 1000)
    t = np.arange(0, 30)
    assert np.all(np.diff(fit.survival(t)) <= 1e-12)
    assert np.all(np.diff(fit.retention_rate(t[1:])) >= -1e-12)


def test_sbg_discounted_expected_lifetime_matches_the_sum_of_discounted_survival():
    fit = loyalty.fit_sbg(REGULAR)
    t = np.arange(0, 3000)
    assert fit.discounted_expected_lifetime(0.1) == pytest.approx(np.sum(fit.survival(t) / 1.1**t), rel=1e-6)


# ---- BG/NBD and Pareto/NBD ---------------------------------------------------------------------------------


def test_bgnbd_reproduces_fader_hardie_lee_2005(bgnbd):
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for name, value in published.items():
        assert getattr(bgnbd, name) == pytest.approx(value, rel=0.005), name
    assert bgnbd.log_likelihood == pytest.approx(-9582.4, abs=0.5)


def test_pareto_nbd_reproduces_fader_hardie_lee_2005(summary):
    fit = loyalty.fit_pareto_nbd(summary["frequency"], summary["recency"], summary["T"])
    published = {"r": 0.55, "alpha": 10.58, "s": 0.61, "beta": 11.67}
    for name, value in published.items():
        # the paper prints 2 significant digits for r and s: 0.5% of 0.55 is below its rounding
        assert getattr(fit, name) == pytest.approx(value, rel=0.01 if name in "rs" else 0.005), name
    assert fit.log_likelihood == pytest.approx(-9595.0, abs=0.5)


@pytest.mark.parametrize("frequency, recency, T, message", [
    ([1], [5.0], [4.0], "greater than T"),
    ([-1], [0.0], [4.0], "must not be negative"),
    ([0], [2.0], [4.0], "frequency 0"),
    ([], [], [], "empty"),
    ([1, 2], [1.0], [3.0, 3.0], "same length"),
])  # fmt: skip
def test_bgnbd_rejects_bad_input(frequency, recency, T, message):
    with pytest.raises(ValueError, match=message):
        loyalty.fit_bgnbd(frequency, recency, T)


def test_pareto_nbd_rejects_recency_greater_than_T():
    with pytest.raises(ValueError, match="greater than T"):
        loyalty.fit_pareto_nbd([2], [10.0], [5.0])


def test_p_alive_is_one_without_repeat_purchases_and_falls_with_time_since_last(bgnbd):
    assert bgnbd.p_alive([0], [0.0], [30.0])[0] == 1.0
    recent, stale = bgnbd.p_alive([3, 3], [29.0, 5.0], [30.0, 30.0])
    assert recent > stale


def test_expected_purchases_start_at_zero_and_grow(bgnbd):
    values = bgnbd.expected_purchases(np.arange(0, 80))
    assert values[0] == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.diff(values) > 0)


def test_bgnbd_expectations_are_finite_at_a_equal_one():
    fit = loyalty.BGNBDResult(0.3, 5.0, 1.0, 2.0, np.nan, 0)
    assert np.isfinite(fit.expected_purchases(10.0))
    assert np.isfinite(fit.conditional_expected_purchases(10.0, [2], [5.0], [8.0])).all()


def test_p_active_new_is_finite_for_long_horizons_and_little_dropout():
    fit = loyalty.BGNBDResult(0.5, 5.0, 0.01, 1000.0, np.nan, 0)
    values = fit.p_active_new(np.array([0.0, 20.0, 500.0]))
    assert values[0] == 1.0 and np.all(np.isfinite(values)) and np.all(np.diff(values) < 0)


def test_p_active_new_matches_a_monte_carlo_of_the_bgnbd_story():
    fit = loyalty.BGNBDResult(0.5, 5.0, 1.5, 3.0, np.nan, 0)
    rng = np.random.default_rng(5)
    lam = rng.gamma(0.5, 1 / 5.0, 200_000)
    p = rng.beta(1.5, 3.0, 200_000)
    # alive at t unless one of the Poisson(lambda t) repeat purchases was followed by dropout
    alive = rng.poisson(lam * p * 20.0) == 0
    assert fit.p_active_new(20.0) == pytest.approx(alive.mean(), abs=0.005)


def test_calibration_holdout_reproduces_the_published_cdnow_summary(summary, calibration):
    joined = summary.join(calibration, rsuffix="_ours")
    assert (joined["frequency"] == joined["frequency_ours"]).all()
    assert np.allclose(joined["recency"], joined["recency_ours"], atol=0.006)
    assert np.allclose(joined["T"], joined["T_ours"], atol=0.006)


def test_gamma_gamma_reproduces_fader_hardie_2013(calibration):
    fit = loyalty.fit_gamma_gamma(calibration["frequency"], calibration["monetary_value"])
    assert (fit.p, fit.q, fit.gamma) == pytest.approx((6.25, 3.74, 15.44), rel=0.005)
    assert fit.n_customers == 946
    assert fit.log_likelihood == pytest.approx(-4055.92, abs=0.05)  # CLVTools' correctness test value


def test_gamma_gamma_expected_spend_shrinks_towards_the_population_mean():
    fit = loyalty.GammaGammaResult(6.25, 3.74, 15.44, np.nan, 0)
    spend = fit.conditional_expected_spend([0, 1, 50], [0.0, 100.0, 100.0])
    assert spend[0] == pytest.approx(fit.mean_spend)
    assert fit.mean_spend < spend[1] < spend[2] < 100.0


def test_gamma_gamma_rejects_repeat_buyers_without_spend():
    with pytest.raises(ValueError, match="positive monetary_value"):
        loyalty.fit_gamma_gamma([2, 1], [0.0, 20.0])


def test_undiscounted_clv_is_expected_purchases_times_expected_spend(bgnbd):
    gg = loyalty.GammaGammaResult(6.25, 3.74, 15.44, np.nan, 0)
    x, t_x, T, m = (
        np.array([0, 2, 5]),
        np.array([0.0, 10.0, 30.0]),
        np.full(3, 38.0),
        np.array([0, 30.0, 50.0]),
    )
    clv = loyalty.discounted_clv(bgnbd, gg, x, t_x, T, m, horizon_weeks=39, annual_discount_rate=0.0)
    expected = bgnbd.conditional_expected_purchases(39, x, t_x, T) * gg.conditional_expected_spend(x, m)
    assert clv == pytest.approx(expected, rel=1e-9)
    discounted = loyalty.discounted_clv(bgnbd, gg, x, t_x, T, m, horizon_weeks=39, annual_discount_rate=0.2)
    assert np.all(discounted < clv)


def test_rate_ratio_of_a_fit_with_itself_is_one(bgnbd):
    estimate, low, high = loyalty.ratio_interval(bgnbd, bgnbd)
    assert estimate == pytest.approx(1.0) and low < 1 < high


def test_cohort_retention_names_weekly_cohorts_by_their_first_day():
    matrix = loyalty.cohort_retention(_toy_transactions(), cohort="W", period_days=28, end="2020-04-30")
    assert matrix.index[0] == "2019-12-30"


def test_cumulative_repeat_transactions_counts_later_purchase_days_by_week():
    counts = loyalty.cumulative_repeat_transactions(_toy_transactions(), origin="2020-01-01", weeks=12)
    # repeat days: 20 Jan (day 19 -> week 3) and 10 Mar (day 69 -> week 10)
    assert counts[1] == 0 and counts[2] == 1 and counts[9] == 2 and counts[-1] == 2


def test_cumulative_expected_repeat_of_one_customer_is_its_expected_purchases(bgnbd):
    tracked = loyalty.cumulative_expected_repeat(bgnbd, [2.0], weeks=10)
    assert tracked[1] == pytest.approx(0.0) and tracked[9] == pytest.approx(bgnbd.expected_purchases(8.0))


def test_compare_to_published_reports_differences():
    table = loyalty.compare_to_published({"r": 0.25, "LL": -10.0}, {"r": 0.2, "LL": -10.5})
    assert table.loc["r", "difference"] == pytest.approx(0.05)
    assert table.loc["LL", "relative difference (%)"] == pytest.approx(100 * 0.5 / 10.5)


def test_vectorized_nps_interval_matches_net_promoter_score():
    answers = [10, 9, 9, 8, 7, 6, 0, 3, 10, 10, 5, 9]
    single = loyalty.net_promoter_score(answers)
    score, low, high = loyalty.nps_interval_from_counts(6, 4, 12)
    assert (score, low, high) == pytest.approx((single.score, single.ci_low, single.ci_high))


def test_clv_parameter_draws_are_reproducible_and_centred_on_the_point_estimate(bgnbd, calibration):
    gg = loyalty.fit_gamma_gamma(calibration["frequency"], calibration["monetary_value"])
    top = calibration[(calibration["frequency"] >= 5) & (calibration["recency"] > 30)].head(5)
    args = (bgnbd, gg, top["frequency"], top["recency"], top["T"], top["monetary_value"])
    draws = loyalty.clv_parameter_draws(*args, n_draws=100, rng=7)
    assert draws.shape == (100, 5)
    assert np.array_equal(draws, loyalty.clv_parameter_draws(*args, n_draws=100, rng=7))
    point = loyalty.discounted_clv(*args)
    assert np.all(np.abs(np.median(draws, axis=0) / point - 1) < 0.05)


# ---- the widget's pure function (helpers.widgets.loyalty) --------------------------------------------------


def test_new_customer_value_without_dropout_is_the_nbd_mean():
    from helpers.widgets import loyalty as widget

    out = widget.new_customer_value(r=0.5, alpha=5.0, a=1e-3, b=1e4, annual_discount_rate=0.0,
                                    spend_per_purchase=10.0, weeks=20)  # fmt: skip
    assert out["p_active_at_end"] == pytest.approx(1.0, abs=1e-4)
    assert out["purchases_at_end"] == pytest.approx(0.5 / 5.0 * 20, rel=1e-3)
    assert out["clv"] == pytest.approx(10.0 * out["purchases_at_end"], rel=1e-9)


def test_new_customer_value_falls_with_the_discount_rate():
    from helpers.widgets import loyalty as widget

    low = widget.new_customer_value(0.243, 4.414, 0.793, 2.426, 0.0, 35.0)["clv"]
    high = widget.new_customer_value(0.243, 4.414, 0.793, 2.426, 0.3, 35.0)["clv"]
    assert high < low


def test_bgnbd_value_view_returns_three_panels_and_their_numbers():
    import matplotlib.pyplot as plt

    from helpers.widgets import loyalty as widget

    fig, stats = widget.bgnbd_value_view(0.243, 4.414, 0.793, 2.426)
    assert len(fig.axes) == 3 and set(stats) == {"p_active_at_end", "purchases_at_end", "clv"}
    plt.close(fig)


def test_bgnbd_value_view_rejects_non_positive_parameters():
    from helpers.widgets import loyalty as widget

    with pytest.raises(ValueError, match="must be positive"):
        widget.bgnbd_value_view(0.243, 0.0, 0.793, 2.426)


def test_bgnbd_value_widget_redraws_when_a_slider_moves():
    import matplotlib.pyplot as plt

    from helpers.widgets import loyalty as widget

    box = widget.bgnbd_value_widget()
    caption, image = box.children[-1].children
    before = (caption.value, image.value)
    box.children[0].children[0].value = 0.5  # r
    assert caption.value != before[0] and image.value != before[1]
    assert "CLV $" in caption.value and image.value[:4] == b"\x89PNG"
    plt.close("all")


@given(
    st.integers(0, 30),
    st.floats(0.0, 1.0),
    st.floats(1.0, 60.0),
    st.floats(0.1, 3.0),
    st.floats(0.5, 20.0),
    st.floats(0.2, 3.0),
    st.floats(0.2, 10.0),
)
@settings(max_examples=100, deadline=None)
def test_bgnbd_predictions_are_probabilities_and_grow_with_the_horizon(x, share, T, r, alpha, a, b):
    fit = loyalty.BGNBDResult(r, alpha, a, b, np.nan, 0)
    t_x = share * T if x > 0 else 0.0
    p = fit.p_alive([x], [t_x], [T])[0]
    assert 0.0 <= p <= 1.0
    near, far = fit.conditional_expected_purchases(np.array([10.0, 50.0]), [x], [t_x], [T])
    assert 0.0 <= near <= far


def test_clv_parameter_draws_need_fitted_results():
    unfitted = loyalty.BGNBDResult(0.243, 4.414, 0.793, 2.426, np.nan, 0)
    gg = loyalty.GammaGammaResult(6.25, 3.74, 15.44, np.nan, 0)
    with pytest.raises(ValueError, match="no usable parameter covariance"):
        loyalty.clv_parameter_draws(unfitted, gg, [1], [5.0], [10.0], [20.0], n_draws=5, rng=0)
