"""helpers.tools.parameters: -p values checked against the notebook's parameters cell, before anything runs."""

import nbformat
import pytest

from helpers import paths
from helpers.tools.parameters import (
    RunnerError,
    check_parameters,
    declared_parameters,
    parse_parameters,
    resolve_parameters,
    run_folder_name,
)

START_HERE = paths.NOTEBOOKS / "00_start_here.ipynb"
DECLARED = {
    "seed": 0,
    "quick": False,
    "share": 0.8,
    "grid": [0.1, 1.0, "inf"],
    "label": "a",
    "anything": None,
}


def test_the_parameters_cell_gives_names_and_defaults():
    assert declared_parameters(START_HERE) == {"seed": 0, "quick": False, "top_fraction": 0.1}


def test_a_notebook_without_a_parameters_cell_declares_nothing(tmp_path):
    path = tmp_path / "01_x.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("seed = 0")]
    nbformat.write(nb, path)
    assert declared_parameters(path) == {}
    with pytest.raises(RunnerError, match="no cell tagged 'parameters'"):
        check_parameters({"seed": 1}, {}, "01_x")


def test_values_are_literals_or_strings_and_quick_is_added():
    assert parse_parameters([["seed", "7"], ["name", "abc"], ["grid", "[0.1, 1]"]], quick=True) == {
        "seed": 7,
        "name": "abc",
        "grid": [0.1, 1],
        "quick": True,
    }


def test_an_explicit_quick_wins_over_the_flag():
    assert parse_parameters([["quick", "False"]], quick=True) == {"quick": False}


def test_a_typo_lists_the_valid_names():
    with pytest.raises(RunnerError) as info:
        check_parameters({"sed": 3}, DECLARED, "00_start_here")
    assert str(info.value) == (
        "00_start_here has no parameter 'sed'; valid: seed, quick, share, grid, label, anything"
    )


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("seed", "abc", "-p seed 'abc' is not an int (default seed = 0)"),
        ("seed", 2.5, "is not an int"),
        ("seed", True, "is not an int"),
        ("quick", 1, "is not a bool (True or False)"),
        ("share", "high", "is not a number"),
        ("grid", 0.5, "is not a list of"),
        ("grid", [0.1, None], "is not a list of"),
        ("label", 3, "is not a text"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_in_one_line(name, value, expected):
    with pytest.raises(RunnerError) as info:
        check_parameters({name: value}, DECLARED, "07_x")
    assert expected in str(info.value) and "\n" not in str(info.value)


def test_values_of_the_declared_type_pass_and_ints_become_floats_where_declared():
    checked = check_parameters(
        {"seed": 7, "quick": True, "share": 1, "grid": [1, "inf"], "label": "b", "anything": [1, "x"]},
        DECLARED,
        "07_x",
    )
    assert checked["share"] == 1.0 and isinstance(checked["share"], float)
    assert checked["grid"] == [1, "inf"] and checked["anything"] == [1, "x"]


def test_every_selected_notebook_is_checked_and_explicit_names_are_reported():
    checked, explicit = resolve_parameters([["seed", "3"]], True, [START_HERE])
    assert checked == {START_HERE: {"seed": 3, "quick": True}} and explicit == {"seed"}
    with pytest.raises(RunnerError, match="has no parameter 'top'"):
        resolve_parameters([["top", "0.2"]], False, [START_HERE])


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ([["not-a-name", "1"]], "not a valid Python identifier"),
        ([["seed", "1"], ["seed", "2"]], "given twice"),
        ([["seed"]], "a name and a value"),
    ],
)
def test_malformed_pairs_are_refused(pairs, message):
    with pytest.raises(RunnerError, match=message):
        parse_parameters(pairs, quick=False)


def test_each_parameter_set_gets_its_own_readable_folder():
    a = run_folder_name("04_private_recommenders", {"seed": 7, "quick": True})
    b = run_folder_name("04_private_recommenders", {"seed": 8, "quick": True})
    c = run_folder_name("04_private_recommenders", {"quick": True, "seed": 7})
    assert a.startswith("04_private_recommenders__quick-True__seed-7__") and a != b and a == c
    assert run_folder_name("04_x", {"label": "a/b"}) != run_folder_name("04_x", {"label": "a_b"})
    long = run_folder_name("04_x", {"grid": list(range(200))})
    assert len(long) < 120 and "/" not in long
