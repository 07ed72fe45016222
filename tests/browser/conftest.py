"""Fixtures of the browser tests: Chromium through playwright, JupyterLab and Voila servers on loopback.

Without Chromium the browser tests skip with the install hint, except when ``TRUSTLAB_REQUIRE_BROWSER=1``
(set by .ci/run): then they fail, so CI never passes without having driven a real browser.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import browserkit

_SKIPPED_FOR_NO_BROWSER: list[str] = []


def _no_browser(reason: str):
    message = f"{reason}. {browserkit.INSTALL_HINT}"
    if os.environ.get("TRUSTLAB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"TRUSTLAB_REQUIRE_BROWSER=1 and no browser could be started: {message}", pytrace=False)
    _SKIPPED_FOR_NO_BROWSER.append(reason)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by playwright (one browser for the whole session)."""
    executable = browserkit.chromium_path()
    if executable is None:
        _no_browser("no Chromium found (looked at $TRUSTLAB_CHROMIUM, /usr/bin/chromium and the PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("the playwright package is not installed (pip install -r requirements.txt)")
    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(
            executable_path=executable, args=browserkit.CHROMIUM_ARGS, headless=True, timeout=60_000
        )
    except Exception as exc:  # noqa: BLE001 (any launch failure means: no browser here)
        manager.stop()
        _no_browser(f"Chromium at {executable} did not start: {str(exc).splitlines()[0]}")
    yield chromium
    chromium.close()
    manager.stop()


class BrowserPage:
    """A fresh page whose requests to non-loopback hosts are aborted (and listed in ``blocked``)."""

    def __init__(self, context, artifacts: Path):
        self.context, self.artifacts = context, artifacts
        self.blocked: list[str] = []
        browserkit.guard_network(context, self.blocked)
        self.page = context.new_page()


@pytest.fixture
def browser_page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.set_default_timeout(30_000)
    context.set_default_navigation_timeout(60_000)
    name = request.node.name.replace("/", "_").replace("[", "_").replace("]", "")
    holder = BrowserPage(context, browserkit.ARTIFACTS / name)
    yield holder
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        holder.artifacts.mkdir(parents=True, exist_ok=True)
        try:
            holder.page.screenshot(path=str(holder.artifacts / "failure.png"), full_page=True, timeout=15_000)
        except Exception:  # noqa: BLE001, S110 (evidence only: never hide the test's own failure)
            pass
    context.close()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="module")
def lab(tmp_path_factory, browser):
    """JupyterLab on 127.0.0.1 serving private copies (outputs cleared, parameters injected) of the notebooks
    that have a widget spec; stopped by its process group (kernels included) after the module's tests."""
    from widget_specs import present_specs

    from helpers import paths, present

    root = tmp_path_factory.mktemp("jupyterlab")
    notebooks = root / "notebooks"
    for spec in present_specs():
        present.prepared_copy(paths.NOTEBOOKS / f"{spec.notebook}.ipynb", notebooks, spec.parameters)
    token = secrets.token_hex(16)
    server = browserkit.lab_server(root, notebooks, token)
    server.token = token
    server.start()
    try:
        server.wait_ready(f"/api/status?token={token}", timeout=120)
        yield server
    finally:
        server.stop()


@pytest.fixture
def voila(tmp_path, browser):
    """Start the presenter mode's Voila for one notebook copy: ``voila(spec) -> server`` (stopped after)."""
    from helpers import paths, present

    started = []

    def _start(spec):
        source = paths.NOTEBOOKS / f"{spec.notebook}.ipynb"
        copy = present.prepared_copy(source, tmp_path / "notebooks", spec.parameters)
        server = browserkit.voila_server(tmp_path, copy)
        started.append(server)
        server.start()
        server.wait_ready("/voila/static/voila.js", timeout=90)
        return server

    yield _start
    for server in started:
        server.stop()


def pytest_terminal_summary(terminalreporter):
    if _SKIPPED_FOR_NO_BROWSER:
        terminalreporter.write_sep("=", "browser tests skipped", yellow=True)
        terminalreporter.write_line(f"{_SKIPPED_FOR_NO_BROWSER[0]}.")
        terminalreporter.write_line(browserkit.INSTALL_HINT)
