"""What each first-layer neuron looks for: its 784 weights as a 28×28 picture, all at once.

A panel (beside the Network and Training panels) showing one tile per neuron of the first
hidden layer, each its incoming weights laid out as the input image, in the diagram's
diverging palette (each tile scaled to its own largest |w|, so that every neuron's pattern
shows). It follows the session's network, so during training it changes a few times a
second along with the diagram; clicking a tile selects that neuron on the diagram (its
edges, and its weights tinting the input image there).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from nnviz.core.data import load
from nnviz.core.network import Network
from nnviz.present.training.analysis import neuron_preferences
from nnviz.qt.binding import follow
from nnviz.qt.diagram.scene import DiagramScene
from nnviz.session import Document

#: Pixels between tiles in the picture (before it is scaled to the panel).
GAP = 1


def tiles_image(
    weights: NDArray[np.floating], shape: tuple[int, int], columns: int, colours: object
) -> QImage:
    """All neurons' weight pictures in one image.

    Parameters
    ----------
    weights : ndarray, shape (rows·cols, n)
        The first layer's weights, one column per neuron.
    shape : tuple of int
        ``(rows, cols)`` of the input image.
    columns : int
        Tiles per row.
    colours : callable
        ``colours(values, scale) -> ndarray of uint8, shape (k, 3)``.

    Returns
    -------
    QImage
        RGB888, ``columns × (cols + GAP)`` wide.
    """
    rows, cols = shape
    n = weights.shape[1]
    tile_rows = math.ceil(n / columns)
    height, width = tile_rows * (rows + GAP), columns * (cols + GAP)
    data = np.full((height, width, 3), 128, dtype=np.uint8)
    scale = np.max(np.abs(weights), axis=0)
    for j in range(n):
        r, c = divmod(j, columns)
        rgb = colours(weights[:, j], float(scale[j]) or 1.0)  # type: ignore[operator]
        top, left = r * (rows + GAP), c * (cols + GAP)
        data[top : top + rows, left : left + cols] = rgb.reshape(rows, cols, 3)
    data = np.ascontiguousarray(data)
    image = QImage(data.data, width, height, 3 * width, QImage.Format.Format_RGB888)
    return image.copy()


class WeightTiles(QWidget):
    """The tiles, scaled to fit, with the selected neuron outlined.

    Signals
    -------
    chosen(int)
        The neuron (0-based) whose tile was clicked.
    """

    chosen = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("weightTiles")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)
        self.image: QImage | None = None
        self.columns = 10
        self.count = 0
        self.tile = (28, 28)
        self.selected: int | None = None
        #: Each tile's class preference (the class whose test images activate its neuron
        #: most), written in its corner, and how strong it is (in standard deviations).
        self.preferences: list[str] | None = None
        self.strengths: list[float] | None = None
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        """About 3 screen pixels per weight."""
        return QSize(300, 300)

    def _target(self) -> QRect:
        if self.image is None:
            return QRect()
        w, h = self.image.width(), self.image.height()
        factor = min(self.width() / w, self.height() / h)
        if factor >= 1:
            factor = math.floor(factor)  # whole screen pixels per weight stay sharp
        size = QSize(int(w * factor), int(h * factor))
        return QRect(QPoint((self.width() - size.width()) // 2, 0), size)

    def tile_at(self, point: QPoint) -> int | None:
        """The neuron whose tile is at ``point`` (widget pixels), or None."""
        target = self._target()
        if self.image is None or not target.contains(point):
            return None
        x = (point.x() - target.left()) * self.image.width() / target.width()
        y = (point.y() - target.top()) * self.image.height() / target.height()
        rows, cols = self.tile
        j = int(y // (rows + GAP)) * self.columns + int(x // (cols + GAP))
        return j if 0 <= j < self.count else None

    def paintEvent(self, event: QPaintEvent) -> None:
        """The picture, pixels kept sharp, and the selected tile outlined."""
        if self.image is None:
            return
        painter = QPainter(self)
        target = self._target()
        painter.drawImage(target, self.image)
        rows, cols = self.tile
        sx = target.width() / self.image.width()
        sy = target.height() / self.image.height()
        if self.preferences is not None and cols * sx >= 18:
            font = painter.font()
            font.setPixelSize(max(9, min(13, int(cols * sx / 3))))
            font.setBold(True)
            painter.setFont(font)
            for j, text in enumerate(self.preferences):
                r, c = divmod(j, self.columns)
                x = int(target.left() + c * (cols + GAP) * sx)
                y = int(target.top() + r * (rows + GAP) * sy)
                box = painter.fontMetrics().boundingRect(text).adjusted(-2, 0, 2, 0)
                box.moveTopLeft(QPoint(x + 1, y + 1))
                painter.fillRect(box, QColor(255, 255, 255, 190))
                painter.setPen(QColor("#202020"))
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        if self.selected is not None:
            r, c = divmod(self.selected, self.columns)
            painter.setPen(QPen(QColor("#009E73"), 2))
            painter.drawRect(
                int(target.left() + c * (cols + GAP) * sx) - 1,
                int(target.top() + r * (rows + GAP) * sy) - 1,
                int(cols * sx) + 2,
                int(rows * sy) + 2,
            )
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Choose the neuron under the mouse."""
        j = self.tile_at(event.position().toPoint())
        if j is not None and event.button() == Qt.MouseButton.LeftButton:
            self.chosen.emit(j)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Name the neuron under the mouse."""
        j = self.tile_at(event.position().toPoint())
        if j is None:
            self.setToolTip("")
            return
        text = f"hidden neuron {j + 1}"
        if (
            self.preferences is not None
            and self.strengths is not None
            and j < len(self.preferences)
        ):
            text += (
                f": fires most for “{self.preferences[j]}” ({self.strengths[j]:+.1f} σ above "
                "its mean over the test images)"
            )
        self.setToolTip(text + "; click to select it")


class WeightsPanel(QWidget):
    """The first layer's weight pictures (see the module docstring)."""

    def __init__(self, document: Document, scene: DiagramScene) -> None:
        super().__init__()
        self.setObjectName("weightsPanel")
        self.document = document
        self.scene = scene
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.tiles = WeightTiles()
        self.tiles.chosen.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.note)
        layout.addWidget(self.tiles, 1)
        self._dirty = True
        #: Whether the panel's tab is the one shown (set from its dock's visibilityChanged:
        #: a dock in a tab that is not current still counts as visible to Qt).
        self.on_screen = False
        follow(self, document.network_changed, self._changed)
        follow(self, document.description_changed, self._changed)
        follow(self, document.view_changed, self._show_selection)
        scene.redrawn.connect(self._style_maybe_changed)
        self._palette_key = ""

    def _changed(self, *_: object) -> None:
        self._dirty = True
        if self.on_screen:
            self.refresh()

    def set_on_screen(self, shown: bool) -> None:
        """The panel's tab was shown or hidden (catch up with the network if it changed)."""
        self.on_screen = shown
        if shown and self._dirty:
            self.refresh()

    def _style_maybe_changed(self) -> None:
        style = self.scene.diagram_style
        key = f"{style.theme.key}/{style.palette.key}"
        if key != self._palette_key:
            self._palette_key = key
            self._changed()

    def refresh(self) -> None:
        """Draw the tiles of the document's network."""
        self._dirty = False
        network = self.document.network
        shape = self.document.description.input_image_shape
        if shape is None or network.n_layers < 3:
            self.note.setText(
                "Each first-layer neuron's weights drawn as the input image: shown for "
                "networks whose input is an image and that have a hidden layer (MNIST)."
            )
            self.tiles.image = None
            self.tiles.update()
            return
        weights = network.weights[0]
        n = weights.shape[1]
        style = self.scene.diagram_style
        neutral = style.theme.surface

        def colours(values: NDArray[np.floating], scale: float) -> NDArray[np.uint8]:
            return style.palette.colours(np.asarray(values, np.float64), scale, neutral)

        columns = max(1, math.ceil(math.sqrt(n)))
        self.tiles.columns = columns
        self.tiles.count = n
        self.tiles.tile = shape
        self.tiles.image = tiles_image(weights, shape, columns, colours)
        self._find_preferences(network)
        self.note.setText(
            f"The {n} neurons of hidden layer 1: each one's {weights.shape[0]} incoming weights "
            "as the input image (positive and negative in the diagram's colours, each tile "
            "scaled to its own largest |w|); in its corner the class it fires most for. Click "
            "one to select it on the diagram."
        )
        self._show_selection()

    def _find_preferences(self, network: Network) -> None:
        """Each neuron's class (on 2,000 test images; nothing when there is no data)."""
        self.tiles.preferences = self.tiles.strengths = None
        source = self.document.data
        if source is None:
            return
        try:
            data = load(source, "test")
            if data.n_inputs != network.input_size or data.test_targets.ndim != 1:
                return
            classes, strength = neuron_preferences(network, data)
        except ValueError:
            return
        names = data.class_names or tuple(str(k) for k in range(data.n_classes))
        self.tiles.preferences = [names[int(k)] for k in classes]
        self.tiles.strengths = [float(s) for s in strength]

    def _show_selection(self, *_: object) -> None:
        selected = self.document.view.selected
        self.tiles.selected = selected[1] if selected is not None and selected[0] == 1 else None
        self.tiles.update()

    def _chosen(self, neuron: int) -> None:
        self.document.set_view(selected=(1, neuron))
