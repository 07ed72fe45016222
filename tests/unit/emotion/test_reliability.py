"""Specifications of helpers.emotion.reliability: Cronbach's alpha, McDonald's omega, the reliability table."""

import numpy as np
import pandas as pd
import pytest

from helpers import emotion as em
from helpers.simulate import emotion as se


def one_factor_items(loadings, n, rng):
    eta = rng.standard_normal(n)
    lam = np.asarray(loadings)
    return eta[:, None] * lam + rng.standard_normal((n, lam.size)) * np.sqrt(1 - lam**2)


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


def test_alpha_of_a_frame_equals_alpha_of_its_values():
    x = one_factor_items([0.8, 0.7, 0.6], 200, np.random.default_rng(3))
    frame = pd.DataFrame(x, columns=["a", "b", "c"])
    assert em.cronbach_alpha(frame) == em.cronbach_alpha(x)


def test_a_wider_confidence_gives_a_wider_feldt_interval():
    x = one_factor_items([0.8, 0.7, 0.6], 200, np.random.default_rng(4))
    narrow, wide = em.cronbach_alpha(x, 0.8), em.cronbach_alpha(x, 0.99)
    assert wide.ci_low < narrow.ci_low < narrow.alpha < narrow.ci_high < wide.ci_high


def test_omega_from_standardized_loadings():
    assert em.omega_from_loadings([0.8, 0.8, 0.8]) == pytest.approx(2.4**2 / (2.4**2 + 3 * 0.36))


def test_omega_from_raw_loadings_uses_the_residual_variances():
    assert em.omega_from_loadings([1.0, 2.0], [1.0, 3.0]) == pytest.approx(9 / 13)


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


@pytest.mark.parametrize(
    "bad, message",
    [
        (np.ones((10, 1)), "at least two items"),
        (np.column_stack([np.ones(10), np.arange(10)]), "no variance"),
        (np.array([[1.0, np.nan], [2, 3], [3, 4], [4, 4]]), "NaN"),
        (np.array([[1.0, 2.0], [2.0, 3.0]]), "three respondents"),
    ],
)
def test_alpha_rejects_unusable_items(bad, message):
    with pytest.raises(ValueError, match=message):
        em.cronbach_alpha(bad)


def test_alpha_names_the_survey_columns_with_missing_answers():
    frame = pd.DataFrame({"a": [1, 2, 3, 4], "b": pd.array([2, None, 3, 5], dtype="Int64")})
    with pytest.raises(ValueError, match=r"\['b'\].*missing"):
        em.cronbach_alpha(frame)


def test_alpha_refuses_items_that_cancel_out():
    x = np.arange(10.0)
    with pytest.raises(ValueError, match="sum score is constant"):
        em.cronbach_alpha(np.column_stack([x, 10 - x]))


def test_omega_needs_three_items():
    with pytest.raises(ValueError, match="at least three items"):
        em.mcdonald_omega(one_factor_items([0.8, 0.7], 100, np.random.default_rng(0)))


def test_reliability_table_names_missing_item_columns():
    params = se.EmotionStudyParams(n=100)
    data = se.simulate_study(params, np.random.default_rng(0)).drop(columns=["aff2"])
    with pytest.raises(ValueError, match="aff2"):
        em.reliability_table(data, params.items())
