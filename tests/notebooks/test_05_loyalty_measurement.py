"""Notebook 05 executed with papermill (quick): its recorded results against the published values (the sBG's
held-out years included), the recovery checks of its simulations, its claims ledger, the exercises' solutions
run inside the executed notebook, and a cross-check of our BG/NBD and Pareto/NBD fits against `lifetimes`."""

import warnings

import numpy as np
import pandas as pd
import pytest
from nbrun import assert_claims_ledger, assert_no_answer_shown, run_notebook

from helpers import datasets, loyalty, paths

NAME = "05_loyalty_measurement"
HOLDOUT = {  # Fader & Hardie (2007), Table 1, years 8-12 (% of the cohort alive)
    "regular": {"8": 22.3, "9": 20.7, "10": 19.4, "11": 18.3, "12": 17.3},
    "high_end": {"8": 46.8, "9": 44.5, "10": 42.7, "11": 40.9, "12": 39.4},
}

SOLUTIONS_PASS = """
for _name, _q in [("q1", q1), ("q2", q2), ("q3", q3), ("q4", q4)]:
    _namespace = dict(globals())
    exec(_q.solution_text, _namespace)
    print(_name, _q.check(_namespace["answer"]))
print("--- wrong answers ---")
for _q, _wrong in [(q1, -45.0), (q2, lambda alpha, beta, t: 0.5), (q3, "real-data"), (q4, 0.0)]:
    print(_q.check(_wrong))
"""


@pytest.fixture(scope="module")
def summary():
    datasets.fetch("cdnow")
    return datasets.load_cdnow_summary()


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """One quick run (seed 1) with the exercises' solutions appended."""
    return run_notebook(
        NAME, tmp_path_factory.mktemp("nb05"), extra_cells=[SOLUTIONS_PASS], quick=True, seed=1
    )


def test_loyalty_notebook_reproduces_the_published_models(recorded):
    bg, pn = recorded["bgnbd"], recorded["pareto_nbd"]
    for key, value in {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}.items():
        assert bg[key] == pytest.approx(value, rel=0.005), key
    assert bg["log_likelihood"] == pytest.approx(-9582.4, abs=0.5)
    for key, value in {"r": 0.55, "alpha": 10.58, "s": 0.61, "beta": 11.67}.items():
        assert pn[key] == pytest.approx(value, rel=0.01), key  # r and s are printed with 2 digits
    assert pn["log_likelihood"] == pytest.approx(-9595.0, abs=0.5)
    assert recorded["sbg_regular"] == pytest.approx({"alpha": 0.704, "beta": 1.182}, rel=0.005)
    assert recorded["sbg_high_end"] == pytest.approx({"alpha": 0.668, "beta": 3.806}, rel=0.005)
    assert recorded["gamma_gamma"] == pytest.approx({"p": 6.25, "q": 3.74, "gamma": 15.44}, rel=0.005)
    # holdout weeks 40-78 of the 2,357-customer sample, repeat transactions counted by day
    assert recorded["holdout_actual"] == 1882
    assert recorded["holdout_predicted"]["bgnbd"] == pytest.approx(1653, abs=5)
    assert recorded["holdout_predicted"]["pareto_nbd"] == pytest.approx(1666, abs=5)


def test_sbg_fitted_on_years_0_to_7_projects_the_published_years_8_to_12(recorded):
    holdout = recorded["sbg_holdout"]
    assert set(holdout) == set(HOLDOUT)
    for cohort, years in HOLDOUT.items():
        assert list(holdout[cohort]) == list(years)
        for year, published in years.items():
            assert holdout[cohort][year]["actual"] == published, (cohort, year)
    errors = {c: [v["projected"] - v["actual"] for v in holdout[c].values()] for c in holdout}
    assert max(abs(e) for e in errors["regular"]) < 0.5
    assert max(abs(e) for e in errors["high_end"]) < 2.0


def test_a_line_and_an_exponential_project_year_12_far_below_the_sbg(recorded):
    year_12 = recorded["survival_year_12"]
    for cohort, values in year_12.items():
        assert values["published"] == HOLDOUT[cohort]["12"]
        assert abs(values["sBG"] - values["published"]) < 2.0, cohort
        for kind in ("linear", "exponential"):
            assert values[kind] < values["published"] - 5, (cohort, kind)


def test_nonresponse_that_depends_on_the_answer_biases_the_nps(recorded):
    study = recorded["nps_nonresponse"]
    assert study["respondents_nps"] - study["true_nps"] == pytest.approx(
        7.77, abs=0.01
    )  # exact, from the model
    assert study["coverage_random"] == pytest.approx(0.95, abs=0.04)  # 300 surveys in quick mode
    assert study["coverage_selective"] < 0.05


