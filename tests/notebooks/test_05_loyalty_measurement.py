"""Notebook 05 executed with papermill (quick), its recorded results against the published values, the
exercises' solutions, and a cross-check of our BG/NBD and Pareto/NBD fits against the `lifetimes` package."""

import json
import warnings

import numpy as np
import pytest

from helpers import datasets, loyalty, paths
from helpers.exercises import Exercise

NAME = "05_loyalty_measurement"


@pytest.fixture(scope="module")
def summary():
    datasets.fetch("cdnow")
    return datasets.load_cdnow_summary()


def test_loyalty_notebook_reproduces_the_published_models(execute):
    recorded = execute(NAME, quick=True, seed=1)
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
    for key in [
        "experiment_churn_hazard_ratio",
        "experiment_purchase_rate_ratio",
        "experiment_nps_difference",
    ]:
        effect = recorded[key]
        assert effect["ci_low"] < effect["estimate"] < effect["ci_high"], key
        assert effect["ci_low"] < effect["truth"] < effect["ci_high"], key
    assert {
        "nps_interval_coverage.png",
        "cohort_retention_heatmap.png",
        "kaplan_meier_time_to_repeat.png",
        "sbg_projection.png",
        "conditional_expectations_holdout.png",
        "weekly_cumulative_repeat_transactions.png",
        "clv_distribution_and_holdout_deciles.png",
        "experiment_kaplan_meier.png",
        "bgnbd_new_customer_value.png",
    } <= set(recorded["_figures"])


def test_exercise_solutions_pass_their_checks(summary):
    """Run each exercise cell of the committed notebook with the objects it needs, then its solution."""
    notebook = json.loads((paths.NOTEBOOKS / f"{NAME}.ipynb").read_text())
    cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    exercise_cells = [c for c in cells if "= Exercise(" in c]
    assert len(exercise_cells) == 3
    namespace = {
        "Exercise": Exercise, "np": np,
        "sbg_regular": loyalty.fit_sbg([100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1]),
        "bgnbd": loyalty.fit_bgnbd(summary["frequency"], summary["recency"], summary["T"]),
    }  # fmt: skip
    for source in exercise_cells:
        exec(source, namespace)  # noqa: S102 -- the notebook's own exercise cells
    for name in ["q1", "q2", "q3"]:
        exercise = namespace[name]
        assert exercise.check(eval(exercise.solution_text, namespace)).correct, name
        assert not exercise.check(-1.0).correct, name


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
