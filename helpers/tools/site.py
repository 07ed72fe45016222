"""The readable site: every executed notebook as a static HTML page (figures embedded), with an index in course
order, so a student can read the whole course without Jupyter.

    python -m helpers.site                 # writes build/site/index.html and one page per notebook
    python -m helpers.site --out DIR       # somewhere else

The index also shows the course's claims ledger: for each notebook, the claims it records under ``claims`` in
``results/<notebook>.json`` (what it concludes, the kind of evidence behind it, the section that shows it),
read when the site is built; a notebook without a ledger yet is listed as such.

The site is built in a staging folder beside the target and replaces the old site in one rename, so a
build that fails or is interrupted leaves the previous site as it was.

Pages come from nbconvert's ``lab`` template. Formulas are typeset by a copy of MathJax 2 placed in the site
(from the ``jupyter-server-mathjax`` package), so the site works offline too. Interactive widgets cannot run without a kernel: each widget
output is replaced by a note saying how to use it (the static figure of the same view comes before it). Links
between notebooks point to their pages; a relative link to another file of the repository gets a copy of that
file under ``files/``; a relative link to nothing is turned into plain text (and reported).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import paths
from ..evidence import EVIDENCE_KINDS, claims_table
from .run import discover
from .staging import make_folder, move_into_place

__all__ = ["SITE_DIR", "TITLE", "Page", "build", "is_executed", "main", "prepare_notebook", "read_claims"]

SITE_DIR = paths.ROOT / "build" / "site"
RESULTS_DIR = paths.ROOT / "results"  # the recorded results of the notebooks in paths.NOTEBOOKS
TITLE = "Trust & Personalization Lab"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
MAX_COPIED_BYTES = 5_000_000
_EXTERNAL = ("http:", "https:", "mailto:", "data:", "javascript:", "#", "//")

_CSS = """
body.trustlab-index { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 52rem;
  margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
.trustlab-index h1 { margin-bottom: .2rem; } .trustlab-index .lead { color: #555; margin-top: 0; }
.trustlab-index ol { padding-left: 0; list-style: none; }
.trustlab-index li { margin: 1rem 0; padding: .8rem 1rem; border-left: 4px solid #0173b2; background: #f6f8fa; }
.trustlab-index li a { font-size: 1.15rem; font-weight: 600; text-decoration: none; color: #0173b2; }
.trustlab-index .summary { margin: .3rem 0 0; color: #333; }
nav.trustlab-nav { font-family: system-ui, sans-serif; display: flex; gap: 1.5rem; padding: .6rem 1rem;
  background: #f6f8fa; border-bottom: 1px solid #ddd; position: sticky; top: 0; z-index: 10; }
nav.trustlab-nav a { color: #0173b2; text-decoration: none; }
.trustlab-widget-note { border: 1px dashed #999; padding: .6rem .8rem; background: #fffbe6; color: #333; }
.trustlab-index table { border-collapse: collapse; margin: .5rem 0; font-size: .92rem; width: 100%; }
.trustlab-index th, .trustlab-index td { text-align: left; vertical-align: top; padding: .25rem .5rem;
  border-bottom: 1px solid #ddd; }
.trustlab-index td.count { text-align: right; }
.trustlab-index details { margin-top: .5rem; } .trustlab-index summary { cursor: pointer; color: #333; }
.trustlab-index .evidence-section ul { padding-left: 1.2rem; }
.trustlab-index .evidence-section li { margin: .2rem 0; padding: 0; border: none; background: none; }
.trustlab-index .no-claims { margin: .4rem 0 0; color: #666; font-style: italic; }
.trustlab-index .evidence { display: inline-block; padding: 0 .4rem; border-radius: .3rem; color: #fff;
  font-size: .85rem; white-space: nowrap; }
.evidence-published { background: #0173b2; } .evidence-real-data { background: #027a5a; }
.evidence-recovery { background: #a35d00; } .evidence-assumption { background: #8c3d88; }
"""


@dataclass
class Page:
    source: Path
    file: str  # page file name inside the site
    title: str
    summary_html: str
    executed: bool
    claims: list[dict] | None = None  # the notebook's claims ledger, None when it has none yet
    claims_problem: str = ""  # why a ledger that exists could not be read


def read_claims(results: Path, notebook: str) -> tuple[list[dict] | None, str]:
    """The claims ledger ``results/<notebook>.json`` holds (``None`` if none yet) and, if the file or its
    ledger cannot be read, why (the site is still built; the index says the ledger is unreadable)."""
    path = Path(results) / f"{notebook}.json"
    if not path.is_file():
        return None, ""
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"{path.name} cannot be read ({type(exc).__name__}: {exc})"
    if not isinstance(recorded, dict) or "claims" not in recorded:
        return None, ""
    try:
        table = claims_table(recorded["claims"])
    except (TypeError, ValueError) as exc:
        return None, f"the claims in {path.name} are not a valid ledger: {exc}"
    return table.to_dict(orient="records"), ""


def _title_and_summary(nb) -> tuple[str, str]:
    """The first markdown heading of the notebook and its first paragraph after it (as HTML)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.strip().splitlines()
        if not lines or not lines[0].startswith("#"):
            continue
        title = lines[0].lstrip("#").strip()
        paragraphs = [p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
        summary = markdown2html_mistune(paragraphs[0]) if paragraphs else ""
        return title, summary
    return "", ""


def _widget_note(notebook: str) -> dict:
    number = notebook.split("_")[0]
    text = (
        "<div class='trustlab-widget-note'><b>Interactive widget.</b> It needs a running kernel: open this "
        f"notebook in Jupyter (<code>make lab</code>) or in presenter mode (<code>make present NB={number}</code>)."
        " The static figure above shows the same view.</div>"
    )
    return {
        "output_type": "display_data",
        "metadata": {},
        "data": {"text/html": text, "text/plain": "[interactive widget: run the notebook to use it]"},
    }


def prepare_notebook(nb, notebook: str):
    """Replace widget outputs by a note and drop saved widget state (it would need scripts from the internet)."""
    import nbformat

    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = [
            nbformat.from_dict(_widget_note(notebook)) if WIDGET_MIME in out.get("data", {}) else out
            for out in cell.outputs
        ]
    nb.metadata.pop("widgets", None)
    return nb


def is_executed(nb) -> bool:
    """Whether the notebook has any output (an executed notebook; otherwise its page shows code only)."""
    return any(cell.cell_type == "code" and cell.outputs for cell in nb.cells)


def _local_mathjax(out: Path) -> str | None:
    """Copy MathJax 2 (from jupyter-server-mathjax) into the site; return its URL, or None if not installed."""
    try:
        import jupyter_server_mathjax
    except ImportError:
        return None
    static = Path(jupyter_server_mathjax.__file__).parent / "static"
    if not (static / "MathJax.js").is_file():
        return None
    shutil.copytree(static, out / "mathjax")
    return "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"


# the packaged MathJax carries the STIX-Web fonts only (not the TeX ones MathJax asks for by default)
_MATHJAX_FONTS = (
    'MathJax.Hub.Config({"HTML-CSS": {availableFonts: ["STIX-Web"], preferredFont: "STIX-Web", '
    'webFont: "STIX-Web", imageFont: null}});'
)


def _nav(pages: list[Page], index: int) -> str:
    links = ['<a href="index.html">&#8962; Course index</a>']
    if index > 0:
        links.append(f'<a href="{pages[index - 1].file}">&larr; {html.escape(pages[index - 1].title)}</a>')
    if index + 1 < len(pages):
        links.append(f'<a href="{pages[index + 1].file}">{html.escape(pages[index + 1].title)} &rarr;</a>')
    return f'<nav class="trustlab-nav">{"".join(links)}</nav>'


def _fix_links(soup, pages: list[Page], out: Path, warnings: list[str], page_name: str) -> None:
    """Notebook links to pages; other relative links to copies of repository files; dead links to text."""
    by_notebook = {p.source.name: p.file for p in pages}
    for tag, attribute in (("a", "href"), ("img", "src")):
        for element in soup.find_all(tag):
            target = element.get(attribute)
            if not target or target.startswith(_EXTERNAL):
                continue
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                continue
            name = Path(unquote(parts.path)).name
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            if name in by_notebook:
                element[attribute] = by_notebook[name] + fragment
                continue
            if name in {p.file for p in pages} or name == "index.html":
                continue
            local = (paths.NOTEBOOKS / unquote(parts.path)).resolve()
            inside = paths.ROOT in local.parents
            if inside and local.is_file() and local.stat().st_size <= MAX_COPIED_BYTES:
                relative = local.relative_to(paths.ROOT)
                copy = out / "files" / relative
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(local, copy)
                element[attribute] = f"files/{relative.as_posix()}{fragment}"
            elif tag == "a":
                warnings.append(f"{page_name}: link to {target!r} leads nowhere in the site; shown as text")
                element.unwrap()
            else:
                warnings.append(f"{page_name}: image {target!r} not found; replaced by its description")
                element.replace_with(element.get("alt") or "[missing image]")


def _postprocess(body: str, pages: list[Page], index: int, out: Path, warnings: list[str]) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    # require.js only serves widget and JavaScript outputs, which the site does not have
    for script in soup.find_all("script", src=re.compile(r"require(\.min)?\.js")):
        script.decompose()
    style = soup.new_tag("style")
    style.string = _CSS
    (soup.head or soup).append(style)
    mathjax = soup.find("script", src=re.compile(r"^mathjax/MathJax\.js"))
    if mathjax is not None:
        config = soup.new_tag("script", type="text/x-mathjax-config")
        config.string = _MATHJAX_FONTS
        mathjax.insert_before(config)
    nav = BeautifulSoup(_nav(pages, index), "html.parser")
    if soup.body is not None:
        soup.body.insert(0, nav)
    _fix_links(soup, pages, out, warnings, pages[index].file)
    return str(soup)


def _badge(kind: str) -> str:
    return f'<span class="evidence evidence-{kind}">{html.escape(kind)}</span>'


def _counts(claims: list[dict]) -> dict[str, int]:
    return {kind: sum(c["evidence"] == kind for c in claims) for kind in EVIDENCE_KINDS}


def _claims_html(page: Page) -> str:
    """The notebook's ledger as a table under its entry, or a line saying it has none (yet)."""
    if page.claims_problem:
        return f'<p class="no-claims">Claims ledger unreadable: {html.escape(page.claims_problem)}</p>'
    if page.claims is None:
        return '<p class="no-claims">No claims ledger yet.</p>'
    counts = ", ".join(f"{n} {kind}" for kind, n in _counts(page.claims).items() if n)
    rows = "".join(
        f"<tr><td>{html.escape(c['claim'])}</td><td>{_badge(c['evidence'])}</td>"
        f"<td>{html.escape(c['section'])}</td></tr>"
        for c in page.claims
    )
    return (
        f'<details class="claims" open><summary>{len(page.claims)} claims: {counts}</summary>'
        f"<table><thead><tr><th>claim</th><th>evidence</th><th>shown in section</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></details>"
    )


def _evidence_overview_html(pages: list[Page]) -> str:
    """What the course supports with which kind of evidence: the kinds, then claims per notebook and kind."""
    kinds = "".join(f"<li>{_badge(kind)} {html.escape(text)}</li>" for kind, text in EVIDENCE_KINDS.items())
    with_ledger = [page for page in pages if page.claims is not None]
    without = [page for page in pages if page.claims is None]
    head = "".join(f"<th>{_badge(kind)}</th>" for kind in EVIDENCE_KINDS)
    rows = ""
    for page in with_ledger:
        cells = "".join(f'<td class="count">{n}</td>' for n in _counts(page.claims).values())
        rows += f"<tr><td>{html.escape(page.title)}</td>{cells}</tr>"
    if with_ledger:
        all_claims = [c for page in with_ledger for c in page.claims]
        cells = "".join(f'<td class="count"><b>{n}</b></td>' for n in _counts(all_claims).values())
        rows += f"<tr><td><b>the course</b></td>{cells}</tr>"
        table = (
            f"<table class='evidence-overview'><thead><tr><th>notebook</th>{head}</tr></thead>{rows}</table>"
        )
    else:
        table = '<p class="no-claims">No notebook has recorded its claims yet.</p>'
    missing = (
        f"<p class='no-claims'>Without a claims ledger yet: {html.escape(', '.join(p.title for p in without))}.</p>"
        if without and with_ledger
        else ""
    )
    return (
        "<section class='evidence-section'><h2>What the course supports, and with which evidence</h2>"
        "<p>Each notebook ends with a claims ledger: what it concludes and the kind of evidence behind each "
        "conclusion. Only <em>published</em> and <em>real-data</em> claims are evidence about people; a "
        "<em>recovery</em> claim shows that a method gets back what a simulation put in, and an "
        f"<em>assumption</em> is a choice the conclusions rest on.</p><ul>{kinds}</ul>{table}{missing}</section>"
    )


def _index_html(pages: list[Page]) -> str:
    items = []
    for page in pages:
        status = "" if page.executed else " <em>(not executed yet: code only)</em>"
        items.append(
            f'<li><a href="{page.file}">{html.escape(page.title)}</a>{status}'
            f'<div class="summary">{page.summary_html}</div>{_claims_html(page)}</li>'
        )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{TITLE}: the course</title><style>{_CSS}</style></head>"
        f"<body class='trustlab-index'><h1>{TITLE}</h1>"
        "<p class='lead'>How personalization builds user trust and long-term loyalty, told with real data and "
        "experiments. Read the notebooks in this order; each page is the executed notebook with its figures. "
        "To run them and use the instructor widgets, see the README (<code>make lab</code>, "
        "<code>make present</code>).</p>"
        f"{_evidence_overview_html(pages)}<h2>The notebooks</h2>"
        f"<ol>{''.join(items)}</ol></body></html>\n"
    )


def build(
    out: Path | None = None,
    notebooks: list[Path] | None = None,
    quiet: bool = False,
    results: Path | None = None,
) -> Path:
    """Write the site into ``out`` (default ``build/site``) and return the path of its index page.

    The index shows each notebook's claims ledger from ``results`` (default: the repository's ``results/``,
    the record of the committed notebooks the site renders, whatever ``TRUSTLAB_OUTPUT_DIR`` says).
    """
    out = Path(out or SITE_DIR)
    results = Path(results) if results is not None else RESULTS_DIR
    sources = sorted(notebooks) if notebooks is not None else discover()
    if not sources:
        raise ValueError(f"no notebooks to render: {paths.NOTEBOOKS} has no NN_name.ipynb files")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "index.html").exists())):
        raise ValueError(f"{out} is not empty and holds no site (no index.html): refusing to overwrite it")
    final, out = out, make_folder(out.parent) / f".{out.name}.staging-{os.getpid()}"
    if out.exists():
        shutil.rmtree(out)
    make_folder(out)
    try:
        index_path = _write_site(out, sources, quiet, results)
        move_into_place(out, final)
    finally:
        if out.exists():
            shutil.rmtree(out, ignore_errors=True)
    return final / index_path.name


def _write_site(out: Path, sources: list[Path], quiet: bool, results: Path) -> Path:
    import nbformat
    from nbconvert import HTMLExporter

    loaded, pages = [], []
    for source in sources:
        nb = nbformat.read(source, as_version=4)
        title, summary = _title_and_summary(nb)
        claims, problem = read_claims(results, source.stem)
        pages.append(
            Page(
                source, f"{source.stem}.html", title or source.stem, summary, is_executed(nb), claims, problem
            )
        )
        loaded.append(nb)
    exporter = HTMLExporter(
        template_name="lab", embed_images=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    mathjax = _local_mathjax(out)
    if mathjax:
        exporter.mathjax_url = mathjax
    warnings: list[str] = [
        f"{page.source.name}: {page.claims_problem}" for page in pages if page.claims_problem
    ]
    for index, (page, nb) in enumerate(zip(pages, loaded)):
        if not page.executed:
            warnings.append(f"{page.source.name} has no outputs: run `make run` first for its figures")
        nb = prepare_notebook(nb, page.source.stem)
        resources = {"metadata": {"name": page.title, "path": str(page.source.parent)}}
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        (out / page.file).write_text(_postprocess(body, pages, index, out, warnings), encoding="utf-8")
        if not quiet:
            print(f"  {page.file}")
    index_path = out / "index.html"
    index_path.write_text(_index_html(pages), encoding="utf-8")
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return index_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.site", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SITE_DIR, help=f"output folder (default {SITE_DIR})")
    args = parser.parse_args(argv)
    try:
        index = build(args.out)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"site written: {index}  (open it in a browser: file://{index.resolve()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
