"""Small helpers for the analysis pages' widgets."""

from __future__ import annotations

from typing import TypeVar

import pyqtgraph as pg
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QWidget

Named = TypeVar("Named", bound=QObject)


def named(widget: Named, name: str) -> Named:
    """``widget`` with its object name set (tests and style sheets find it by that)."""
    widget.setObjectName(name)
    return widget


def analysis_plot(page: QWidget, name: str, left: str, bottom: str) -> pg.PlotWidget:
    """A still pyqtgraph plot in the page's colours, its axes titled, with no SI prefix
    (pyqtgraph would write σ 0.1 … 0.5 as 100 … 500 "(x0.001)")."""
    plot = named(pg.PlotWidget(background=page.palette().base().color()), name)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.setMouseEnabled(False, False)
    item = plot.getPlotItem()
    pen = pg.mkPen(page.palette().text().color())
    for axis, title in (("left", left), ("bottom", bottom)):
        item.getAxis(axis).enableAutoSIPrefix(False)
        item.getAxis(axis).setPen(pen)
        item.getAxis(axis).setTextPen(pen)
        item.setLabel(axis, title)
    item.showGrid(x=True, y=True, alpha=0.2)
    return plot


def colour_key(*entries: tuple[str, str]) -> QLabel:
    """A one-line key of bar colours, ``(colour, what)`` each, above a plot (a legend
    inside the plot sat on the bars)."""
    text = "&nbsp;&nbsp;&nbsp;".join(
        f'<span style="color:{colour}">■</span>&nbsp;{what}' for colour, what in entries
    )
    return QLabel(text)
