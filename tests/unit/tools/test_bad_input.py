"""Every public function of helpers.tools fails closed on bad input (ValueError, TypeError or the runner's
one-line RunnerError, itself a ValueError). The command lines (``main``) are exercised in test_run and
test_present with the mistakes users make first (``-p sed 3``, ``-p seed abc``)."""

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import paths
from helpers.tools import parameters, present, record, run, site, staging
from unit.badinput import Call, assert_fails_closed, expand

START_HERE = paths.NOTEBOOKS / "00_start_here.ipynb"
DECLARED = {"seed": 0, "quick": False}

CALLS = [
    Call(run.select, {"names": ["00"]}, {"names": ["00", None, [None], ["99"], [3]]}),
    Call(
        parameters.parse_parameters,
        {"pairs": [["seed", "1"]], "quick": False},
        {
            "pairs": [[["a b", "1"]], [["seed"]], [["seed", "1"], ["seed", "2"]], [[3, "1"]]],
            "quick": ["yes", 1, None],
        },
    ),
    Call(
        parameters.check_parameters,
        {"parameters": {"seed": 1}, "declared": DECLARED, "notebook": "00"},
        {
            "parameters": [{"sed": 1}, {"seed": "abc"}, {"seed": 1.5}, {"quick": 1}, None],
            "declared": [{}, None],
        },
    ),
    Call(
        parameters.resolve_parameters,
        {"pairs": [["seed", "1"]], "quick": False, "sources": [START_HERE]},
        {
            "pairs": [[["sed", "1"]], [["seed", "abc"]], [["top_fraction", "'x'"]]],
            "quick": ["no"],
        },
    ),
    Call(
        parameters.run_folder_name,
        {"notebook": "00_start_here", "parameters": {"seed": 1}},
        {
            "notebook": ["", None, "a/b"],
            "parameters": [None, [("seed", 1)]],
        },
    ),
    Call(present.target_for, {"names": ["00"], "parameters": {}}, {"names": [["99"], None, "00"]}),
]

EXEMPT = {
    "run.main": "a command line: argparse and RunnerError give the usage or one line, exit status 2",
    "present.main": "a command line: argparse and RunnerError give the usage or one line, exit status 2",
    "site.main": "a command line: argparse gives the usage, a bad folder one line, exit status 2",
    "run.discover, headline, summary_table, destination_for, run_notebook": "called by main on checked input",
    "present.voila_command, environment, free_port, new_token, prepared_copy": "called by main on checked input",
    "record.normalize, normalize_file, stable_widget_ids, drop_timestamps": "the runner's own executed notebooks",
    "staging.Stage, Destination, move_into_place, make_folder, staging_root, held_signals": "the runner's own paths",
    "site.build": "tested in test_site (refuses a folder that holds no site)",
}


@pytest.mark.parametrize(("call", "argument", "value"), expand(CALLS))
def test_public_function_fails_closed(call, argument, value):
    assert_fails_closed(call.func, call.kwargs, argument, value)


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=12).filter(lambda v: v not in ("seed", "quick", "top_fraction")))
def test_any_unknown_parameter_name_is_refused_with_the_valid_ones(name):
    with pytest.raises(ValueError) as info:
        parameters.resolve_parameters([[name, "1"]], False, [START_HERE])
    message = str(info.value)
    assert "seed, quick, top_fraction" in message or "identifier" in message


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.floats(), st.text(), st.booleans(), st.none(), st.lists(st.integers(), max_size=3)))
def test_any_value_that_is_not_an_int_is_refused_for_the_seed(value):
    with pytest.raises(ValueError, match="is not an int"):
        parameters.check_parameters({"seed": value}, DECLARED, "00_start_here")


def test_a_notebook_without_parameters_refuses_every_parameter(tmp_path):
    path = tmp_path / "01_plain.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), path)
    with pytest.raises(run.RunnerError, match="no cell tagged 'parameters'"):
        parameters.resolve_parameters([], True, [path])


def test_exemptions_name_existing_functions():
    modules = {
        "run": run,
        "present": present,
        "record": record,
        "staging": staging,
        "site": site,
    }
    for key in EXEMPT:
        module, names = key.split(".", 1)
        for name in names.split(", "):
            assert hasattr(modules[module], name), f"EXEMPT names {module}.{name}, which does not exist"
