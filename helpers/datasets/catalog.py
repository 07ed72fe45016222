"""The datasets the suite uses, their files and sha256 checksums, and the cache they live in.

``verify(name)`` checks every cached file of a dataset and says how to repair it; ``_install_files`` writes
verified bytes into the cache atomically with ordinary permissions; ``.part`` files a killed fetch left behind
are cleaned before the next one.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from .. import paths

__all__ = [
    "DATASETS",
    "GENRES",
    "RECBOLE_WHEEL_SHA256",
    "Dataset",
    "DatasetError",
    "UnknownDatasetError",
    "dataset_dir",
    "sha256",
    "verify",
]


@dataclass(frozen=True)
class Dataset:
    name: str
    files: dict[str, str]  # file name -> sha256
    wheel: str  # "package==version" whose wheel ships the files
    wheel_folder: str  # folder of the files inside that wheel


DATASETS = {
    "ml-100k": Dataset(
        name="ml-100k",
        files={
            "ml-100k.inter": "4edb74e2a81178c2ba9ff381495f754f996c4aea351b1272ca36b43da0935eff",
            "ml-100k.item": "51d7cdf777ce5c0f5b32c1d947a4a81fe07d75e78abbe761e0cd4d0756064532",
            "ml-100k.user": "4f670007d9cfbeb9807e757209af1555b9bcc186bde25e767f67cb67c6dd5972",
        },
        wheel="recbole==1.2.1",
        wheel_folder="recbole/dataset_example/ml-100k",
    ),
    "cdnow": Dataset(
        name="cdnow",
        files={
            "CDNOW_master.txt": "eff6889ed364c5199d6eacbbeb7a6d559971df4406ac876f322c373f00a072ef",
            "CDNOW_sample.txt": "6fae10155c0b0ba363c2c386e30f77990d22328220efd862a5edd1443420d94a",
            "cdnow_customers_summary.csv": "09d92ca80daaabe8be0f997d4c539f9c9606106baa5b199081fe01cbce5fa9f6",
        },
        wheel="lifetimes==0.11.3",
        wheel_folder="lifetimes/datasets",
    ),
}
RECBOLE_WHEEL_SHA256 = "9c9948202011f37eb0a7c6768129313f00d6403ad221ec940d5e2d5d5f33a407"
STALE_PART_SECONDS = 60.0  # a .part file older than this belongs to a fetch that died
GENRES = [
    "unknown",
    "Action",
    "Adventure",
    "Animation",
    "Children's",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Fantasy",
    "Film-Noir",
    "Horror",
    "Musical",
    "Mystery",
    "Romance",
    "Sci-Fi",
    "Thriller",
    "War",
    "Western",
]


class DatasetError(RuntimeError):
    """A dataset is missing, corrupt, or cannot be fetched; the message says how to repair it."""


class UnknownDatasetError(DatasetError, ValueError):
    """A dataset name the suite does not know (a ``ValueError`` too: the argument is wrong)."""


def _spec(name: str) -> Dataset:
    if not isinstance(name, str):
        raise TypeError(f"a dataset is named by a string ({', '.join(DATASETS)}), got {type(name).__name__}")
    if name not in DATASETS:
        raise UnknownDatasetError(f"unknown dataset {name!r}; choose one of: {', '.join(DATASETS)}")
    return DATASETS[name]


def sha256(path: Path) -> str:
    """The sha256 hex digest of the file at ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dataset_dir(name: str) -> Path:
    """The cache folder of dataset ``name``."""
    return paths.data_cache() / _spec(name).name


def _problems(name: str) -> list[str]:
    """Describe every missing or altered file of a dataset in the cache (empty list: all good)."""
    problems = []
    for file, expected in _spec(name).files.items():
        path = dataset_dir(name) / file
        if not path.exists():
            problems.append(f"{path} is missing")
            continue
        try:
            actual = sha256(path)
        except OSError as exc:
            problems.append(paths.describe_os_error(exc, path, "read"))
            continue
        if actual != expected:
            problems.append(f"{path} is corrupt: sha256 {actual}, expected {expected}")
    return problems


def verify(name: str) -> Path:
    """Check every file of ``name`` in the cache; raise ``DatasetError`` naming the file and the repair."""
    problems = _problems(name)
    if problems:
        raise DatasetError("; ".join(problems) + f". Repair with: python -m helpers.datasets fetch {name}")
    return dataset_dir(name)


def _check_contents(name: str, contents: dict[str, bytes]) -> None:
    """Refuse downloaded bytes whose checksums differ from the expected ones."""
    for file, expected in _spec(name).files.items():
        if file not in contents:
            raise DatasetError(f"the source has no file {file}")
        actual = hashlib.sha256(contents[file]).hexdigest()
        if actual != expected:
            raise DatasetError(f"{file} from the source has sha256 {actual}, expected {expected}")


def _install_files(name: str, contents: dict[str, bytes]) -> None:
    """Check downloaded bytes against the checksums, then write them into the cache atomically (0644)."""
    _check_contents(name, contents)
    target = dataset_dir(name)
    for file in _spec(name).files:
        path = target / file
        try:
            paths.write_atomic(path, contents[file])
        except OSError as exc:
            raise DatasetError(paths.describe_os_error(exc, path)) from exc


def _clean_stale_parts(name: str, now: float | None = None) -> list[Path]:
    """Remove ``.part`` files a killed or failed fetch left in the dataset's cache folder; return them."""
    folder = dataset_dir(name)
    if not folder.is_dir():
        return []
    now = time.time() if now is None else now
    removed = []
    for part in folder.glob(".*.part"):
        try:
            if now - part.stat().st_mtime > STALE_PART_SECONDS:
                part.unlink()
                removed.append(part)
        except OSError:  # gone already, or not ours to remove: a later write replaces it anyway
            continue
    return removed
