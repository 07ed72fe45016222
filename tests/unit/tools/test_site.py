"""helpers.tools.site: the static course site (no browser needed; tests/browser loads it in Chromium)."""

import json

import nbformat
import pytest

from helpers import paths, site
from helpers.tools import site as site_module

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
    a = _notebook(
        tmp_path,
        "00_intro",
        "# Intro\n\nSee [next](01_next.ipynb#Part), [readme](../README.md), [gone](no_such_file.csv).",
    )
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


def test_a_failed_build_leaves_the_previous_site_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "site"
    a = _notebook(tmp_path, "00_intro", "# Intro\n\ntext")
    site.build(out, notebooks=[a], quiet=True)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*args, **kwargs):
        raise RuntimeError("nbconvert failed")

    monkeypatch.setattr(site_module, "_index_html", broken)
    with pytest.raises(RuntimeError, match="nbconvert failed"):
        site.build(out, notebooks=[a], quiet=True)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["00_intro.ipynb", "site"]  # no staging left


def test_site_pages_have_ordinary_permissions(tmp_path):
    import os
    import stat

    previous = os.umask(0o022)
    try:
        index = site.build(tmp_path / "site", notebooks=[_notebook(tmp_path, "00_a", "# A\n\nx")], quiet=True)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(index.stat().st_mode) == 0o644
    assert stat.S_IMODE(index.parent.stat().st_mode) == 0o755


def _results(folder, name, recorded):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(recorded))


CLAIMS = [
    {"claim": "Ratings lean positive", "evidence": "real-data", "section": "MovieLens"},
    {
        "claim": "The method recovers a path of 0.3 <when> it is 0.3",
        "evidence": "recovery",
        "section": "Study",
    },
    {"claim": "Ratings read as preference", "evidence": "assumption", "section": "MovieLens"},
]


def test_site_index_shows_each_notebooks_claims_with_their_evidence(tmp_path):
    a = _notebook(tmp_path, "00_intro", "# Intro\n\nx")
    b = _notebook(tmp_path, "01_next", "# Next\n\ny")
    _results(tmp_path / "results", "00_intro", {"n": 1, "claims": CLAIMS})
    index = site.build(
        tmp_path / "site", notebooks=[a, b], quiet=True, results=tmp_path / "results"
    ).read_text()
    intro, rest = index.split('href="01_next.html"')
    assert "3 claims: 1 real-data, 1 recovery, 1 assumption" in intro
    assert '<span class="evidence evidence-recovery">recovery</span>' in intro
    assert "a path of 0.3 &lt;when&gt; it is 0.3" in intro and "<when>" not in index  # escaped
    assert "No claims ledger yet." in rest and "Without a claims ledger yet: Next." in index
    # the course-wide overview: one row per notebook with a ledger, counts per kind, and the course's total
    assert "<tr><td>Intro</td>" + '<td class="count">0</td><td class="count">1</td>' in index


def test_site_index_says_when_no_notebook_has_claims(tmp_path):
    a = _notebook(tmp_path, "00_intro", "# Intro\n\nx")
    _results(tmp_path / "results", "00_intro", {"n": 1})
    index = site.build(tmp_path / "site", notebooks=[a], quiet=True, results=tmp_path / "results").read_text()
    assert "No notebook has recorded its claims yet." in index and "No claims ledger yet." in index


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "cannot be read (JSONDecodeError"),
        (
            json.dumps({"claims": [{"claim": "x", "evidence": "anecdote", "section": "s"}]}),
            "not a valid ledger",
        ),
        (json.dumps({"claims": "all good"}), "not a valid ledger"),
    ],
)
def test_an_unreadable_ledger_is_reported_and_the_site_still_builds(tmp_path, capsys, content, problem):
    a = _notebook(tmp_path, "00_intro", "# Intro\n\nx")
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "00_intro.json").write_text(content)
    index = site.build(tmp_path / "site", notebooks=[a], quiet=True, results=tmp_path / "results").read_text()
    assert "Claims ledger unreadable:" in index and problem in index
    assert problem in capsys.readouterr().err


def test_the_committed_record_of_start_here_reaches_the_index(tmp_path):
    claims, problem = site.read_claims(paths.ROOT / "results", "00_start_here")
    assert problem == "" and len(claims) >= 5
    index = site.build(tmp_path / "site", notebooks=[START_HERE], quiet=True, results=paths.ROOT / "results")
    assert f"{len(claims)} claims:" in index.read_text()
