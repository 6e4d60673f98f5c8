"""The steps revealed so far, one line each, marked with their phase's colour; click to go
back to one."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSizePolicy, QWidget

from nnviz.core.steps import Step
from nnviz.qt.stepping.progress import PHASE_COLOURS


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(6, 16)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class StepHistory(QListWidget):
    """The revealed steps, as the core step list words them (``7. C5 = ½(y5 − z5)² …``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepHistory")
        self.setWordWrap(True)
        self.setMinimumHeight(80)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._steps: tuple[Step, ...] | None = None
        self._icons = {phase: _swatch(colour) for phase, colour in PHASE_COLOURS.items()}
        # The current step is always the last line: keep it in view when the list's height
        # or its lines' wrapped heights change after a step (a section appearing above).
        self.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self.scrollToBottom())

    def sizeHint(self) -> QSize:
        """Modest: the list takes the room the sections above leave (it stretches)."""
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def texts(self) -> list[str]:
        """The lines shown."""
        return [self.item(i).text() for i in range(self.count())]

    def show_steps(self, steps: tuple[Step, ...], cursor: int) -> None:
        """Show the first ``cursor`` of ``steps`` (only the lines that changed are redone)."""
        if steps is not self._steps:
            self.clear()
            self._steps = steps
        while self.count() > cursor:
            self.takeItem(self.count() - 1)
        for index in range(self.count(), cursor):
            step = steps[index]
            self.addItem(QListWidgetItem(self._icons[step.phase], f"{index + 1}. {step.text}"))
        if cursor:
            self.setCurrentRow(cursor - 1)
            self.scrollToBottom()
