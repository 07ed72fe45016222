"""The choc/kale user model: RecSim's defaults, the code's sign of the exposure update, the steady state and
the simulation that must agree with it."""

import dataclasses

import numpy as np
import pytest

from helpers.simulate import sessions


def test_defaults_are_recsims():
    p = sessions.ChocKaleParams()
    assert (p.memory_discount, p.sensitivity, p.innovation_stddev) == (0.7, 0.01, 0.05)
    assert (p.choc_mean, p.choc_stddev, p.kale_mean, p.kale_stddev, p.time_budget) == (5.0, 1.0, 4.0, 1.0, 60)
    assert p.exposure_sign == "code"
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.sensitivity = 1.0


def test_in_the_code_choc_lowers_exposure_and_in_the_docstring_it_raises_it():
    code, doc = sessions.ChocKaleParams(), sessions.ChocKaleParams(exposure_sign="docstring")
    assert sessions.steady_state_exposure(code, 1.0) == pytest.approx(-1 / 0.3)
    assert sessions.steady_state_exposure(doc, 1.0) == pytest.approx(1 / 0.3)


def test_defaults_hold_satisfaction_near_one_half():
    low, high = sessions.ChocKaleParams().satisfaction_range()
    assert low == pytest.approx(1 / (1 + np.exp(0.01 / 0.3)))
    assert high == pytest.approx(1 / (1 + np.exp(-0.01 / 0.3)))


def test_steady_state_engagement_is_the_lognormal_mean_at_the_steady_satisfaction():
    p = sessions.ChocKaleParams(innovation_stddev=0.0)
    sat = 1 / (1 + np.exp(0.01 / 0.3))
    assert sessions.steady_state_engagement(p, 1.0) == pytest.approx(np.exp(5 * sat + 0.5), rel=1e-9)


def test_simulation_agrees_with_the_steady_state():
    p = sessions.ChocKaleParams(sensitivity=0.5)
    for share in (0.0, 1.0):
        run = sessions.simulate_sessions(p, share, 4000, rng=0, steps=60)
        assert run.engagement[:, 30:].mean() == pytest.approx(
            sessions.steady_state_engagement(p, share), rel=0.03
        )


def test_the_myopic_policy_serves_choc_when_choc_engages_more():
    p = sessions.ChocKaleParams()
    assert sessions.myopic_prefers_choc(p, 0.5)
    run_myopic = sessions.simulate_sessions(p, "myopic", 200, rng=1)
    run_choc = sessions.simulate_sessions(p, 1.0, 200, rng=1)
    assert run_myopic.engagement.shape == (200, 60)
    assert run_myopic.per_step == pytest.approx(run_choc.per_step, rel=0.05)


def test_with_high_sensitivity_a_mix_beats_myopia():
    out = sessions.tradeoff_task(1.0, 0.7, [0.0, 0.5, 1.0], 100, "code", np.random.default_rng(0))
    assert out["best_share"] < 1.0 and out["gain"] > 1.0


def test_bad_parameters_fail_closed():
    for kwargs in [{"memory_discount": 1.0}, {"sensitivity": 0.0}, {"exposure_sign": "other"},
                   {"time_budget": 0}, {"choc_stddev": -1.0}]:  # fmt: skip
        with pytest.raises((ValueError, TypeError)):
            sessions.ChocKaleParams(**kwargs)
    with pytest.raises(TypeError):
        sessions.simulate_sessions(sessions.ChocKaleParams(), 0.5, 10, rng=None)
    with pytest.raises(ValueError):
        sessions.simulate_sessions(sessions.ChocKaleParams(), 1.5, 10, rng=0)


def test_under_the_docstrings_sign_always_choc_is_best_even_when_sensitive():
    out = sessions.tradeoff_task(1.0, 0.7, [0.0, 0.5, 1.0], 200, "docstring", np.random.default_rng(0))
    assert out["best_share"] == 1.0 and out["best_share_analytic"] == 1.0
