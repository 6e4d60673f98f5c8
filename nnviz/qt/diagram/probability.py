"""Probability bars: behind an output node's side label, a bar as long as the probability
the output gives (the label says it as a percentage, :mod:`nnviz.present.diagram.outputs`),
so the class the network picks, and how sure it is, reads at a glance."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from nnviz.qt.diagram.style import DiagramStyle


@dataclass(frozen=True)
class ProbabilityBar:
    """A bar: the room it may fill, the probability (0 … 1), and whether it is the
    largest of its layer (drawn stronger)."""

    rect: QRectF
    probability: float
    largest: bool = False


def paint_probability_bars(
    painter: QPainter, bars: list[ProbabilityBar], style: DiagramStyle
) -> None:
    """Paint ``bars`` (before the labels, which are written over them)."""
    if not bars:
        return
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    track = QColor(style.colour("outline", 40))
    for bar in bars:
        painter.setBrush(track)
        painter.drawRoundedRect(bar.rect, 3, 3)
        if bar.probability <= 0:
            continue
        fill = QColor(style.accent)
        fill.setAlpha(150 if bar.largest else 80)
        filled = QRectF(bar.rect)
        filled.setWidth(max(bar.rect.width() * bar.probability, 1.5))
        painter.setBrush(fill)
        painter.drawRoundedRect(filled, 3, 3)
    painter.restore()
