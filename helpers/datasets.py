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

Downloads cannot hang: each has a total deadline (a server that trickles bytes is cut off), and any network
failure (refused, reset, cut short, timed out, a corrupt archive) moves on to the next source with a message.
Files enter the cache atomically with ordinary permissions; ``.part`` files left by a killed fetch are
removed; a cache that cannot be written (permission, full disk) gives an error that says so and how to fix it.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import importlib.util
import io
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from ._validation import check_choice, check_frame

__all__ = [
    "DATASETS",
    "GENRES",
    "GROUPLENS_URL",
    "Dataset",
    "DatasetError",
    "UnknownDatasetError",
    "dataset_dir",
    "describe",
    "fetch",
    "fetch_all",
    "load_cdnow_summary",
    "load_cdnow_transactions",
    "load_movielens_100k",
    "load_movielens_items",
    "load_movielens_users",
    "main",
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
GROUPLENS_URL = "https://files.grouplens.org/datasets/movielens/ml-100k.zip"
DOWNLOAD_DEADLINE = 60.0  # seconds for a whole download from GroupLens
READ_TIMEOUT = 5.0  # seconds for connecting and for each network read
MAX_DOWNLOAD_BYTES = 50_000_000  # the archive is 5 MB: a larger answer is not it
WHEEL_DEADLINE = 300.0  # seconds for `pip download` of a wheel
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


def _from_wheel(spec: Dataset) -> dict[str, bytes]:
    """Read the dataset's files out of its PyPI wheel (a given file, or ``pip download --no-deps``)."""
    local = os.environ.get("TRUSTLAB_RECBOLE_WHEEL") if spec.name == "ml-100k" else None
    with tempfile.TemporaryDirectory() as tmp:
        if local:
            wheel = Path(local)
            if not wheel.exists():
                raise DatasetError(f"$TRUSTLAB_RECBOLE_WHEEL points to {wheel}, which does not exist")
        else:
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", spec.wheel]
            cmd += ["-d", tmp, "-q", "--disable-pip-version-check"]
            try:
                done = subprocess.run(
                    cmd, check=False, capture_output=True, text=True, timeout=WHEEL_DEADLINE
                )
            except subprocess.TimeoutExpired:
                raise DatasetError(
                    f"`pip download {spec.wheel}` took more than {WHEEL_DEADLINE:.0f} s"
                ) from None
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
    folder = Path(next(iter(found.submodule_search_locations))).parent / spec.wheel_folder
    return {file: (folder / file).read_bytes() for file in spec.files}


def _download(url: str, deadline: float, read_timeout: float, max_bytes: int) -> bytes:
    """The body at ``url``, or an error: within ``deadline`` seconds in all (each read waits at most
    ``read_timeout``), at most ``max_bytes``, and exactly as long as the server announced."""
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=min(read_timeout, deadline)) as response:
        announced = response.headers.get("Content-Length")
        chunks, size = [], 0
        while True:
            if time.monotonic() - started > deadline:
                raise TimeoutError(f"download took more than {deadline:.0f} s in all ({size:,} bytes so far)")
            chunk = response.read1(1 << 16)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise DatasetError(f"the answer is larger than {max_bytes:,} bytes: not the expected file")
            chunks.append(chunk)
    if announced is not None and announced.isdigit() and size != int(announced):
        raise http.client.IncompleteRead(b"", int(announced) - size)
    return b"".join(chunks)


def _from_grouplens() -> dict[str, bytes]:
    """Download GroupLens' ml-100k.zip and rewrite u.data/u.item/u.user in the cached layout."""
    body = _download(GROUPLENS_URL, DOWNLOAD_DEADLINE, READ_TIMEOUT, MAX_DOWNLOAD_BYTES)
    archive = zipfile.ZipFile(io.BytesIO(body))
    read = lambda file: archive.read(f"ml-100k/{file}").decode("latin-1")
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


# how a source can fail: network errors and timeouts (OSError), a response cut short (HTTPException, e.g.
# IncompleteRead), a corrupt archive (BadZipFile, EOFError), a missing member (KeyError), bad bytes (ValueError)
_SOURCE_FAILURES = (
    OSError,
    http.client.HTTPException,
    zipfile.BadZipFile,
    EOFError,
    KeyError,
    ValueError,
    DatasetError,
    subprocess.SubprocessError,
)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def fetch(name: str, verbose: bool = False) -> Path:
    """Make sure dataset ``name`` is in the cache with the right checksums; return its folder.

    A verified cache is used as is; missing or corrupt files are fetched again from the sources listed in
    the module docstring, each failure (network, timeout, a cut-short or corrupt download) moving on to the
    next source with a message on stderr. Raises ``DatasetError`` naming every source tried and how to fix
    it, or saying that the cache cannot be written (permission, full disk) and how to fix that.
    """
    spec = _spec(name)
    if not isinstance(verbose, bool):
        raise TypeError(f"verbose must be True or False, got {verbose!r}")
    _clean_stale_parts(name)
    if not _problems(name):
        return dataset_dir(name)
    if name == "ml-100k":
        sources = [
            ("GroupLens archive", _from_grouplens),
            (f"PyPI wheel {spec.wheel}", lambda: _from_wheel(spec)),
        ]
    else:
        package = spec.wheel.split("==")[0]
        sources = [
            (f"installed {package}", lambda: _from_installed_package(spec)),
            (f"PyPI wheel {spec.wheel}", lambda: _from_wheel(spec)),
        ]
    failures = []
    for position, (label, source) in enumerate(sources):
        try:
            contents = source()
            _check_contents(name, contents)
        except _SOURCE_FAILURES as exc:  # every way a source can fail: report it, try the next one
            failures.append(f"{label}: {_reason(exc)}")
            if position + 1 < len(sources):
                print(
                    f"{name}: {label} failed ({_reason(exc)}); trying {sources[position + 1][0]}",
                    file=sys.stderr,
                )
            continue
        _install_files(name, contents)
        if verbose:
            print(f"{name}: fetched from {label} into {dataset_dir(name)}")
        return verify(name)
    hint = (
        "connect to the internet, or download recbole-1.2.1-py3-none-any.whl on a connected machine and set "
        "TRUSTLAB_RECBOLE_WHEEL to its path"
        if name == "ml-100k"
        else "connect to the package registry (or install lifetimes==0.11.3 from a wheel on disk)"
    )
    raise DatasetError(
        f"could not fetch {name}. Tried: " + "; ".join(failures) + f". Fix: {hint}, then rerun."
    )


