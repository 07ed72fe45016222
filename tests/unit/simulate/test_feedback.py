"""Specifications of helpers.simulate.feedback: the Chaney, Stewart & Engelhardt (2018) simulation."""

import dataclasses

import numpy as np
import pytest

from helpers import sweep
from helpers.simulate import feedback as fb

# a smaller world that keeps the behaviours and runs in a fraction of a second
SMALL = fb.ChaneyParams(n_users=40, startup_steps=5, training_steps=30)


@pytest.fixture(scope="module")
def small_runs():
    return [fb.chaney_replication(SMALL, seed) for seed in range(6)]


def test_defaults_are_the_t_recs_replication_settings():
    p = fb.ChaneyParams()
    assert (p.n_users, p.n_attributes, p.items_per_step) == (100, 20, 10)
    assert (p.startup_steps, p.training_steps) == (10, 90)
    assert p.attention_exponent == -0.8 and p.known_utility_share == 0.98
    assert (p.user_base_concentration, p.user_concentration) == (1.0, 10.0)
    assert (p.item_base_concentration, p.item_concentration) == (100.0, 0.1)
    assert p.n_items == 1000 and p.list_length is None
    assert fb.RECOMMENDERS == ("ideal", "popularity", "random", "content", "mf")


def test_params_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        fb.ChaneyParams().n_users = 5


def test_world_draws_simplex_vectors_and_utilities_users_mostly_know():
    world = fb.draw_world(fb.ChaneyParams(), rng=0)
    assert world.preferences.shape == (100, 20) and world.attributes.shape == (1000, 20)
    np.testing.assert_allclose(world.preferences.sum(axis=1), 1.0)
    np.testing.assert_allclose(world.attributes.sum(axis=1), 1.0)
    # Beta'(mu, 1e-5): the utility is the preference-attribute product up to noise of sd 1e-5
    noise = world.utility - world.preferences @ world.attributes.T
    assert np.abs(noise).mean() < 1e-5 and np.mean(np.abs(noise) < 1e-4) > 0.999
    useful = world.utility > 1e-3
    share = world.known_utility[useful] / world.utility[useful]
    np.testing.assert_allclose(share, 0.98, atol=1e-3)


def test_item_attributes_are_sparser_than_user_preferences():
    """Dir(0.1 mu_alpha) items concentrate on few attributes; Dir(10 mu_rho) users spread over many."""
    world = fb.draw_world(fb.ChaneyParams(), rng=1)
    assert world.attributes.max(axis=1).mean() > 2 * world.preferences.max(axis=1).mean()


def test_replication_reports_every_recommender_and_measure():
    out = fb.chaney_replication(SMALL, rng=0)
    assert tuple(out) == fb.RECOMMENDERS
    for measures in out.values():
        assert set(measures) == {
            "jaccard",
            "jaccard_ideal",
            "jaccard_vs_ideal",
            "jaccard_true_pairs",
            "utility",
            "utility_vs_ideal",
        }
        assert 0 <= measures["jaccard"] <= 1 and 0 < measures["utility"] < 1
        assert measures["jaccard_vs_ideal"] == pytest.approx(measures["jaccard"] - measures["jaccard_ideal"])
    assert out["ideal"]["jaccard_vs_ideal"] == 0 and out["ideal"]["utility_vs_ideal"] == 0
    assert out["ideal"]["jaccard_true_pairs"] == out["ideal"]["jaccard"]


def test_same_seed_same_numbers_other_seed_other_numbers():
    assert fb.chaney_replication(SMALL, rng=3) == fb.chaney_replication(SMALL, rng=np.random.default_rng(3))
    assert fb.chaney_replication(SMALL, rng=3) != fb.chaney_replication(SMALL, rng=4)


def test_ideal_recommender_gives_the_most_utility_on_average(small_runs):
    for name in fb.RECOMMENDERS[1:]:
        assert np.mean([run[name]["utility_vs_ideal"] for run in small_runs]) < 0, name


def test_popularity_homogenizes_more_than_random(small_runs):
    popularity = [run["popularity"]["jaccard_vs_ideal"] for run in small_runs]
    random = [run["random"]["jaccard_vs_ideal"] for run in small_runs]
    assert np.mean(popularity) > 0.1 > np.mean(random)
    assert all(p > r for p, r in zip(popularity, random))


