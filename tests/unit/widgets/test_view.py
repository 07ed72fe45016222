"""helpers.widgets.view: the caption and figure every instructor widget redraws."""

import matplotlib.pyplot as plt
import pytest

from helpers.widgets.view import FigureView, figure_png


def test_figure_view_shows_messages_escaped():
    view = FigureView()
    view.message("cannot update: <none>")
    assert "&lt;none&gt;" in view.caption.value


def test_show_replaces_figure_and_caption_and_closes_the_figure():
    view = FigureView()
    fig, ax = plt.subplots()
    ax.plot([1, 2])
    view.show(fig, "a < b")
    assert view.image.value[:4] == b"\x89PNG" and "a &lt; b" in view.caption.value
    assert not plt.fignum_exists(fig.number)


@pytest.mark.parametrize("text", [None, 3, b"bytes"])
def test_captions_must_be_text(text):
    view = FigureView()
    with pytest.raises(TypeError, match="text must be a string"):
        view.message(text)


def test_figure_png_refuses_what_is_not_a_figure():
    with pytest.raises(TypeError, match="matplotlib Figure"):
        figure_png("figure")
