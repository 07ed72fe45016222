"""The trust loop of notebook 06: every link carries a source, the estimated links are read from results (not
typed), the dynamics go the way the links say, and every public function fails closed on bad input."""

import dataclasses
import math

import numpy as np
import pytest

from helpers.simulate import trust_loop
from unit.badinput import NOT_A_COUNT, NOT_A_GENERATOR, Call, assert_fails_closed, expand

PATHS = {
    "superficial -> understanding": 0.03, "authentic -> understanding": 0.39,
    "authentic_x_privacy -> understanding": -0.12, "authentic_x_disposition -> understanding": 0.08,
    "understanding -> affect": 0.61, "superficial -> affect": -0.02, "authentic -> affect": -0.03,
    "understanding -> cognitive": 0.27, "disposition_to_trust -> cognitive": 0.28,
    "privacy_concern -> cognitive": -0.22, "affect -> intention": 0.47, "cognitive -> intention": 0.22,
}  # fmt: skip
R01 = {"paths": {key: {"estimate": value} for key, value in PATHS.items()}}
R02 = {"preregistered": {"explanations": {"estimate": 0.13}, "control_panel": {"estimate": 0.23}}}
R04 = {
    "rmse_global_mean": 1.12,
    "rmse_by_epsilon": {"dp_sgd_mf": {"0.1": 1.08, "1": 0.98, "10": 0.955, "inf": 0.95}},
}
R05 = {"sbg_regular": {"alpha": 0.7, "beta": 1.2}, "bgnbd": {"r": 0.24, "alpha": 4.4},
       "gamma_gamma": {"p": 6.25, "q": 3.74, "gamma": 15.44}}  # fmt: skip


@pytest.fixture(scope="module")
def params():
    return trust_loop.TrustLoopParams.from_results(R01, R02, R04, R05)


@pytest.fixture(scope="module")
def cohort(params):
    return trust_loop.draw_population(params, 3000, 10, np.random.default_rng(0))


def test_every_link_carries_one_of_the_sources(params):
    table = params.links()
    assert set(table["source"]) <= set(trust_loop.SOURCES)
    assert len(table) == len(dataclasses.fields(params))
    assert table.loc["authentic_on_understanding", "source"] == "estimated (notebook 01)"
    assert table.loc["control_effect", "source"] == "estimated (notebook 02)"
    assert table.loc["dp_kept", "source"] == "real-data (notebook 04)"
    assert table.loc["churn_alpha", "source"] == "published"
    assert "disappointment" in params.assumed_links and "churn_alpha" not in params.assumed_links


def test_estimated_links_are_the_values_in_the_results(params):
    assert params.v("authentic_on_understanding") == 0.39
    assert params.v("control_effect") == 0.23
    assert params.v("churn_beta") == 1.2
    assert params.v("purchases_per_year") == pytest.approx(52 * 0.24 / 4.4)
    assert params.v("spend_per_purchase") == pytest.approx(6.25 * 15.44 / 2.74)
    kept = dict(params.v("dp_kept"))
    assert kept[math.inf] == 1.0 and kept[0.1] == pytest.approx((1.12 - 1.08) / (1.12 - 0.95))


def test_a_recorded_optout_curve_replaces_the_assumed_one():
    r04 = {**R04, "optout_share_by_epsilon": {"0.1": 0.1, "1": 0.12, "inf": 0.2}}
    params = trust_loop.TrustLoopParams.from_results(R01, R02, r04, R05)
    assert dict(params.v("optout_by_epsilon"))[1.0] == 0.12


def test_a_link_without_a_known_source_is_refused():
    with pytest.raises(ValueError, match="source"):
        trust_loop.Link(0.5, "guessed")


def test_a_results_file_missing_a_key_names_it():
    with pytest.raises(ValueError, match="rmse_by_epsilon"):
        trust_loop.TrustLoopParams.from_results(R01, R02, {"rmse_global_mean": 1.1}, R05)


