"""The digit an image network is stepped on, and its ten output probabilities as bars.

A digit comes from the MNIST test set (its label becomes the target) or is drawn on a 28×28
pad; each stroke is one undoable edit (the pad's live updates while drawing merge into it).
The bars stay empty until the step-through reaches the output layer.
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
)

from nnviz.core.mnist import load_test_set, one_hot, pixels_to_inputs
from nnviz.qt.binding import later
from nnviz.qt.drawing_pad import DrawingPad, ProbabilityBars
from nnviz.session import Document

#: Undo merge key of one drawing gesture.
DRAWING = ("draw a digit",)


@functools.cache
def _test_set() -> tuple[NDArray[np.uint8], NDArray[np.uint8]]:
    return load_test_set()


class DigitSection(QGroupBox):
    """Test digit picker, drawing pad and probability bars."""

    def __init__(self, document: Document) -> None:
        super().__init__("Digit")
        self.document = document
        self.edits = document.edits
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 8)
        self.index = QSpinBox()
        self.index.setObjectName("stepTestDigit")
        self.index.setKeyboardTracking(False)
        self.index.setPrefix("test digit ")
        self.index.setToolTip("A digit of the MNIST test set; its label becomes the target")
        self.index.valueChanged.connect(self.show_test_digit)
        self.clear = QPushButton("Clear the pad")
        self.clear.setToolTip("Wipe the pad and draw your own digit")
        self.pad = DrawingPad()
        self.pad.setFixedSize(120, 120)
        self.pad.digit_changed.connect(self._drawn)
        self.pad.installEventFilter(self)
        self.clear.clicked.connect(self._clear)
        self.bars = ProbabilityBars()
        self.bars.setFixedHeight(124)
        self.bars.setMinimumWidth(120)
        self.bars.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.caption = QLabel()
        self.caption.setObjectName("muted")
        self.caption.setWordWrap(True)
        hint = QLabel("Draw with the mouse (right button erases)")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        grid.addWidget(self.index, 0, 0)
        grid.addWidget(self.clear, 0, 1)
        grid.addWidget(self.pad, 1, 0)
        grid.addWidget(self.bars, 1, 1)
        grid.addWidget(hint, 2, 0)
        grid.addWidget(self.caption, 2, 1)
        grid.setColumnStretch(1, 1)
        self._showing = False
        self._drawn_inputs: np.ndarray | None = None

    def refresh(self, output_shown: bool) -> None:
        """Show the input on the pad (unless it was drawn there) and, once the output layer
        is revealed, the probabilities (else empty bars)."""
        images, _ = _test_set()
        self.index.setRange(0, images.shape[0] - 1)
        inputs = self.document.inputs
        if self._drawn_inputs is None or not np.array_equal(inputs, self._drawn_inputs):
            # Opened, undone or picked from the test set: the pad shows that digit. (What
            # was drawn stays as drawn: redrawing it from 28×28 would blur the strokes.)
            self._show_on_pad(inputs)
        target = self.document.target
        true_class = None if target is None else int(np.argmax(target))
        output = self.document.forward.output
        if output_shown:
            self.bars.set_probabilities(output, true_class)
            labels = self.document.description.output_labels or tuple("0123456789")
            best = int(np.argmax(output))
            self.caption.setText(
                f"The network says “{labels[best]}” ({output[best]:.1%})"
                + (
                    "; no target (a drawn digit has no label)"
                    if true_class is None
                    else f"; the target is “{labels[true_class]}”"
                )
            )
        else:
            self.bars.set_probabilities(np.zeros(output.size), None)
            self.caption.setText("The probabilities appear when the output layer is computed.")

    def show_test_digit(self, index: int) -> None:
        """Use test digit ``index`` (and its label as the target); show it on the pad."""
        images, labels = _test_set()
        n = self.document.network.output_size
        target = one_hot(int(labels[index]), n) if n == 10 else None
        self.edits.set_example(pixels_to_inputs(images[index]), target, f"show test digit {index}")

    def _clear(self) -> None:
        self.pad.clear()
        self.edits.close_gesture()

    def _show_on_pad(self, inputs: np.ndarray) -> None:
        self._showing = True
        try:
            self.pad.set_ink(np.asarray(inputs).reshape(28, 28))
        finally:
            self._showing = False
        self._drawn_inputs = np.array(inputs)

    def _drawn(self, digit: np.ndarray) -> None:
        if self._showing:
            return
        inputs = np.asarray(digit, dtype=np.float64).ravel()
        self._drawn_inputs = inputs
        state = self.document.snapshot()
        # The last test digit's label is not the drawn digit's: keeping it would show
        # its target and loss beside the new outputs (the evaluation page does the same).
        self.edits.commit(state.replace(inputs=inputs, target=None), "draw a digit", DRAWING)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A released mouse button ends the drawing gesture (one undo step per stroke)."""
        if watched is self.pad and event.type() == QEvent.Type.MouseButtonRelease:
            # After the pad has announced its finished digit.
            later(self, self.edits.close_gesture)
        return False
