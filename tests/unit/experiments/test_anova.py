"""Specifications of helpers.experiments.anova: two-way ANOVA, one study and many at once."""

import numpy as np
import pandas as pd
import pytest

from helpers import experiments as ex


def rng(seed=0):
    return np.random.default_rng(seed)


def test_two_way_anova_reports_degrees_of_freedom_and_partial_eta():
    r = rng(8)
    frame = pd.DataFrame({"a": np.repeat(["x", "y"], 60), "b": np.tile(["p", "q", "r"], 40)})
    frame["y"] = (frame["a"] == "y") * 1.0 + r.normal(size=120)
    table = ex.two_way_anova(frame, "y", "a", "b")
    assert table.loc["a", "df_effect"] == 1 and table.loc["a", "df_error"] == 114
    assert table.loc["a x b", "df_effect"] == 2
    f = table.loc["a", "F"]
    assert table.loc["a", "partial_eta_sq"] == pytest.approx(f / (f + 114))


def test_vectorized_main_effect_equals_the_statsmodels_anova_row_by_row():
    r = rng(10)
    reps, n = 3, 60
    a = r.random((reps, n)) < 0.5
    b = np.tile(np.repeat([0, 1, 2], n // 3), (reps, 1))
    y = 0.8 * a + 0.3 * (b == 1) + r.normal(size=(reps, n))
    many = ex.two_way_main_effect_many(y, a, b)
    for i in range(reps):
        frame = pd.DataFrame({"y": y[i], "a": a[i], "b": b[i]})
        table = ex.two_way_anova(frame, "y", "a", "b")
        assert many["F"][i] == pytest.approx(table.loc["a", "F"])
        assert many["partial_eta_sq"][i] == pytest.approx(table.loc["a", "partial_eta_sq"])
    assert many["df"] == (1, n - 6)


def test_type_three_sums_of_squares_are_available():
    r = rng(15)
    frame = pd.DataFrame({"a": np.repeat(["x", "y"], 30), "b": np.tile(["p", "q", "r"], 20)})
    frame["y"] = r.normal(size=60)
    table = ex.two_way_anova(frame, "y", "a", "b", typ=3)
    assert list(table.index) == ["a", "b", "a x b"]


def test_many_studies_result_reads_as_fields_or_by_key():
    r = rng(16)
    a = np.tile(np.arange(30) % 2 == 0, (2, 1))
    b = np.tile(np.repeat([0, 1, 2], 10), (2, 1))
    many = ex.two_way_main_effect_many(r.normal(size=(2, 30)), a, b)
    assert many["F"] is many.F and many.df == (1, 24)


def test_vectorized_interaction_equals_the_statsmodels_anova_row_by_row():
    r = rng(11)
    reps, n = 3, 60
    a = r.random((reps, n)) < 0.5
    b = np.tile(np.repeat([0, 1, 2], n // 3), (reps, 1))
    y = 0.8 * a * (b == 1) + r.normal(size=(reps, n))
    many = ex.two_way_effects_many(y, a, b)
    assert many["a x b"].df == (2, n - 6) and many["a"].df == (1, n - 6)
    for i in range(reps):
        frame = pd.DataFrame({"y": y[i], "a": a[i].astype(str), "b": b[i].astype(str)})
        table = ex.two_way_anova(frame, "y", "a", "b")
        assert many["a x b"].F[i] == pytest.approx(table.loc["a x b", "F"])
        assert many["a x b"].partial_eta_sq[i] == pytest.approx(table.loc["a x b", "partial_eta_sq"])
        assert many["a x b"].p_value[i] == pytest.approx(table.loc["a x b", "p_value"])
        assert many["a"].F[i] == pytest.approx(table.loc["a", "F"])


def test_power_is_the_share_of_replications_that_reject():
    result = ex.EffectReplications(np.array([0.5, 10.0, 20.0, 1.0]), np.zeros(4), (1, 97))
    assert result.power(0.05) == pytest.approx(0.5)
    with pytest.raises(ValueError):
        result.power(1.5)


def test_without_an_effect_the_interaction_test_rejects_at_about_alpha():
    r = rng(12)
    reps, n = 2000, 60
    a = r.random((reps, n)) < 0.5
    b = np.tile(np.repeat([0, 1, 2], n // 3), (reps, 1))
    power = ex.two_way_effects_many(r.normal(size=(reps, n)), a, b)["a x b"].power(0.05)
    assert 0.035 < power < 0.065