def test_vary_keeps_the_source_and_refuses_unknown_links(params):
    varied = params.vary(disappointment=0.3)
    assert varied.disappointment == trust_loop.Link(0.3, "assumed", params.disappointment.note)
    with pytest.raises(ValueError, match="not a link"):
        params.vary(speed_of_light=1.0)


def test_accuracy_grows_with_data_and_epsilon(params):
    assert trust_loop.accuracy(params, 1.0, math.inf) == 1.0
    assert trust_loop.accuracy(params, 0.25, math.inf) == pytest.approx(0.5)
    assert trust_loop.accuracy(params, 1.0, 0.1) < trust_loop.accuracy(params, 1.0, 1.0) < 1.0
    with pytest.raises(ValueError, match="below the smallest epsilon"):
        trust_loop.accuracy(params, 1.0, 0.01)


def test_tipping_accuracy_balances_authentic_against_shallow_personalization(params):
    a = trust_loop.tipping_accuracy(params)
    assert 0 < a < 1
    assert trust_loop.tipping_accuracy(params.vary(disappointment=0.0)) < 0.05
    assert trust_loop.tipping_accuracy(params.vary(disappointment=0.3)) > a


def test_accurate_transparent_personalization_gains_trust_and_strict_privacy_loses_it(params, cohort):
    good = trust_loop.simulate(params, trust_loop.Policy("good", 1.0, 1.0, True, True), cohort).summary()
    bad = trust_loop.simulate(params, trust_loop.Policy("bad", 1.0, 0.1, consistency=0.5), cohort).summary()
    none = trust_loop.simulate(params, trust_loop.Policy("none", 0.0), cohort).summary()
    assert good["trust_change"] > 0.1 > -0.05 > bad["trust_change"]
    assert good["clv"] > none["clv"] > bad["clv"]
    assert abs(none["trust_change"]) < 0.02


def test_retention_never_rises_and_the_run_is_reproducible(params):
    policy = trust_loop.Policy("p", 0.5, 2.0)
    runs = [
        trust_loop.simulate(
            params, policy, trust_loop.draw_population(params, 500, 8, np.random.default_rng(3))
        )
        for _ in range(2)
    ]
    assert np.all(np.diff(runs[0].retention) <= 1e-12) and runs[0].retention[0] == 1.0
    assert runs[0].summary() == runs[1].summary()


def test_the_loop_gain_is_zero_without_personalization_and_grows_with_the_trust_to_sharing_link(params):
    assert trust_loop.loop_gain(params, trust_loop.Policy("none", 0.0), 0.8) == 0.0
    deep = trust_loop.Policy("deep", 1.0)
    assert (
        0
        < trust_loop.loop_gain(params, deep, 0.8)
        < trust_loop.loop_gain(params.vary(optout_trust=5.0), deep, 0.8)
    )


def test_a_given_population_makes_the_sensitivity_analysis_deterministic(params, cohort):
    policies = (trust_loop.Policy("a", 1.0, 1.0), trust_loop.Policy("b", 0.0, 1.0))
    points = trust_loop.sensitivity_points(params)
    outputs = [
        trust_loop.compare_task(params, policies, 3000, 10, np.random.default_rng(i), population=cohort, **p_)
        for i, p_ in enumerate({"overrides": p["overrides"]} for p in points)
    ]
    table = trust_loop.tornado_table(points, outputs, "a", "b", metric="clv")
    assert set(table.index) == set(params.assumed_links)
    assert table.loc["inconsistency", "swing"] == 0.0  # both policies equally consistent
    assert table.loc["purchase_trust", "high"] > table.loc["purchase_trust", "low"]


def test_tipping_epsilon_interpolates_the_sign_change():
    assert trust_loop.tipping_epsilon([0.1, 1.0, 10.0, math.inf], [-1.0, 1.0, 2.0, 3.0]) == pytest.approx(
        math.sqrt(0.1 * 1.0)
    )
    assert math.isnan(trust_loop.tipping_epsilon([0.1, 1.0], [1.0, 2.0]))


