"""Fetch and load the suite's real datasets (MovieLens 100K, CDNOW), verified by sha256.

``fetch(name)`` brings a dataset into the cache (``datasets/cache`` or ``$TRUSTLAB_DATA_CACHE``) and checks
every file's sha256; the loaders check again before reading and never download anything themselves.
Command line: ``python -m helpers.datasets fetch [ml-100k|cdnow|all]``.

Sources, in order:

* MovieLens 100K: the GroupLens archive when the internet is reachable (short timeout), converted to the
  layout below and accepted only if the checksums match; otherwise the copy inside the PyPI wheel
  ``recbole==1.2.1`` (``pip download --no-deps``; only ``recbole/dataset_example/ml-100k/*`` is extracted,
  recbole is never installed). ``$TRUSTLAB_RECBOLE_WHEEL`` may name a wheel already on disk.
* CDNOW: the data files shipped in the ``lifetimes`` package (installed, or its wheel from the registry).
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths


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
GROUPLENS_URL = "https://files.grouplens.org/datasets/movielens/ml-100k.zip"
GENRES = [
    "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
    "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
]  # fmt: skip


class DatasetError(RuntimeError):
    """A dataset is missing, corrupt, or cannot be fetched; the message says how to repair it."""


def _spec(name: str) -> Dataset:
    if name not in DATASETS:
        raise DatasetError(f"unknown dataset {name!r}; choose one of: {', '.join(DATASETS)}")
    return DATASETS[name]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dataset_dir(name: str) -> Path:
    return paths.data_cache() / _spec(name).name


def _problems(name: str) -> list[str]:
    """Describe every missing or altered file of a dataset in the cache (empty list: all good)."""
    problems = []
    for file, expected in _spec(name).files.items():
        path = dataset_dir(name) / file
        if not path.exists():
            problems.append(f"{path} is missing")
            continue
        actual = sha256(path)
        if actual != expected:
            problems.append(f"{path} is corrupt: sha256 {actual}, expected {expected}")
    return problems


def verify(name: str) -> Path:
    """Check every file of ``name`` in the cache; raise ``DatasetError`` naming the file and the repair."""
    problems = _problems(name)
    if problems:
        raise DatasetError(
            "; ".join(problems) + f". Repair with: python -m helpers.datasets fetch {name}"
        )
    return dataset_dir(name)


def _install_files(name: str, contents: dict[str, bytes]) -> None:
    """Check downloaded bytes against the checksums, then move them into the cache atomically."""
    spec = _spec(name)
    for file, expected in spec.files.items():
        actual = hashlib.sha256(contents[file]).hexdigest()
        if actual != expected:
            raise DatasetError(f"{file} from the source has sha256 {actual}, expected {expected}")
    target = dataset_dir(name)
    target.mkdir(parents=True, exist_ok=True)
    for file in spec.files:
        fd, tmp = tempfile.mkstemp(dir=target, prefix=f".{file}.", suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(contents[file])
        os.replace(tmp, target / file)


def _from_wheel(spec: Dataset) -> dict[str, bytes]:
    """Read the dataset's files out of its PyPI wheel (a given file, or ``pip download --no-deps``)."""
    local = os.environ.get("TRUSTLAB_RECBOLE_WHEEL") if spec.name == "ml-100k" else None
    with tempfile.TemporaryDirectory() as tmp:
        if local:
            wheel = Path(local)
            if not wheel.exists():
                raise DatasetError(f"$TRUSTLAB_RECBOLE_WHEEL points to {wheel}, which does not exist")
        else:
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", spec.wheel,
                   "-d", tmp, "-q", "--disable-pip-version-check"]  # fmt: skip
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
            wheels = list(Path(tmp).glob("*.whl"))
            if done.returncode != 0 or not wheels:
                last = (done.stderr.strip().splitlines() or ["no output"])[-1]
                raise DatasetError(f"`pip download {spec.wheel}` failed ({last})")
            wheel = wheels[0]
        if spec.name == "ml-100k" and sha256(wheel) != RECBOLE_WHEEL_SHA256:
            raise DatasetError(f"{wheel.name} has an unexpected sha256; expected {RECBOLE_WHEEL_SHA256}")
        with zipfile.ZipFile(wheel) as archive:
            return {file: archive.read(f"{spec.wheel_folder}/{file}") for file in spec.files}


