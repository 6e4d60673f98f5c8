"""Presentation mode, the text size, the precision, the high-contrast theme and where the
window opens (issue 14)."""

from __future__ import annotations

import itertools

from PySide6.QtWidgets import QApplication, QDockWidget
from pytestqt.qtbot import QtBot

from nnviz.core.notation import significant_digits
from nnviz.qt.appearance import base_font
from nnviz.qt.main_window import MainWindow, default_size


def test_presentation_mode_fills_the_screen_with_large_text(
    window: MainWindow, qtbot: QtBot
) -> None:
    presentation = window.features.presentation
    view = window.view
    assert view.fit_scale == 1.0 and window.appearance.text_size == 100
    window.registry.action("view.presentation").trigger()
    assert presentation.presenting and window.isFullScreen()
    assert window.appearance.text_size == 150
    assert window.preferences.text_size == 100  # presenting's size is not remembered
    assert view.fit_scale >= 1.5 * 0.8  # larger text, within a canvas with room
    assert view.transform().m11() == view.fit_scale and view.zoom == 1.0
    base = base_font().pointSizeF()
    assert QApplication.font().pointSizeF() == base * 1.5
    card = window.features.stepping.panel.card
    qtbot.waitUntil(lambda: card.sentence.font().pointSizeF() > base * 1.5)
    window.registry.action("view.presentation").trigger()
    assert not presentation.presenting and not window.isFullScreen()
    assert window.appearance.text_size == 100 and view.fit_scale == 1.0
    assert QApplication.font().pointSizeF() == base


def drawn_width(window: MainWindow) -> int:
    """How wide the network's boxes spread on screen (pixels)."""
    rects = list(window.scene.box_rects().values())
    left = min(window.view.mapFromScene(rect.topLeft()).x() for rect in rects)
    right = max(window.view.mapFromScene(rect.bottomRight()).x() for rect in rects)
    return right - left


def all_on_screen(window: MainWindow) -> bool:
    """Whether every box of the network lies inside the diagram's view."""
    inside = window.view.viewport().rect()
    view = window.view
    return all(
        inside.contains(view.mapFromScene(rect.topLeft()))
        and inside.contains(view.mapFromScene(rect.bottomRight()))
        for rect in window.scene.box_rects().values()
    )


def test_diagram_only_gives_the_diagram_the_whole_screen_and_brings_the_panels_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    presentation = window.features.presentation
    view = window.view
    window.registry.action("view.presentation").trigger()
    docks = [dock for dock in window.findChildren(QDockWidget) if dock.isVisible()]
    assert docks  # the Network and Step panels beside the diagram
    qtbot.waitUntil(lambda: view.fitted and view.viewport().width() < window.width() * 0.7)
    window.registry.action("view.diagram_only").trigger()
    assert presentation.diagram_only
    assert not any(dock.isVisible() for dock in window.findChildren(QDockWidget))
    qtbot.waitUntil(lambda: view.viewport().width() > window.width() * 0.9)
    # The whole network on screen, spread across it, at presenting's large text.
    qtbot.waitUntil(lambda: view.fitted and all_on_screen(window))
    assert drawn_width(window) > 0.6 * view.viewport().width()
    assert view.fit_scale >= 1.4
    # Stepping from the keyboard goes on without reopening its panel.
    window.features.stepping.actions.forward.trigger()
    assert window.document.stepper.active
    assert not window.features.stepping.dock.isVisible()
    window.registry.action("view.diagram_only").trigger()
    assert not presentation.diagram_only
    qtbot.waitUntil(lambda: all(dock.isVisible() for dock in docks))
    # Diagram only while presenting ends with presenting, the panels as they were.
    window.registry.action("view.diagram_only").trigger()
    window.registry.action("view.presentation").trigger()
    assert not presentation.diagram_only
    assert not window.registry.action("view.diagram_only").isChecked()
    qtbot.waitUntil(lambda: all(dock.isVisible() for dock in docks))


def test_the_text_size_scales_the_diagram_the_panel_and_the_plots(
    window: MainWindow, qtbot: QtBot
) -> None:
    appearance = window.appearance
    plots = window.features.training.plots
    window.registry.action("view.text_larger").trigger()
    assert appearance.text_size == 125
    assert window.view.fit_scale == 1.25
    assert window.view.legend.width() > 0
    appearance.set_text_size(250)
    assert not window.registry.action("view.text_larger").isEnabled()
    assert window.preferences.text_size == 250
    axis = next(iter(plots.plots.values())).getAxis("left")
    qtbot.waitUntil(lambda: axis.style["tickFont"].pointSizeF() > base_font().pointSizeF())
    appearance.set_text_size(100)
    assert window.view.fit_scale == 1.0


