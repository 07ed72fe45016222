"""Specifications of helpers.emotion.plots: the figures show what they claim."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers import emotion as em
from helpers.simulate import emotion as se


def test_path_model_labels_every_construct_and_path():
    params = se.EmotionStudyParams()
    ax = em.draw_path_model(params.standardized_paths())
    text = " ".join(t.get_text() for t in ax.texts)
    for word in ["perceived\nunderstanding", "cognitive trust", "privacy concern", "+0.60", "+0.38"]:
        assert word in text
    plt.close(ax.figure)


def test_path_model_refuses_unknown_paths_and_nan_coefficients():
    with pytest.raises(ValueError, match="no paths"):
        em.draw_path_model({"greeting -> affect": 0.2})
    with pytest.raises(ValueError, match="NaN"):
        em.draw_path_model({"understanding -> affect": float("nan")})


def test_item_distribution_bars_stack_to_one_per_item():
    params = se.EmotionStudyParams(n=200)
    data = se.simulate_study(params, np.random.default_rng(9))
    ax = em.plot_item_distributions(data, params.items(), points=7)
    widths = np.array([p.get_width() for p in ax.patches]).reshape(7, -1)
    assert np.allclose(widths.sum(axis=0), 1.0)
    plt.close(ax.figure)


def test_item_distributions_refuse_answers_outside_the_scale():
    data = pd.DataFrame({"a1": [1, 2, 8], "a2": [1, 2, 3]})
    with pytest.raises(ValueError, match="from 1 to points=7"):
        em.plot_item_distributions(data, {"a": ["a1", "a2"]}, points=7)


def test_paths_against_truth_draws_one_row_per_path():
    table = pd.DataFrame(
        {"estimate": [0.5, 0.1], "ci_low": [0.4, 0.0], "ci_high": [0.6, 0.2], "truth": [0.45, 0.1]},
        index=["a -> b", "b -> c"],
    )
    ax = em.plot_paths_against_truth(table, others={"naive": table.assign(estimate=[0.4, 0.1])})
    assert {t.get_text() for t in ax.get_yticklabels()} == {"a -> b", "b -> c"}
    assert len(ax.lines) >= 2  # the two estimators' markers
    plt.close(ax.figure)
