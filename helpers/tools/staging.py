"""Atomic runs: a notebook run writes into a staging folder, and its executed notebook, figures and results
replace the recorded ones together, only when the run succeeded.

A notebook's record is three things: the executed notebook, ``figures/<name>/`` and ``results/<name>.json``
under an output root. :class:`Stage` gives a run its own folder with the same layout (the kernel writes there
through ``TRUSTLAB_OUTPUT_DIR``); :meth:`Stage.promote` moves the three into place with SIGINT and SIGTERM held
back, so an interruption lands before the promotion (the record stays as it was) or after it. A failed or
interrupted run keeps its stage, and says where, until the next run of the same notebook.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from .. import paths

__all__ = ["Destination", "Stage", "held_signals", "make_folder", "move_into_place", "staging_root"]


@dataclass(frozen=True)
class Destination:
    """Where a notebook's record goes: the executed notebook's path and the root of ``figures/``, ``results/``."""

    notebook: Path
    root: Path


def make_folder(path: Path) -> Path:
    """Create ``path`` (and parents) with ordinary permissions (``0777`` minus the umask, not ``0700``)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=0o777)
    return path


@contextlib.contextmanager
def held_signals():
    """Hold SIGINT and SIGTERM back while the block runs (delivered right after it), in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _copy_beside(source: Path, target: Path) -> Path:
    """Copy ``source`` (file or folder) to a hidden sibling of ``target`` (same filesystem as the target)."""
    sibling = target.parent / f".{target.name}.{secrets.token_hex(4)}.part"
    if source.is_dir():
        shutil.copytree(source, sibling)
    else:
        shutil.copy2(source, sibling)
    return sibling


def move_into_place(source: Path, target: Path) -> None:
    """Replace ``target`` (a file or a folder, or nothing) by ``source`` with renames, across filesystems too.

    A folder target is renamed aside, the source renamed in, then the old one deleted; if the second rename
    fails, the old folder is put back.
    """
    source, target = Path(source), Path(target)
    make_folder(target.parent)
    try:
        if source.is_dir():
            _swap_folder(source, target)
        else:
            os.replace(source, target)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    sibling = _copy_beside(source, target)
    move_into_place(sibling, target)
    shutil.rmtree(source) if source.is_dir() else source.unlink()


def _swap_folder(source: Path, target: Path) -> None:
    aside = None
    if target.exists():
        aside = target.parent / f".{target.name}.old-{secrets.token_hex(4)}"
        os.replace(target, aside)
    try:
        os.replace(source, target)
    except OSError:
        if aside is not None:
            os.replace(aside, target)
        raise
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def staging_root(destination_root: Path) -> Path:
    """Stages of runs into the repository (in place or ``build/``) live in ``build/staging/``; stages of runs
    into another folder live in its ``.staging/`` (same filesystem, so promotion is a rename)."""
    destination_root = Path(destination_root).resolve()
    build = (paths.ROOT / "build").resolve()
    if (
        destination_root == paths.ROOT.resolve()
        or build == destination_root
        or build in destination_root.parents
    ):
        return build / "staging"
    return destination_root / ".staging"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Stage:
    """The staging folder of one notebook run (``<staging root>/<label>.<pid>/``)."""

    def __init__(self, name: str, label: str, destination: Destination):
        self.name, self.destination = name, destination
        root = staging_root(destination.root)
        self._clean_earlier(root, label)
        self.folder = make_folder(root / f"{label}.{os.getpid()}")
        for stale in self.folder.iterdir():
            _remove(stale)

    @staticmethod
    def _clean_earlier(root: Path, label: str) -> None:
        """Remove the stages of earlier runs of the same notebook (their processes have ended)."""
        if not root.is_dir():
            return
        for folder in root.glob(f"{label}.*"):
            pid = folder.name.rsplit(".", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)

    @property
    def notebook(self) -> Path:
        return self.folder / self.destination.notebook.name

    @property
    def output_root(self) -> Path:
        """What ``TRUSTLAB_OUTPUT_DIR`` points to during the run."""
        return self.folder

    def promote(self) -> None:
        """Move the staged notebook, figures and results into the destination together; parts the run did
        not produce are removed from the record (no stale figures or results survive)."""
        pairs = [
            (self.folder / "figures" / self.name, self.destination.root / "figures" / self.name),
            (
                self.folder / "results" / f"{self.name}.json",
                self.destination.root / "results" / f"{self.name}.json",
            ),
            (self.notebook, self.destination.notebook),
        ]
        if not self.notebook.is_file():
            raise FileNotFoundError(f"the run wrote no executed notebook at {self.notebook}")
        with held_signals():
            for staged, target in pairs:
                if staged.exists():
                    move_into_place(staged, target)
                else:
                    _remove(target)
            shutil.rmtree(self.folder, ignore_errors=True)
        parent = self.folder.parent
        with contextlib.suppress(OSError):
            parent.rmdir()  # only if empty

    def relative(self) -> str:
        """The stage's path, relative to the repository when inside it (for messages)."""
        try:
            return str(self.folder.relative_to(paths.ROOT))
        except ValueError:
            return str(self.folder)
