"""Draw a digit with the mouse, and show a network's ten class probabilities as bars.

:class:`DrawingPad` is a square of paper drawn on with a round pen. Each stroke is turned
into an MNIST-like 28×28 image by :func:`nnviz.core.drawing.to_mnist_image` (fitted to a
20×20 box and centred by its centre of mass, as MNIST's digits were) and announced through
``digit_changed``. :class:`ProbabilityBars` is a small pyqtgraph bar chart for the output.
Both are used by the step-through (issue 5) and the training view's evaluation page.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from nnviz.core.drawing import resample, to_mnist_image
from nnviz.core.types import FloatArray

#: Side of the canvas the strokes are kept on, in pixels (independent of the widget size).
CANVAS_SIDE = 280
#: Pen width on that canvas: about 2.5 MNIST pixels once a digit is scaled to 20 px high.
PEN_WIDTH = 24
#: While drawing, the digit is announced at most this often (seconds).
LIVE_INTERVAL = 0.05


class DrawingPad(QWidget):
    """A square canvas for drawing a digit.

    Signals
    -------
    digit_changed(ndarray)
        The drawing as a (28, 28) float64 image in [0, 1] (1 = ink), after each stroke
        and, throttled, while drawing.
    """

    digit_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drawingPad")
        self.setToolTip(
            "Draw a digit with the left mouse button; the right button erases. "
            "It is scaled and centred the way MNIST's digits were."
        )
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(140, 140)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._canvas = QImage(CANVAS_SIDE, CANVAS_SIDE, QImage.Format.Format_Grayscale8)
        self._canvas.fill(0)
        self._last: QPointF | None = None
        self._erasing = False
        self._last_emit = 0.0

    # -- public -----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        """A comfortable default size."""
        return QSize(220, 220)

    def hasHeightForWidth(self) -> bool:
        """The pad stays square."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The pad stays square."""
        return width

    def clear(self) -> None:
        """Wipe the drawing and announce the empty digit."""
        self._canvas.fill(0)
        self.update()
        self.digit_changed.emit(self.digit())

    def ink(self) -> FloatArray:
        """Return the raw canvas as ink intensity, shape (280, 280), float64 in [0, 1]."""
        pointer = self._canvas.constBits()
        stride = self._canvas.bytesPerLine()
        raw = np.frombuffer(pointer, dtype=np.uint8, count=stride * CANVAS_SIDE)
        return raw.reshape(CANVAS_SIDE, stride)[:, :CANVAS_SIDE] / 255.0

    def set_ink(self, ink: FloatArray) -> None:
        """Replace the canvas with ``ink`` (any 2-D size, values in [0, 1]); used by tests
        and to show a test-set digit on the pad."""
        values = np.clip(resample(ink, CANVAS_SIDE, CANVAS_SIDE), 0.0, 1.0)
        data = np.ascontiguousarray((values * 255).round().astype(np.uint8))
        image = QImage(
            data.data, CANVAS_SIDE, CANVAS_SIDE, CANVAS_SIDE, QImage.Format.Format_Grayscale8
        )
        self._canvas = image.copy()
        self.update()
        self.digit_changed.emit(self.digit())

    def digit(self) -> FloatArray:
        """Return the drawing as MNIST would have it: shape (28, 28), float64 in [0, 1]."""
        return to_mnist_image(self.ink())

    # -- drawing ----------------------------------------------------------------------------

    def _to_canvas(self, point: QPointF) -> QPointF:
        side = min(self.width(), self.height())
        return QPointF(point.x() * CANVAS_SIDE / side, point.y() * CANVAS_SIDE / side)

    def _stroke(self, to: QPointF) -> None:
        painter = QPainter(self._canvas)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shade = 0 if self._erasing else 255
        width = PEN_WIDTH * (1.6 if self._erasing else 1.0)
        painter.setPen(QPen(QColor(shade, shade, shade), width, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))  # fmt: skip
        start = self._last if self._last is not None else to
        if start == to:
            # Qt draws nothing for a zero-length line: a click makes a round dot instead.
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(shade, shade, shade))
            painter.drawEllipse(to, width / 2, width / 2)
        else:
            painter.drawLine(start, to)
        painter.end()
        self._last = to
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a stroke (left button draws, right button erases)."""
        if event.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return
        self._erasing = event.button() == Qt.MouseButton.RightButton
        self._last = None
        self._stroke(self._to_canvas(event.position()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Continue the stroke; announce the digit now and then while drawing."""
        if self._last is None:
            return
        self._stroke(self._to_canvas(event.position()))
        now = time.monotonic()
        if now - self._last_emit >= LIVE_INTERVAL:
            self._last_emit = now
            self.digit_changed.emit(self.digit())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End the stroke and announce the finished digit."""
        if self._last is None:
            return
        self._last = None
        self.digit_changed.emit(self.digit())

    def paintEvent(self, event: QPaintEvent) -> None:
        """Show the canvas as dark ink on paper, with a frame and a faint guide box."""
        side = min(self.width(), self.height())
        painter = QPainter(self)
        paper = self._canvas.copy()
        paper.invertPixels()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(
            self.rect().adjusted(0, 0, side - self.width(), side - self.height()), paper
        )
        painter.setPen(QPen(QColor("#9AA3AB"), 1, Qt.PenStyle.DashLine))
        margin = side * 4 / 28  # MNIST's 20×20 box inside 28×28
        painter.drawRect(QRectF(margin, margin, side - 2 * margin, side - 2 * margin))
        painter.setPen(QPen(QColor("#4A525A"), 1))
        painter.drawRect(0, 0, side - 1, side - 1)
        painter.end()


class ProbabilityBars(pg.PlotWidget):
    """Ten bars, one per class, with the most likely class highlighted.

    Parameters
    ----------
    labels : sequence of str
        The class names, e.g. ``"0"`` … ``"9"``.
    """

    def __init__(
        self, labels: tuple[str, ...] = tuple("0123456789"), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent=parent)
        self.setObjectName("probabilityBars")
        self._labels = labels
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setMenuEnabled(False)
        self.setYRange(0, 1, padding=0)
        self.setXRange(-0.6, len(labels) - 0.4, padding=0)
        self.getAxis("bottom").setTicks([list(enumerate(labels))])
        self.getAxis("left").setTicks([[(0, "0"), (0.5, "0.5"), (1, "1")]])
        self.setLabel("left", "probability")
        self.setMinimumHeight(120)
        self._bars = pg.BarGraphItem(
            x=np.arange(len(labels)), height=np.zeros(len(labels)), width=0.7
        )
        self.addItem(self._bars)
        self._values = np.zeros(len(labels))
        self._follow_palette()

    def changeEvent(self, event: QEvent) -> None:
        """Follow the light or dark theme (the application palette)."""
        super().changeEvent(event)
        # Qt sends palette changes while PlotWidget is still being built: wait for it.
        if hasattr(self, "_values") and event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
        ):
            self._follow_palette()

    def _follow_palette(self) -> None:
        palette = QApplication.palette()
        text = palette.text().color()
        self.setBackground(palette.base().color())
        for name in ("left", "bottom"):
            self.getAxis(name).setPen(pg.mkPen(palette.mid().color()))
            self.getAxis(name).setTextPen(pg.mkPen(text))

    def set_probabilities(self, probabilities: FloatArray, true_class: int | None = None) -> None:
        """Show ``probabilities`` (shape (n_classes,)); the largest bar is drawn in blue,
        the true class (if given and different) outlined."""
        values = np.asarray(probabilities, dtype=np.float64)
        self._values = values
        best = int(np.argmax(values))
        brushes = [pg.mkBrush("#0072B2" if i == best else "#9AA3AB") for i in range(values.size)]
        pens = [
            pg.mkPen("#D55E00", width=2) if i == true_class and i != best else pg.mkPen(None)
            for i in range(values.size)
        ]
        self._bars.setOpts(height=values, brushes=brushes, pens=pens)
        self.setToolTip(
            "\n".join(f"{label}: {p:.4f}" for label, p in zip(self._labels, values, strict=True))
        )

    def probabilities(self) -> FloatArray:
        """The probabilities shown."""
        return self._values
