"""Every notebook that shows an instructor widget has a browser spec (no browser needed for this check).

A notebook that lands with a widget but without a spec is reported as skipped, not failed, so that one
missing spec does not block the rest of the suite; the skip message says what to add.
"""

import re

import nbformat
import pytest
from widget_specs import SPECS

from helpers import run

_WIDGET_CALL = re.compile(r"\b\w+_widget\s*\(")


def _has_widget(path) -> bool:
    nb = nbformat.read(path, as_version=4)
    return any(cell.cell_type == "code" and _WIDGET_CALL.search(cell.source) for cell in nb.cells)


@pytest.mark.parametrize("notebook", run.discover(), ids=lambda p: p.stem)
def test_notebook_with_a_widget_has_a_browser_spec(notebook):
    if not _has_widget(notebook):
        pytest.skip(f"{notebook.stem} shows no widget")
    if notebook.stem not in {s.notebook for s in SPECS}:
        pytest.skip(
            f"{notebook.stem} has a widget but no WidgetSpec in tests/browser/widget_specs.py yet: "
            "it is not tested in a browser"
        )


def test_every_spec_names_a_known_kind_of_control():
    import widgetdriver

    for spec in SPECS:
        assert spec.kind in widgetdriver._CONTROL_CLASS, (
            f"{spec.notebook}: unknown control kind {spec.kind!r}"
        )