def test_the_simulated_experiment_recovers_what_it_built_in(recorded):
    for key in [
        "experiment_churn_hazard_ratio",
        "experiment_purchase_rate_ratio",
        "experiment_nps_difference",
    ]:
        effect = recorded[key]
        assert effect["ci_low"] < effect["estimate"] < effect["ci_high"], key
        assert effect["ci_low"] < effect["truth"] < effect["ci_high"], key
    assert recorded["experiment_churn_hazard_ratio"]["truth"] == 0.7
    assert recorded["experiment_purchase_rate_ratio"]["truth"] == 1.25


def test_every_figure_is_written(recorded):
    assert {
        "nps_interval_coverage.png",
        "cohort_retention_heatmap.png",
        "kaplan_meier_time_to_repeat.png",
        "sbg_projection.png",
        "sbg_vs_naive_projections.png",
        "conditional_expectations_holdout.png",
        "weekly_cumulative_repeat_transactions.png",
        "clv_distribution_and_holdout_deciles.png",
        "experiment_kaplan_meier.png",
        "bgnbd_new_customer_value.png",
    } <= set(recorded["_figures"])


def test_the_claims_ledger_names_every_kind_of_evidence(recorded):
    claims = recorded["claims"]
    assert_claims_ledger(NAME, claims, {"published", "real-data", "recovery", "assumption"})
    recovery = [c["claim"] for c in claims if c["evidence"] == "recovery"]
    assert any("hazard ratio 0.7" in claim and "when they are true" in claim for claim in recovery)


def test_every_exercise_solution_passes_its_check_and_wrong_answers_do_not(recorded):
    passed, wrong = recorded["_extra"].split("--- wrong answers ---\n")
    assert passed.splitlines() == [f"q{i} Correct: well done." for i in range(1, 5)]
    assert [line.split(":")[0] for line in wrong.splitlines()] == ["Not yet"] * 4


def test_no_cell_shows_an_expected_answer():
    assert_no_answer_shown(NAME)


def test_the_run_time_is_not_recorded(recorded):
    assert not [key for key in recorded if any(word in key for word in ("seconds", "run_time", "wall"))]


@pytest.mark.parametrize(
    "parameters, message",
    [
        ({"n_surveys": 10**9}, "n_surveys = 1,000,000,000 is outside 10 to 100,000"),
        ({"clv_horizon_weeks": 10**6}, "clv_horizon_weeks = 1,000,000 is outside 1 to 520"),
        ({"annual_discount_rate": 1.5}, "annual_discount_rate = 1.5 is outside 0.0 to 1.0"),
    ],
)
def test_absurd_sizes_are_refused_up_front(tmp_path, parameters, message):
    with pytest.raises(Exception, match=message):
        run_notebook(NAME, tmp_path, quick=True, **parameters)


def test_bgnbd_fit_agrees_with_lifetimes(summary):
    lifetimes = pytest.importorskip("lifetimes")
    x, t_x, T = summary["frequency"], summary["recency"], summary["T"]
    ours = loyalty.fit_bgnbd(x, t_x, T)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = lifetimes.BetaGeoFitter().fit(x, t_x, T)
    for key in ["r", "alpha", "a", "b"]:
        assert getattr(ours, key) == pytest.approx(theirs.params_[key], rel=1e-4), key
    # lifetimes optimizes on time rescaled by c = 1/max(T): each customer's likelihood gains c^(-x), so
    # LL_paper = LL_lifetimes + sum(x) log(c)
    ll_theirs = -theirs._negative_log_likelihood_ * len(summary) + x.sum() * np.log(theirs._scale)
    assert ours.log_likelihood == pytest.approx(ll_theirs, abs=0.1)
    assert np.allclose(
        ours.conditional_expected_purchases(39, x, t_x, T),
        theirs.conditional_expected_number_of_purchases_up_to_time(39, x, t_x, T),
        atol=1e-4,
    )
    assert np.allclose(ours.p_alive(x, t_x, T), theirs.conditional_probability_alive(x, t_x, T), atol=1e-4)
    weeks = np.arange(1, 79)
    assert np.allclose(
        ours.expected_purchases(weeks), theirs.expected_number_of_purchases_up_to_time(weeks), atol=1e-4
    )


def test_pareto_nbd_fit_agrees_with_lifetimes(summary):
    lifetimes = pytest.importorskip("lifetimes")
    x, t_x, T = summary["frequency"], summary["recency"], summary["T"]
    ours = loyalty.fit_pareto_nbd(x, t_x, T)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = lifetimes.ParetoNBDFitter().fit(x, t_x, T)
    for key in ["r", "alpha", "s", "beta"]:
        assert getattr(ours, key) == pytest.approx(theirs.params_[key], rel=1e-3), key
    assert np.allclose(ours.p_alive(x, t_x, T), theirs.conditional_probability_alive(x, t_x, T), atol=1e-3)


def test_the_dataset_holds_the_published_years_8_to_12():
    table = pd.read_csv(paths.DATASETS / "fader_hardie_2007_sbg_cohorts.csv").set_index("year")
    for cohort, years in HOLDOUT.items():
        assert table.loc[[int(y) for y in years], cohort].tolist() == list(years.values())
