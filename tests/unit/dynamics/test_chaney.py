"""Specifications of helpers.dynamics.chaney: the summary of Chaney et al.'s simulation."""

import numpy as np
import pytest

from helpers import dynamics


def run(pop_j, rand_j, pop_u=0.1, rand_u=0.15, ideal_u=0.2):
    return {
        "ideal": {"jaccard": 0.3, "jaccard_vs_ideal": 0.0, "utility": ideal_u},
        "popularity": {"jaccard": 0.3 + pop_j, "jaccard_vs_ideal": pop_j, "utility": pop_u},
        "random": {"jaccard": 0.3 + rand_j, "jaccard_vs_ideal": rand_j, "utility": rand_u},
    }


def test_summary_averages_the_changes_relative_to_ideal():
    s = dynamics.chaney_summary([run(0.4, -0.1), run(0.2, 0.05)])
    assert s["n_simulations"] == 2
    assert s["jaccard_vs_ideal"] == pytest.approx({"ideal": 0.0, "popularity": 0.3, "random": -0.025})
    assert s["utility_vs_ideal"] == pytest.approx({"ideal": 0.0, "popularity": -0.5, "random": -0.25})
    assert s["share_of_runs_popularity_above_ideal_above_random"] == 0.5
    assert s["share_of_runs_homogenized"] == {"popularity": 1.0, "random": 0.5}
    assert s["per_run"]["jaccard_vs_ideal"]["popularity"] == pytest.approx([0.4, 0.2])
    assert s["jaccard_vs_ideal_sd"]["popularity"] == pytest.approx(np.std([0.4, 0.2], ddof=1))
    assert s["jaccard_definition"] == "paired difference"


def test_summary_falls_back_to_a_difference_of_jaccard_indices_without_paired_values():
    runs = [run(0.4, -0.1)]
    for measures in runs[0].values():
        measures.pop("jaccard_vs_ideal")
    s = dynamics.chaney_summary(runs)
    assert s["jaccard_vs_ideal"]["popularity"] == pytest.approx(0.4)
    assert s["jaccard_definition"] == "difference of means"
    assert s["jaccard_vs_ideal_sd"]["popularity"] == 0.0


def test_summary_of_real_replications_shows_the_papers_ordering():
    from helpers.simulate import feedback

    small = feedback.ChaneyParams(n_users=40, startup_steps=5, training_steps=30)
    s = dynamics.chaney_summary([feedback.chaney_replication(small, seed) for seed in range(4)])
    assert s["jaccard_vs_ideal"]["popularity"] > 0 > s["jaccard_vs_ideal"]["random"]
    assert all(s["utility_vs_ideal"][name] < 0 for name in feedback.RECOMMENDERS[1:])
    assert set(s["jaccard_true_pairs_vs_ideal"]) == set(feedback.RECOMMENDERS)
    assert len(s["per_run"]["utility_vs_ideal"]["mf"]) == 4
