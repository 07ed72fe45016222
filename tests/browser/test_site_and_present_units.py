"""Unit tests of the site builder and the presenter mode's launcher (no browser needed)."""

import json

import nbformat
import pytest

from helpers import paths, present, site
from helpers.run import RunnerError

START_HERE = paths.NOTEBOOKS / "00_start_here.ipynb"


def _notebook(folder, name, markdown):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(markdown), nbformat.v4.new_code_cell("1 + 1")]
    nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
    nb.cells[1].execution_count = 1
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def test_site_index_follows_course_order_and_titles(tmp_path):
    a = _notebook(tmp_path, "01_alpha", "# 01 · Alpha\n\nThe first question.")
    b = _notebook(tmp_path, "00_intro", "# 00 · Intro\n\nWhere to start.")
    index = site.build(tmp_path / "site", notebooks=[a, b], quiet=True).read_text()
    assert index.index("00_intro.html") < index.index("01_alpha.html")
    assert "00 · Intro" in index and "Where to start." in index


def test_site_links_between_notebooks_point_to_pages_and_dead_links_become_text(tmp_path):
    a = _notebook(tmp_path, "00_intro", "# Intro\n\nSee [next](01_next.ipynb#Part), [readme](../README.md), "
                                        "[gone](no_such_file.csv).")  # fmt: skip
    b = _notebook(tmp_path, "01_next", "# Next\n\ntext")
    out = tmp_path / "site"
    site.build(out, notebooks=[a, b], quiet=True)
    page = (out / "00_intro.html").read_text()
    assert 'href="01_next.html#Part"' in page
    assert 'href="files/README.md"' in page and (out / "files" / "README.md").is_file()
    assert "no_such_file.csv" not in page and "gone" in page


def test_site_replaces_widgets_with_a_note_and_loads_no_widget_scripts(tmp_path):
    out = tmp_path / "site"
    site.build(out, notebooks=[START_HERE], quiet=True)
    page = (out / "00_start_here.html").read_text()
    assert "Interactive widget." in page and "make present NB=00" in page
    assert "require.min.js" not in page and "widget-state+json" not in page
    assert page.count("data:image/png;base64") >= 4  # the static figures are embedded


def test_site_carries_its_own_mathjax_so_formulas_render_offline(tmp_path):
    pytest.importorskip("jupyter_server_mathjax")
    path = _notebook(tmp_path, "00_math", "# Math\n\nThe Laplace scale is $b = \\Delta / \\varepsilon$.")
    out = tmp_path / "site"
    site.build(out, notebooks=[path], quiet=True)
    page = (out / "00_math.html").read_text()
    assert 'src="mathjax/MathJax.js?config=' in page and "libs/mathjax" not in page
    assert (out / "mathjax" / "MathJax.js").is_file()


def test_site_refuses_to_overwrite_a_folder_that_is_not_a_site(tmp_path):
    (tmp_path / "keep.txt").write_text("precious")
    with pytest.raises(ValueError, match="refusing to overwrite"):
        site.build(tmp_path, notebooks=[START_HERE], quiet=True)
    assert (tmp_path / "keep.txt").exists()


def test_presenter_serves_on_loopback_with_code_hidden():
    command = present.voila_command(START_HERE, 8899)
    assert "--Voila.ip=127.0.0.1" in command and "--port=8899" in command
    assert "--strip_sources=True" in command and "--no-browser" in command
    assert "--no-browser" not in present.voila_command(START_HERE, 8899, open_browser=True)


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
