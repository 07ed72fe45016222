"""The check shared by the JupyterLab and Voila tests: the widget starts where its pure function says, and
after moving its main control it shows the text and the figure the pure function gives for the new value."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import widgetdriver as drive
from playwright.sync_api import Page, expect


def check_widget_follows_its_pure_function(page: Page, spec, artifacts, label: str) -> dict:
    """Run the check with the suite's theme (the one the kernel draws with); matplotlib's settings of this
    test process are restored afterwards, so later tests see the defaults they expect."""
    from helpers import plotting

    with matplotlib.rc_context():
        plotting.set_theme()
        return _check(page, spec, artifacts, label)


def _check(page: Page, spec, artifacts, label: str) -> dict:
    area = drive.widget_area(page, spec)
    expect(drive.control(page, spec)).to_be_visible(timeout=spec.run_seconds * 1000)
    if spec.text is not None:
        drive.expect_text(area, spec.text(spec.start_value()), timeout_s=spec.run_seconds)
    else:  # no text to wait for: wait for its figure
        expect(area.locator("img").last).to_be_visible(timeout=spec.run_seconds * 1000)
    area.scroll_into_view_if_needed()
    drive.screenshot(area, artifacts / f"{label}_{spec.notebook}_before.png")
    before_src = drive.image_src(area)
    before_png = drive.figure_png(area) if spec.figure else None

    drive.set_value(page, spec, spec.to)
    if spec.text is not None:
        drive.expect_text(area, spec.text(spec.to), timeout_s=60)
    if before_src is not None:  # the figure redraws
        expect(area.locator("img").last).not_to_have_attribute("src", before_src, timeout=60_000)
    measured = {}
    if spec.figure:
        after_png = drive.figure_png(area)
        start_fig, to_fig = spec.figure(spec.start_value()), spec.figure(spec.to)
        expected_start, expected_to = drive.render(start_fig), drive.render(to_fig)
        plt.close("all")
        artifacts.mkdir(parents=True, exist_ok=True)
        for name, png in [("shown_after", after_png), ("expected_after", expected_to)]:
            (artifacts / f"{label}_{spec.notebook}_{name}.png").write_bytes(png)
        measured = {
            "before~start": drive.distance(before_png, expected_start),
            "before~to": drive.distance(before_png, expected_to),
            "after~to": drive.distance(after_png, expected_to),
            "after~start": drive.distance(after_png, expected_start),
        }
        # the figure shown must be (nearly) the pure function's figure: much closer to it than to the other
        # value's figure (same machine, same matplotlib: the distance is 0 when it is drawn the same way)
        assert measured["before~start"] <= 0.5 * measured["before~to"], (
            f"first figure is not the start view: {measured}"
        )
        assert measured["after~to"] <= 0.5 * measured["after~start"], (
            f"figure did not follow the control: {measured}"
        )
    drive.screenshot(area, artifacts / f"{label}_{spec.notebook}_after.png")
    return measured