def test_policy_table_gives_mean_and_interval(params):
    outputs = [
        trust_loop.compare_task(params, (trust_loop.Policy("a", 1.0),), 300, 5, np.random.default_rng(i))
        for i in range(5)
    ]
    table = trust_loop.policy_table(outputs)
    assert (table["low"]["clv"] <= table["mean"]["clv"]).all() and (
        table["mean"]["clv"] <= table["high"]["clv"]
    ).all()


# ---- bad input ---------------------------------------------------------------------------------------------

_P = trust_loop.TrustLoopParams.from_results(R01, R02, R04, R05)
_POP = trust_loop.draw_population(_P, 20, 3, 0)
CALLS = [
    Call(trust_loop.draw_population, {"params": _P, "n_users": 20, "n_periods": 3, "rng": 0},
         {"n_users": NOT_A_COUNT + [0], "n_periods": NOT_A_COUNT + [0, 10**6], "rng": NOT_A_GENERATOR,
          "params": [None, {}]}),
    Call(trust_loop.simulate, {"params": _P, "policy": trust_loop.Policy("p"), "population": _POP},
         {"params": [None, R01], "policy": [None, "deep"], "population": [None, {}]}),
    Call(trust_loop.accuracy, {"params": _P, "data_share": 0.5, "epsilon": 1.0},
         {"epsilon": [0.0, -1.0, float("nan"), "1", 0.01]}),
    Call(trust_loop.loop_gain, {"params": _P, "policy": trust_loop.Policy("p"), "data_share": 0.5},
         {"data_share": [0.0, 1.5, float("nan"), "x"], "policy": [None]}),
    Call(trust_loop.Policy, {"name": "p", "depth": 1.0, "epsilon": 1.0},
         {"name": ["", None], "depth": [-0.1, 1.5, float("nan")], "epsilon": [0.0, -1.0, float("nan")],
          "explanations": [1, "yes"], "consistency": [2.0, -1.0]}),
    Call(trust_loop.Link, {"value": 0.5, "source": "assumed"},
         {"value": [float("nan"), "0.5", None, ()], "source": ["guess", None], "note": [3]}),
    Call(trust_loop.sensitivity_points, {"params": _P}, {"params": [None], "low": [-0.1, 1.5], "high": [0.5, 1e9]}),
    Call(trust_loop.tipping_epsilon, {"epsilons": [0.1, 1.0], "advantage": [-1.0, 1.0]},
         {"epsilons": [[], [0.1]], "advantage": [[1.0], [float("nan"), 1.0]]}),
    Call(trust_loop.policy_table, {"outputs": [{"a": {"clv": 1.0}}]}, {"outputs": [[]]}),
    Call(trust_loop.TrustLoopParams.from_results, {"r01": R01, "r02": R02, "r04": R04, "r05": R05},
         {"r01": [None, {}], "r02": [[]], "r04": [{}], "r05": [{"sbg_regular": {}}]}),
]  # fmt: skip


@pytest.mark.parametrize("call, argument, value", expand(CALLS))
def test_bad_input_fails_closed(call, argument, value):
    assert_fails_closed(call.func, call.kwargs, argument, value)


def test_the_record_holds_plain_numbers_and_sources(params):
    record = params.as_record()
    assert record["authentic_on_understanding"] == {"value": 0.39, "source": "estimated (notebook 01)"}
    assert (
        record["dp_kept"]["value"]["inf"] == 1.0 and record["dp_kept"]["source"] == "real-data (notebook 04)"
    )


def test_total_effects_are_notebook_01s_paths_through_understanding(params):
    k_a, k_s = trust_loop.total_effects(params)
    assert k_a == pytest.approx(0.39 * (0.61 * 0.47 + 0.27 * 0.22) - 0.03 * 0.47)
    assert k_s == pytest.approx(0.03 * (0.61 * 0.47 + 0.27 * 0.22) - 0.02 * 0.47 - 0.15)
    with pytest.raises(TypeError):
        trust_loop.total_effects(None)
    with pytest.raises(TypeError):
        trust_loop.tipping_accuracy({})
