"""One document drawn: its diagram scene and view, their controller, and its undo stack.

A :class:`DocumentView` is what a window shows of one document; a window shows one or two
of them side by side (:mod:`nnviz.qt.document_area`). Clicking into one makes its document
the active one (``activated``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nnviz.qt.appearance import Appearance
from nnviz.qt.diagram.scene import DiagramScene
from nnviz.qt.diagram.style import DiagramStyle
from nnviz.qt.diagram.view import DiagramView
from nnviz.qt.diagram_controller import DiagramController
from nnviz.qt.undo import attach_undo, detach_undo
from nnviz.session import Document


class DocumentView(QWidget):
    """The diagram of ``document`` (see the module docstring).

    Signals
    -------
    activated()
        The user clicked into the diagram (or it took the keyboard focus).
    message(str)
        Something to say in the status bar (a refusal, what is hovered).
    """

    activated = Signal()
    message = Signal(str)

    def __init__(
        self, document: Document, appearance: Appearance, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.undo_stack = attach_undo(document, self)
        self.scene = DiagramScene()
        self.scene.setParent(self)
        self.view = DiagramView(self.scene)
        self.view.setObjectName("diagramView")
        self.diagram = DiagramController(document, self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.diagram.message.connect(self.message)
        self.view.viewport().installEventFilter(self)
        self.view.installEventFilter(self)
        self._appearance = appearance
        appearance.changed.connect(self.set_style)
        stack = self.undo_stack
        self.destroyed.connect(lambda *_: stack.blockSignals(True))
        self.set_style(appearance.style)

    def set_style(self, style: DiagramStyle) -> None:
        """Paint in ``style`` (the window's theme and palette), at its text size."""
        self.scene.set_style(style)
        appearance = self._appearance
        self.view.set_text_scale(appearance.text_scale, fill=appearance.presenting)
        for editor in (self.diagram.number_editor, self.diagram.neuron_editor):
            editor.set_error_colour(style.theme.error)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A click or the focus in the diagram makes this document the active one."""
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.FocusIn):
            self.activated.emit()
        return False

    def release(self) -> None:
        """The view is going away while its document lives on: stop following it."""
        self._appearance.changed.disconnect(self.set_style)
        detach_undo(self.document)
