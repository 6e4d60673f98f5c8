"""The playground's maps: each neuron's output over the data's plane, recomputed as the
weights change.

The maps are drawn on the data plot (the output's), on the diagram's nodes (every
neuron's) and, for a model of two parameters, as the cost surface J(w, b) with the descent
path. They are recomputed at most every :data:`REFRESH_MS` milliseconds, only when
something changed and the panel or the diagram shows: weights arrive from the training
process up to 25 times a second.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from nnviz.core.data import DataSet
from nnviz.core.data.toys import TableSource
from nnviz.core.network import Network
from nnviz.present.playground.cost import cost_surface, has_cost_surface, parameters
from nnviz.present.playground.maps import (
    NeuronMaps,
    Plane,
    grid_inputs,
    neuron_maps,
    output_values,
)
from nnviz.qt.document_view import DocumentView
from nnviz.qt.playground.node_maps import NeuronMapsItem
from nnviz.qt.playground.plots import CostPlot, DataPlot

__all__ = ["REFRESH_MS", "PlaygroundMaps"]

#: The maps are recomputed at most this often (milliseconds).
REFRESH_MS = 40


class PlaygroundMaps(QObject):
    """The maps of one document's playground (see the module docstring).

    Parameters
    ----------
    panel : QWidget
        The playground panel (the parent; the maps are drawn while it or the diagram shows).
    view : DocumentView
        The document's view, whose diagram shows the maps on its nodes.
    plot, cost : DataPlot, CostPlot
        The panel's data plot and cost surface.

    Attributes
    ----------
    maps : NeuronMaps or None
        The maps shown (None: no plane, or a network that does not fit the data).
    repaints : int
        How many times the maps were recomputed.
    repaint_seconds : list of float
        The seconds each of the last 200 recomputations took.
    """

    def __init__(self, panel: QWidget, view: DocumentView, plot: DataPlot, cost: CostPlot) -> None:
        super().__init__(panel)
        self._panel = panel
        self._view = view
        self._document = view.document
        self._plot = plot
        self._cost = cost
        self.node_maps = NeuronMapsItem(view.scene)
        self.maps: NeuronMaps | None = None
        self.repaints = 0
        self.repaint_seconds: list[float] = []
        self._table: TableSource | None = None
        self._data: DataSet | None = None
        self._plane: Plane | None = None
        self._grid: np.ndarray | None = None
        self._network: Network | None = None
        self._dirty = True
        self._path: list[tuple[float, float]] = []
        self._surface_data: DataSet | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    @property
    def descent_path(self) -> list[tuple[float, float]]:
        """The (w, b) the model of two parameters went through, oldest first."""
        return self._path

    def set_data(
        self, table: TableSource | None, data: DataSet | None, plane: Plane | None
    ) -> None:
        """Map ``data`` (read from ``table``) over ``plane`` from now on (None: no map);
        the descent path starts again."""
        self._table, self._data, self._plane = table, data, plane
        self._grid = None
        self._path = []
        self._dirty = True

    def forget_path(self) -> None:
        """Start the descent path again (a fresh network)."""
        self._path = []

    def network_changed(self) -> None:
        """The document's network changed: map it (not the last weights a run sent)."""
        self._network = None
        self._dirty = True

    def arrived(self, network: Network) -> None:
        """Weights arrived from a run: map them, and extend the descent path."""
        self._network = network
        if has_cost_surface(network):
            self._path.append(parameters(network))
        self._dirty = True

    def refresh(self) -> None:
        """Recompute and show the maps, if something changed and the panel or the diagram
        shows (the timer calls this every :data:`REFRESH_MS`)."""
        if not self._dirty or (not self._panel.isVisible() and not self._view.isVisible()):
            return
        self._dirty = False
        started = time.perf_counter()
        network = self._network or self._document.network
        table, data, plane = self._table, self._data, self._plane
        if table is None or data is None or plane is None or network.input_size != data.n_inputs:
            self.maps = None
            self.node_maps.clear()
            self._plot.set_output(None, None)
            self._cost.hide()
            return
        if self._grid is None:
            self._grid = grid_inputs(table, data, plane)
        self.maps = neuron_maps(network, self._grid, plane)
        self.node_maps.set_maps(self.maps)
        self._plot.set_output(self.maps, output_values(self.maps, data.n_classes))
        if has_cost_surface(network):
            self._show_cost(network, data)
        else:
            self._cost.hide()
        self.repaints += 1
        self.repaint_seconds.append(time.perf_counter() - started)
        del self.repaint_seconds[:-200]

    def _show_cost(self, network: Network, data: DataSet) -> None:
        here = parameters(network)
        if not self._path or self._path[-1] != here:
            self._path.append(here)
        surface = self._cost.surface
        if (
            surface is None
            or not all(surface.contains(*p) for p in self._path[-1:])
            or self._dirty_surface(data)
        ):
            self._cost.set_surface(cost_surface(network, data, self._path))
            self._surface_data = data
        self._cost.set_path(self._path)
        self._cost.show()

    def _dirty_surface(self, data: DataSet) -> bool:
        return self._surface_data is not data
