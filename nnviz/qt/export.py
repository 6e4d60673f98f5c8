"""Pictures of the diagram: PNG (raster) and SVG (vector, through QSvgGenerator).

pyqtgraph 0.14's SVG exporter fails with recent Qt, so SVG goes through Qt's own
QSvgGenerator: the scene is rendered with a QPainter on the generator, so edges, boxes and
text stay vectors. Both formats are written atomically (a temporary file, then a rename).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from nnviz.core.fileio import atomic_write_bytes
from nnviz.qt.diagram.legend import legend_size, paint_legend
from nnviz.qt.diagram.scene import DiagramScene

#: Picture formats by file suffix.
EXPORT_SUFFIXES = (".png", ".svg")
#: Room around a tightly framed picture (scene pixels).
TIGHT_MARGIN = 12.0


class ExportError(ValueError):
    """A picture that cannot be written; ``str()`` is one line for the user."""


@contextlib.contextmanager
def uncached(scene: DiagramScene) -> Iterator[None]:
    """Paint items directly while exporting: a cached item would be embedded as a bitmap."""
    modes = [(item, item.cacheMode()) for item in scene.items()]
    for item, _ in modes:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        yield
    finally:
        for item, mode in modes:
            item.setCacheMode(mode)


def frame(scene: DiagramScene, tight: bool = False) -> QRectF:
    """What a picture shows: the whole canvas, or (``tight``, for a slide) only what is
    drawn on it and a small margin."""
    canvas = scene.canvas_rect()
    boxes = list(scene.box_rects().values()) + list(scene.label_rects().values())
    if not tight or not boxes:
        return canvas
    drawn = boxes[0]
    for rect in boxes[1:]:
        drawn = drawn.united(rect)
    # The layer titles above, the notes under the nodes (δ5 = …), the targets on the right.
    drawn.setTop(canvas.top())
    drawn.setBottom(drawn.bottom() + 22)
    drawn.setRight(drawn.right() + scene.side_width)
    drawn = drawn.intersected(canvas)
    return drawn.adjusted(-TIGHT_MARGIN, -TIGHT_MARGIN, TIGHT_MARGIN, TIGHT_MARGIN)


def paint_diagram(
    painter: QPainter, scene: DiagramScene, size: QSize, legend: bool = True, tight: bool = False
) -> None:
    """Paint the canvas of ``scene`` (all of it, or tightly framed without the legend, for
    a slide) and its legend into ``(0, 0, size)``."""
    target = QRectF(0, 0, size.width(), size.height())
    source = frame(scene, tight)
    painter.fillRect(target, QColor(scene.diagram_style.theme.background))
    with uncached(scene):
        scene.render(painter, target, source)
    if legend and not tight:
        info = scene.legend_info()
        box = legend_size(info)
        sx = size.width() / max(source.width(), 1.0)
        sy = size.height() / max(source.height(), 1.0)
        painter.save()
        painter.scale(sx, sy)
        rect = QRectF(10, source.height() - box.height() - 10, box.width(), box.height())
        paint_legend(painter, rect, info, scene.diagram_style)
        painter.restore()


def render_png(scene: DiagramScene, scale: float = 1.0, tight: bool = False) -> bytes:
    """Return PNG bytes of the scene's canvas (or its tight frame) at ``scale`` × its size."""
    canvas = frame(scene, tight)
    size = QSize(round(canvas.width() * scale), round(canvas.height() * scale))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(1.0)
    image.fill(QColor(scene.diagram_style.theme.background))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    paint_diagram(painter, scene, size, tight=tight)
    painter.end()
    return png_bytes(image)


def png_bytes(image: QImage) -> bytes:
    """Encode ``image`` as PNG bytes (to be written atomically, never straight to a file)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 wants a str at run time although its stubs say bytes.
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise ExportError("the picture could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())


def render_svg(scene: DiagramScene, title: str = "nnviz diagram", tight: bool = False) -> bytes:
    """Return SVG bytes of the scene's canvas or its tight frame (vector paths and text)."""
    canvas = frame(scene, tight)
    size = QSize(round(canvas.width()), round(canvas.height()))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    # One SVG unit per diagram pixel: the resolution matches a 96 dpi screen.
    generator.setResolution(96)
    generator.setTitle(title)
    generator.setDescription("A neural network drawn by nnviz")
    painter = QPainter(generator)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    paint_diagram(painter, scene, size, tight=tight)
    painter.end()
    buffer.close()
    return bytes(data.data())


def export_diagram(
    path: str | os.PathLike[str],
    scene: DiagramScene,
    scale: float = 1.0,
    title: str = "nnviz diagram",
    tight: bool = False,
) -> None:
    """Write the diagram to ``path``: PNG or SVG by its suffix, atomically (``tight``:
    framed closely around what is drawn, without the legend, for a slide).

    Raises
    ------
    ExportError
        For another suffix.
    OSError
        If the file cannot be written (an existing file is left as it was).
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".png":
        data = render_png(scene, scale, tight)
    elif suffix == ".svg":
        data = render_svg(scene, title, tight)
    else:
        raise ExportError(
            f"{target.name}: pictures end in .png or .svg, not {suffix or 'nothing'!r}"
        )

    atomic_write_bytes(target, data)
