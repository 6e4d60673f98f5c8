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


def paint_diagram(painter: QPainter, scene: DiagramScene, size: QSize, legend: bool = True) -> None:
    """Paint the whole canvas of ``scene`` (and its legend) into ``(0, 0, size)``."""
    target = QRectF(0, 0, size.width(), size.height())
    painter.fillRect(target, QColor(scene.diagram_style.theme.background))
    with uncached(scene):
        scene.render(painter, target, scene.canvas_rect())
    if legend:
        info = scene.legend_info()
        box = legend_size(info)
        sx = size.width() / max(scene.canvas_rect().width(), 1.0)
        sy = size.height() / max(scene.canvas_rect().height(), 1.0)
        painter.save()
        painter.scale(sx, sy)
        rect = QRectF(
            10, scene.canvas_rect().height() - box.height() - 10, box.width(), box.height()
        )
        paint_legend(painter, rect, info, scene.diagram_style)
        painter.restore()


def render_png(scene: DiagramScene, scale: float = 1.0) -> bytes:
    """Return PNG bytes of the scene's canvas at ``scale`` × its size."""
    canvas = scene.canvas_rect()
    size = QSize(round(canvas.width() * scale), round(canvas.height() * scale))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(1.0)
    image.fill(QColor(scene.diagram_style.theme.background))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    paint_diagram(painter, scene, size)
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


def render_svg(scene: DiagramScene, title: str = "nnviz diagram") -> bytes:
    """Return SVG bytes of the scene's canvas (vector paths and text)."""
    canvas = scene.canvas_rect()
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
    paint_diagram(painter, scene, size)
    painter.end()
    buffer.close()
    return bytes(data.data())


def export_diagram(
    path: str | os.PathLike[str],
    scene: DiagramScene,
    scale: float = 1.0,
    title: str = "nnviz diagram",
) -> None:
    """Write the diagram to ``path``: PNG or SVG by its suffix, atomically.

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
        data = render_png(scene, scale)
    elif suffix == ".svg":
        data = render_svg(scene, title)
    else:
        raise ExportError(
            f"{target.name}: pictures end in .png or .svg, not {suffix or 'nothing'!r}"
        )

    atomic_write_bytes(target, data)