def _from_installed_package(spec: Dataset) -> dict[str, bytes]:
    """Read the files from an installed package (CDNOW inside ``lifetimes``) without importing it."""
    package = spec.wheel_folder.split("/")[0]
    found = importlib.util.find_spec(package)
    if found is None or not found.submodule_search_locations:
        raise DatasetError(f"package {package} is not installed")
    folder = Path(list(found.submodule_search_locations)[0]).parent / spec.wheel_folder
    return {file: (folder / file).read_bytes() for file in spec.files}


def _from_grouplens(timeout: float = 3.0) -> dict[str, bytes]:
    """Download GroupLens' ml-100k.zip and rewrite u.data/u.item/u.user in the cached layout."""
    with urllib.request.urlopen(GROUPLENS_URL, timeout=timeout) as response:
        archive = zipfile.ZipFile(io.BytesIO(response.read()))
    read = lambda file: archive.read(f"ml-100k/{file}").decode("latin-1")  # noqa: E731
    inter = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n" + read("u.data")
    users = ["user_id:token\tage:token\tgender:token\toccupation:token\tzip_code:token"]
    users += ["\t".join(line.split("|")) for line in read("u.user").splitlines()]
    items = ["item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq"]
    for line in read("u.item").splitlines():
        fields = line.split("|")
        title, year = fields[1].rsplit(" (", 1) if " (" in fields[1] else (fields[1], "")
        genres = " ".join(g for g, flag in zip(GENRES, fields[5:]) if flag == "1")
        items.append("\t".join([fields[0], title, year.rstrip(")"), genres]))
    return {
        "ml-100k.inter": inter.encode(),
        "ml-100k.user": ("\n".join(users) + "\n").encode(),
        "ml-100k.item": ("\n".join(items) + "\n").encode("utf-8"),
    }


def fetch(name: str, verbose: bool = False) -> Path:
    """Make sure dataset ``name`` is in the cache with the right checksums; return its folder.

    A verified cache is used as is; missing or corrupt files are fetched again from the sources listed in
    the module docstring. Raises ``DatasetError`` naming every source tried and how to fix it.
    """
    spec = _spec(name)
    if not _problems(name):
        return dataset_dir(name)
    sources = (
        [("GroupLens archive", _from_grouplens), (f"PyPI wheel {spec.wheel}", lambda: _from_wheel(spec))]
        if name == "ml-100k"
        else [(f"installed {spec.wheel.split('==')[0]}", lambda: _from_installed_package(spec)),
              (f"PyPI wheel {spec.wheel}", lambda: _from_wheel(spec))]  # fmt: skip
    )
    failures = []
    for label, source in sources:
        try:
            _install_files(name, source())
        except (DatasetError, OSError, KeyError, zipfile.BadZipFile, subprocess.SubprocessError) as exc:
            failures.append(f"{label}: {exc}")
            continue
        if verbose:
            print(f"{name}: fetched from {label} into {dataset_dir(name)}")
        return verify(name)
    hint = (
        "download recbole-1.2.1-py3-none-any.whl on a connected machine and set TRUSTLAB_RECBOLE_WHEEL to its path"
        if name == "ml-100k"
        else "pip install lifetimes==0.11.3"
    )
    raise DatasetError(f"could not fetch {name}. Tried: " + "; ".join(failures) + f". Fix: {hint}, then rerun.")


# ---------------------------------------------------------------------------------------------- loaders


def load_movielens_100k() -> pd.DataFrame:
    """MovieLens 100K ratings: ``user_id, item_id, rating, timestamp`` (100,000 rows, ratings 1-5)."""
    folder = verify("ml-100k")
    ratings = pd.read_csv(folder / "ml-100k.inter", sep="\t", header=0,
                          names=["user_id", "item_id", "rating", "timestamp"], dtype="int64")  # fmt: skip
    return ratings


