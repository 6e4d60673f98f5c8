"""Small editors that open on the diagram: a number field, and a neuron's panel.

Both float over the diagram view at the thing they edit. Enter applies, Esc cancels;
refused text stays in the field, marked, with the reason underneath, and nothing changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.activations import ACTIVATION_NAMES, ACTIVATIONS

_ERROR_STYLE = "QLineEdit { border: 2px solid %s; border-radius: 3px; padding: 1px; }"


class _Floating(QFrame):
    """A framed panel over the diagram that closes on Esc."""

    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setObjectName("floatingEditor")
        self.hide()

    def place_at(self, anchor: QPoint) -> None:
        """Centre the panel just below ``anchor`` (parent coordinates), kept inside."""
        self.adjustSize()
        parent = self.parentWidget()
        assert parent is not None
        x = anchor.x() - self.width() // 2
        y = anchor.y() - self.height() // 2
        x = max(4, min(x, parent.width() - self.width() - 4))
        y = max(4, min(y, parent.height() - self.height() - 4))
        self.move(x, y)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes."""
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class NumberEditor(_Floating):
    """Type one number: ``w45 = [ 1 ]``.

    Signals
    -------
    submitted(str)
        Enter was pressed; the receiver applies the text or calls :meth:`show_error`.
    cancelled()
        Esc was pressed.
    focus_lost(str)
        The field lost focus (the receiver applies valid text and closes).
    """

    submitted = Signal(str)
    focus_lost = Signal(str)

    def __init__(self, parent: QWidget, error_colour: str = "#B3261E") -> None:
        super().__init__(parent)
        self._error_colour = error_colour
        self.name = QLabel()
        self.field = QLineEdit()
        self.field.setMinimumWidth(110)
        self.field.setObjectName("numberField")
        self.message = QLabel()
        self.message.setObjectName("numberMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.hint = QLabel("Enter applies · Esc cancels")
        self.hint.setObjectName("hint")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.name)
        row.addWidget(self.field, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        self.field.returnPressed.connect(lambda: self.submitted.emit(self.field.text()))
        self.field.installEventFilter(self)
        self.field.textEdited.connect(lambda _: self.clear_error())

    def open(self, name: str, text: str, anchor: QPoint) -> None:
        """Show the editor for ``name`` holding ``text``, selected, at ``anchor``."""
        self.name.setText(f"{name} =")
        self.field.setText(text)
        self.clear_error()
        self.show()
        self.raise_()
        self.place_at(anchor)
        self.field.setFocus(Qt.FocusReason.MouseFocusReason)
        self.field.selectAll()

    def show_error(self, message: str) -> None:
        """Refuse the text in place: mark the field and say why (the text stays)."""
        self.message.setText(message)
        self.message.setStyleSheet(f"color: {self._error_colour};")
        self.message.show()
        self.field.setStyleSheet(_ERROR_STYLE % self._error_colour)
        self.adjustSize()
        self.field.setFocus()
        self.field.selectAll()

    def clear_error(self) -> None:
        """Remove the refusal marks."""
        self.message.hide()
        self.field.setStyleSheet("")
        self.adjustSize()

    @property
    def error(self) -> str:
        """The message shown, or ``""``."""
        return self.message.text() if self.message.isVisibleTo(self) else ""

    def set_error_colour(self, colour: str) -> None:
        """The colour of refusals (it follows the theme)."""
        self._error_colour = colour

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in the field cancels; losing focus reports the text."""
        if watched is self.field:
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                if event.key() == Qt.Key.Key_Escape:
                    self.cancelled.emit()
                    return True
            elif event.type() == QEvent.Type.FocusOut and self.isVisible():
                self.focus_lost.emit(self.field.text())
        return super().eventFilter(watched, event)


class NeuronEditor(_Floating):
    """A neuron's bias and its layer's activation, with structure buttons.

    Signals
    -------
    bias_submitted(str)
        Enter in the bias field.
    activation_chosen(str)
        Another activation was picked for the neuron's layer.
    own_activation_chosen(str)
        The neuron's own activation was picked ("": its layer's).
    add_requested(), remove_requested()
        Add a neuron to this layer / remove this neuron.
    cancelled()
        Esc or the close button.
    """

    bias_submitted = Signal(str)
    activation_chosen = Signal(str)
    own_activation_chosen = Signal(str)
    add_requested = Signal()
    remove_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("editorTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.bias_name = QLabel("bias =")
        self.bias_field = QLineEdit()
        self.bias_field.setObjectName("biasField")
        self.bias_field.setMinimumWidth(100)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.activation = QComboBox()
        self.activation.setObjectName("activationBox")
        for name in ACTIVATION_NAMES:
            self.activation.addItem(name, name)
            index = self.activation.count() - 1
            self.activation.setItemData(
                index, ACTIVATIONS[name].formula, Qt.ItemDataRole.ToolTipRole
            )
        self.own_activation = QComboBox()
        self.own_activation.setObjectName("ownActivationBox")
        self.own_activation.setToolTip(
            "This neuron's own activation (element-wise ones only: softmax is a layer's)"
        )
        self.add_button = QPushButton("Add a neuron")
        self.remove_button = QPushButton("Remove this neuron")
        close = QPushButton("Close")
        grid = QVBoxLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setSpacing(5)
        grid.addWidget(self.title)
        bias_row = QHBoxLayout()
        bias_row.addWidget(self.bias_name)
        bias_row.addWidget(self.bias_field, 1)
        grid.addLayout(bias_row)
        grid.addWidget(self.message)
        activation_row = QHBoxLayout()
        self.activation_label = QLabel("layer activation")
        activation_row.addWidget(self.activation_label)
        activation_row.addWidget(self.activation, 1)
        grid.addLayout(activation_row)
        own_row = QHBoxLayout()
        own_row.addWidget(QLabel("this neuron"))
        own_row.addWidget(self.own_activation, 1)
        grid.addLayout(own_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        grid.addLayout(buttons)
        hint = QLabel("Enter applies the bias · Esc closes")
        hint.setObjectName("hint")
        grid.addWidget(hint)
        grid.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self._error_colour = "#B3261E"
        self.bias_field.returnPressed.connect(
            lambda: self.bias_submitted.emit(self.bias_field.text())
        )
        self.bias_field.textEdited.connect(lambda _: self.clear_error())
        self.activation.activated.connect(
            lambda index: self.activation_chosen.emit(self.activation.itemData(index))
        )
        self.own_activation.activated.connect(
            lambda index: self.own_activation_chosen.emit(self.own_activation.itemData(index))
        )
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button.clicked.connect(self.remove_requested)
        close.clicked.connect(self.cancelled)

    def open(
        self,
        title: str,
        bias_name: str,
        bias_text: str,
        activation: str,
        anchor: QPoint,
        structure_note: str = "",
        own_activation: str | None = None,
    ) -> None:
        """Show the panel for one neuron (``own_activation``: its own, if not the layer's)."""
        self.title.setText(title)
        self.bias_name.setText(f"{bias_name} =")
        self.bias_field.setText(bias_text)
        self.activation.setCurrentIndex(self.activation.findData(activation))
        self.show_own(activation, own_activation or activation)
        for button in (self.add_button, self.remove_button):
            button.setEnabled(not structure_note)
            button.setToolTip(structure_note)
        self.clear_error()
        self.show()
        self.raise_()
        self.place_at(anchor)
        self.bias_field.setFocus(Qt.FocusReason.MouseFocusReason)
        self.bias_field.selectAll()

    def show_own(self, layer_activation: str, own: str) -> None:
        """Offer the neuron's own choice beside ``layer_activation``, ``own`` selected."""
        self.own_activation.clear()
        coupled = not ACTIVATIONS[layer_activation].elementwise
        self.own_activation.addItem(f"the layer's ({layer_activation})", "")
        if not coupled:
            for name in ACTIVATION_NAMES:
                if ACTIVATIONS[name].elementwise and name != layer_activation:
                    self.own_activation.addItem(name, name)
                    self.own_activation.setItemData(
                        self.own_activation.count() - 1,
                        ACTIVATIONS[name].formula,
                        Qt.ItemDataRole.ToolTipRole,
                    )
        self.own_activation.setEnabled(not coupled)
        index = self.own_activation.findData("" if own == layer_activation else own)
        self.own_activation.setCurrentIndex(max(index, 0))

    def show_error(self, message: str) -> None:
        """Refuse the bias text in place."""
        self.message.setText(message)
        self.message.setStyleSheet(f"color: {self._error_colour};")
        self.message.show()
        self.bias_field.setStyleSheet(_ERROR_STYLE % self._error_colour)
        self.adjustSize()
        self.bias_field.setFocus()
        self.bias_field.selectAll()

    def clear_error(self) -> None:
        """Remove the refusal marks."""
        self.message.hide()
        self.bias_field.setStyleSheet("")
        self.adjustSize()

    def set_error_colour(self, colour: str) -> None:
        """The colour of refusals (it follows the theme)."""
        self._error_colour = colour
