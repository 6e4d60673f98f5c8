"""A scroll area that is as tall as its content while there is room (the Step panel's sections)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy


class FittingScrollArea(QScrollArea):
    """A scroll area as tall as its content when there is room, scrolling when not."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        """The content's height (nothing when every section is hidden)."""
        widget = self.widget()
        height = 0
        if widget is not None:
            # Wrapped text is as tall as the width it gets, not as its preferred width.
            height = widget.heightForWidth(self.viewport().width())
            if height < 0:
                height = widget.sizeHint().height()
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:
        """Small: the sections scroll rather than push the history away."""
        return QSize(super().minimumSizeHint().width(), min(self.sizeHint().height(), 120))
