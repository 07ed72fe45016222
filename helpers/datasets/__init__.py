"""Fetch and load the suite's real datasets (MovieLens 100K, CDNOW), verified by sha256.

``fetch(name)`` brings a dataset into the cache (``datasets/cache`` or ``$TRUSTLAB_DATA_CACHE``) and checks
every file's sha256; the loaders check again before reading and never download anything themselves.
Command line: ``python -m helpers.datasets fetch [ml-100k|cdnow|all]``. Modules: ``catalog`` (the datasets,
checksums, the cache), ``sources`` (where they come from; ``fetch``), ``loaders``, ``command``.

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

from .catalog import (
    DATASETS,
    GENRES,
    RECBOLE_WHEEL_SHA256,
    Dataset,
    DatasetError,
    UnknownDatasetError,
    dataset_dir,
    sha256,
    verify,
)
from .command import main
from .loaders import (
    describe,
    load_cdnow_summary,
    load_cdnow_transactions,
    load_movielens_100k,
    load_movielens_items,
    load_movielens_users,
)
from .sources import DOWNLOAD_DEADLINE, GROUPLENS_URL, READ_TIMEOUT, WHEEL_DEADLINE, fetch, fetch_all

__all__ = [
    "DATASETS",
    "DOWNLOAD_DEADLINE",
    "GENRES",
    "GROUPLENS_URL",
    "READ_TIMEOUT",
    "RECBOLE_WHEEL_SHA256",
    "WHEEL_DEADLINE",
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
