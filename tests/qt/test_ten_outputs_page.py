"""Playground ▸ Why ten outputs: the lecture's slide 7 as a page, from the menu."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnviz.core.ten_outputs import ten_outputs
from nnviz.qt.main_window import MainWindow
from tests.qt.training_fixtures import shut


def _menu_titles(window: MainWindow, menu: str) -> list[str]:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == menu:
            sub = action.menu()
            return [a.text().replace("&", "") for a in sub.actions()]  # type: ignore[union-attr]
    return []


def test_the_page_is_in_the_playground_menu_and_shows_both_losses(
    make_window: Callable[[str], MainWindow],
) -> None:
    window = make_window("feedforward")
    assert "Why ten outputs (slide 7)" in _menu_titles(window, "Playground")
    window.registry.action("playground.ten_outputs").trigger()
    playground = window.features.playground  # type: ignore[union-attr]
    page = playground.ten_outputs
    assert page is not None and window.pages.currentWidget() is page
    assert window.pages.tabText(window.pages.currentIndex()) == "Why ten outputs"
    expected = ten_outputs()
    heights = page.exact_bars.opts["height"]
    assert list(heights) == [25, 16, 9, 4, 1, 0, 1, 4, 9, 16]
    np.testing.assert_array_equal(page.output_bars.opts["height"], expected.output_losses)
    np.testing.assert_array_equal(page.sure_bars.opts["height"], expected.sure_losses)
    assert "17.7241" in page.table.text() and "13.8384" in page.table.text()
    assert "1.083" in page.ten_text.text() and "1.822" in page.ten_text.text()
    # Shown again, it is the same page (not a second tab).
    count = window.pages.count()
    window.pages.setCurrentIndex(0)
    window.registry.action("playground.ten_outputs").trigger()
    assert window.pages.count() == count and window.pages.currentWidget() is page
    shut(window)
