"""Measurement, structural and revealed-affect models of notebook 01 (helpers.emotion) and its widget."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from helpers import datasets, emotion as em  # noqa: E402
from helpers.simulate import emotion as se  # noqa: E402
from helpers.widgets import emotion as widget  # noqa: E402

PATHS = [(c, e) for c, e, _ in se.PATHS]


def one_factor_items(loadings, n, rng):
    eta = rng.standard_normal(n)
    lam = np.asarray(loadings)
    return eta[:, None] * lam + rng.standard_normal((n, lam.size)) * np.sqrt(1 - lam**2)


# ---------------------------------------------------------------------------------------------- reliability


def test_alpha_of_parallel_items_equals_spearman_brown():
    items = one_factor_items([0.7] * 4, 100_000, np.random.default_rng(0))
    rho = 0.49  # inter-item correlation of parallel items with loading 0.7
    assert em.cronbach_alpha(items).alpha == pytest.approx(4 * rho / (1 + 3 * rho), abs=0.005)


def test_alpha_matches_the_textbook_formula():
    x = np.array([[1, 2, 2], [2, 2, 3], [3, 4, 3], [4, 4, 5], [5, 4, 4]], dtype=float)
    k = 3
    expected = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))
    result = em.cronbach_alpha(x)
    assert result.alpha == pytest.approx(expected)
    assert result.ci_low < result.alpha < result.ci_high


def test_omega_from_standardized_loadings():
    assert em.omega_from_loadings([0.8, 0.8, 0.8]) == pytest.approx(2.4**2 / (2.4**2 + 3 * 0.36))


def test_omega_recovers_the_reliability_of_congeneric_items_and_exceeds_alpha():
    loadings = [0.9, 0.7, 0.5, 0.3]
    items = one_factor_items(loadings, 8_000, np.random.default_rng(1))
    omega = em.mcdonald_omega(items)
    assert omega == pytest.approx(em.omega_from_loadings(loadings), abs=0.01)
    assert omega > em.cronbach_alpha(items).alpha


def test_reliability_table_has_one_row_per_construct():
    params = se.EmotionStudyParams(n=500)
    data = se.simulate_study(params, np.random.default_rng(2))
    table = em.reliability_table(data, params.items())
    assert list(table.index) == list(se.CONSTRUCTS)
    assert ((table["alpha"] > 0.7) & (table["omega"] > 0.7)).all()


@pytest.mark.parametrize("bad, message", [
    (np.ones((10, 1)), "at least two items"),
    (np.column_stack([np.ones(10), np.arange(10)]), "no variance"),
    (np.array([[1.0, np.nan], [2, 3], [3, 4], [4, 4]]), "missing"),
])  # fmt: skip
def test_alpha_rejects_unusable_items(bad, message):
    with pytest.raises(ValueError, match=message):
        em.cronbach_alpha(bad)


# ---------------------------------------------------------------------------------------------- CFA and SEM


@pytest.fixture(scope="module")
def default_study():
    params = se.EmotionStudyParams()
    data = se.simulate_study(params, np.random.default_rng(0).spawn(4)[0])  # the notebook's default study
    return params, data


def test_sem_recovers_every_path_within_0_05_at_the_default_size(default_study):
    params, data = default_study
    fit = em.fit_sem(data, params.items(), PATHS)
    table = em.compare_with_truth(fit.paths, params.standardized_paths())
    assert table["error"].abs().max() < 0.05


def test_standardized_paths_agree_with_semopy_for_latent_paths(default_study):
    params, data = default_study
    fit = em.fit_sem(data, params.items(), PATHS)
    est = fit.model.inspect(std_est=True)
    row = est[(est["lval"] == "affect") & (est["op"] == "~") & (est["rval"] == "understanding")]
    assert fit.paths.loc["understanding -> affect", "estimate"] == pytest.approx(row["Est. Std"].iloc[0], abs=1e-9)


def test_cfa_fits_the_true_measurement_model(default_study):
    params, data = default_study
    cfa = em.fit_cfa(data, params.items())
    assert cfa.fit["cfi"] > 0.98 and cfa.fit["rmsea"] < 0.03
    true = pd.Series({i: l for c, names in params.items().items() for i, l in zip(names, params.loadings[c])})
    # Likert cut points attenuate loadings a little; they stay close to the continuous truth
    assert (cfa.loadings["loading"] - true).abs().max() < 0.06


def test_fit_sem_names_missing_columns(default_study):
    params, data = default_study
    with pytest.raises(ValueError, match="missing"):
        em.fit_sem(data.drop(columns=["aff2"]), params.items(), PATHS)


@pytest.fixture(scope="module")
def coverage_runs():
    # 100 simulated studies at n = 500, each fitted with the full SEM (about 6 s)
    params = se.EmotionStudyParams(n=500)
    return em.coverage_study(params, params.items(), PATHS, 100, np.random.default_rng(11),
                             lambda p, rng: se.simulate_study(p, rng))


def test_sem_intervals_cover_the_truth_about_95_percent_of_the_time(coverage_runs):
    # 1,100 intervals; binomial SE about 0.7 percentage points
    assert 0.92 <= coverage_runs["covered"].mean() <= 0.975


def test_sem_paths_are_unbiased_over_repeated_studies(coverage_runs):
    summary = em.summarize_coverage(coverage_runs)
    assert summary["bias"].abs().max() < 0.02


def test_bootstrap_interval_of_the_indirect_effect_covers_the_truth():
    params = se.EmotionStudyParams(n=800)
    data = se.simulate_study(params, np.random.default_rng(4))
    result = em.bootstrap_indirect(data, params.items(), PATHS, "authentic", "understanding", "affect",
                                   n_boot=60, rng=np.random.default_rng(5))
    assert result.ci_low < result.estimate < result.ci_high
    assert result.ci_low < params.indirect_effect() < result.ci_high
    assert result.n_boot == 60


def test_bootstrap_indirect_needs_both_paths_in_the_model(default_study):
    params, data = default_study
    with pytest.raises(ValueError, match="no path"):
        em.bootstrap_indirect(data, params.items(), PATHS, "superficial", "understanding", "intention",
                              n_boot=60, rng=np.random.default_rng(0))


# ---------------------------------------------------------------------------------------------- TOST


def test_tost_agrees_with_statsmodels():
    from statsmodels.stats.weightstats import ttost_ind

    rng = np.random.default_rng(6)
    x, y = rng.normal(0.05, 1, 300), rng.normal(0, 1.3, 400)
    ours = em.tost(x, y, -0.2, 0.2)
    p, _, _ = ttost_ind(x, y, -0.2, 0.2, usevar="unequal")
    assert ours.p_value == pytest.approx(p, rel=1e-6)


def test_tost_declares_equivalence_only_inside_the_bounds():
    rng = np.random.default_rng(7)
    y = rng.normal(0, 1, 2000)
    assert em.tost(rng.normal(0, 1, 2000), y, -0.2, 0.2).equivalent
    assert not em.tost(rng.normal(0.3, 1, 2000), y, -0.2, 0.2).equivalent


def test_tost_rejects_reversed_bounds():
    with pytest.raises(ValueError, match="low < high"):
        em.tost([1, 2, 3], [1, 2, 3], 0.2, -0.2)


@settings(max_examples=30, deadline=None)
@given(shift=st.floats(-1, 1), bound=st.floats(0.05, 1))
def test_tost_p_value_is_a_probability_and_the_interval_brackets_the_difference(shift, bound):
    rng = np.random.default_rng(0)
    r = em.tost(rng.normal(shift, 1, 50), rng.normal(0, 1, 50), -bound, bound)
    assert 0 <= r.p_value <= 1
    assert r.ci_low <= r.difference <= r.ci_high


# ---------------------------------------------------------------------------------------------- MovieLens


@pytest.fixture(scope="module")
def movielens_match():
    datasets.fetch("ml-100k")
    train, test = em.temporal_split(datasets.load_movielens_100k(), 0.8)
    return train, test, em.fit_profile_match(train, test, n_factors=20, n_epochs=10, random_state=0)


def test_temporal_split_puts_each_users_later_ratings_in_test(movielens_match):
    train, test, _ = movielens_match
    last_train = train.groupby("user_id")["timestamp"].max()
    first_test = test.groupby("user_id")["timestamp"].min()
    assert (first_test >= last_train.reindex(first_test.index)).all()
    assert set(train["user_id"]) == set(test["user_id"])
    assert len(train) / (len(train) + len(test)) == pytest.approx(0.8, abs=0.01)


def test_temporal_split_rejects_bad_share():
    with pytest.raises(ValueError, match="train_share"):
        em.temporal_split(pd.DataFrame(columns=["user_id", "item_id", "rating", "timestamp"]), 1.2)


def test_delight_rises_and_disappointment_falls_with_match_decile(movielens_match):
    _, _, match = movielens_match
    table = em.affect_by_decile(match.test, 200, np.random.default_rng(0))
    assert list(table.index) == list(range(1, 11))
    assert em.trend(table["delight"])["spearman"] > 0.9
    assert em.trend(table["disappointment"])["spearman"] < -0.9
    assert table["n"].sum() == len(match.test)
    assert ((table["delight_ci_low"] <= table["delight"]) & (table["delight"] <= table["delight_ci_high"])).all()


def test_calibration_curve_rises_with_the_prediction(movielens_match):
    _, _, match = movielens_match
    curve = em.calibration_curve(match.test)
    assert em.trend(curve["observed"])["increasing"]


def test_per_user_gradient_is_mostly_positive(movielens_match):
    _, _, match = movielens_match
    users = em.per_user_gradient(match.test, min_ratings=10)
    assert users["spearman"].between(-1, 1).all()
    assert (users["spearman"] > 0).mean() > 0.7


def test_trend_detects_monotone_sequences():
    assert em.trend([1, 2, 2, 3]) == {"spearman": pytest.approx(0.9486832980505138), "increasing": True, "decreasing": False}


# ---------------------------------------------------------------------------------------------- widget


def test_reference_user_has_average_trust():
    out = widget.predicted_trust(se.EmotionStudyParams(), 0.0, 0.0)
    assert out["affect"]["mean"] == pytest.approx(0.0)
    assert out["affect"]["share_above_average"] == pytest.approx(0.5)


def test_authentic_personalization_raises_emotional_trust_less_for_concerned_users():
    params = se.EmotionStudyParams()
    calm = widget.predicted_trust(params, 1.0, -1.0)["affect"]["mean"]
    average = widget.predicted_trust(params, 1.0, 0.0)["affect"]["mean"]
    worried = widget.predicted_trust(params, 1.0, 1.5)["affect"]["mean"]
    assert average == pytest.approx(params.understanding_on_affect * params.authentic_on_understanding)
    assert calm > average > worried


def test_predicted_trust_matches_the_simulation():
    params = se.EmotionStudyParams(n=150_000)
    latent = se.simulate_latent(params, np.random.default_rng(8), conditions=["authentic"] * 150_000)
    near = latent[latent["privacy_concern"].between(0.9, 1.1)]
    predicted = widget.predicted_trust(params, 1.0, 1.0)
    for key in ["affect", "cognitive", "intention"]:
        assert near[key].mean() == pytest.approx(predicted[key]["mean"], abs=0.03)
        assert near[key].std() == pytest.approx(predicted[key]["sd"], abs=0.03)


def test_trust_view_shows_the_numbers_of_the_pure_function():
    params = se.EmotionStudyParams()
    fig, numbers = widget.trust_view(params, 0.5, 1.0)
    assert numbers == widget.predicted_trust(params, 0.5, 1.0)
    assert len(fig.axes) == 2
    plt.close(fig)


def test_predicted_trust_rejects_depth_outside_zero_one():
    with pytest.raises(ValueError, match="depth"):
        widget.predicted_trust(se.EmotionStudyParams(), 1.5, 0.0)


# ---------------------------------------------------------------------------------------------- naive paths, figures


def test_scale_means_attenuate_the_paths_between_constructs(default_study):
    params, data = default_study
    naive = em.scale_score_paths(data, params.items(), PATHS)
    # expected attenuation: beta * sqrt(reliability of both scales), about 0.6 * 0.84 = 0.50
    assert naive.loc["understanding -> affect", "estimate"] == pytest.approx(0.5, abs=0.04)
    assert naive.loc["understanding -> affect", "estimate"] < params.standardized_paths()["understanding -> affect"] - 0.05


def test_path_model_labels_every_construct_and_path():
    params = se.EmotionStudyParams()
    ax = em.draw_path_model(params.standardized_paths())
    text = " ".join(t.get_text() for t in ax.texts)
    for word in ["perceived\nunderstanding", "cognitive trust", "privacy concern", "+0.60", "+0.38"]:
        assert word in text
    plt.close(ax.figure)


def test_item_distribution_bars_stack_to_one_per_item():
    params = se.EmotionStudyParams(n=200)
    data = se.simulate_study(params, np.random.default_rng(9))
    ax = em.plot_item_distributions(data, params.items(), points=7)
    widths = np.array([p.get_width() for p in ax.patches]).reshape(7, -1)
    assert np.allclose(widths.sum(axis=0), 1.0)
    plt.close(ax.figure)


def test_tost_power_grows_with_the_sample_and_matches_simulation():
    assert emtp(20) < emtp(200) < emtp(2000)
    rng = np.random.default_rng(12)
    hits = [em.tost(rng.normal(0, 1, 300), rng.normal(0, 1, 300), -0.2, 0.2).equivalent for _ in range(400)]
    assert np.mean(hits) == pytest.approx(emtp(300), abs=0.07)


def emtp(n):
    return em.tost_power(n, 0.2)


def test_trust_widget_redraws_caption_and_figure_when_depth_moves():
    box = widget.trust_widget(se.EmotionStudyParams())
    depth = box.children[0].children[0]
    caption, image = box.children[1].children
    before = (caption.value, image.value)
    depth.value = 0.0
    assert caption.value != before[0] and image.value != before[1]
    assert "intention to keep using" in caption.value
