"""Each notebook's instructor widget in JupyterLab: open a private copy, Run All Cells, move the main control,
and compare what the page shows with the widget's pure function."""

import re

import pytest
from playwright.sync_api import expect
from widget_checks import check_widget_follows_its_pure_function
from widget_specs import present_specs

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

_EXECUTED_PROMPT = re.compile(r"\[(\d+|\*)\]")


def _run_all_cells(page) -> None:
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()


@pytest.mark.parametrize("spec", present_specs(), ids=[s.id for s in present_specs()])
def test_widget_in_jupyterlab_follows_its_pure_function(spec, lab, browser_page):
    page = browser_page.page
    # a fresh workspace of its own: only this notebook open, so the status bar shows its kernel
    url = f"{lab.base_url}/lab/workspaces/t{spec.notebook[:2]}/tree/{spec.notebook}.ipynb?reset&token={lab.token}"
    page.goto(url, wait_until="domcontentloaded")
    tab = page.locator(".lm-TabBar-tab.jp-mod-current", has_text=spec.notebook[:12])
    expect(tab).to_be_visible(timeout=120_000)
    expect(page.locator("#jp-main-statusbar")).to_contain_text(re.compile(r"\|\s*Idle"), timeout=120_000)
    prompts = page.locator(".jp-Notebook .jp-InputPrompt").filter(has_text=_EXECUTED_PROMPT)
    _run_all_cells(page)
    try:
        expect(prompts.first).to_be_attached(timeout=20_000)
    except AssertionError:  # the click landed before the notebook took focus: once more
        _run_all_cells(page)
        expect(prompts.first).to_be_attached(timeout=30_000)
    try:
        measured = check_widget_follows_its_pure_function(page, spec, browser_page.artifacts, "jupyterlab")
    finally:
        lab.shutdown_kernels()  # the next notebook gets the CPU and memory
    print(f"{spec.notebook}: figure distances {measured}")
