"""The presenter mode (``helpers.present``: Voila, code hidden, loopback): each notebook's widget works there.

Voila sometimes stalls on a page load under a saturated CPU (it runs the cells and never sends the page;
about 1 load in 5 in FACTS.md), so these tests get one rerun with a fresh server.
"""
import pytest

from widget_checks import check_widget_follows_its_pure_function
from widget_specs import present_specs

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]


@pytest.mark.flaky(reruns=1)
@pytest.mark.parametrize("spec", present_specs(), ids=[s.id for s in present_specs()])
def test_widget_in_presenter_mode_follows_its_pure_function(spec, voila, browser_page):
    server = voila(spec)
    page = browser_page.page
    page.goto(server.base_url + "/", wait_until="domcontentloaded", timeout=spec.run_seconds * 1000)
    measured = check_widget_follows_its_pure_function(page, spec, browser_page.artifacts, "voila")
    print(f"{spec.notebook}: figure distances {measured}")
    # code hidden: no code cell inputs on the page
    assert page.locator(".jp-InputArea-editor, .jp-CodeMirrorEditor").count() == 0
