"""helpers.tools.present: the presenter's command line, environment and notebook copies (no server needed;
tests/unit/tools/test_presenter_server.py starts one, tests/browser drives it in Chromium)."""

import json

import nbformat
import pytest

from helpers import EXPLICIT_PARAMETERS_ENV, paths, present
from helpers.run import RunnerError
from helpers.tools.presenter_server import TOKEN_ENV

START_HERE = paths.NOTEBOOKS / "00_start_here.ipynb"


def test_presenter_serves_on_loopback_with_code_hidden():
    command = present.voila_command(START_HERE, 8899)
    assert "--Voila.ip=127.0.0.1" in command and "--port=8899" in command
    assert "--strip_sources=True" in command and "--no-browser" in command


def test_presenter_keeps_outputs_away_from_the_committed_record(tmp_path):
    env = present.environment(output_root=tmp_path, base={})
    assert env["TRUSTLAB_OUTPUT_DIR"] == str(tmp_path)
    assert present.environment(base={})["TRUSTLAB_OUTPUT_DIR"].startswith(str(paths.ROOT / "build"))


def test_presenter_copy_injects_parameters_and_drops_outputs(tmp_path):
    copy = present.prepared_copy(START_HERE, tmp_path, {"quick": True})
    nb = nbformat.read(copy, as_version=4)
    assert all(not c.outputs for c in nb.cells if c.cell_type == "code")
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "quick = True" in injected[0].source
    assert "widgets" not in nb.metadata
    assert json.loads(START_HERE.read_text())  # the committed notebook is untouched and still valid


def test_presenter_target_is_one_notebook_or_the_folder(tmp_path):
    assert present.target_for(["00"], {}) == START_HERE
    assert present.target_for([], {}) == paths.NOTEBOOKS
    assert present.target_for(["00"], {"quick": True}, folder=tmp_path) == tmp_path / START_HERE.name
    with pytest.raises(RunnerError, match="no notebook called"):
        present.target_for(["99"], {})


def test_presenter_hides_tracebacks_culls_idle_kernels_and_keeps_the_token_off_the_command_line():
    command = present.voila_command(START_HERE, 8899)
    assert "--VoilaConfiguration.show_tracebacks=False" in command
    assert f"--MappingKernelManager.cull_idle_timeout={present.CULL_IDLE_SECONDS}" in command
    assert command[1:3] == ["-m", "helpers.tools.presenter_server"]
    token = present.new_token()
    assert len(token) >= 32 and token != present.new_token()
    assert not any(token in part for part in command)
    env = present.environment(base={"JUPYTER_TOKEN": "other"}, token=token, explicit={"seed"})
    assert env[TOKEN_ENV] == token and "JUPYTER_TOKEN" not in env and env[EXPLICIT_PARAMETERS_ENV] == "seed"


def test_presenter_checks_parameters_like_the_runner(capsys):
    assert present.main(["00", "-p", "sed", "3", "--no-browser"]) == 2
    assert (
        capsys.readouterr().err
        == "error: 00_start_here has no parameter 'sed'; valid: seed, quick, top_fraction\n"
    )


def test_presenter_copy_carries_no_machine_paths(tmp_path):
    copy = present.prepared_copy(START_HERE, tmp_path, {"seed": 3})
    assert str(paths.ROOT) not in copy.read_text()
