"""helpers.datasets: schemas and counts of the real data, and checksum failures that name their repair."""
import shutil

import pytest

from helpers import datasets
from helpers.datasets import DatasetError


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """A copy of the verified cache in a temporary folder, so tests may damage it."""
    for name in datasets.DATASETS:
        shutil.copytree(datasets.fetch(name), tmp_path / name)
    monkeypatch.setenv("TRUSTLAB_DATA_CACHE", str(tmp_path))
    monkeypatch.setattr(datasets, "GROUPLENS_URL", "http://127.0.0.1:9/ml-100k.zip")  # fail fast, offline
    return tmp_path


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
    assert str(master["date"].min().date()) == "1997-01-01" and str(master["date"].max().date()) == "1998-06-30"


def test_cdnow_summary_is_the_fader_hardie_lee_calibration_table():
    summary = datasets.load_cdnow_summary()
    assert list(summary.columns) == ["frequency", "recency", "T"]
    assert len(summary) == 2357
    assert (summary["recency"] <= summary["T"]).all()
    assert summary["T"].max() <= 39 and summary["frequency"].sum() == 2457


def test_unknown_dataset_name_is_rejected():
    with pytest.raises(DatasetError, match="unknown dataset 'ml-1m'; choose one of: ml-100k, cdnow"):
        datasets.fetch("ml-1m")


def test_altered_file_names_file_checksums_and_repair(private_cache):
    path = private_cache / "cdnow" / "CDNOW_sample.txt"
    path.write_bytes(path.read_bytes().replace(b"29.33", b"99.33"))
    with pytest.raises(DatasetError) as info:
        datasets.load_cdnow_transactions()
    message = str(info.value)
    assert str(path) in message
    assert datasets.DATASETS["cdnow"].files["CDNOW_sample.txt"] in message  # expected checksum
    assert datasets.sha256(path) in message  # actual checksum
    assert "python -m helpers.datasets fetch cdnow" in message
    assert datasets.main(["fetch", "cdnow"]) == 0  # the repair the message names
    assert len(datasets.load_cdnow_transactions()) == 6919


def test_truncated_movielens_file_is_refetched_from_the_wheel(private_cache):
    path = private_cache / "ml-100k" / "ml-100k.inter"
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(DatasetError, match="ml-100k.inter is corrupt"):
        datasets.load_movielens_100k()
    datasets.fetch("ml-100k")  # GroupLens unreachable here, so this exercises the recbole wheel
    assert len(datasets.load_movielens_100k()) == 100_000
    assert not list((private_cache / "ml-100k").glob("*.part"))  # nothing half-written left


def test_missing_file_is_reported(private_cache):
    (private_cache / "ml-100k" / "ml-100k.user").unlink()
    with pytest.raises(DatasetError, match=r"ml-100k.user is missing.*fetch ml-100k"):
        datasets.load_movielens_users()


def test_no_internet_and_no_registry_gives_one_clear_error(private_cache, monkeypatch, capsys):
    shutil.rmtree(private_cache / "ml-100k")
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # as on a machine that reaches no package registry
    monkeypatch.delenv("TRUSTLAB_RECBOLE_WHEEL", raising=False)
    assert datasets.main(["fetch", "ml-100k"]) == 1
    error = capsys.readouterr().err
    assert "GroupLens archive" in error and "PyPI wheel recbole==1.2.1" in error
    assert "TRUSTLAB_RECBOLE_WHEEL" in error
    assert not (private_cache / "ml-100k").exists() or not list((private_cache / "ml-100k").iterdir())


def test_a_wheel_on_disk_can_stand_in_for_the_registry(private_cache, monkeypatch, tmp_path):
    shutil.rmtree(private_cache / "ml-100k")
    monkeypatch.setenv("TRUSTLAB_RECBOLE_WHEEL", str(tmp_path / "nowhere.whl"))
    with pytest.raises(DatasetError, match="TRUSTLAB_RECBOLE_WHEEL points to .*nowhere.whl"):
        datasets.fetch("ml-100k")


def test_describe_rejects_an_empty_frame():
    with pytest.raises(ValueError, match="empty"):
        datasets.describe(datasets.load_movielens_100k().iloc[:0])
