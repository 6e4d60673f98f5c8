"""A part of the Training panel: the speed control.

:class:`PaceControl` is one slider from "1 batch/s" to "full speed" (Tab reaches it, the
arrow keys move it), changeable while a run goes. It only shows and sets what the
document's :class:`~nnviz.session.training.TrainingModel` holds; the words are the
presentation layer's (:mod:`nnviz.present.training.pace`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from nnviz.present.training.pace import PACE_TIP, PACES, pace_position, pace_text
from nnviz.qt.binding import follow
from nnviz.session.training import TrainingModel

#: Keys that move a slider: while it has the focus they are its, not the window's
#: shortcuts' (→, ←, Home and End step through the passes).
_SLIDER_KEYS = {
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}


class PaceSlider(QSlider):
    """A horizontal slider that keeps its own keys while it has the focus."""

    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Horizontal)

    def event(self, event: QEvent) -> bool:
        """Claim the arrow keys, Home, End and Page Up/Down before the window's shortcuts."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and Qt.Key(event.key()) in _SLIDER_KEYS
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            event.accept()
            return True
        return super().event(event)


class PaceControl(QWidget):
    """ "Speed": a slider over :data:`~nnviz.present.training.pace.PACES` and its value."""

    def __init__(self, model: TrainingModel) -> None:
        super().__init__()
        self.model = model
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Speed")
        self.slider = PaceSlider()
        self.slider.setObjectName("trainingPace")
        self.slider.setAccessibleName("Training speed")
        self.slider.setRange(0, len(PACES) - 1)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.value_label = QLabel()
        self.value_label.setObjectName("trainingPaceValue")
        # As wide as the widest value, so that the slider does not move as it changes.
        width = max(self.fontMetrics().horizontalAdvance(pace_text(p)) for p in PACES)
        self.value_label.setMinimumWidth(width + 4)
        for widget in (heading, self.slider, self.value_label):
            widget.setToolTip(PACE_TIP)
        heading.setBuddy(self.slider)
        layout.addWidget(heading)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.value_label)
        self._show(model.pace)
        self.slider.valueChanged.connect(self._moved)
        follow(self, model.pace_changed, self._show)

    def _moved(self, position: int) -> None:
        self.model.set_pace(PACES[position])

    def _show(self, pace: float | None) -> None:
        position = pace_position(pace)
        if self.slider.value() != position:
            self.slider.blockSignals(True)
            self.slider.setValue(position)
            self.slider.blockSignals(False)
        self.value_label.setText(pace_text(pace))
