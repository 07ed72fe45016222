"""Specifications of helpers.emotion.mediation: the bootstrap interval of the indirect effect covers the truth,
and its refits give the same draws on one process and on two local workers."""

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from helpers import emotion as em
from helpers import sweep
from helpers.simulate import emotion as se

from .conftest import PATHS


def test_bootstrap_interval_of_the_indirect_effect_covers_the_truth():
    params = se.EmotionStudyParams(n=800)
    data = se.simulate_study(params, np.random.default_rng(4))
    result = em.bootstrap_indirect(
        data,
        params.items(),
        PATHS,
        "authentic",
        "understanding",
        "affect",
        n_boot=60,
        rng=np.random.default_rng(5),
    )
    assert result.ci_low < result.estimate < result.ci_high
    assert result.ci_low < params.indirect_effect() < result.ci_high
    assert result.n_boot == 60


def test_bootstrap_indirect_with_an_int_seed_equals_the_generator_it_names():
    params = se.EmotionStudyParams(n=300)
    data = se.simulate_study(params, np.random.default_rng(6))
    args = (data, params.items(), PATHS, "authentic", "understanding", "affect", 50)
    assert (
        em.bootstrap_indirect(*args, rng=7).ci_low
        == em.bootstrap_indirect(*args, np.random.default_rng(7)).ci_low
    )


def test_bootstrap_indirect_needs_both_paths_in_the_model(default_study):
    params, data = default_study
    with pytest.raises(ValueError, match="no path"):
        em.bootstrap_indirect(
            data, params.items(), PATHS, "superficial", "understanding", "intention", n_boot=60, rng=0
        )


@pytest.mark.parametrize("n_boot", [0, -5, 49])
def test_bootstrap_indirect_refuses_too_few_or_negative_bootstrap_counts(default_study, n_boot):
    params, data = default_study
    with pytest.raises(ValueError, match="n_boot"):
        em.bootstrap_indirect(
            data, params.items(), PATHS, "authentic", "understanding", "affect", n_boot, rng=0
        )


def test_bootstrap_indirect_refuses_none_as_rng(default_study):
    params, data = default_study
    with pytest.raises(TypeError, match="default_rng"):
        em.bootstrap_indirect(data, params.items(), PATHS, "authentic", "understanding", "affect", 60, None)


# ---------------------------------------------------------------- the refits run through the sweep, in chunks


def small_bootstrap(n_boot=60, seed=5):
    params = se.EmotionStudyParams(n=300)
    data = se.simulate_study(params, np.random.default_rng(6))
    return em.bootstrap_indirect(
        data,
        params.items(),
        PATHS,
        "authentic",
        "understanding",
        "affect",
        n_boot,
        np.random.default_rng(seed),
    )


def test_bootstrap_gives_identical_draws_serially_and_on_two_local_workers(sweep_backend):
    calls = sweep_backend("serial")
    # this process may run more BLAS threads than a worker: the replications must not depend on it
    with threadpool_limits(limits=2, user_api="blas"):
        serial = small_bootstrap()
        sweep_backend("local", n_jobs=2)
        local = small_bootstrap()
    assert calls == [3, 3]  # chunks of 25, 25 and 10 resamples
    assert np.array_equal(serial.draws, local.draws)
    assert (serial.estimate, serial.ci_low, serial.ci_high) == (local.estimate, local.ci_low, local.ci_high)


def test_the_first_chunks_of_a_longer_bootstrap_are_the_same_resamples(sweep_backend):
    sweep_backend("serial")
    short, longer = small_bootstrap(50), small_bootstrap(60)
    assert np.array_equal(short.draws, longer.draws[:50])


@pytest.mark.parametrize("backend", ["serial", "local"])
def test_a_failing_chunk_stops_the_bootstrap_with_a_sweep_error(sweep_backend, backend):
    sweep_backend(backend, n_jobs=2, fail_at=1)
    with pytest.raises(sweep.SweepError, match="replication 1 was lost") as caught:
        small_bootstrap()
    assert caught.value.point == {"chunk": 1, "size": em.BOOTSTRAP_CHUNK}


