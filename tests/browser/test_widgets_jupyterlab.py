"""Each notebook's instructor widget in JupyterLab: open a private copy, Run All Cells, move the main control,
and compare what the page shows with the widget's pure function."""
import re

import pytest
from playwright.sync_api import expect

from widget_checks import check_widget_follows_its_pure_function
from widget_specs import SPECS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_widget_in_jupyterlab_follows_its_pure_function(spec, lab, browser_page):
    page = browser_page.page
    page.goto(f"{lab.base_url}/lab/tree/{spec.notebook}.ipynb?token={lab.token}", wait_until="domcontentloaded")
    status = page.locator("#jp-main-statusbar")
    expect(status).to_contain_text(re.compile(r"\|\s*Idle"), timeout=120_000)
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    measured = check_widget_follows_its_pure_function(page, spec, browser_page.artifacts, "jupyterlab")
    print(f"{spec.notebook}: figure distances {measured}")