def fetch_all(names=None, verbose: bool = True) -> dict[str, str]:
    """Try to fetch every dataset in ``names`` (default: all), even after a failure; return each one's
    outcome (``"ok: <folder>"`` or ``"failed: <why>"``)."""
    if isinstance(names, str):
        raise TypeError(f"names must be a list of dataset names, got the string {names!r}")
    names = list(DATASETS) if names is None else list(names)
    if not names:
        raise ValueError("fetch_all needs at least one dataset name")
    for name in names:
        _spec(name)
    outcomes = {}
    for name in names:
        try:
            outcomes[name] = f"ok: {fetch(name, verbose=verbose)}"
        except DatasetError as exc:
            outcomes[name] = f"failed: {exc}"
    return outcomes


# ---------------------------------------------------------------------------------------------- loaders


def load_movielens_100k() -> pd.DataFrame:
    """MovieLens 100K ratings: ``user_id, item_id, rating, timestamp`` (100,000 rows, ratings 1-5)."""
    folder = verify("ml-100k")
    ratings = pd.read_csv(
        folder / "ml-100k.inter",
        sep="\t",
        header=0,
        names=["user_id", "item_id", "rating", "timestamp"],
        dtype="int64",
    )
    return ratings


def load_movielens_items() -> pd.DataFrame:
    """MovieLens 100K movies indexed by ``item_id``: ``title, year`` and 19 boolean genre columns."""
    folder = verify("ml-100k")
    raw = pd.read_csv(
        folder / "ml-100k.item",
        sep="\t",
        header=0,
        names=["item_id", "title", "year", "genres"],
        dtype={"item_id": "int64", "title": str, "year": str, "genres": str},
        keep_default_na=False,
        quoting=3,
        encoding="utf-8",
    )
    items = raw[["item_id", "title"]].copy()
    items["year"] = pd.to_numeric(raw["year"], errors="coerce").astype("Int64")  # item 1412 has year "V"
    genre_lists = raw["genres"].str.split(" ")
    for genre in GENRES:
        items[genre] = genre_lists.apply(lambda gs, g=genre: g in gs)
    return items.set_index("item_id")


def load_movielens_users() -> pd.DataFrame:
    """MovieLens 100K users indexed by ``user_id``: ``age, gender, occupation, zip`` (zip codes as text)."""
    folder = verify("ml-100k")
    users = pd.read_csv(
        folder / "ml-100k.user",
        sep="\t",
        header=0,
        names=["user_id", "age", "gender", "occupation", "zip"],
        dtype={"user_id": "int64", "age": "int64", "gender": str, "occupation": str, "zip": str},
    )
    return users.set_index("user_id")


def load_cdnow_transactions(which: str = "sample") -> pd.DataFrame:
    """CDNOW purchases, one row per transaction: ``customer_id, date, quantity, amount`` (US dollars).

    ``which="sample"``: the 2,357-customer 1/10th sample of Fader, Hardie & Lee (6,919 rows);
    ``which="master"``: all 23,570 customers of the January-March 1997 cohort (69,659 rows).
    """
    check_choice(which, "which", ("sample", "master"))
    folder = verify("cdnow")
    if which == "sample":
        raw = pd.read_csv(
            folder / "CDNOW_sample.txt",
            sep=r"\s+",
            header=None,
            names=["master_id", "customer_id", "date", "quantity", "amount"],
        )
        raw = raw.drop(columns="master_id")
    elif which == "master":
        raw = pd.read_csv(
            folder / "CDNOW_master.txt",
            sep=r"\s+",
            header=0,
            names=["customer_id", "date", "quantity", "amount"],
        )
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
    check_frame(ratings, ["user_id", "item_id", "rating"], "the ratings frame")
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
    """``python -m helpers.datasets fetch NAME|all`` and ``verify``: one line per dataset; 1 if any failed."""
    parser = argparse.ArgumentParser(prog="python -m helpers.datasets", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    fetch_cmd = sub.add_parser("fetch", help="fetch and verify a dataset into the cache")
    fetch_cmd.add_argument("name", choices=[*DATASETS, "all"])
    sub.add_parser("verify", help="verify every cached dataset")
    args = parser.parse_args(argv)
    if args.command == "fetch":
        outcomes = fetch_all(list(DATASETS) if args.name == "all" else [args.name])
    else:
        outcomes = {}
        for name in DATASETS:
            try:
                outcomes[name] = f"ok: {verify(name)}"
            except DatasetError as exc:
                outcomes[name] = f"failed: {exc}"
    for name, outcome in outcomes.items():
        failed = outcome.startswith("failed")
        print(
            f"{name}: {'error: ' + outcome.removeprefix('failed: ') if failed else outcome}",
            file=sys.stderr if failed else sys.stdout,
        )
    return 1 if any(outcome.startswith("failed") for outcome in outcomes.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