def load_movielens_items() -> pd.DataFrame:
    """MovieLens 100K movies indexed by ``item_id``: ``title, year`` and 19 boolean genre columns."""
    folder = verify("ml-100k")
    raw = pd.read_csv(folder / "ml-100k.item", sep="\t", header=0, names=["item_id", "title", "year", "genres"],
                      dtype={"item_id": "int64", "title": str, "year": str, "genres": str},
                      keep_default_na=False, quoting=3, encoding="utf-8")  # fmt: skip
    items = raw[["item_id", "title"]].copy()
    items["year"] = pd.to_numeric(raw["year"], errors="coerce").astype("Int64")  # item 1412 has year "V"
    genre_lists = raw["genres"].str.split(" ")
    for genre in GENRES:
        items[genre] = genre_lists.apply(lambda gs, g=genre: g in gs)
    return items.set_index("item_id")


def load_movielens_users() -> pd.DataFrame:
    """MovieLens 100K users indexed by ``user_id``: ``age, gender, occupation, zip`` (zip codes as text)."""
    folder = verify("ml-100k")
    users = pd.read_csv(folder / "ml-100k.user", sep="\t", header=0,
                        names=["user_id", "age", "gender", "occupation", "zip"],
                        dtype={"user_id": "int64", "age": "int64", "gender": str, "occupation": str, "zip": str})  # fmt: skip
    return users.set_index("user_id")


def load_cdnow_transactions(which: str = "sample") -> pd.DataFrame:
    """CDNOW purchases, one row per transaction: ``customer_id, date, quantity, amount`` (US dollars).

    ``which="sample"``: the 2,357-customer 1/10th sample of Fader, Hardie & Lee (6,919 rows);
    ``which="master"``: all 23,570 customers of the January-March 1997 cohort (69,659 rows).
    """
    folder = verify("cdnow")
    if which == "sample":
        raw = pd.read_csv(folder / "CDNOW_sample.txt", sep=r"\s+", header=None,
                          names=["master_id", "customer_id", "date", "quantity", "amount"])  # fmt: skip
        raw = raw.drop(columns="master_id")
    elif which == "master":
        raw = pd.read_csv(folder / "CDNOW_master.txt", sep=r"\s+", header=0,
                          names=["customer_id", "date", "quantity", "amount"])  # fmt: skip
    else:
        raise ValueError(f"which must be 'sample' or 'master', got {which!r}")
    raw["date"] = pd.to_datetime(raw["date"].astype(str), format="%Y%m%d")
    return raw.astype({"customer_id": "int64", "quantity": "int64", "amount": "float64"})


def load_cdnow_summary() -> pd.DataFrame:
    """The CDNOW sample summarized for BG/NBD: ``frequency, recency, T`` in weeks, 39-week calibration.

    2,357 customers indexed by ``customer_id`` (the table Fader, Hardie & Lee 2005 fit): ``frequency`` is
    the number of repeat purchases, ``recency`` the time of the last one and ``T`` the time since the first.
    """
    folder = verify("cdnow")
    summary = pd.read_csv(folder / "cdnow_customers_summary.csv")
    summary = summary.rename(columns={"ID": "customer_id"}).set_index("customer_id")
    return summary.astype({"frequency": "int64", "recency": "float64", "T": "float64"})


def describe(ratings: pd.DataFrame) -> dict:
    """Counts of a ratings frame (rows, users, items, rating range) for a quick sanity table."""
    if ratings.empty:
        raise ValueError("the ratings frame is empty")
    return {
        "ratings": len(ratings),
        "users": int(ratings["user_id"].nunique()),
        "items": int(ratings["item_id"].nunique()),
        "min_rating": float(ratings["rating"].min()),
        "max_rating": float(ratings["rating"].max()),
        "density": round(len(ratings) / (ratings["user_id"].nunique() * ratings["item_id"].nunique()), 5),
        "mean_rating": float(np.round(ratings["rating"].mean(), 5)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.datasets", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    fetch_cmd = sub.add_parser("fetch", help="fetch and verify a dataset into the cache")
    fetch_cmd.add_argument("name", choices=[*DATASETS, "all"])
    sub.add_parser("verify", help="verify every cached dataset")
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            for name in DATASETS if args.name == "all" else [args.name]:
                print(f"{name}: ok ({fetch(name, verbose=True)})")
        else:
            for name in DATASETS:
                print(f"{name}: ok ({verify(name)})")
    except DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
