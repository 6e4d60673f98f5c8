"""The Evaluation page: how the network on screen does on its test set, and on your digit.

Left: the confusion matrix of the document's network on the test examples of its data set
(click a cell to see those examples) and, for images, a gallery of them (by default every
mistake, the most confident first); for real-valued targets, the test loss. Right, for
28×28 images (MNIST): a drawing pad, the ten class probabilities of the digit on screen,
and the diagram itself (the document's scene, fitted into a small view), so that a drawn
digit visibly lights the activations it causes.

The test set is evaluated off the GUI thread (10,000 forward passes take tens of
milliseconds) whenever the network changed and the page is on screen, at most once a
second while training runs. One page per document (the window shows the active one's).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPainter, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.data import DataSet, load
from nnviz.present.training.analysis import class_accuracies
from nnviz.present.training.evaluation import (
    MAX_SHOWN,
    TestResult,
    evaluate_test_set,
    examples_of,
    mistakes,
)
from nnviz.qt.binding import follow
from nnviz.qt.diagram.scene import DiagramScene
from nnviz.qt.drawing_pad import DrawingPad, ProbabilityBars
from nnviz.qt.training.background import LatestJob
from nnviz.qt.training.controller import TrainingController
from nnviz.qt.training.gallery import ConfusionTable, DigitGallery
from nnviz.qt.training.seen_image import SeenImage

#: While training runs, the test set is evaluated at most this often (milliseconds).
REFRESH_MS = 1000
#: The drawing pad's side (pixels).
PAD_SIDE = 190


class DiagramGlimpse(QGraphicsView):
    """A document's diagram scene, fitted into a small read-only view."""

    def __init__(self, scene: DiagramScene) -> None:
        super().__init__(scene)
        self.setObjectName("diagramGlimpse")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setInteractive(False)
        self.setToolTip("The diagram: the digit on the left, its activations lit")
        scene.redrawn.connect(self.fit)

    def fit(self) -> None:
        """Show the whole diagram."""
        if self.isVisible():
            self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the diagram fitted."""
        super().resizeEvent(event)
        self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        """Fit when shown."""
        super().showEvent(event)
        self.fit()


class EvaluationPage(QWidget):
    """The Evaluation page (see the module docstring)."""

    def __init__(
        self,
        controller: TrainingController,
        scene: DiagramScene,
        show_message: Any,
    ) -> None:
        super().__init__()
        self.setObjectName("evaluationPage")
        self.show_message = show_message
        self.document = controller.document
        self.edits = self.document.edits
        self.controller = controller
        self.result: TestResult | None = None
        self._test_set: DataSet | None = None
        self._dirty = True
        self._last = 0.0
        self._cell: tuple[int, int] | None = None
        self.summary = QLabel()
        self.summary.setObjectName("evaluationSummary")
        self.summary.setWordWrap(True)
        self.job = LatestJob(self)
        self.job.done.connect(self._evaluated)
        self.job.failed.connect(lambda error: self.summary.setText(f"Cannot evaluate: {error}"))
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.refresh)

        self.table = ConfusionTable()
        self.table.cell_chosen.connect(self.show_cell)
        self.gallery_title = QLabel()
        self.all_mistakes = QPushButton("All mistakes")
        self.all_mistakes.setToolTip(
            "Show every misclassified test digit, the most confident first"
        )
        self.all_mistakes.clicked.connect(lambda _=False: self.show_mistakes())
        self.gallery = DigitGallery()
        self.gallery.chosen.connect(self.show_test_image)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 6, 6)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.table, 3)
        title_row = QHBoxLayout()
        title_row.addWidget(self.gallery_title, 1)
        title_row.addWidget(self.all_mistakes)
        left_layout.addLayout(title_row)
        left_layout.addWidget(self.gallery, 4)

        self.pad = DrawingPad()
        self.pad.digit_changed.connect(self._drawn)
        clear = QPushButton("Clear")
        clear.setToolTip("Wipe the drawing pad")
        clear.clicked.connect(lambda _=False: self.pad.clear())
        self.bars = ProbabilityBars()
        self.bars.setFixedHeight(PAD_SIDE - 24)
        self.answer = QLabel()
        self.answer.setObjectName("evaluationAnswer")
        self.answer.setWordWrap(True)
        self.glimpse = DiagramGlimpse(scene)
        right = QWidget()
        self.right = right
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 6, 6, 6)
        heading = QHBoxLayout()
        title = QLabel("<b>Draw a digit</b> (the right button erases)")
        title.setWordWrap(True)
        heading.addWidget(title, 1)
        heading.addWidget(clear)
        right_layout.addLayout(heading)
        top = QHBoxLayout()
        self.pad.setFixedSize(PAD_SIDE, PAD_SIDE)
        pad_column = QVBoxLayout()
        pad_column.addWidget(self.pad)
        self.seen = SeenImage()
        self.seen.setVisible(False)  # until the network's inputs are known to be an image
        pad_column.addWidget(self.seen)
        top.addLayout(pad_column)
        bars_column = QVBoxLayout()
        bars_column.addWidget(self.answer)
        bars_column.addWidget(self.bars, 1)
        top.addLayout(bars_column, 1)
        right_layout.addLayout(top)
        right_layout.addWidget(self.glimpse, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([520, 460])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        follow(self, self.document.network_changed, self._network_changed)
        follow(self, self.document.trace_changed, self._show_answer)
        follow(self, self.document.data_changed, self._data_changed)
        self._show_answer()

    # -- the test set ---------------------------------------------------------------------------

    def diagram_visible(self) -> bool:
        """Whether the small view of the diagram is on screen."""
        return self.glimpse.isVisible()

    def _data_changed(self, *_: object) -> None:
        self._test_set = None
        self.result = None
        self._network_changed()

    def _network_changed(self, *_: object) -> None:
        self._dirty = True
        if self.isVisible():
            wait = REFRESH_MS - (time.perf_counter() - self._last) * 1000
            self._timer.start(int(max(wait, 50)))

    def showEvent(self, event: QShowEvent) -> None:
        """Evaluate the network on screen if it changed while the page was away."""
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Evaluate the document's network on its test set (in the background)."""
        network = self.document.network
        source = self.controller.source
        reason = self.controller.refusal(network)
        if reason or source is None:
            self.summary.setText(reason)
            self.table.setRowCount(0)
            self.gallery.clear()
            self.gallery_title.setText("")
            return
        self._dirty = False
        self._last = time.perf_counter()
        if self.result is None:
            self.summary.setText("Evaluating the test set…")
        cached = self._test_set

        def run() -> TestResult:
            data = cached if cached is not None else load(source, "test")
            return evaluate_test_set(network, data)

        self.job.submit(run)

    def _evaluated(self, result: object) -> None:
        assert isinstance(result, TestResult)
        self.result = result
        self._test_set = result.data
        images = result.data.image_shape is not None
        self.gallery.setVisible(images)
        self.gallery_title.setVisible(images)
        self.all_mistakes.setVisible(images)
        self.right.setVisible(result.data.image_shape == (28, 28))
        what = "images" if images else "examples"
        if not result.confusion.size:
            self.summary.setText(
                f"Mean test loss <b>{result.loss:.4g}</b> over the {result.data.n_test:,} test "
                f"{what} with the network on screen."
            )
            self.table.setRowCount(0)
            return
        wrong = int(result.confusion.sum() - np.trace(result.confusion))
        digits = result.data.image_shape == (28, 28) and result.data.n_classes == 10
        self.summary.setText(
            f"<b>{result.accuracy:.2%}</b> of the {result.data.n_test:,} test {what} right "
            f"({wrong:,} wrong) with the network on screen. Rows: the true "
            f"{'digit' if digits else 'class'}; columns: the answer.<br>Per class: "
            + " · ".join(
                f"{label} {'—' if a is None else f'{a:.1%}'}"
                for label, a in zip(
                    self._labels(), class_accuracies(result.confusion), strict=False
                )
            )
        )
        self.table.show_confusion(result.confusion, self._labels())
        if self._cell is None:
            self.show_mistakes()
        else:
            self.show_cell(*self._cell)

    def _labels(self) -> tuple[str, ...]:
        labels = self.document.description.output_labels
        if labels is not None and len(labels) == self.document.network.output_size:
            return labels
        if self.result is not None and self.result.data.class_names is not None:
            return self.result.data.class_names
        return tuple(str(i) for i in range(self.document.network.output_size))

    def show_mistakes(self) -> None:
        """Show every misclassified test digit, the most confidently wrong first."""
        self._cell = None
        self.table.clearSelection()
        result = self.result
        if result is None:
            return
        order = mistakes(result)
        self.gallery_title.setText(
            f"<b>Mistakes</b>: {len(order):,} test images, the most confident first"
            + (f" (the first {MAX_SHOWN})" if len(order) > MAX_SHOWN else "")
        )
        self.gallery.show_digits(order, result.images, result.labels, result.scores)

    def show_cell(self, true: int, predicted: int) -> None:
        """Show the test images of class ``true`` answered ``predicted``."""
        result = self.result
        if result is None:
            return
        self._cell = (true, predicted)
        order = examples_of(result, true, predicted)
        labels = self._labels()
        what = "right" if true == predicted else f"answered {labels[predicted]}"
        self.gallery_title.setText(
            f"<b>{labels[true]}s {what}</b>: {len(order):,} test images"
            + (f" (the first {MAX_SHOWN})" if len(order) > MAX_SHOWN else "")
        )
        self.gallery.show_digits(order, result.images, result.labels, result.scores)

    # -- one digit ------------------------------------------------------------------------------

    def show_test_image(self, index: int) -> None:
        """Put test example ``index`` (and its target) on the diagram (and the pad)."""
        result = self.result
        if result is None:
            return
        data = result.data
        inputs = data.network_inputs(data.test_inputs[index : index + 1])[0]
        coding = data.coding(self.document.network.output_size)
        target = coding.encode(data.test_targets[index : index + 1])[0]
        if data.image_shape == (28, 28):
            self.pad.blockSignals(True)
            self.pad.set_ink(inputs.reshape(data.image_shape))
            self.pad.blockSignals(False)
        self.controller_attempt(
            lambda: self.edits.set_example(inputs, target, f"show test image {index:,}")
        )

    def _drawn(self, digit: NDArray[np.float64]) -> None:
        network = self.document.network
        if digit.size != network.input_size:
            return
        state = self.document.snapshot().replace(
            inputs=np.asarray(digit, np.float64).reshape(-1), target=None
        )
        self.controller_attempt(
            lambda: self.edits.commit(state, "draw a digit", merge_key=("draw",))
        )

    def controller_attempt(self, action: Any) -> None:
        """Run an edit; a refusal becomes a status message."""
        try:
            action()
        except ValueError as error:
            self.show_message(str(error))

    def _show_answer(self, *_: object) -> None:
        shape = self.document.description.input_image_shape
        self.seen.setVisible(shape is not None)
        if shape is not None:
            rows, columns = shape
            self.seen.set_inputs(np.asarray(self.document.inputs, np.float64), (rows, columns))
        output = np.asarray(self.document.forward.activations[-1], dtype=np.float64)
        labels = self._labels()
        if (
            output.size != len(self.bars.probabilities())
            or self.document.network.activations[-1] != "softmax"
        ):
            self.answer.setText("The bars show a softmax output of ten classes.")
            return
        target = self.document.target
        true = int(np.argmax(target)) if target is not None and np.max(target) == 1.0 else None
        self.bars.set_probabilities(output, true)
        best = int(np.argmax(output))
        text = f"The network says <b>{labels[best]}</b> ({output[best]:.1%} sure)"
        if true is not None:
            text += f"; the label is {labels[true]}"
        self.answer.setText(text + ".")
