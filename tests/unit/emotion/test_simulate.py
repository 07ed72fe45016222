"""The generative model of notebook 01's user study: its truth, its validation, its randomness."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.simulate import emotion as se


def test_every_construct_has_unit_variance_in_the_population():
    cov, _ = se.EmotionStudyParams().implied_covariance()
    for construct in se.CONSTRUCTS:
        assert cov.loc[construct, construct] == pytest.approx(1.0)


def test_simulated_constructs_match_the_implied_covariance():
    params = se.EmotionStudyParams(n=60_000)
    latent = se.simulate_latent(params, np.random.default_rng(0))
    cov, _ = params.implied_covariance()
    names = list(se.CONSTRUCTS) + ["authentic", "privacy_concern"]
    empirical = latent[names].cov().to_numpy()
    assert np.allclose(empirical, cov.loc[names, names].to_numpy(), atol=0.02)


def test_standardized_paths_scale_condition_effects_by_their_sd():
    params = se.EmotionStudyParams()
    beta = params.standardized_paths()
    assert beta["authentic -> understanding"] == pytest.approx(0.8 * np.sqrt(2 / 9))
    assert beta["understanding -> affect"] == pytest.approx(0.6)
    assert beta["authentic_x_privacy -> understanding"] == pytest.approx(-0.25 * np.sqrt(1 / 3))


def test_indirect_effect_is_the_product_of_the_two_standardized_paths():
    params = se.EmotionStudyParams()
    beta = params.standardized_paths()
    assert params.indirect_effect() == pytest.approx(
        beta["authentic -> understanding"] * beta["understanding -> affect"]
    )


def test_items_are_likert_answers_with_three_or_four_per_construct():
    params = se.EmotionStudyParams(n=300)
    data = se.simulate_study(params, np.random.default_rng(1))
    for names in params.items().values():
        assert 3 <= len(names) <= 4
        answers = data[names].to_numpy()
        assert answers.min() >= 1 and answers.max() <= params.likert_points
        assert answers.dtype.kind == "i"


def test_assignment_is_balanced_across_the_three_conditions():
    data = se.simulate_study(se.EmotionStudyParams(n=301), np.random.default_rng(2))
    counts = data["condition"].value_counts()
    assert set(counts.index) == set(se.CONDITIONS)
    assert counts.max() - counts.min() <= 1


def test_same_seed_gives_the_same_study():
    params = se.EmotionStudyParams(n=200)
    a = se.simulate_study(params, np.random.default_rng(5))
    b = se.simulate_study(params, np.random.default_rng(5))
    assert a.equals(b)


def test_acquiescence_inflates_correlations_between_constructs():
    rng = np.random.default_rng(3)
    plain = se.simulate_study(se.EmotionStudyParams(n=4000), rng)
    biased = se.simulate_study(se.EmotionStudyParams(n=4000, acquiescence_sd=0.6), rng)
    # cognitive trust and affect share only understanding; a common agreement bias adds to that
    r_plain = plain["aff1"].corr(plain["cog1"])
    r_biased = biased["aff1"].corr(biased["cog1"])
    assert r_biased > r_plain + 0.05


def test_params_are_frozen():
    params = se.EmotionStudyParams()
    with pytest.raises(AttributeError):
        params.n = 10
    with pytest.raises(TypeError):
        params.loadings["affect"] = (0.5, 0.5, 0.5)


@pytest.mark.parametrize("loading", [1.2, -0.3, 0.0, 1.0])
def test_rejects_loadings_outside_zero_one(loading):
    loadings = dict(se.EmotionStudyParams().loadings)
    loadings["affect"] = (loading, 0.8, 0.7)
    with pytest.raises(ValueError, match="loadings must lie in"):
        se.EmotionStudyParams(loadings=loadings)


@pytest.mark.parametrize("n", [-5, 0, 10])
def test_rejects_negative_or_tiny_sample_size(n):
    with pytest.raises(ValueError, match="n must be a positive number"):
        se.EmotionStudyParams(n=n)


def test_rejects_non_integer_sample_size():
    with pytest.raises(ValueError, match="whole number"):
        se.EmotionStudyParams(n=100.5)


def test_rejects_unknown_condition():
    with pytest.raises(ValueError, match="unknown condition"):
        se.simulate_study(
            se.EmotionStudyParams(n=30), np.random.default_rng(0), conditions=["none", "gamified"] * 15
        )


def test_rejects_paths_that_explain_more_than_all_variance():
    with pytest.raises(ValueError, match="impossible paths: the causes of affect"):
        se.EmotionStudyParams(understanding_on_affect=1.1)


def test_rejects_bad_condition_shares_and_item_counts():
    with pytest.raises(ValueError, match="condition_shares"):
        se.EmotionStudyParams(condition_shares=(0.5, 0.5, 0.5))
    loadings = dict(se.EmotionStudyParams().loadings)
    loadings["intention"] = (0.8, 0.7)
    with pytest.raises(ValueError, match="3 or 4 items"):
        se.EmotionStudyParams(loadings=loadings)


def test_simulation_needs_an_explicit_rng():
    # None is refused by the one randomness rule (helpers._validation.check_rng): a TypeError, not a ValueError
    with pytest.raises(TypeError, match="default_rng"):
        se.simulate_study(se.EmotionStudyParams(n=30))


def test_an_int_seed_gives_the_same_study_as_its_generator():
    params = se.EmotionStudyParams(n=60)
    assert se.simulate_study(params, 4).equals(se.simulate_study(params, np.random.default_rng(4)))


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("leniency", float("nan"), "leniency is NaN"),
        ("acquiescence_sd", float("nan"), "acquiescence_sd is NaN"),
        ("acquiescence_sd", -0.1, "acquiescence_sd must be >= 0"),
        ("authentic_on_understanding", "0.8", "must be a real number"),
        ("trait_correlation", 1.0, "trait_correlation must be < 1"),
        ("likert_points", 5.5, "whole number"),
        ("likert_points", 12, "at most 11"),
        ("condition_shares", (0.5, float("nan"), 0.5), "condition_shares contains NaN"),
        ("n", True, "whole number"),
    ],
)
def test_params_refuse_values_that_would_fail_open(field, value, message):
    with pytest.raises((ValueError, TypeError), match=message):
        se.EmotionStudyParams(**{field: value})


def test_params_normalize_whole_floats_to_ints():
    assert se.EmotionStudyParams(n=300.0).n == 300


def test_a_study_too_large_to_allocate_is_refused_before_drawing():
    with pytest.raises(ValueError, match="GiB"):
        se.simulate_study(se.EmotionStudyParams(n=10**12), 0)


def test_assignment_refuses_none_as_rng_and_bad_shares():
    with pytest.raises(TypeError, match="default_rng"):
        se.assign_conditions(30, (0.2, 0.3, 0.5), None)
    with pytest.raises(ValueError, match="shares"):
        se.assign_conditions(30, (0.2, 0.3, 0.6), 0)


def test_implied_covariance_unpacks_and_names_its_parts():
    implied = se.EmotionStudyParams().implied_covariance()
    cov, residual = implied
    assert cov is implied.covariance and residual is implied.residual


def test_every_construct_is_centred_on_the_study_population():
    params = se.EmotionStudyParams(n=120_000)
    latent = se.simulate_latent(params, np.random.default_rng(5))
    for construct in se.CONSTRUCTS:
        assert latent[construct].mean() == pytest.approx(0.0, abs=0.015), construct


def test_intercepts_cancel_the_mean_of_the_condition_effects():
    params = se.EmotionStudyParams()
    k = params.intercepts()
    assert k["understanding"] == pytest.approx(-params.authentic_on_understanding / 3)
    assert k["affect"] == k["cognitive"] == k["intention"] == 0.0
    shifted = se.EmotionStudyParams(authentic_on_affect=0.3, condition_shares=(0.5, 0.25, 0.25))
    assert shifted.intercepts()["affect"] == pytest.approx(-0.3 * 0.25)


def test_intercepts_leave_the_standardized_paths_unchanged():
    # the truth the SEM must recover does not depend on where the constructs are centred
    params = se.EmotionStudyParams()
    assert params.standardized_paths()["authentic -> understanding"] == pytest.approx(0.8 * np.sqrt(2 / 9))


def test_implied_trust_averages_to_zero_over_the_study_population():
    # two thirds of the participants had depth 0 (none, superficial: no effect), one third depth 1; the
    # implied means are linear in the concern, whose average is 0
    params = se.EmotionStudyParams()
    for key in ["affect", "cognitive", "intention"]:
        average = (
            2 * params.implied_trust(0.0, 0.0)[key]["mean"] + params.implied_trust(1.0, 0.0)[key]["mean"]
        ) / 3
        assert average == pytest.approx(0.0, abs=1e-12), key


def test_a_user_without_personalization_trusts_less_than_the_study_average():
    out = se.EmotionStudyParams().implied_trust(0.0, 0.0)
    assert out["affect"]["mean"] == pytest.approx(-0.6 * 0.8 / 3)
    assert out["affect"]["share_above_average"] < 0.5


def test_implied_trust_matches_the_simulation():
    params = se.EmotionStudyParams(n=150_000)
    latent = se.simulate_latent(params, np.random.default_rng(8), conditions=["authentic"] * 150_000)
    near = latent[latent["privacy_concern"].between(0.9, 1.1)]
    predicted = params.implied_trust(1.0, 1.0)
    for key in ["affect", "cognitive", "intention"]:
        assert near[key].mean() == pytest.approx(predicted[key]["mean"], abs=0.03)
        assert near[key].std() == pytest.approx(predicted[key]["sd"], abs=0.03)


@pytest.mark.parametrize(
    "depth, concern", [(1.5, 0.0), (-0.1, 0.0), (float("nan"), 0.0), (0.5, 6.0), (0.5, None)]
)
def test_implied_trust_refuses_settings_outside_the_model(depth, concern):
    with pytest.raises((ValueError, TypeError), match="depth|privacy_concern"):
        se.EmotionStudyParams().implied_trust(depth, concern)


@settings(max_examples=25, deadline=None)
@given(a=st.floats(-1.5, 1.5), b=st.floats(-0.95, 0.95), m=st.floats(-0.5, 0.5))
def test_valid_params_always_give_positive_residual_variances(a, b, m):
    try:
        params = se.EmotionStudyParams(
            authentic_on_understanding=a, understanding_on_affect=b, privacy_moderation=m
        )
    except ValueError as err:
        assert "impossible paths" in str(err)
        return
    _, residual = params.implied_covariance()
    assert all(v > 0 for v in residual.values())
    assert all(0 <= r < 1 for r in params.r_squared().values())
