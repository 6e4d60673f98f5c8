"""Presentation mode on a 4K screen (issue 14, item 1): at a device-pixel ratio of 1 a
3840×2160 screen has twice the logical pixels of 1080p, so presenting doubles the text
again, the panels' as well as the diagram's; at a ratio of 2 (1920×1080 logical) it does
not double it twice."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nnviz.qt.appearance import base_font
from nnviz.qt.main_window import MainWindow


@pytest.mark.parametrize(
    ("size", "factor"),
    [((3840, 2160), 2.0), ((1920, 1080), 1.0), ((1280, 800), 1.0), ((2560, 1440), 4 / 3)],
)
def test_presenting_on_a_large_screen_scales_every_text_to_the_screen(
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    factor: float,
) -> None:
    monkeypatch.setattr("nnviz.qt.presentation.screen_size", lambda _window: size)
    base = base_font().pointSizeF()
    window.registry.action("view.presentation").trigger()
    assert window.appearance.text_scale == pytest.approx(1.5 * factor)
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.5 * factor)
    card = window.features.stepping.panel.card
    qtbot.waitUntil(lambda: card.sentence.font().pointSizeF() >= base * 1.5 * factor)
    assert window.appearance.text_size == 150  # the setting itself stays in 100–250 %
    window.registry.action("view.presentation").trigger()
    assert window.appearance.text_scale == 1.0
    assert QApplication.font().pointSizeF() == base
    assert QFontInfo(card.sentence.font()).pointSizeF() < base * 1.5
