"""Where things live and how they are written: the repository's folders, the data cache, the notebook being
executed, and :func:`write_atomic`, the one way the suite writes a file.

Outputs (figures and results) go to the repository by default. The runner, tests and exploratory runs point
``TRUSTLAB_OUTPUT_DIR`` elsewhere so they never overwrite the committed research record, and
``TRUSTLAB_DATA_CACHE`` moves the dataset cache (default ``datasets/cache``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

__all__ = [
    "DATASETS",
    "NOTEBOOKS",
    "ROOT",
    "current_notebook",
    "data_cache",
    "describe_os_error",
    "figures_dir",
    "output_root",
    "results_dir",
    "set_current_notebook",
    "write_atomic",
]

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DATASETS = ROOT / "datasets"

_current_notebook: str | None = None


def data_cache() -> Path:
    """The folder datasets are fetched into (``$TRUSTLAB_DATA_CACHE`` or ``datasets/cache``)."""
    return Path(os.environ.get("TRUSTLAB_DATA_CACHE", DATASETS / "cache"))


def output_root() -> Path:
    """The folder holding ``figures/`` and ``results/`` (``$TRUSTLAB_OUTPUT_DIR`` or the repository)."""
    return Path(os.environ.get("TRUSTLAB_OUTPUT_DIR", ROOT))


def figures_dir() -> Path:
    """Where figures go: ``<output root>/figures``."""
    return output_root() / "figures"


def results_dir() -> Path:
    """Where recorded results go: ``<output root>/results``."""
    return output_root() / "results"


def set_current_notebook(name: str) -> None:
    """Remember which notebook is running, so figures and results land under its name."""
    global _current_notebook
    if not isinstance(name, (str, os.PathLike)):
        raise TypeError(f"notebook name must be a string such as '01_emotional_response', got {name!r}")
    name = Path(name).stem
    if not name:
        raise ValueError("notebook name must be a non-empty string such as '01_emotional_response'")
    _current_notebook = name


def current_notebook() -> str:
    """The running notebook's name, as given to ``helpers.start_notebook``."""
    if _current_notebook is None:
        raise RuntimeError(
            "no notebook is registered: call helpers.start_notebook('NN_name') in the notebook's first code cell"
        )
    return _current_notebook


def describe_os_error(exc: OSError, path: Path, action: str = "write") -> str:
    """A one-line explanation of a failed file operation on ``path`` with the repair, for error messages."""
    folder = Path(path).parent
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"cannot {action} {path}: permission denied ({exc.strerror}). The folder {folder} belongs to "
            "another user or is read-only: ask its owner to make it writable for you, or point the suite at "
            "a folder of your own (TRUSTLAB_DATA_CACHE for datasets, TRUSTLAB_OUTPUT_DIR for outputs)"
        )
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"cannot {action} {path}: the disk is full ({exc.strerror}). Free some space on the disk holding "
            f"{folder} (or move the folder with TRUSTLAB_DATA_CACHE / TRUSTLAB_OUTPUT_DIR), then rerun; "
            "nothing half-written was left behind"
        )
    return f"cannot {action} {path}: {exc.strerror or exc}"


def write_atomic(path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never a part.

    The bytes go to a temporary file in the same folder (flushed to disk), which then replaces ``path`` in one
    rename. The file gets ordinary permissions (``0666`` minus the umask, so ``0644`` for most users), not the
    owner-only ``0600`` of ``tempfile.mkstemp``. On failure the temporary file is removed and the error raised.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path, got {type(path).__name__}")
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes or str, got {type(data).__name__}")
    path = Path(path)
    if not path.name:
        raise ValueError(f"path must name a file, got {str(path)!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{secrets.token_hex(4)}.part"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return path
