"""The presenter mode (``helpers.present``: Voila, code hidden, loopback): each notebook's widget works there.

Voila 0.5 sometimes stalls on a page load under a saturated CPU: the page stays at "Executing k of n" and the
kernel sits idle (voila-dashboards/voila#1395; about 1 load in 5 in FACTS.md). The test tells such a stall
from a slow cell by the kernel's CPU time: if the widget has not appeared and the kernels used no CPU for
``STALL_SECONDS``, it reloads the page (a fresh kernel). The test also gets one rerun with a fresh server.
"""

import time

import pytest
import widgetdriver as drive
from playwright.sync_api import Error as PlaywrightError
from widget_checks import check_widget_follows_its_pure_function
from widget_specs import present_specs

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

STALL_SECONDS = 25.0
PAGE_LOADS = 3


def _load_until_widget(page, server, spec) -> int:
    """Open the presenter page until the widget's control shows; return how many loads it took.

    A load counts as stalled when Voila's progress message ("Executing k of n") is still up and the
    kernels have used no CPU for ``STALL_SECONDS``; a slow cell keeps its kernel busy, so it is waited for.
    """
    for load in range(1, PAGE_LOADS + 1):
        page.goto(server.page_url, wait_until="commit", timeout=60_000)
        control, progress = drive.control(page, spec), page.locator("#loading_text")
        deadline = time.monotonic() + spec.run_seconds
        cpu, idle_since = server.children_cpu_seconds(), time.monotonic()
        while time.monotonic() < deadline:
            try:
                control.wait_for(state="visible", timeout=2_000)
                return load
            except PlaywrightError:
                pass
            now_cpu = server.children_cpu_seconds()
            if now_cpu > cpu + 0.05:
                cpu, idle_since = now_cpu, time.monotonic()
            elif time.monotonic() - idle_since > STALL_SECONDS and progress.count():
                where = progress.first.inner_text(timeout=5_000)
                print(f"{spec.notebook}: page load {load} stalled at {where!r} (kernels idle); reloading")
                break
        else:
            raise AssertionError(
                f"{spec.notebook}: widget not shown within {spec.run_seconds:.0f} s of load {load}"
            )
    raise AssertionError(f"{spec.notebook}: {PAGE_LOADS} page loads stalled")


@pytest.mark.flaky(reruns=1)
@pytest.mark.parametrize("spec", present_specs(), ids=[s.id for s in present_specs()])
def test_widget_in_presenter_mode_follows_its_pure_function(spec, voila, browser_page):
    server = voila(spec)
    page = browser_page.page
    loads = _load_until_widget(page, server, spec)
    measured = check_widget_follows_its_pure_function(page, spec, browser_page.artifacts, "voila")
    print(f"{spec.notebook}: {loads} page load(s); figure distances {measured}")
    # code hidden: no code cell inputs on the page
    assert page.locator(".jp-InputArea-editor, .jp-CodeMirrorEditor").count() == 0
