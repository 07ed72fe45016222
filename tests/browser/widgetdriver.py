"""Drive an ipywidgets control in a page (JupyterLab or Voila) and read what its widget shows."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import numpy as np
from playwright.sync_api import Locator, Page, expect

_CONTROL_CLASS = {
    "slider": ".widget-slider",
    "selection_slider": ".widget-slider",
    "dropdown": ".widget-dropdown",
    "toggle": ".widget-toggle-buttons",
    "radio": ".widget-radio",
    "checkbox": ".widget-checkbox",
    "text": ".widget-text",
    "multiselect": ".widget-select-multiple",
}


def control(page: Page, spec) -> Locator:
    """The main control: the widget of the spec's kind whose description is exactly ``spec.control``."""
    if spec.kind not in _CONTROL_CLASS:
        raise ValueError(f"unknown control kind {spec.kind!r}; one of {sorted(_CONTROL_CLASS)}")
    exact = re.compile(rf"^\s*{re.escape(spec.control)}\s*$")
    label = page.locator(".widget-label, .widget-label-basic span").filter(has_text=exact)
    return page.locator(_CONTROL_CLASS[spec.kind]).filter(has=label).first


def widget_area(page: Page, spec) -> Locator:
    """The output area of the cell that holds the control: the whole widget (controls, text, figures)."""
    return page.locator(".jp-OutputArea-output").filter(has=control(page, spec)).last


def set_value(page: Page, spec, value) -> None:
    """Move the control to ``value`` the way a person would (type into a slider's readout, pick an option)."""
    ctl = control(page, spec)
    ctl.scroll_into_view_if_needed()
    if spec.kind == "slider":
        readout = ctl.locator(".widget-readout")
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(str(value))
        page.keyboard.press("Enter")
    elif spec.kind == "selection_slider":  # the readout is not editable: step with the arrow keys
        readout, handle = ctl.locator(".widget-readout"), ctl.locator(".noUi-handle")
        for _ in range(50):
            current = readout.inner_text().strip()
            if current == str(value):
                return
            handle.focus()
            page.keyboard.press("ArrowRight" if _before(current, value) else "ArrowLeft")
            expect(readout).not_to_have_text(current, timeout=30_000)
        raise AssertionError(f"could not move {spec.control!r} to {value!r}")
    elif spec.kind == "multiselect":
        ctl.locator("select").select_option(label=[str(v) for v in value])
    elif spec.kind == "dropdown":
        ctl.locator("select").select_option(label=str(value))
    elif spec.kind == "toggle":
        ctl.locator("button").filter(has_text=re.compile(rf"^\s*{re.escape(str(value))}\s*$")).click()
    elif spec.kind == "radio":
        ctl.locator("label").filter(has_text=re.compile(rf"^\s*{re.escape(str(value))}\s*$")).click()
    elif spec.kind == "checkbox":
        ctl.locator("input[type=checkbox]").set_checked(bool(value))
    elif spec.kind == "text":
        box = ctl.locator("input")
        box.fill(str(value))
        box.press("Enter")


def _before(current: str, target) -> bool:
    """Whether the option ``current`` lies before ``target`` (numbers compare as numbers, 'inf' last)."""

    def key(label):
        label = str(label)
        if label == "inf":
            return float("inf")
        try:
            return float(label)
        except ValueError:
            return label

    return key(current) < key(target)


def expect_text(area: Locator, text: str, timeout_s: float) -> None:
    expect(area).to_contain_text(text, timeout=timeout_s * 1000)


_IMAGE_JS = """async (img) => {
  const response = await fetch(img.src);
  const bytes = new Uint8Array(await response.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}"""


def figure_png(area: Locator) -> bytes:
    """The PNG bytes of the (last) figure the widget shows."""
    image = area.locator("img").last
    expect(image).to_be_visible()
    return base64.b64decode(image.evaluate(_IMAGE_JS))


def image_src(area: Locator) -> str | None:
    images = area.locator("img")
    return images.last.get_attribute("src") if images.count() else None


def render(fig) -> bytes:
    """A figure as the inline backend draws it (tight bounding box at the figure's dpi)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def _grey(png: bytes, size=None) -> np.ndarray:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGBA")
    flat = Image.new("RGBA", image.size, "white")
    flat.alpha_composite(image)
    grey = flat.convert("L")
    if size is not None and grey.size != size:
        grey = grey.resize(size)
    return np.asarray(grey, dtype=float)


def distance(shown: bytes, expected: bytes) -> float:
    """Mean absolute grey-level difference (0-255) between two PNGs, the second resized to the first."""
    a = _grey(shown)
    b = _grey(expected, size=(a.shape[1], a.shape[0]))
    return float(np.abs(a - b).mean())


def screenshot(locator: Locator, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        locator.screenshot(path=str(path), timeout=15_000)
    except Exception:  # noqa: BLE001, S110 (a screenshot is evidence, not the test: never fail on it)
        pass
