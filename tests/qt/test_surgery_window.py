"""The Surgery page and the diagram's surgery menu: each change is one undoable edit whose
before → after is the test set's; the Robustness page's curves are the CLI's function."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot
from training_fixtures import feature_of, shut, small_mnist, training_window, wait_for

from nnviz.core.surgery import Prune, ScaleIncoming, SwitchOff
from nnviz.core.training import evaluate
from nnviz.present.diagram.content import Hit
from nnviz.present.training.robustness import robustness_curves
from nnviz.qt.context_menu import build_context_menu
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.qt.training.robustness import Robustness
from nnviz.qt.training.surgery import SurgeryFeature


@pytest.fixture
def window(
    qtbot: QtBot, preferences: Preferences, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> MainWindow:
    return training_window(qtbot, preferences, monkeypatch, tmp_path / "training")


def surgery_of(window: MainWindow) -> SurgeryFeature:
    assert window.features is not None and window.features.surgery is not None
    return window.features.surgery


def test_page_surgeries_show_before_after_and_undo_exactly(
    qtbot: QtBot, window: MainWindow
) -> None:
    surgery = surgery_of(window)
    page = surgery.page
    document = window.area.active_view.document
    undo = window.area.active_view.undo_stack
    data = small_mnist()
    for key, set_up in (
        ("prune", lambda: page.prune_share.setValue(90)),
        ("noise", lambda: page.noise_sigma.setValue(0.3)),
        ("temperature", lambda: page.temperature.setValue(4.0)),
    ):
        set_up()
        start = document.snapshot()
        before_network = document.network
        if key == "prune":  # the page's button is the menu's action
            page.buttons[key].click()
        else:
            window.registry.action(f"train.surgery_{key}").trigger()
        assert window.pages.currentWidget() is surgery.stack
        wait_for(
            qtbot,
            lambda: (
                not page.busy and page.result is not None and page.result.before is before_network  # noqa: B023
            ),
        )
        result = page.result
        assert result is not None and document.network == result.after != before_network
        assert result.score_before.accuracy == evaluate(before_network, data).accuracy
        exact = evaluate(result.after, data)
        assert result.score_after.accuracy == exact.accuracy
        assert result.score_after.loss == pytest.approx(exact.loss)
        assert "→" in page.summary.text() and result.text in page.summary.text()
        heights = page.after_bars.opts["height"]
        np.testing.assert_allclose(heights, np.nan_to_num(result.score_after.per_class * 100))
        assert undo.undoText() == result.text
        undo.undo()
        assert document.snapshot() == start and document.network == before_network
        for now, then in zip(document.network.weights, before_network.weights, strict=True):
            np.testing.assert_array_equal(now, then)
        assert "undone: the network is as it was before" in page.summary.text()
    shut(window)


def test_the_neuron_menu_switches_off_scales_and_shifts(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    surgery = surgery_of(window)
    page = surgery.page
    view = window.area.active_view
    document = view.document
    start = document.snapshot()
    menu = build_context_menu(view.diagram, Hit("node", 2, 4), view)
    sub = next(a.menu() for a in menu.actions() if a.menu() is not None and "Surgery" in a.text())
    texts = [a.text() for a in sub.actions()]
    assert texts == ["Switch z²₅ off", "Scale the weights into z²₅…", "Shift the bias of z²₅…"]
    sub.actions()[0].trigger()
    wait_for(qtbot, lambda: not page.busy and page.result is not None)
    assert page.result.text == "switch off z²₅"
    assert np.all(document.network.weights[2][4] == 0)
    assert surgery.operate(view, ScaleIncoming(2, 4, 2.0))
    wait_for(qtbot, lambda: not page.busy and page.result.text.startswith("scale"))
    # The menu's "Shift the bias…" asks for the amount (answered here), then shifts it.
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *args: (1.5, True))
    bias = document.network.biases[1][4]
    sub.actions()[2].trigger()
    wait_for(qtbot, lambda: not page.busy and page.result.text == "shift the bias of z²₅ by +1.5")
    assert document.network.biases[1][4] == bias + 1.5
    for _ in range(3):
        view.undo_stack.undo()
    assert document.snapshot() == start
    # An output neuron cannot be switched off; the entry says why.
    last = document.network.n_layers - 1
    menu = build_context_menu(view.diagram, Hit("node", last, 0), view)
    sub = next(a.menu() for a in menu.actions() if a.menu() is not None and "Surgery" in a.text())
    assert not sub.actions()[0].isEnabled() and "output" in sub.actions()[0].toolTip()
    assert sub.actions()[1].isEnabled()
    shut(window)


def test_a_refused_surgery_changes_nothing(qtbot: QtBot, window: MainWindow) -> None:
    surgery = surgery_of(window)
    view = window.area.active_view
    start = view.document.snapshot()
    said: list[str] = []
    assert not surgery.page.operate(SwitchOff(3, 0), said.append)
    assert said == [
        "Refused: an output neuron cannot be switched off (nothing comes after it); scale "
        "its weights or shift its bias instead."
    ]
    assert view.document.snapshot() == start and view.undo_stack.count() == 0
    # While a run is going, its next weights would undo a surgery: refused.
    controller = feature_of(window).controller
    controller.model.set_config(epochs=200, batch_size=32)
    controller.start()
    wait_for(qtbot, lambda: controller.model.status == "running")
    said.clear()
    assert not surgery.page.operate(Prune(0.5), said.append)
    assert said == ["Refused: stop training first: the run would put its own weights back."]
    controller.stop()
    wait_for(qtbot, lambda: not controller.model.active)
    shut(window)


def test_the_robustness_page_shows_the_clis_curves_and_the_threshold(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.features is not None
    robustness = window.features.robustness
    assert isinstance(robustness, Robustness)
    window.registry.action("train.show_robustness").trigger()
    page = robustness.page
    wait_for(qtbot, lambda: not page.busy and page.curves and page.tradeoff is not None)
    expected = robustness_curves(window.area.active_view.document.network, small_mnist(), 0)
    for shown, computed in zip(page.curves, expected, strict=True):
        np.testing.assert_array_equal(shown.accuracy, computed.accuracy)
    # The chooser switches the curve; the level box marks a point and fills the bars.
    page.chooser.setCurrentIndex(1)
    _, y = page.curve.getData()
    np.testing.assert_allclose(y, expected[1].accuracy * 100)
    page.level.setCurrentIndex(4)
    assert page.preview.shown is not None and page.preview.shown.shape == (28, 6 * 29 - 1)
    assert page.curve_mark.data["x"][0] == expected[1].disturbance.levels[4]
    np.testing.assert_allclose(
        page.level_bars.opts["height"], np.nan_to_num(expected[1].per_class[4] * 100)
    )
    # The highest threshold at which at least half the images are still answered.
    half = int(np.flatnonzero(page.tradeoff.coverage >= 0.5).max())
    page.threshold.setValue(half)
    coverage, accuracy = page.tradeoff.at(half / 100)
    assert coverage >= 0.5 and page.tradeoff_mark.data["y"][0] == pytest.approx(accuracy * 100)
    assert page.tradeoff_mark.data["x"][0] == pytest.approx(coverage * 100)
    assert f"{coverage:.1%}" in page.threshold_text.text()
    # Not while training (it would take the GUI process's time); again when it stops.
    controller = feature_of(window).controller
    controller.model.set_config(epochs=2, batch_size=32)
    shown = page.curves
    controller.start()
    wait_for(qtbot, lambda: "Training: the curves" in page.status.text())
    assert page.curves is shown
    wait_for(qtbot, lambda: not controller.model.active)
    wait_for(qtbot, lambda: page.curves is not shown and not page.busy)
    network = window.area.active_view.document.network
    again = robustness_curves(network, small_mnist(), 0)
    np.testing.assert_array_equal(page.curves[3].accuracy, again[3].accuracy)
    shut(window)


def test_the_robustness_page_says_why_it_has_nothing_to_plot(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.features.files.open_preset("xor")  # no data set, not images
    robustness = window.features.robustness
    assert isinstance(robustness, Robustness)
    window.registry.action("train.show_robustness").trigger()
    page = robustness.page
    qtbot.waitUntil(lambda: page.empty.isVisible())
    assert not page.body.isVisible()  # no empty axes
    assert "the network takes 2 inputs, the images have 784 pixels" in page.empty.text()


def test_the_surgery_page_says_why_it_cannot_score(
    qtbot: QtBot, make_window: Callable[[str], MainWindow]
) -> None:
    window = make_window("xor")  # a lecture network with no data set
    assert window.document.data is None
    surgery = surgery_of(window)
    window.registry.action("train.show_surgery").trigger()
    page = surgery.page
    qtbot.waitUntil(lambda: "needs a data set" in page.summary.text())
    assert not page.plot.isVisible()  # no empty axes


def test_closing_the_window_drops_page_work_still_waiting(window: MainWindow) -> None:
    robustness = window.features.robustness
    surgery = surgery_of(window)
    assert isinstance(robustness, Robustness)
    ran: list[str] = []

    def blocked(gate: threading.Event) -> None:
        gate.wait(5)
        raise ValueError("a job the window no longer wants")

    def waiting() -> None:  # would take seconds on a real page
        ran.append("waiting")
        raise ValueError("computed by the closing window")

    for jobs in (robustness.page.curves_job, surgery.page.job):
        gate = threading.Event()
        jobs.submit(lambda gate=gate: blocked(gate))
        jobs.submit(waiting)
        threading.Timer(0.05, gate.set).start()
    window.close()
    assert ran == []  # dropped, not computed while the window closes
