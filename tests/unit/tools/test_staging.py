"""helpers.tools.staging: a run's notebook, figures and results replace the record together, or not at all."""

import os
import signal
import stat

import pytest

from helpers import paths
from helpers.tools.staging import Destination, Stage, held_signals, move_into_place, staging_root


def _record(root, name="01_x", figures=("a.png", "b.png"), results='{"a": 1}\n', notebook="old notebook"):
    (root / "figures" / name).mkdir(parents=True, exist_ok=True)
    for figure in figures:
        (root / "figures" / name / figure).write_bytes(b"old " + figure.encode())
    (root / "results").mkdir(exist_ok=True)
    (root / "results" / f"{name}.json").write_text(results)
    (root / f"{name}.ipynb").write_text(notebook)


def _snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def destination(tmp_path):
    root = tmp_path / "record"
    root.mkdir()
    _record(root)
    return Destination(root / "01_x.ipynb", root)


def _stage_a_run(destination, figures=("a.png",), with_results=True):
    stage = Stage("01_x", "01_x", destination)
    (stage.output_root / "figures" / "01_x").mkdir(parents=True)
    for figure in figures:
        (stage.output_root / "figures" / "01_x" / figure).write_bytes(b"new " + figure.encode())
    if with_results:
        paths.write_atomic(stage.output_root / "results" / "01_x.json", '{"a": 2}\n')
    stage.notebook.write_text("new notebook")
    return stage


def test_promotion_replaces_notebook_figures_and_results_together(destination):
    stage = _stage_a_run(destination)
    stage.promote()
    root = destination.root
    assert _snapshot(root) == {
        "01_x.ipynb": b"new notebook",
        "figures/01_x/a.png": b"new a.png",  # b.png, which the run no longer writes, is gone
        "results/01_x.json": b'{"a": 2}\n',
    }
    assert not stage.folder.exists() and not (root / ".staging").exists()


def test_an_unpromoted_stage_leaves_the_record_byte_for_byte(destination):
    before = _snapshot(destination.root)
    _stage_a_run(destination)
    after = {k: v for k, v in _snapshot(destination.root).items() if not k.startswith(".staging/")}
    assert after == before


def test_a_stage_without_an_executed_notebook_is_not_promoted(destination):
    before = _snapshot(destination.root)
    stage = Stage("01_x", "01_x", destination)
    with pytest.raises(FileNotFoundError, match="no executed notebook"):
        stage.promote()
    assert {k: v for k, v in _snapshot(destination.root).items() if not k.startswith(".staging")} == before


def test_results_the_run_did_not_write_are_removed(destination):
    _stage_a_run(destination, with_results=False).promote()
    assert not (destination.root / "results" / "01_x.json").exists()


def test_stages_of_dead_runs_of_the_same_notebook_are_cleaned(destination):
    root = staging_root(destination.root)
    (root / "01_x.999999999").mkdir(parents=True)  # no such process
    (root / "02_other.999999999").mkdir()
    Stage("01_x", "01_x", destination)
    assert not (root / "01_x.999999999").exists() and (root / "02_other.999999999").exists()


def test_stages_of_the_repository_live_in_build(tmp_path):
    assert staging_root(paths.ROOT) == (paths.ROOT / "build" / "staging").resolve()
    assert staging_root(paths.ROOT / "build" / "runs" / "x") == (paths.ROOT / "build" / "staging").resolve()
    assert staging_root(tmp_path) == tmp_path.resolve() / ".staging"


def test_promoted_files_and_folders_have_ordinary_permissions(destination):
    previous = os.umask(0o022)
    try:
        _stage_a_run(destination).promote()
    finally:
        os.umask(previous)
    root = destination.root
    assert stat.S_IMODE((root / "figures" / "01_x").stat().st_mode) == 0o755
    assert stat.S_IMODE((root / "results" / "01_x.json").stat().st_mode) == 0o644


def test_a_folder_is_swapped_in_and_the_old_one_removed(tmp_path):
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "x").write_text("new")
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "y").write_text("old")
    move_into_place(tmp_path / "new", tmp_path / "target")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]
    assert [p.name for p in (tmp_path / "target").iterdir()] == ["x"]


def test_signals_wait_until_the_promotion_is_done():
    received = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: received.append(signum))
    try:
        with held_signals():
            os.kill(os.getpid(), signal.SIGTERM)
            assert received == []  # held back inside the block
        assert received == [signal.SIGTERM]  # delivered right after it
    finally:
        signal.signal(signal.SIGTERM, previous)
