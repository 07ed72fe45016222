"""helpers.tools.run: strict parameters, atomic runs (a failed or stopped run leaves the record as it was),
reproducible executed notebooks, a folder per parameterized run, failures reported with their cell."""

import json
import os
import signal
import subprocess
import sys
import time

import nbformat
import psutil
import pytest

from helpers import paths
from helpers.tools import run

START = "import helpers\nfrom helpers import results\nhelpers.start_notebook('{name}')"


def _notebook(path, *sources, parameters="seed = 0"):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell(parameters, id="parameters")
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell] + [nbformat.v4.new_code_cell(s, id=f"cell-{i}") for i, s in enumerate(sources)]
    nbformat.write(nb, path)


def _snapshot(root):
    files = sorted(p for p in root.rglob("*") if p.is_file() and ".staging" not in p.parts)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


@pytest.fixture
def folder(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks / "01_good.ipynb", START.format(name="01_good"), "results.record('answer', seed * 2)")
    _notebook(
        notebooks / "02_bad.ipynb",
        START.format(name="02_bad"),
        "results.record('before', 1)\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nfrom helpers import plotting\nplotting.savefig('half')",
        "raise ValueError('boom')",
    )
    _notebook(
        notebooks / "03_sizes.ipynb",
        START.format(name="03_sizes"),
        "n, = helpers.quick_sizes(quick, n=(n, 5))\nresults.record('n', n)",
        parameters="seed = 0\nquick = False\nn = 100",
    )
    return notebooks


def test_select_accepts_numbers_and_names(folder):
    assert [p.stem for p in run.select(["02", "01_good"], folder)] == ["02_bad", "01_good"]
    assert [p.stem for p in run.select([], folder)] == ["01_good", "02_bad", "03_sizes"]


def test_unknown_notebook_is_a_clear_error(folder):
    with pytest.raises(
        run.RunnerError, match="no notebook called '07'; available: 01_good, 02_bad, 03_sizes"
    ):
        run.select(["07"], folder)


def test_malformed_parameter_name_is_rejected(capsys):
    assert run.main(["-p", "not-a-name", "1"]) == 2
    assert "not a valid Python identifier" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        (["sed", "3"], "error: 01_good has no parameter 'sed'; valid: seed\n"),
        (["seed", "abc"], "error: 01_good: -p seed 'abc' is not an int (default seed = 0)\n"),
    ],
)
def test_a_typo_or_a_wrong_type_exits_non_zero_with_one_line(folder, tmp_path, capsys, pair, message):
    out = tmp_path / "out"
    assert run.main(["--notebook-dir", str(folder), "--output-dir", str(out), "01", "-p", *pair]) == 2
    captured = capsys.readouterr()
    assert captured.err == message and not out.exists()


