"""Windows and documents are freed once closed: nothing keeps them alive (no closures held by
a document, a global list or the application), and nothing calls into them afterwards."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot
from training_fixtures import small_mnist, wait_for

from nnviz.app import build_window
from nnviz.core.data import GivenData
from nnviz.core.presets import load_preset
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.session import Document

PRESETS = ("feedforward", "xor", "softmax", "perceptron", "mnist")


def _use(qtbot: QtBot, window: MainWindow, round_: int) -> None:
    """What a user does in a window: edit, undo, step, switch pages and documents."""
    assert window.features is not None
    document = window.document
    stepping = window.features.stepping
    stepping.set_animated(False)
    stepping.stepper.start()
    stepping.stepper.step_forward()
    if document.network.layer_sizes[0] < 10:
        document.edits.set_weight(1, 0, 0, "0.5")
        window.undo_stack.undo()
    window.pages.setCurrentIndex(window.features.training.plots_index)
    window.pages.setCurrentIndex(0)
    if round_ % 4 == 0:
        # A second document beside the first, then taken away again.
        other = Document(load_preset("xor"))
        window.workspace.add(other)
        window.workspace.remove(other)
    if round_ == 3:
        # One window trains for real (its training process must stop and let go).
        training = window.features.training
        document.set_data(GivenData(small_mnist()))
        training.controller.model.set_config(epochs=1, batch_size=128)
        training.controller.start()
        wait_for(qtbot, lambda: not training.controller.model.active)


def test_twenty_closed_windows_and_their_documents_are_freed(
    qtbot: QtBot, preferences: Preferences, tmp_path: Path
) -> None:
    alive: list[weakref.ref[object]] = []
    for round_ in range(20):
        preset = PRESETS[round_ % len(PRESETS)]
        if round_ == 3:
            preset = "mnist"
        document = Document(load_preset(preset))
        window = build_window(document, preferences, tmp_path / f"training{round_}")
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        _use(qtbot, window, round_)
        assert window.features is not None
        alive += [
            weakref.ref(window),
            weakref.ref(document),
            weakref.ref(document.training),
            weakref.ref(document.stepper),
            weakref.ref(window.features.training.controller),
            weakref.ref(window.features.stepping.panel),
        ]
        document.mark_saved()
        window.close()
        window.deleteLater()
        del window, document
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()
    survivors = [
        f"{type(ref()).__name__}@{i // 6}" for i, ref in enumerate(alive) if ref() is not None
    ]
    assert survivors == []


def test_undo_lets_go_of_merged_and_discarded_edits(qapp: object) -> None:
    """Qt deletes undo commands itself (merging nudges, discarding a redo branch, clear);
    the networks of those edits must go with them."""
    from nnviz.qt.undo import attach_undo

    document = Document(load_preset("feedforward"))
    stack = attach_undo(document)
    networks = []
    for _ in range(5):  # one gesture: five nudges, one undo step
        document.edits.nudge("weight", (1, 0, 0), 1, fine=False)
        networks.append(weakref.ref(document.network))
    document.edits.close_gesture()
    document.edits.set_bias(1, 0, "1")
    networks.append(weakref.ref(document.network))
    stack.undo()
    document.edits.set_bias(1, 0, "2")  # discards the redo of b3 = 1
    assert stack.count() == 2
    gc.collect()
    # Only the gesture's last network (its "after") and the current one are still needed.
    assert [ref() is not None for ref in networks] == [False, False, False, False, True, False]
    document.open_preset("xor")  # clears the stack
    gc.collect()
    assert all(ref() is None for ref in networks)