def test_an_error_in_a_refit_other_than_a_failed_fit_is_not_hidden(sweep_backend, monkeypatch):
    # a failed fit (RuntimeError, LinAlgError) is a NaN draw, counted; anything else is a bug and stops the run
    from helpers.emotion import mediation

    fit = mediation._fit_semopy
    refits = []

    def fit_then_break(description, data):
        refits.append(1)
        if len(refits) == 30:  # the parent's fit, then the 29th refit: chunk 1, resample 3
            raise KeyError("a column vanished")
        return fit(description, data)

    monkeypatch.setattr(mediation, "_fit_semopy", fit_then_break)
    sweep_backend("serial")
    with pytest.raises(sweep.SweepError, match="KeyError") as caught:
        small_bootstrap()
    assert caught.value.point["chunk"] == 1 and isinstance(caught.value.__cause__, KeyError)


def test_failed_refits_are_left_out_and_counted(sweep_backend, monkeypatch):
    from helpers.emotion import mediation

    fit = mediation._fit_semopy
    refits = []

    def fit_or_diverge(description, data):
        refits.append(1)
        if len(refits) in (5, 40):
            raise RuntimeError("the SEM did not converge")
        return fit(description, data)

    monkeypatch.setattr(mediation, "_fit_semopy", fit_or_diverge)
    sweep_backend("serial")
    with pytest.warns(RuntimeWarning, match="2 of 60 bootstrap refits of the SEM failed"):
        result = small_bootstrap()
    assert result.n_boot == 58 and result.draws.size == 58


# ---------------------------------------------------------------- the index of moderated mediation


def test_the_index_of_moderated_mediation_covers_its_truth_from_the_same_refits():
    params = se.EmotionStudyParams(n=1500)
    data = se.simulate_study(params, np.random.default_rng(11))
    args = (data, params.items(), PATHS, "authentic", "understanding", "affect", 60)
    plain = em.bootstrap_indirect(*args, rng=np.random.default_rng(12))
    result = em.bootstrap_indirect(
        *args, rng=np.random.default_rng(12), moderators=["authentic_x_privacy", "authentic_x_disposition"]
    )
    # asking for the index leaves the indirect effect's draws as they were
    assert np.array_equal(plain.draws, result.draws) and plain.ci_low == result.ci_low
    for product, trait in [
        ("authentic_x_privacy", "privacy_concern"),
        ("authentic_x_disposition", "disposition_to_trust"),
    ]:
        index = result.moderated[product]
        assert index.ci_low < index.estimate < index.ci_high and index.draws.size == 60
        assert index.ci_low < params.moderated_mediation_index(trait) < index.ci_high, product
    assert (
        result.moderated["authentic_x_privacy"].ci_high
        < 0
        < result.moderated["authentic_x_disposition"].ci_low
    )


def test_the_index_needs_a_product_term_with_a_path_into_the_mediator(default_study):
    params, data = default_study
    with pytest.raises(ValueError, match="no path privacy_concern -> understanding"):
        em.bootstrap_indirect(
            data,
            params.items(),
            PATHS,
            "authentic",
            "understanding",
            "affect",
            50,
            rng=0,
            moderators=["privacy_concern"],
        )
    with pytest.raises(TypeError, match="moderators"):
        em.bootstrap_indirect(
            data,
            params.items(),
            PATHS,
            "authentic",
            "understanding",
            "affect",
            50,
            rng=0,
            moderators="authentic_x_privacy",
        )


def test_the_true_index_is_the_moderation_times_the_second_path():
    params = se.EmotionStudyParams()
    assert params.moderated_mediation_index("privacy_concern") == pytest.approx(-0.25 * 0.6)
    assert params.moderated_mediation_index("disposition_to_trust", "cognitive") == pytest.approx(0.15 * 0.3)
    with pytest.raises(ValueError, match="moderator"):
        params.moderated_mediation_index("age")
