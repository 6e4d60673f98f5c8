"""Values travelling along edges, and the clock that moves them.

One :class:`TravellingValues` item draws every moving value of a step (the terms w·a
flowing into a neuron, the products w·δ flowing back, dots along a large layer's strongest
edges), so a frame repaints one small item. An :class:`Animation` runs a 0 → 1 clock on
the GUI thread and calls back per frame and at the end; :meth:`Animation.finish` jumps to
the end at once (stepping again, or tests, never wait for it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEasingCurve, QObject, QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from nnviz.qt.diagram.style import DiagramStyle, font

#: Text size of a travelling value (scene pixels).
VALUE_PX = 12
#: Diameter of a travelling dot (large networks).
DOT_PX = 5.0


@dataclass(frozen=True)
class Move:
    """One value on its way: from ``start`` to ``end`` (scene coordinates), with a label
    (empty: a dot)."""

    start: QPointF
    end: QPointF
    text: str = ""


class TravellingValues(QGraphicsObject):
    """Draws :class:`Move` s at a common progress ``t`` (0: at their starts, 1: arrived)."""

    def __init__(self) -> None:
        super().__init__()
        self._moves: list[Move] = []
        self._t = 0.0
        self._rect = QRectF()
        self._style = DiagramStyle.default()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(50)
        self.setVisible(False)

    @property
    def moves(self) -> list[Move]:
        """What is travelling."""
        return list(self._moves)

    def set_moves(self, moves: list[Move], style: DiagramStyle) -> None:
        """Replace what travels (shown from ``t = 0``)."""
        rect = QRectF()
        for move in moves:
            rect = rect.united(QRectF(move.start, move.end).normalized())
        self.prepareGeometryChange()
        self._moves = moves
        self._style = style
        self._rect = rect.adjusted(-60, -20, 60, 20)
        self._t = 0.0
        self.setVisible(bool(moves))
        self.update()

    def set_progress(self, t: float) -> None:
        """Move everything to ``t`` (0 .. 1)."""
        self._t = t
        self.update()

    def boundingRect(self) -> QRectF:
        """Every path the values take, with room for their labels."""
        return self._rect

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Draw each value at its place along its path."""
        if not self._moves:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        style = self._style
        accent = style.accent
        # Fade in over the first tenth and out over the last.
        painter.setOpacity(min(1.0, self._t * 10, (1.0 - self._t) * 10 + 0.25))
        label_font = font(VALUE_PX, bold=True)
        metrics = QFontMetricsF(label_font)
        painter.setFont(label_font)
        fill = style.colour("surface")
        for move in self._moves:
            at = move.start + (move.end - move.start) * self._t
            if not move.text:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(accent)
                painter.drawEllipse(at, DOT_PX / 2, DOT_PX / 2)
                continue
            width = metrics.horizontalAdvance(move.text) + 10
            rect = QRectF(at.x() - width / 2, at.y() - 10, width, 20)
            painter.setPen(QPen(accent, 1.5))
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 9, 9)
            painter.setPen(QColor(style.theme.text))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, move.text)


class Animation(QObject):
    """A 0 → 1 clock for one step's animation.

    Parameters
    ----------
    parent : QObject, optional
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = QVariantAnimation(self)
        self._clock.setStartValue(0.0)
        self._clock.setEndValue(1.0)
        self._clock.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self._clock.valueChanged.connect(self._frame)
        self._clock.finished.connect(self._done)
        self._on_frame: Callable[[float], None] | None = None
        self._on_done: Callable[[], None] | None = None
        #: Frames drawn by the last animation (the benchmark reads it).
        self.frames = 0

    @property
    def running(self) -> bool:
        """Whether an animation is under way."""
        return self._on_done is not None

    def play(
        self, duration_ms: int, on_frame: Callable[[float], None], on_done: Callable[[], None]
    ) -> None:
        """Run ``on_frame(t)`` as t goes 0 → 1 over ``duration_ms``, then ``on_done()``.

        A running animation is finished first; a duration of 0 finishes at once.
        """
        self.finish()
        self._on_frame = on_frame
        self._on_done = on_done
        self.frames = 0
        if duration_ms <= 0:
            self._done()
            return
        on_frame(0.0)
        self._clock.setDuration(duration_ms)
        self._clock.start()

    def finish(self) -> None:
        """Jump to the end now (the end callback runs once)."""
        if self._on_done is None:
            return
        self._clock.stop()
        self._done()

    def cancel(self) -> None:
        """Stop without running the end callback."""
        self._clock.stop()
        self._on_frame = None
        self._on_done = None

    def _frame(self, value: object) -> None:
        if self._on_frame is not None and isinstance(value, float):
            self.frames += 1
            self._on_frame(value)

    def _done(self) -> None:
        done = self._on_done
        self._on_frame = None
        self._on_done = None
        if done is not None:
            done()
