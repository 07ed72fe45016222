"""Specifications of helpers.explain: item-based recommendations with faithful "because you rated X"."""

import numpy as np
import pandas as pd
import pytest

from helpers import datasets, explain


@pytest.fixture(scope="module")
def movielens():
    datasets.fetch("ml-100k")
    ratings = datasets.load_movielens_100k()
    return explain.fit_item_knn(ratings), datasets.load_movielens_items(), ratings


def toy_ratings():
    # users 1-4 love items 10 and 11 together; user 5 rated 10 only and should get 11 "because of 10"
    rows = (
        [(u, 10, 5) for u in range(1, 5)]
        + [(u, 11, 5) for u in range(1, 5)]
        + [(u, 12, 1) for u in range(1, 5)]
        + [(u, 13, 2) for u in range(1, 5)]
        + [(5, 10, 5), (5, 12, 1), (5, 13, 2)]
    )
    return pd.DataFrame(rows, columns=["user_id", "item_id", "rating"])


def test_toy_user_gets_the_co_liked_item_because_of_the_item_they_liked():
    model = explain.fit_item_knn(toy_ratings(), k=3, shrinkage=0, min_support=1, damping=0)
    rec = explain.recommend(model, 5, n=1)
    assert rec.loc[0, "item_id"] == 11 and rec.loc[0, "because_item_id"] == 10 and rec.loc[0, "explained"]


def test_recommendations_never_include_rated_items(movielens):
    model, _items, ratings = movielens
    rec = explain.recommend(model, 7, n=20)
    assert not set(rec["item_id"]) & set(ratings.loc[ratings["user_id"] == 7, "item_id"])


def test_cited_items_are_rated_by_the_user(movielens):
    model, items, ratings = movielens
    rec = explain.recommend(model, 42, n=10, items=items)
    rated = set(ratings.loc[ratings["user_id"] == 42, "item_id"])
    assert set(rec["because_item_id"]) <= rated
    assert rec["because_title"].notna().all()


def test_removing_a_cited_rating_changes_its_explanation(movielens):
    model, _items, _ = movielens
    before = explain.recommend(model, 1, n=10)
    cited = before.loc[0, "because_item_id"]
    after = explain.recommend(model, 1, n=10, removed_items=[cited])
    assert cited not in set(after["because_item_id"])
    assert cited not in set(after["item_id"])  # a withdrawn rating is forgotten, not re-recommended


def test_excluding_a_genre_removes_every_movie_of_that_genre(movielens):
    model, items, _ = movielens
    rec = explain.recommend(model, 1, n=15, items=items, excluded_genres=["Drama", "Thriller"])
    assert not items.loc[rec["item_id"], ["Drama", "Thriller"]].to_numpy().any()


def test_unknown_user_is_refused(movielens):
    with pytest.raises(ValueError, match="not in the ratings data"):
        explain.recommend(movielens[0], 99999)


def test_unknown_item_is_refused_in_explanations(movielens):
    with pytest.raises(ValueError, match="not in the ratings data"):
        explain.explain(movielens[0], 1, 999999)


def test_removing_a_rating_the_user_never_gave_is_refused(movielens):
    model, _, ratings = movielens
    unrated = min(set(ratings["item_id"]) - set(ratings.loc[ratings["user_id"] == 1, "item_id"]))
    with pytest.raises(ValueError, match="did not rate"):
        explain.recommend(model, 1, removed_items=[unrated])


def test_explain_contributions_add_up_to_the_prediction(movielens):
    model, _, ratings = movielens
    rec = explain.recommend(model, 3, n=1)
    contributions = explain.explain(model, 3, rec.loc[0, "item_id"], top=10_000)
    mean = ratings.loc[ratings["user_id"] == 3, "rating"].mean()
    assert mean + contributions["contribution"].sum() == pytest.approx(rec.loc[0, "predicted_rating"])


def test_batched_fidelity_agrees_with_one_user_recomputed_by_hand(movielens):
    model, _, _ = movielens
    quality = explain.explanation_quality(model, n=10, users=[5])
    rec = explain.recommend(model, 5, n=10)
    left = [
        item not in set(explain.recommend(model, 5, n=10, removed_items=[cited])["item_id"])
        for item, cited in zip(rec["item_id"], rec["because_item_id"])
    ]
    assert quality.fidelity == pytest.approx(np.mean(np.array(left)[rec["explained"].to_numpy()]))


def test_popularity_lists_have_zero_fidelity_and_lower_coverage(movielens):
    model, _, _ = movielens
    users = model.user_ids[:100]
    knn = explain.explanation_quality(model, users=users)
    popular = explain.explanation_quality(model, users=users, recommender="popularity")
    assert popular.fidelity == 0.0
    assert popular.coverage < knn.coverage
    assert 0 < knn.fidelity < 1


def test_controls_accept_any_iterable(movielens):
    model, items, _ = movielens
    cited = explain.recommend(model, 1, n=5)["because_item_id"].tolist()
    from_list = explain.recommend(
        model, 1, n=5, removed_items=cited[:1], excluded_genres=["Drama"], items=items
    )
    from_generator = explain.recommend(
        model, 1, n=5, removed_items=(c for c in cited[:1]), excluded_genres=iter(["Drama"]), items=items
    )
    assert from_list["item_id"].tolist() == from_generator["item_id"].tolist()


def test_control_effect_names_what_entered_and_left(movielens):
    model, items, _ = movielens
    effect = explain.control_effect(model, items, 1, excluded_genres=["Drama"], n=8)
    assert set(effect.left) == set(effect.before["title"]) - set(effect.after["title"])
    assert set(effect.entered) == set(effect.after["title"]) - set(effect.before["title"])
    assert len(effect.entered) == len(effect.left)
    assert set(effect.as_dict()) == {
        "before",
        "after",
        "entered",
        "left",
        "explanations_changed",
        "removed_items",
        "excluded_genres",
    }


def test_the_widget_view_shows_the_control_effect(movielens):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers.widgets.transparency import control_panel_view

    model, items, _ = movielens
    fig, stats = control_panel_view(model, items, 1, (), ("Thriller",), n=8)
    plt.close(fig)
    effect = explain.control_effect(model, items, 1, (), ["Thriller"], n=8)
    assert stats["entered"] == effect.entered and stats["left"] == effect.left


def test_rated_items_lists_the_highest_ratings_first(movielens):
    model, items, ratings = movielens
    table = explain.rated_items(model, 1, limit=10, items=items)
    assert len(table) == 10 and (np.diff(table["rating"]) <= 0).all()
    mine = ratings[ratings["user_id"] == 1].set_index("item_id")["rating"]
    assert (mine.loc[table["item_id"]].to_numpy() == table["rating"].to_numpy()).all()
    assert table["title"].notna().all()


def test_fit_item_knn_still_lives_in_explain():
    from helpers.recsys import ItemKNN, fit_item_knn

    assert explain.fit_item_knn is fit_item_knn and explain.ItemKNN is ItemKNN
