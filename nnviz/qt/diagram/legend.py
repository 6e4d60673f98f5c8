"""The colour legend: what edge colour and width, and node colour, mean."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QLinearGradient, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from nnviz.core.notation import format_number
from nnviz.qt.diagram.scene import LegendInfo
from nnviz.qt.diagram.style import DiagramStyle, font

LEGEND_WIDTH = 292.0
BAR_HEIGHT = 10.0


def legend_lines(info: LegendInfo) -> list[str]:
    """The sentences under the colour bar."""
    lines = ["nodes: activation, scaled to the largest in its layer"]
    if info.edges_note:
        lines.extend(info.edges_note.splitlines())
    return lines


def legend_size(info: LegendInfo) -> QSize:
    """The size the legend needs."""
    metrics = QFontMetricsF(font(11))
    widest = max(metrics.horizontalAdvance(line) for line in legend_lines(info))
    width = max(LEGEND_WIDTH, widest + 24)
    return QSize(int(width), int(58 + 16 * len(legend_lines(info))))


def paint_legend(painter: QPainter, rect: QRectF, info: LegendInfo, style: DiagramStyle) -> None:
    """Paint the legend into ``rect`` (used on screen and in exported pictures)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    background = style.colour("surface", 230)
    painter.setPen(QPen(style.colour("outline", 90), 1.0))
    painter.setBrush(background)
    painter.drawRoundedRect(rect, 6, 6)
    left = rect.left() + 10
    width = rect.width() - 20
    painter.setPen(style.colour("text"))
    painter.setFont(font(12, bold=True))
    title = "edges: weight w (colour and width)"
    painter.drawText(QRectF(left, rect.top() + 5, width, 16), Qt.AlignmentFlag.AlignLeft, title)

    bar = QRectF(left, rect.top() + 24, width, BAR_HEIGHT)
    gradient = QLinearGradient(bar.topLeft(), bar.topRight())
    samples = np.linspace(-1.0, 1.0, 11)
    colours = style.palette.colours(samples, 1.0, style.theme.neutral, floor=0.3)
    for t, (r, g, b) in zip(np.linspace(0.0, 1.0, 11), colours, strict=True):
        gradient.setColorAt(float(t), QColor(int(r), int(g), int(b)))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(gradient)
    painter.drawRoundedRect(bar, 3, 3)

    painter.setFont(font(11))
    painter.setPen(style.colour("muted"))
    if info.weight_scale is None:
        low, middle, high = "−largest", "0", "+largest"
    else:
        scale = info.weight_scale
        low, middle, high = format_number(-scale), "0", format_number(scale)
    ticks = QRectF(left, bar.bottom() + 1, width, 15)
    painter.drawText(ticks, Qt.AlignmentFlag.AlignLeft, f"{low}  (negative)")
    painter.drawText(ticks, Qt.AlignmentFlag.AlignHCenter, middle)
    painter.drawText(ticks, Qt.AlignmentFlag.AlignRight, f"(positive)  {high}")
    y = ticks.bottom() + 2
    for line in legend_lines(info):
        painter.drawText(QRectF(left, y, width, 15), Qt.AlignmentFlag.AlignLeft, line)
        y += 16
    painter.restore()


class LegendWidget(QWidget):
    """The legend floating over a corner of the diagram."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._info = LegendInfo(1.0, "")
        self._style = DiagramStyle.default()
        self._scale = 1.0
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self._resize()

    def show_info(self, info: LegendInfo, style: DiagramStyle) -> None:
        """Explain ``info`` in ``style``."""
        self._info = info
        self._style = style
        self._resize()
        self.update()

    def set_scale(self, scale: float) -> None:
        """Draw the legend ``scale`` times larger (the diagram's text size)."""
        if scale != self._scale:
            self._scale = scale
            self._resize()
            self.update()

    def _resize(self) -> None:
        size = legend_size(self._info)
        self.resize(round(size.width() * self._scale), round(size.height() * self._scale))

    @property
    def info(self) -> LegendInfo:
        """What the legend explains."""
        return self._info

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the legend."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(self._scale, self._scale)
        rect = QRectF(0, 0, self.width() / self._scale, self.height() / self._scale)
        paint_legend(painter, rect.adjusted(0.5, 0.5, -0.5, -0.5), self._info, self._style)
        painter.end()
