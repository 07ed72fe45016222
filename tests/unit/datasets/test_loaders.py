"""helpers.datasets.loaders: schemas and counts of the real data."""

import pytest

from helpers import datasets


def test_movielens_ratings_have_the_published_shape():
    ratings = datasets.load_movielens_100k()
    assert list(ratings.columns) == ["user_id", "item_id", "rating", "timestamp"]
    assert len(ratings) == 100_000
    assert ratings["user_id"].nunique() == 943
    assert ratings["item_id"].nunique() == 1682
    assert ratings["rating"].value_counts().sort_index().tolist() == [6110, 11370, 27145, 34174, 21201]


def test_movielens_items_have_year_and_nineteen_genres():
    items = datasets.load_movielens_items()
    assert len(items) == 1682
    assert list(items.columns) == ["title", "year"] + datasets.GENRES
    assert items.loc[1, "title"] == "Toy Story" and items.loc[1, "year"] == 1995
    assert items.loc[1, "Animation"] and items.loc[1, "Comedy"] and not items.loc[1, "Drama"]
    assert items[datasets.GENRES].to_numpy().any(axis=1).all()  # every movie has a genre (maybe "unknown")


def test_movielens_users_keep_zip_codes_as_text():
    users = datasets.load_movielens_users()
    assert users.shape == (943, 4)
    assert set(users["gender"]) == {"M", "F"}
    assert users["zip"].map(type).eq(str).all()
    assert (~users["zip"].str.isdigit()).sum() == 18


def test_cdnow_sample_and_master_transactions():
    sample = datasets.load_cdnow_transactions("sample")
    master = datasets.load_cdnow_transactions("master")
    assert list(sample.columns) == ["customer_id", "date", "quantity", "amount"]
    assert (len(sample), sample["customer_id"].nunique()) == (6919, 2357)
    assert (len(master), master["customer_id"].nunique()) == (69659, 23570)
    assert (
        str(master["date"].min().date()) == "1997-01-01" and str(master["date"].max().date()) == "1998-06-30"
    )


def test_cdnow_summary_is_the_fader_hardie_lee_calibration_table():
    summary = datasets.load_cdnow_summary()
    assert list(summary.columns) == ["frequency", "recency", "T"]
    assert len(summary) == 2357
    assert (summary["recency"] <= summary["T"]).all()
    assert summary["T"].max() <= 39 and summary["frequency"].sum() == 2457


def test_describe_rejects_an_empty_frame():
    with pytest.raises(ValueError, match="empty"):
        datasets.describe(datasets.load_movielens_100k().iloc[:0])


@pytest.mark.parametrize("which", ["all", "", None, 1])
def test_cdnow_transactions_refuse_an_unknown_selection(which):
    with pytest.raises(ValueError, match="which must be one of"):
        datasets.load_cdnow_transactions(which)
