"""The progress strip: where in the pass the student is, phase by phase; click to jump.

Each phase is a coloured segment as long as its share of the steps (never too short to
name); revealed steps are filled, the current one is marked, and the step a question waits
on is outlined. The phase colours are from the Okabe–Ito set, apart from the diagram's
blue/vermillion weight palette and readable under colour blindness; each segment is also
named, so colour is never the only cue.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from nnviz.core.steps import Phase

#: Okabe–Ito colours per phase.
PHASE_COLOURS: dict[str, str] = {
    "forward": "#009E73",
    "loss": "#E69F00",
    "backward": "#CC79A7",
    "update": "#56B4E9",
}
PHASE_TITLES: dict[str, str] = {
    "forward": "Forward",
    "loss": "Loss",
    "backward": "Backward",
    "update": "Update",
}
#: A phase's segment is at least this wide (pixels), so that its name fits.
MIN_SEGMENT = 46.0
HEIGHT = 26


class ProgressStrip(QWidget):
    """A strip of the pass's steps.

    Signals
    -------
    seek(int)
        The user clicked or dragged to a step: reveal that many steps.
    """

    seek = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressStrip")
        self.setMinimumHeight(self._height())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._ranges: dict[Phase, tuple[int, int]] = {}
        self._total = 0
        self._cursor = 0
        self._question: int | None = None
        self._text = QColor("#1B1F24")
        self._track = QColor("#E6E6E2")

    def _height(self) -> int:
        """One line of the (possibly enlarged) text, never less than :data:`HEIGHT`."""
        return max(HEIGHT, self.fontMetrics().height() + 10)

    def sizeHint(self) -> QSize:
        """As wide as the panel, one line high."""
        return QSize(320, self._height())

    def changeEvent(self, event: QEvent) -> None:
        """Follow the text size."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.setMinimumHeight(self._height())
            self.updateGeometry()

    def set_state(
        self,
        ranges: dict[Phase, tuple[int, int]],
        cursor: int,
        question: int | None = None,
    ) -> None:
        """Show ``ranges`` (phase → first, end index) with ``cursor`` steps revealed and,
        if given, the step a question waits on."""
        self._ranges = dict(ranges)
        self._total = max((end for _, end in ranges.values()), default=0)
        self._cursor = cursor
        self._question = question
        self.update()

    def set_colours(self, text: str, track: str) -> None:
        """Theme colours: the labels' and the empty track's."""
        self._text = QColor(text)
        self._track = QColor(track)
        self.update()

    # -- geometry ---------------------------------------------------------------------------

    def segments(self) -> list[tuple[Phase, QRectF, int, int]]:
        """``(phase, rectangle, first, end)`` per phase, left to right."""
        width = float(self.width()) - 2
        counts = {phase: end - start for phase, (start, end) in self._ranges.items()}
        total = sum(counts.values())
        if total == 0:
            return []
        # Share the width by step count, then give short phases their minimum.
        widths = {p: max(MIN_SEGMENT, width * n / total) for p, n in counts.items()}
        scale = width / sum(widths.values())
        x = 1.0
        out = []
        for phase, (start, end) in self._ranges.items():
            w = widths[phase] * scale
            out.append((phase, QRectF(x, 1, w - 2, self.height() - 2), start, end))
            x += w
        return out

    def step_at(self, x: float) -> int:
        """How many steps a click at ``x`` reveals (the clicked step included)."""
        for _, rect, start, end in self.segments():
            if x < rect.right() + 2:
                fraction = max(0.0, min(1.0, (x - rect.left()) / max(rect.width(), 1.0)))
                return start + min(int(fraction * (end - start)) + 1, end - start)
        return self._total

    def _x_of(self, cursor: int) -> float | None:
        for _, rect, start, end in self.segments():
            if start < cursor <= end:
                return rect.left() + rect.width() * (cursor - start) / (end - start)
        return None

    # -- painting and mouse -----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the segments, the revealed part, the cursor and the phase names."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())  # the text size's (11 px at 100 %)
        font.setPointSizeF(max(font.pointSizeF() * 0.85, 1.0))
        font.setBold(True)
        painter.setFont(font)
        for phase, rect, start, end in self.segments():
            colour = QColor(PHASE_COLOURS[phase])
            pale = QColor(colour)
            pale.setAlpha(70)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._track)
            painter.drawRoundedRect(rect, 5, 5)
            painter.setBrush(pale)
            painter.drawRoundedRect(rect, 5, 5)
            done = min(max(self._cursor - start, 0), end - start)
            if done:
                filled = QRectF(
                    rect.left(), rect.top(), rect.width() * done / (end - start), rect.height()
                )
                painter.setBrush(colour)
                painter.drawRoundedRect(filled, 5, 5)
            steps = end - start
            if steps > 1 and rect.width() / steps >= 5:
                painter.setPen(QPen(QColor(255, 255, 255, 110), 1))
                for i in range(1, steps):
                    x = rect.left() + rect.width() * i / steps
                    painter.drawLine(QPointF(x, rect.bottom() - 5), QPointF(x, rect.bottom() - 1))
            painter.setPen(self._text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, PHASE_TITLES[phase])
        if self._question is not None:
            self._mark(painter, self._question + 1, dashed=True)
        elif self._cursor > 0:
            self._mark(painter, self._cursor, dashed=False)
        painter.end()

    def _mark(self, painter: QPainter, cursor: int, dashed: bool) -> None:
        x = self._x_of(cursor)
        if x is None:
            return
        pen = QPen(self._text, 2.5)
        if dashed:
            pen.setStyle(Qt.PenStyle.DotLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Jump to the clicked step."""
        if event.button() == Qt.MouseButton.LeftButton and self._total:
            self.seek.emit(self.step_at(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Drag to scrub; hovering says which step is under the mouse."""
        if not self._total:
            return
        step = self.step_at(event.position().x())
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.seek.emit(step)
        phase = next((p for p, (s, e) in self._ranges.items() if s < step <= e), None)
        where = f"step {step} of {self._total}"
        if phase is not None:
            where += f" · {PHASE_TITLES[phase].lower()}"
        QToolTip.showText(event.globalPosition().toPoint(), where + " (click to go there)", self)
