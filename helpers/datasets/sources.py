"""Where the datasets come from, in order, and ``fetch``: every failure moves on to the next source.

* MovieLens 100K: the GroupLens archive (a total deadline of ``DOWNLOAD_DEADLINE`` seconds, each read waiting
  at most ``READ_TIMEOUT``), converted to the cached layout; otherwise the copy inside the PyPI wheel
  ``recbole==1.2.1`` (``pip download --no-deps``; only its ``dataset_example/ml-100k`` files are read, recbole
  is never installed). ``$TRUSTLAB_RECBOLE_WHEEL`` may name a wheel already on disk.
* CDNOW: the data files shipped in the ``lifetimes`` package (installed, or its wheel from the registry).
"""

from __future__ import annotations

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
from pathlib import Path

from .catalog import (
    DATASETS,
    GENRES,
    RECBOLE_WHEEL_SHA256,
    Dataset,
    DatasetError,
    _check_contents,
    _clean_stale_parts,
    _install_files,
    _problems,
    _spec,
    dataset_dir,
    sha256,
    verify,
)

__all__ = ["DOWNLOAD_DEADLINE", "GROUPLENS_URL", "READ_TIMEOUT", "WHEEL_DEADLINE", "fetch", "fetch_all"]

GROUPLENS_URL = "https://files.grouplens.org/datasets/movielens/ml-100k.zip"
DOWNLOAD_DEADLINE = 60.0  # seconds for a whole download from GroupLens
READ_TIMEOUT = 5.0  # seconds for connecting and for each network read
MAX_DOWNLOAD_BYTES = 50_000_000  # the archive is 5 MB: a larger answer is not it
WHEEL_DEADLINE = 300.0  # seconds for `pip download` of a wheel


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
