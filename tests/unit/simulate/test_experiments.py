"""Specifications of helpers.simulate.experiments: the generative models encode their documented truth."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from helpers import experiments as ex
from helpers import paths, sweep
from helpers.simulate import experiments as sim


def rng(seed=0):
    return np.random.default_rng(seed)


def test_params_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        sim.ABTestParams().n_users = 5


def test_true_ate_averages_the_effects_over_privacy_concern():
    p = sim.ABTestParams()
    assert p.true_ate["control_panel"] == pytest.approx(0.10 + 0.4 * 0.30)
    assert p.true_ate["explanations"] == pytest.approx(0.15)


def test_ab_test_has_the_planned_arm_sizes_and_columns():
    data = sim.simulate_ab_test(sim.ABTestParams(n_users=300), rng=rng())
    assert data["arm"].value_counts().to_dict() == {"control": 100, "explanations": 100, "control_panel": 100}
    assert {"user_id", "arm", "high_concern", "trust_pre", "trust"} <= set(data.columns)


def test_ab_test_pre_period_correlation_matches_the_parameter():
    data = sim.simulate_ab_test(sim.ABTestParams(n_users=30000), rng=rng(1))
    control = data[(data["arm"] == "control") & ~data["high_concern"]]
    assert np.corrcoef(control["trust_pre"], control["trust"])[0, 1] == pytest.approx(0.7, abs=0.03)


def test_large_ab_test_recovers_the_true_effects():
    p = sim.ABTestParams(n_users=60000)
    table = ex.estimate_arms(sim.simulate_ab_test(p, rng=rng(2)), "trust", "arm", "control", pre="trust_pre")
    for _, row in table.iterrows():
        assert row["estimate"] == pytest.approx(p.true_ate[row["arm"]], abs=0.05)


def test_replications_give_nominal_coverage_for_both_estimators():
    p = sim.ABTestParams(n_users=600)
    reps = sim.simulate_ab_replications(p, "control_panel", 1500, rng=rng(3))
    assert reps["y"].shape == (1500, 400)
    coverage = ex.interval_coverage(reps["y"], reps["treated"], reps["truth"], reps["x_pre"])
    assert 0.93 <= coverage["difference_in_means"]["coverage"] <= 0.97
    assert 0.93 <= coverage["cuped"]["coverage"] <= 0.97


def test_unknown_arm_in_replications_is_refused():
    with pytest.raises(ValueError, match="treatment arms"):
        sim.simulate_ab_replications(sim.ABTestParams(), "control", 10, rng=rng())


def test_herlocker_defaults_match_the_published_csv():
    table = pd.read_csv(paths.DATASETS / "herlocker2000_table1.csv")
    p = sim.HerlockerParams()
    assert list(table["mean"]) == pytest.approx(list(p.means))
    assert list(table["sd"]) == pytest.approx(list(p.sds))
    assert len(p.interfaces) == 21


def test_calibrated_latent_reproduces_published_discrete_moments():
    p = sim.HerlockerParams()
    m, s = sim.calibrate_latent(p.means, p.sds)
    mean, sd = sim.discretized_moments(m, s)
    assert mean == pytest.approx(np.array(p.means), abs=1e-4)
    assert sd == pytest.approx(np.array(p.sds), abs=1e-4)


def test_herlocker_simulation_is_on_the_one_to_seven_scale_with_published_means():
    data = sim.simulate_herlocker(sim.HerlockerParams(n_users=20000), rng=rng(4))
    assert data.shape == (20000, 21)
    assert data.to_numpy().min() >= 1 and data.to_numpy().max() <= 7
    assert data.mean().to_numpy() == pytest.approx(np.array(sim.HerlockerParams().means), abs=0.03)


def test_kizilcec_population_effect_size_is_the_reported_one():
    assert sim.KizilcecParams().population_partial_eta_sq_violation == pytest.approx(0.12, abs=0.005)


def test_kizilcec_study_has_the_published_degrees_of_freedom():
    table = ex.two_way_anova(sim.simulate_kizilcec(rng=rng(5)), "trust", "violation", "transparency")
    assert table.loc["violation", "df_effect"] == 1 and table.loc["violation", "df_error"] == 97


def test_kizilcec_replications_center_on_the_reported_f_and_effect_size():
    reps = sim.kizilcec_replications(sim.KizilcecParams(), 2000, rng=rng(6))
    assert reps["df"] == (1, 97)
    assert np.median(reps["partial_eta_sq"]) == pytest.approx(0.12, abs=0.02)
    assert np.median(reps["F"]) == pytest.approx(13.4, abs=3)


def test_kizilcec_medium_transparency_buffers_violated_expectations():
    data = sim.simulate_kizilcec(sim.KizilcecParams(n_participants=30000), rng=rng(7))
    means = data[data["violation"] == "violated"].groupby("transparency", observed=True)["trust"].mean()
    assert means["medium"] > means["low"] + 0.4 and means["medium"] > means["high"] + 0.4


def test_herlocker_sample_means_match_the_table_to_the_nearest_answer():
    p = sim.HerlockerParams()
    data = sim.simulate_herlocker(p, rng=rng(8))
    assert np.abs(data.mean().to_numpy() - np.array(p.means)).max() <= 0.5 / p.n_users + 1e-9
    assert data.to_numpy().min() >= 1 and data.to_numpy().max() <= 7


def test_herlocker_reanalysis_puts_top_interfaces_above_and_worst_below_baseline():
    data = sim.simulate_herlocker(sim.HerlockerParams(), rng=rng(9))
    direction = ex.paired_tests_vs_baseline(data, sim.HERLOCKER_BASELINE, correction="bh")["direction"]
    names = [row[0] for row in sim.HERLOCKER_2000_TABLE1]
    assert (direction[names[:3]] == "above").all()
    assert (direction[names[-2:]] == "below").all()


def herlocker_directions(params, rng):
    """A sweep task: the direction (above / below / not different) of each interface in one simulated study."""
    data = sim.simulate_herlocker(params, rng=rng)
    return ex.paired_tests_vs_baseline(data, sim.HERLOCKER_BASELINE, correction="bh")["direction"]


def test_the_two_worst_interfaces_stay_below_baseline_in_40_of_40_draws(monkeypatch):
    """Notebook 02's claim: after the correction, interfaces 20 and 21 are below the base cases in every one of
    40 draws (and 1-3 above), while 18 and 19 depend on the draw."""
    monkeypatch.setenv(sweep.PROGRESS_ENV, "off")
    draws = sweep.run_tasks(
        herlocker_directions, [{}] * 40, seed=0, shared={"params": sim.HerlockerParams()}, backend="serial"
    )
    names = [row[0] for row in sim.HERLOCKER_2000_TABLE1]
    below = {name: sum(d[name] == "below" for d in draws) for name in names[-4:]}
    assert all((d[names[:3]] == "above").all() for d in draws)
    assert below[names[-1]] == below[names[-2]] == 40
    assert 0 < below[names[-4]] < 40 and 0 < below[names[-3]] < 40


def test_the_sensitivity_sweep_at_the_assumed_correlation_is_the_40_draw_check(monkeypatch):
    """What notebook 02 shows: herlocker_sensitivity at r = 0.5 counts the same 40 draws as the check above."""
    monkeypatch.setenv(sweep.PROGRESS_ENV, "off")
    names = [row[0] for row in sim.HERLOCKER_2000_TABLE1]
    draws = sweep.run_tasks(
        herlocker_directions, [{}] * 40, seed=0, shared={"params": sim.HerlockerParams()}, backend="serial"
    )
    table = sim.herlocker_sensitivity([0.2, 0.5], 40, seed=0, backend="serial").set_index(
        ["within_user_correlation", "interface"]
    )
    for name in names:
        assert table.loc[(0.5, name), "below"] == sum(d[name] == "below" for d in draws)
        assert table.loc[(0.5, name), "above"] == sum(d[name] == "above" for d in draws)
    assert (table["draws"] == 40).all()


def test_a_weaker_within_user_correlation_makes_fewer_interfaces_significant(monkeypatch):
    monkeypatch.setenv(sweep.PROGRESS_ENV, "off")
    table = sim.herlocker_sensitivity([0.2, 0.8], 10, seed=1, backend="serial")
    significant = (table["above"] + table["below"]).groupby(table["within_user_correlation"]).sum()
    assert significant[0.2] < significant[0.8]


def test_herlocker_directions_use_common_random_numbers_across_correlations():
    one = sim.herlocker_directions([0.5], rng=np.random.default_rng(4))
    two = sim.herlocker_directions([0.2, 0.5], rng=np.random.default_rng(4))
    assert one[0.5].equals(two[0.5])


def test_kizilcec_interaction_tests_share_the_draws_of_the_violation_effect():
    tests = sim.kizilcec_replication_tests(sim.KizilcecParams(), 50, rng=rng(5))
    alone = sim.kizilcec_replications(sim.KizilcecParams(), 50, rng=rng(5))
    np.testing.assert_array_equal(tests["violation"].F, alone.F)
    assert tests["violation x transparency"].df == (2, 97)


def test_one_study_of_103_detects_the_built_in_buffering_far_less_often_than_the_violation_effect():
    tests = sim.kizilcec_replication_tests(sim.KizilcecParams(), 1000, rng=rng(6))
    interaction = tests["violation x transparency"].power(0.05)
    assert 0.15 < interaction < 0.45
    assert tests["violation"].power(0.05) > 0.85


def test_without_buffering_the_interaction_test_holds_its_level():
    flat = sim.KizilcecParams(drop_when_violated=(0.74, 0.74, 0.74))
    power = sim.kizilcec_replication_tests(flat, 2000, rng=rng(7))["violation x transparency"].power(0.05)
    assert 0.035 < power < 0.065


def test_an_int_seed_is_one_generator_passed_down_not_reseeded_per_step():
    assert sim.simulate_ab_test(sim.ABTestParams(n_users=60), rng=4).equals(
        sim.simulate_ab_test(sim.ABTestParams(n_users=60), rng=np.random.default_rng(4))
    )


def test_moments_unpack_as_mean_and_sd():
    moments = sim.discretized_moments(4.0, 1.0)
    mean, sd = moments
    assert (mean, sd) == (moments.mean, moments.sd)
    assert mean == pytest.approx(4.0)


def test_replications_read_as_fields_or_by_key():
    reps = sim.simulate_ab_replications(sim.ABTestParams(n_users=60), "explanations", 2, rng=0)
    assert reps["y"] is reps.y and reps.treated.dtype == bool


def test_params_refuse_an_impossible_truth_at_construction():
    with pytest.raises(ValueError, match="sd"):
        sim.KizilcecParams(sd=-1.0)
    with pytest.raises(ValueError, match="sum to 1"):
        sim.ABTestParams(allocation=(0.5, 0.5, 0.5))
