"""helpers.run: selects notebooks, parses parameters, reports failures with their cell and keeps going."""
import json

import nbformat
import pytest

from helpers import run


def _notebook(path, *sources, parameters="seed = 0"):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell] + [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)


@pytest.fixture
def folder(tmp_path):
    _notebook(tmp_path / "01_good.ipynb",
              "import helpers\nfrom helpers import results\nhelpers.start_notebook('01_good')",
              "results.record('answer', seed * 2)")  # fmt: skip
    _notebook(tmp_path / "02_bad.ipynb", "x = 1", "raise ValueError('boom')")
    return tmp_path


def test_select_accepts_numbers_and_names(folder):
    assert [p.stem for p in run.select(["02", "01_good"], folder)] == ["02_bad", "01_good"]
    assert [p.stem for p in run.select([], folder)] == ["01_good", "02_bad"]


def test_unknown_notebook_is_a_clear_error(folder):
    with pytest.raises(run.RunnerError, match="no notebook called '07'; available: 01_good, 02_bad"):
        run.select(["07"], folder)


def test_parameters_are_literals_or_strings():
    assert run.parse_parameters([["seed", "7"], ["name", "abc"], ["grid", "[0.1, 1]"]], quick=True) == {
        "seed": 7, "name": "abc", "grid": [0.1, 1], "quick": True}  # fmt: skip


def test_malformed_parameter_name_is_rejected(capsys):
    assert run.main(["-p", "not-a-name", "1"]) == 2
    assert "not a valid Python identifier" in capsys.readouterr().err


def test_failing_notebook_is_reported_and_others_still_run(folder, tmp_path, capsys):
    out = tmp_path / "out"
    status = run.main(["--notebook-dir", str(folder), "--output-dir", str(out), "-p", "seed", "21"])
    printed = capsys.readouterr().out
    assert status == 1
    assert "02_bad" in printed and "ValueError: boom" in printed and "cell [4] `raise ValueError('boom')`" in printed
    assert "answer=42" in printed  # the good notebook ran and its headline is shown
    assert json.loads((out / "results" / "01_good.json").read_text()) == {"answer": 42}
    executed = nbformat.read(out / "01_good.ipynb", as_version=4)
    assert all("execution" not in c.metadata and "duration" not in c.metadata.get("papermill", {})
               for c in executed.cells)  # no timestamps: a re-run with the same seed leaves git clean