def test_the_legend_never_covers_the_diagram(window: MainWindow) -> None:
    view = window.view
    legend_top = view.legend.geometry().top()
    for rect in window.scene.box_rects().values():
        assert view.mapFromScene(rect.bottomLeft()).y() < legend_top
    height = window.scene.canvas_rect().height()
    window.features.viewing.legend.setChecked(False)
    assert window.scene.canvas_rect().height() > height  # the diagram takes the strip back


def test_the_precision_setting_rewrites_numbers_and_keeps_the_place(window: MainWindow) -> None:
    window.edits.set_inputs([1.0, 2.123456])
    stepping = window.features.stepping
    stepping.set_animated(False)
    for _ in range(3):
        stepping.actions.forward.trigger()
    try:
        window.features.presentation.digit_actions[6].trigger()
        assert significant_digits() == 6
        assert window.scene.node_text(1, 1)[0] == "v4 = 9.49382"  # 9.494 at four
        assert stepping.stepper.cursor == 3 and stepping.stepper.restarted is None
        window.features.presentation.set_digits(3)
        assert window.preferences.digits == 3
    finally:
        window.features.presentation.set_digits(4)
    assert significant_digits() == 4


def test_the_high_contrast_theme(window: MainWindow) -> None:
    window.features.viewing.theme_actions["contrast"].trigger()
    assert window.scene.diagram_style.theme.text == "#000000"
    assert window.features.viewing.theme_actions["contrast"].text() == "High contrast (projector)"
    window.features.viewing.theme_actions["light"].trigger()


def test_the_window_size_follows_the_screen() -> None:
    assert default_size(1280, 800) == (1280, 800)
    assert default_size(1920, 1080) == (1632, 918)
    assert default_size(1024, 700) == (1024, 700)


def test_a_window_closed_on_another_screen_opens_centred(window: MainWindow) -> None:
    window.resize(700, 500)
    window.close()
    prefs = window.preferences
    prefs.screen_size = (1, 1)  # as if closed on another screen
    from nnviz.app import build_window
    from nnviz.session import Document

    again = build_window(Document(), prefs)
    screen = again.screen().availableGeometry()
    assert (again.width(), again.height()) == default_size(screen.width(), screen.height())
    again.deleteLater()


def test_weight_labels_never_overlap_and_follow_the_choice(window: MainWindow) -> None:
    import numpy as np

    from nnviz.core.network import Network
    from nnviz.present.diagram.label_layout import overlaps

    rng = np.random.default_rng(0)
    sizes = (3, 4, 4, 2)
    weights = tuple(np.round(rng.normal(0, 1, (a, b)), 2) for a, b in itertools.pairwise(sizes))
    biases = tuple(np.zeros(b) for b in sizes[1:])
    window.edits.set_network(Network(sizes, weights, biases, ("sigmoid",) * 3, "mse"), "net")
    scene = window.scene
    rects = [(r.x(), r.y(), r.width(), r.height()) for r in scene.label_rects().values()]
    boxes = [(r.x(), r.y(), r.width(), r.height()) for r in scene.box_rects().values()]
    assert len(rects) + len(scene.hidden_labels) == 36
    assert not [pair for pair in overlaps(rects + boxes) if pair[0] < len(rects)]
    if scene.hidden_labels:
        assert "not written (no room)" in window.view.legend.info.edges_note
    presentation = window.features.presentation
    presentation.label_actions["none"].trigger()
    assert scene.label_rects() == {} and window.preferences.weight_labels == "none"
    window.document.set_view(selected=(1, 0))
    presentation.label_actions["selected"].trigger()
    assert set(scene.label_rects()) == {(1, k, 0) for k in range(3)} | {(2, 0, j) for j in range(4)}
    presentation.set_label_mode("every")


def test_dark_theme_edges_and_check_boxes_keep_their_contrast(window: MainWindow) -> None:
    from PySide6.QtGui import QPalette

    from nnviz.qt.palette import PALETTES, contrast, hex_rgb

    window.features.viewing.theme_actions["dark"].trigger()
    style = window.scene.diagram_style
    background = hex_rgb(style.theme.background)
    for key in PALETTES:
        window.appearance.apply(palette_key=key)
        palette = window.scene.diagram_style.palette
        assert contrast(hex_rgb(palette.negative), background) >= 4.0, key
        assert contrast(hex_rgb(palette.positive), background) >= 4.0, key
    box = QApplication.palette("QCheckBox")
    window_colour = QApplication.palette().color(QPalette.ColorRole.Window)
    # the square is lighter than the panel behind it, and so is its outline's source
    assert box.color(QPalette.ColorRole.Base).lightness() > window_colour.lightness()
    assert box.color(QPalette.ColorRole.Window).lightness() > 150
    window.appearance.apply("light", "blue-vermillion")
    assert window.scene.diagram_style.palette.negative == "#D55E00"  # unchanged on light
