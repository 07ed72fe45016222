"""helpers.plotting: figures land in figures/<notebook>/, reproducibly, atomically, with ordinary permissions."""

import os
import stat

import matplotlib.pyplot as plt
import pytest

from helpers import paths, plotting


@pytest.fixture
def notebook(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTLAB_OUTPUT_DIR", str(tmp_path))
    paths.set_current_notebook("99_test")
    return tmp_path


def test_savefig_writes_png_under_the_notebook_and_is_reproducible(notebook):
    plotting.set_theme()
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3])
    first = plotting.savefig("line", fig).read_bytes()
    second = plotting.savefig("line", fig).read_bytes()
    plt.close(fig)
    assert (notebook / "figures" / "99_test" / "line.png").exists()
    assert first == second and first[:4] == b"\x89PNG"


def test_savefig_rejects_paths_as_names(notebook):
    with pytest.raises(ValueError, match="plain file name"):
        plotting.savefig("../escape")


def test_savefig_writes_the_same_bytes_as_matplotlib_to_a_path(notebook, tmp_path):
    fig, ax = plt.subplots()
    ax.plot([3, 1, 2])
    saved = plotting.savefig("line", fig)
    fig.savefig(tmp_path / "direct.png", dpi=110, metadata={"Software": None})
    plt.close(fig)
    assert saved.read_bytes() == (tmp_path / "direct.png").read_bytes()


def test_savefig_interrupted_while_drawing_leaves_no_file(notebook, monkeypatch):
    fig, ax = plt.subplots()
    ax.plot([1, 2])

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fig, "savefig", interrupted)
    with pytest.raises(KeyboardInterrupt):
        plotting.savefig("line", fig)
    plt.close(fig)
    folder = notebook / "figures" / "99_test"
    assert not folder.exists() or not list(folder.iterdir())


def test_savefig_gives_ordinary_permissions(notebook):
    previous = os.umask(0o022)
    try:
        fig, _ = plt.subplots()
        path = plotting.savefig("line", fig)
        plt.close(fig)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@pytest.mark.parametrize("dpi", [0, -5, 2.5, "110", None, 10_000])
def test_savefig_refuses_a_bad_dpi(notebook, dpi):
    fig, _ = plt.subplots()
    with pytest.raises((ValueError, TypeError), match="dpi"):
        plotting.savefig("line", fig, dpi=dpi)
    plt.close(fig)


def test_savefig_refuses_what_is_not_a_figure(notebook):
    with pytest.raises(TypeError, match="matplotlib Figure"):
        plotting.savefig("line", fig="not a figure")