def test_users_who_ignore_the_ranking_get_the_ideal_outcome_from_every_recommender():
    """With attention exponent 0 the position does not matter: everyone picks their best known item."""
    out = fb.chaney_replication(dataclasses.replace(SMALL, attention_exponent=0.0), rng=0)
    for name in fb.RECOMMENDERS:
        assert out[name]["utility"] == pytest.approx(out["ideal"]["utility"])
        assert out[name]["jaccard_vs_ideal"] == pytest.approx(0.0)


def test_every_user_interacts_once_a_step_with_an_available_item_never_twice():
    world = fb.draw_world(SMALL, rng=0)
    streams = np.random.default_rng(0).spawn(len(fb.RECOMMENDERS) + 2)
    _, histories = fb._run(fb.RECOMMENDERS, world, streams[2:], streams[0], streams[1])
    assert histories.shape == (5, SMALL.n_users, SMALL.n_steps)
    created = (np.arange(SMALL.n_steps) + 1) * SMALL.items_per_step
    assert (histories < created).all()  # an item is only chosen once it exists
    for history in histories.reshape(-1, SMALL.n_steps):
        assert np.unique(history).size == SMALL.n_steps
    # the startup is shared: every recommender starts from the same interactions
    assert (histories[:, :, : SMALL.startup_steps] == histories[0, :, : SMALL.startup_steps]).all()


def test_looking_at_the_top_of_each_list_only_gives_the_exact_choice(monkeypatch):
    exact = fb.chaney_replication(SMALL, rng=5)
    monkeypatch.setattr(fb, "_TOP", 3)  # almost every pick then needs the bound check and the full sort
    assert fb.chaney_replication(SMALL, rng=5) == exact


def test_new_items_land_on_uniformly_random_distinct_positions():
    pos = fb._new_positions(20_000, 5, 3, np.random.default_rng(0))
    assert all(np.unique(row).size == 3 for row in pos[:200])
    assert pos.min() == 0 and pos.max() == 7
    counts = np.bincount(pos.ravel(), minlength=8) / pos.size
    np.testing.assert_allclose(counts, 1 / 8, atol=0.01)


def test_ranked_items_fill_the_positions_the_new_items_leave():
    new_pos = np.array([[0, 3], [5, 4]])
    np.testing.assert_array_equal(fb._ranked_positions(new_pos, 4), [[1, 2, 4, 5], [0, 1, 2, 3]])


def test_a_user_with_a_steep_attention_takes_the_top_of_the_list():
    keys = np.array([[0.0, 1.0, 2.0]])  # item 0 ranked first
    known = np.array([[0.1, 0.5, 0.9, 0.2]])  # item 3 is the new one
    chosen = [
        fb._choose(keys, 3, np.array([[3]]), known, known.max(axis=1), -50.0, np.random.default_rng(seed))[0]
        for seed in range(20)
    ]
    assert set(chosen) == {0, 3}  # the top ranked item, or the new item when it lands on top


def test_a_list_longer_than_the_catalogue_is_the_whole_catalogue_and_a_short_one_changes_the_run():
    whole = fb.chaney_replication(SMALL, rng=0)
    assert fb.chaney_replication(dataclasses.replace(SMALL, list_length=10_000), rng=0) == whole
    assert fb.chaney_replication(dataclasses.replace(SMALL, list_length=12), rng=0) != whole


def test_most_similar_breaks_ties_at_random_and_never_pairs_a_user_with_themselves():
    same = np.ones((50, 3))
    partners = fb._most_similar(same, np.random.default_rng(0))
    assert (partners != np.arange(50)).all() and np.unique(partners).size > 20


def test_task_runs_through_the_sweep_with_the_same_numbers_as_a_direct_call():
    points = sweep.grid(replication=range(2))
    out = sweep.run_tasks(fb.chaney_task, points, seed=7, shared={"params": SMALL}, backend="serial")
    direct = [fb.chaney_replication(SMALL, np.random.default_rng(s)) for s in sweep.spawn_seeds(7, 2)]
    assert out == direct


def test_task_varies_a_parameter_from_the_grid():
    out = fb.chaney_task(rng=0, params=SMALL, attention_exponent=0.0)
    assert out == fb.chaney_replication(dataclasses.replace(SMALL, attention_exponent=0.0), 0)
