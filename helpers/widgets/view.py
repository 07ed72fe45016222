"""The display half of every instructor widget: a caption and a figure that a callback redraws.

Widgets here never print or ``display`` into an ``ipywidgets.Output``: under papermill and nbval (kernels
without a browser) a figure displayed into an Output widget while a cell runs can leave the client waiting
forever for the cell to finish. Replacing the PNG bytes of an ``Image`` widget and the text of an ``HTML``
widget sends plain state updates instead, and renders the same in JupyterLab and Voila.
"""

from __future__ import annotations

import html
import io

import matplotlib.pyplot as plt

__all__ = ["FigureView", "figure_png"]


def figure_png(fig: plt.Figure) -> bytes:
    """The figure as PNG bytes, drawn as the inline backend draws it (tight box, figure dpi), then closed."""
    if not isinstance(fig, plt.Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return buffer.getvalue()


class FigureView:
    """A caption above a figure; ``show(fig, text)`` replaces both. ``widget`` is what goes in the layout."""

    def __init__(self):
        import ipywidgets as w

        self.caption = w.HTML()
        self.image = w.Image(format="png")
        self.widget = w.VBox([self.caption, self.image])

    def show(self, fig: plt.Figure, text: str = "") -> None:
        """Replace the figure (drawn to PNG, then closed) and the caption."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, got {type(text).__name__}")
        self.image.value = figure_png(fig)
        self.caption.value = _pre(text)

    def message(self, text: str) -> None:
        """Show a message (for example why the controls' values cannot be drawn) and keep the last figure."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, got {type(text).__name__}")
        self.caption.value = _pre(text)


def _pre(text: str) -> str:
    return (
        f'<pre style="margin:0;font-size:13px;white-space:pre-wrap">{html.escape(text)}</pre>' if text else ""
    )
