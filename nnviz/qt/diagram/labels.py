"""Edge labels (``w13 = 2``) of small networks, and the input image of large ones."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsPixmapItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from nnviz.qt.diagram.style import EDGE_LABEL_PX, NOTE_PX, DiagramStyle, font
from nnviz.qt.palette import hex_rgb


@dataclass
class EdgeLabel:
    """One edge's label: its rectangle, text, an optional note and its edge's colour."""

    rect: QRectF
    text: str
    note: str
    edge_colour: QColor
    highlighted: bool = False
    dimmed: bool = False


class EdgeLabelLayer(QGraphicsObject):
    """Paints every edge label of a small network."""

    def __init__(self) -> None:
        super().__init__()
        self._labels: list[EdgeLabel] = []
        self._style = DiagramStyle.default()
        self._rect = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_labels(self, labels: list[EdgeLabel], style: DiagramStyle) -> None:
        """Replace the labels."""
        rect = QRectF()
        for label in labels:
            rect = rect.united(label.rect.adjusted(-4, -4, 4, 4))
        self.prepareGeometryChange()
        self._labels = labels
        self._style = style
        self._rect = rect
        self.update()

    def boundingRect(self) -> QRectF:
        """The rectangle all labels lie in."""
        return self._rect

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Draw each label on a rounded background outlined in its edge's colour."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        style = self._style
        background = style.colour("surface", 235)
        text_colour = style.colour("text")
        for label in self._labels:
            border = QColor(style.accent) if label.highlighted else QColor(label.edge_colour)
            fill = QColor(background)
            colour = QColor(text_colour)
            if label.dimmed:
                border.setAlpha(80)
                fill.setAlpha(120)
                colour.setAlpha(110)
            painter.setPen(QPen(border, 2.5 if label.highlighted else 1.2))
            painter.setBrush(fill)
            painter.drawRoundedRect(label.rect, 5, 5)
            painter.setPen(colour)
            painter.setFont(font(EDGE_LABEL_PX, bold=label.highlighted))
            if label.note:
                top = QRectF(label.rect.left(), label.rect.top(), label.rect.width(), 18)
                painter.drawText(top, Qt.AlignmentFlag.AlignCenter, label.text)
                painter.setFont(font(NOTE_PX, bold=True))
                painter.setPen(style.accent)
                bottom = QRectF(label.rect.left(), top.bottom() - 2, label.rect.width(), 18)
                painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, label.note)
            else:
                painter.drawText(label.rect, Qt.AlignmentFlag.AlignCenter, label.text)


def image_pixels(
    values: NDArray[np.floating],
    shape: tuple[int, int],
    style: DiagramStyle,
    weights: NDArray[np.floating] | None = None,
) -> QImage:
    """Return the input image: 0 in the background colour, 1 in the text colour.

    Parameters
    ----------
    values : ndarray of float, shape (rows·columns,)
        Pixel intensities, 0 .. 1 (clipped; NaN shows as 0).
    shape : tuple of int
        ``(rows, columns)``.
    style : DiagramStyle
    weights : ndarray of float, shape (rows·columns,), optional
        One neuron's incoming weights, painted in the diverging palette as the background
        (the digit's ink stays on top, half transparent).

    Returns
    -------
    QImage
        ``columns`` × ``rows``, RGB888.
    """
    rows, columns = shape
    t = np.clip(np.nan_to_num(np.asarray(values, dtype=np.float64)), 0.0, 1.0).reshape(
        rows, columns
    )
    paper = np.array(hex_rgb(style.theme.surface), dtype=np.float64)
    ink = np.array(hex_rgb(style.theme.text), dtype=np.float64)
    if weights is not None:
        w = np.asarray(weights, dtype=np.float64)
        scale = float(np.max(np.abs(w))) or 1.0
        colours = style.palette.colours(w, scale, style.theme.surface).astype(np.float64)
        paper = colours.reshape(rows, columns, 3)
        t = t * 0.6
    rgb = paper + (ink - paper) * t[..., None]
    data = np.ascontiguousarray(np.clip(np.rint(rgb), 0, 255).astype(np.uint8))
    image = QImage(data.data, columns, rows, 3 * columns, QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: `data` is freed when this function returns


class InputImage(QGraphicsPixmapItem):
    """The input layer of an image network, one square per pixel."""

    def __init__(self) -> None:
        super().__init__()
        self.setTransformationMode(Qt.TransformationMode.FastTransformation)
        self.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)

    def show_image(self, image: QImage, rect: QRectF) -> None:
        """Show ``image`` stretched over ``rect`` (pixels stay sharp squares)."""
        self.setPixmap(QPixmap.fromImage(image))
        self.setOffset(0, 0)
        self.setPos(rect.topLeft())
        scale = rect.width() / max(image.width(), 1)
        self.setScale(scale)
        self.setVisible(True)
