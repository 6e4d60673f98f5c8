"""Transport icons (start, back, play, pause, forward, end) drawn in the theme's text colour.

Qt's standard media icons are dark grey whatever the theme, and vanish on the dark one; these
are drawn from a few triangles and bars at the device pixel ratio of the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPixmap, QPolygonF

SIZE = 20


def _triangle(painter: QPainter, left: float, width: float, pointing_right: bool) -> None:
    top, bottom, middle = 4.0, SIZE - 4.0, SIZE / 2
    if pointing_right:
        points = [QPointF(left, top), QPointF(left + width, middle), QPointF(left, bottom)]
    else:
        points = [QPointF(left + width, top), QPointF(left, middle), QPointF(left + width, bottom)]
    painter.drawPolygon(QPolygonF(points))


def _bar(painter: QPainter, left: float, width: float = 2.5) -> None:
    painter.drawRect(QRectF(left, 4.0, width, SIZE - 8.0))


def transport_icon(kind: str, colour: str) -> QIcon:
    """An icon for ``kind`` in ``colour``.

    Parameters
    ----------
    kind : {"start", "back", "play", "pause", "forward", "end"}
    colour : str
        ``"#RRGGBB"``.
    """
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    pixmap = QPixmap(round(SIZE * ratio), round(SIZE * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    if kind == "start":
        _bar(painter, 4.0)
        _triangle(painter, 7.0, 9.0, pointing_right=False)
    elif kind == "back":
        _triangle(painter, 2.5, 7.5, pointing_right=False)
        _triangle(painter, 10.0, 7.5, pointing_right=False)
    elif kind == "play":
        _triangle(painter, 5.5, 10.0, pointing_right=True)
    elif kind == "pause":
        _bar(painter, 5.5, 3.5)
        _bar(painter, 11.0, 3.5)
    elif kind == "forward":
        _triangle(painter, 2.5, 7.5, pointing_right=True)
        _triangle(painter, 10.0, 7.5, pointing_right=True)
    elif kind == "end":
        _triangle(painter, 4.0, 9.0, pointing_right=True)
        _bar(painter, 13.5)
    else:
        painter.end()
        raise ValueError(f"no transport icon {kind!r}")
    painter.end()
    return QIcon(pixmap)