def test_the_course_command_refuses_a_typo_in_one_line():
    done = subprocess.run(
        [sys.executable, "-m", "helpers.run", "00", "-p", "sed", "3"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr == "error: 00_start_here has no parameter 'sed'; valid: seed, quick, top_fraction\n"


def test_failing_notebook_is_reported_and_others_still_run(folder, tmp_path, capsys):
    out = tmp_path / "out"
    status = run.main(
        ["--notebook-dir", str(folder), "--output-dir", str(out), "01", "02", "-p", "seed", "21"]
    )
    printed = capsys.readouterr().out
    assert status == 1
    assert (
        "02_bad" in printed
        and "ValueError: boom" in printed
        and "cell [5] `raise ValueError('boom')`" in printed
    )
    assert "answer=42" in printed  # the good notebook ran and its headline is shown
    assert json.loads((out / "results" / "01_good.json").read_text()) == {"answer": 42}
    executed = nbformat.read(out / "01_good.ipynb", as_version=4)
    assert all(
        "execution" not in c.metadata and "duration" not in c.metadata.get("papermill", {})
        for c in executed.cells
    )  # no timestamps: a re-run with the same seed leaves git clean
    assert "input_path" not in executed.metadata["papermill"]  # no machine paths


def test_a_failed_run_leaves_the_record_untouched_and_says_where_its_output_is(folder, tmp_path, capsys):
    out = tmp_path / "out"
    (out / "figures" / "02_bad").mkdir(parents=True)
    (out / "figures" / "02_bad" / "half.png").write_bytes(b"committed figure")
    (out / "results").mkdir()
    (out / "results" / "02_bad.json").write_text('{"before": 0, "after": 0}\n')
    (out / "02_bad.ipynb").write_text("committed notebook")
    before = _snapshot(out)
    assert run.main(["--notebook-dir", str(folder), "--output-dir", str(out), "02"]) == 1
    assert _snapshot(out) == before
    printed = capsys.readouterr().out
    assert "record unchanged; partial output in" in printed
    partial = next((out / ".staging").iterdir())
    assert json.loads((partial / "results" / "02_bad.json").read_text()) == {"before": 1}


def test_an_explicit_parameter_wins_over_quick(folder, tmp_path):
    quick, both = tmp_path / "quick", tmp_path / "both"
    assert run.main(["--notebook-dir", str(folder), "--output-dir", str(quick), "03", "--quick"]) == 0
    assert (
        run.main(["--notebook-dir", str(folder), "--output-dir", str(both), "03", "--quick", "-p", "n", "50"])
        == 0
    )
    assert json.loads((quick / "results" / "03_sizes.json").read_text()) == {"n": 5}
    assert json.loads((both / "results" / "03_sizes.json").read_text()) == {"n": 50}


def test_each_parameterized_run_gets_its_own_folder(folder, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(run, "RUNS_DIR", tmp_path / "runs")
    assert run.main(["--notebook-dir", str(folder), "01", "-p", "seed", "1"]) == 0
    assert run.main(["--notebook-dir", str(folder), "01", "-p", "seed", "2"]) == 0
    folders = sorted((tmp_path / "runs").iterdir())
    assert [f.name.split("__")[:2] for f in folders] == [["01_good", "seed-1"], ["01_good", "seed-2"]]
    answers = [json.loads((f / "results" / "01_good.json").read_text())["answer"] for f in folders]
    assert answers == [2, 4]
    assert all(sorted(p.name for p in f.iterdir()) == ["01_good.ipynb", "results"] for f in folders)
    assert "own folder in build/runs/" in capsys.readouterr().out


def test_a_widget_notebook_run_twice_gives_the_same_bytes(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(
        notebooks / "05_widget.ipynb",
        START.format(name="05_widget"),
        "import ipywidgets as w\nw.VBox([w.IntSlider(value=seed), w.HTML('caption')])",
    )
    for out in ("a", "b"):
        assert run.main(["--notebook-dir", str(notebooks), "--output-dir", str(tmp_path / out)]) == 0
    first, second = (
        (tmp_path / "a" / "05_widget.ipynb").read_bytes(),
        (tmp_path / "b" / "05_widget.ipynb").read_bytes(),
    )
    assert first == second
    assert b"widget-view+json" in first and str(tmp_path).encode() not in first


def _wait_for(predicate, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_sigterm_leaves_the_record_untouched_and_no_kernel_behind(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(
        notebooks / "06_slow.ipynb",
        START.format(name="06_slow"),
        "results.record('first', 1)",
        "import time\ntime.sleep(120)",
        "results.record('second', 2)",
    )
    out = tmp_path / "out"
    (out / "results").mkdir(parents=True)
    (out / "results" / "06_slow.json").write_text('{"first": 0, "second": 0}\n')
    (out / "06_slow.ipynb").write_text("committed notebook")
    before = _snapshot(out)
    command = [
        sys.executable,
        "-m",
        "helpers.run",
        "--notebook-dir",
        str(notebooks),
        "--output-dir",
        str(out),
    ]
    runner = subprocess.Popen(
        command, cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert _wait_for(lambda: list((out / ".staging").glob("06_slow.*/results/06_slow.json")))
        kernels = psutil.Process(runner.pid).children(recursive=True)
        os.kill(runner.pid, signal.SIGTERM)
        _, err = runner.communicate(timeout=60)
    finally:
        if runner.poll() is None:
            runner.kill()
    assert runner.returncode == 128 + signal.SIGTERM
    assert _snapshot(out) == before
    assert "interrupted; the recorded notebook, figures and results are unchanged. Partial output:" in err
    _, alive = psutil.wait_procs(kernels, timeout=15)
    assert not alive, f"kernels left running: {alive}"
