"""The readable site (``helpers.site``) in a browser: the index lists the notebooks in course order with the
claims ledger each has recorded, and every page shows its figures and has no broken link inside the site."""

import re
from urllib.parse import urldefrag, urljoin

import browserkit
import nbformat
import pytest
from playwright.sync_api import expect

from helpers import paths, run, site

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

_BROKEN_IMAGES_JS = """() => Array.from(document.images)
  .filter(img => !img.complete || img.naturalWidth === 0)
  .map(img => (img.getAttribute('src') || '').slice(0, 80))"""
_MATH = re.compile(r"\$[^$\n]+\$")
_LINKS_JS = "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"


@pytest.fixture(scope="module")
def site_server(tmp_path_factory, browser):
    root = tmp_path_factory.mktemp("site")
    # the ledgers as the build reads them (notebook runs may rewrite results/ while the tests go on)
    claims = {nb.stem: site.read_claims(paths.ROOT / "results", nb.stem) for nb in run.discover()}
    site.build(root / "site", quiet=True)
    server = browserkit.static_server(root, root / "site").start()
    try:
        server.wait_ready("/index.html", timeout=30)
        server.claims = claims
        yield server
    finally:
        server.stop()


def _internal_links(page, base_url: str) -> set[str]:
    return {urldefrag(href)[0] for href in page.evaluate(_LINKS_JS) if href.startswith(base_url)}


def test_site_index_lists_every_notebook_in_course_order(site_server, browser_page):
    page = browser_page.page
    page.goto(site_server.base_url + "/index.html", wait_until="load")
    listed = [href.rsplit("/", 1)[-1] for href in page.evaluate(_LINKS_JS)]
    assert listed == [f"{nb.stem}.html" for nb in run.discover()]
    assert page.title().startswith(site.TITLE)
    page.screenshot(path=str(browser_page.artifacts / "index.png"), full_page=True)


def test_site_index_shows_the_claims_each_notebook_recorded(site_server, browser_page):
    page = browser_page.page
    page.goto(site_server.base_url + "/index.html", wait_until="load")
    entries = page.locator("ol > li")
    notebooks = run.discover()
    assert entries.count() == len(notebooks)
    recorded = site_server.claims
    for number, nb in enumerate(notebooks):
        entry = entries.nth(number)
        claims, problem = recorded[nb.stem]
        assert not problem, f"{nb.stem}: {problem}"
        if claims is None:
            expect(entry.locator(".no-claims")).to_have_text("No claims ledger yet.")
            continue
        rows = entry.locator("details.claims tbody tr")
        expect(rows).to_have_count(len(claims))
        expect(rows.first).to_be_visible()
        for row, claim in zip(rows.all(), claims):
            expect(row.locator("td").nth(0)).to_have_text(claim["claim"])
            expect(row.locator(".evidence")).to_have_text(claim["evidence"])
    # notebook 00 records its ledger (issue 11), so the course-wide table of claims per kind is there
    assert recorded["00_start_here"][0] is not None
    expect(page.locator("table.evidence-overview")).to_be_visible()
    assert page.locator("table.evidence-overview tr").last.inner_text().startswith("the course")


def test_site_pages_show_their_figures_and_links_resolve(site_server, browser_page):
    page = browser_page.page
    base = site_server.base_url + "/"
    checked = set()
    to_visit = ["index.html"] + [f"{nb.stem}.html" for nb in run.discover()]
    for name in to_visit:
        url = urljoin(base, name)
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{name}: HTTP {response and response.status}"
        if name != "index.html":
            assert page.locator(".jp-Notebook, .jp-Cell").count() > 0, f"{name} shows no notebook cells"
            nb = nbformat.read(paths.NOTEBOOKS / name.replace(".html", ".ipynb"), as_version=4)
            if site.is_executed(nb):
                assert page.locator("img").count() > 0, f"{name} shows no figure"
            if any(c.cell_type == "markdown" and _MATH.search(c.source) for c in nb.cells):
                # typeset by the site's own MathJax (requests to other hosts are aborted here)
                expect(page.locator(".MathJax, .MathJax_Display, .MathJax_CHTML").first).to_be_attached(
                    timeout=60_000
                )
        broken = page.evaluate(_BROKEN_IMAGES_JS)
        assert not broken, f"{name}: images that did not load: {broken}"
        for link in sorted(_internal_links(page, site_server.base_url) - checked):
            status = page.request.get(link).status
            assert status == 200, f"{name}: link {link} answers {status}"
            checked.add(link)
        if name == "00_start_here.html":
            page.screenshot(path=str(browser_page.artifacts / name.replace(".html", ".png")))
    assert checked, "no internal links were checked"
