"""Two parts of the Training panel: the speed control and the numbers always on show.

:class:`PaceControl` is one slider from "1 batch/s" to "full speed" (Tab reaches it, the
arrow keys move it), changeable while a run goes; :class:`RunNumbers` shows the last test
accuracy, the last batch's loss, the epoch and the batch. Both only show and set what the
document's :class:`~nnviz.session.training.TrainingModel` holds; the words are the
presentation layer's (:mod:`nnviz.present.training.pace`,
:func:`nnviz.present.training.status.training_numbers`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSlider, QWidget

from nnviz.present.training.pace import PACE_TIP, PACES, pace_position, pace_text
from nnviz.present.training.status import training_numbers
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


class RunNumbers(QWidget):
    """Test accuracy (or loss), batch loss, epoch and batch, as numbers, at all times.

    :meth:`refresh` rewrites them (the panel calls it when the run moves, at most a few
    times a second).
    """

    def __init__(self, model: TrainingModel) -> None:
        super().__init__()
        self.setObjectName("trainingNumbers")
        self.model = model
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(1)
        self.test_heading = QLabel()
        self.values: dict[str, QLabel] = {}
        headings = {
            "test": self.test_heading,
            "batch_loss": QLabel("Batch loss"),
            "epoch": QLabel("Epoch"),
            "batch": QLabel("Batch"),
        }
        for i, (name, heading) in enumerate(headings.items()):
            value = QLabel()
            value.setObjectName(f"trainingNumber_{name}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = value.font()
            font.setBold(True)
            value.setFont(font)
            self.values[name] = value
            row, column = divmod(i, 2)
            grid.addWidget(heading, row, 2 * column)
            grid.addWidget(value, row, 2 * column + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.refresh()

    def refresh(self) -> None:
        """Show the model's numbers now."""
        numbers = training_numbers(self.model)
        self.test_heading.setText(numbers.test_label)
        for name, label in self.values.items():
            text = getattr(numbers, name)
            if label.text() != text:
                label.setText(text)
