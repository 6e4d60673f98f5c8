"""The Playground panel of one document: its data, its network's shape, and the plots.

The top chooses the data (a built-in set with its samples, noise, test share and seed, or
a CSV file) and the input features; "Build" makes a fresh network of the hidden layers
typed, for the data's inputs and task. Below, the data plot (the output's map with the
training and test points; click to add a point, right-click to remove one) and, for a
model of two parameters, the cost surface J(w, b) with the descent path.

Every change of data goes on the document's undo stack. The maps follow the weights as
they arrive from the training process (up to 25 times a second), and the same maps are
drawn on the diagram's nodes.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.activations import ACTIVATIONS
from nnviz.core.data import DataSet, DataSource
from nnviz.core.data.toys import FEATURE_TITLES, FEATURES, KINDS, TableSource, ToySource, raw_table
from nnviz.core.network import Network
from nnviz.present.playground.cost import cost_surface, has_cost_surface, parameters
from nnviz.present.playground.maps import (
    NeuronMaps,
    Plane,
    grid_inputs,
    neuron_maps,
    output_values,
    plane_for,
)
from nnviz.qt.binding import follow
from nnviz.qt.document_view import DocumentView
from nnviz.qt.playground.node_maps import NeuronMapsItem
from nnviz.qt.playground.plots import CostPlot, DataPlot
from nnviz.qt.playground.undo import DataHistory

#: The maps are recomputed at most this often (milliseconds).
REFRESH_MS = 40
HIDDEN_CHOICES = tuple(name for name, a in ACTIVATIONS.items() if a.hidden_choice)


def playground_network(
    data: DataSet, hidden: tuple[int, ...], activation: str, seed: int = 0
) -> Network:
    """A fresh network for ``data``: its inputs, ``hidden`` layers of ``activation``, and
    the output the task needs (softmax with cross-entropy for classes, the identity with
    squared error for values)."""
    if data.classifies:
        n_out, output, loss = data.n_classes, "softmax", "cross_entropy"
    else:
        n_out, output, loss = data.n_targets, "identity", "mse"
    method = ACTIVATIONS[activation].initialisation if hidden else "xavier"
    return Network.initialised(
        (data.n_inputs, *hidden, n_out),
        (*([activation] * len(hidden)), output),
        loss,
        seed=seed,
        method=method,
    )


def parse_hidden(text: str) -> tuple[int, ...]:
    """``"8 8"`` → (8, 8); ``""`` → () (ValueError in one line for anything else)."""
    sizes = []
    for word in text.replace(",", " ").split():
        if not word.isdigit() or not 1 <= int(word) <= 64:
            raise ValueError(f"hidden layer sizes are whole numbers 1 to 64, not {word!r}")
        sizes.append(int(word))
    if len(sizes) > 6:
        raise ValueError("at most 6 hidden layers in the playground")
    return tuple(sizes)


class PlaygroundPanel(QWidget):
    """The playground of one document (see the module docstring).

    Signals
    -------
    message(str)
        A line for the status bar (a refusal).
    """

    message = Signal(str)

    def __init__(self, view: DocumentView, open_csv: object = None) -> None:
        super().__init__()
        self.view = view
        self.document = view.document
        self.history = DataHistory(self.document, self)
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
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._refresh)
        self._timer.start()
        follow(self, self.document.data_changed, self._data_changed)
        follow(self, self.document.network_changed, self._network_changed)
        follow(self, self.document.training.network_arrived, self._arrived)
        self._data_changed(self.document.data)

    # -- building --------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        row = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.addItems(KINDS)
        self.kind.setCurrentText("spiral")
        # Shown when the document's data is not a built-in set (a lesson's, a CSV file, points
        # edited by hand): the chooser then claims nothing about it.
        self.kind.setPlaceholderText("a built-in set…")
        self.kind.setToolTip("the built-in set 'Use these points' makes")
        self.csv_button = QPushButton("CSV file…")
        row.addWidget(self.kind, 1)
        row.addWidget(self.csv_button)
        form.addRow("Data", row)
        numbers = QHBoxLayout()
        self.samples = QSpinBox()
        self.samples.setRange(4, 10_000)
        self.samples.setValue(1000)
        self.samples.setToolTip("points in all")
        self.noise = QDoubleSpinBox()
        self.noise.setRange(0, 1)
        self.noise.setSingleStep(0.05)
        self.noise.setValue(0.1)
        self.noise.setToolTip("noise, 0 to 1")
        self.test_share = QSpinBox()
        self.test_share.setRange(0, 90)
        self.test_share.setSuffix(" % test")
        self.test_share.setValue(20)
        self.seed = QSpinBox()
        self.seed.setRange(0, 9999)
        self.seed.setPrefix("seed ")
        # Two rows of two, so that the panel fits the dock's width at 1280×800.
        numbers.addWidget(self.samples)
        numbers.addWidget(self.noise)
        form.addRow("Points", numbers)
        split = QHBoxLayout()
        split.addWidget(self.test_share)
        split.addWidget(self.seed)
        form.addRow("", split)
        features = QGridLayout()
        self.feature_boxes: dict[str, QCheckBox] = {}
        for i, name in enumerate(FEATURES):
            box = QCheckBox(FEATURE_TITLES[name])
            box.setChecked(name in ("x1", "x2"))
            box.toggled.connect(self._features_toggled)
            self.feature_boxes[name] = box
            features.addWidget(box, i // 3, i % 3)
        form.addRow("Features", features)
        self.make_button = QPushButton("Use these points")
        self.make_button.setToolTip("make the points of this set (an undoable change)")
        self.click_class = QComboBox()
        self.click_class.addItems(["click adds blue", "click adds orange"])
        self.click_class.setToolTip("the class a click on the plot adds (Shift: the other)")
        network_row = QHBoxLayout()
        self.hidden = QLineEdit("8 8")
        self.hidden.setToolTip("hidden layer sizes, e.g. 8 8 (empty: no hidden layer)")
        self.activation = QComboBox()
        self.activation.addItems(HIDDEN_CHOICES)
        self.activation.setCurrentText("tanh")
        self.build_button = QPushButton("Build network")
        self.build_button.setToolTip("a fresh network of these layers for this data")
        network_row.addWidget(self.hidden, 1)
        network_row.addWidget(self.activation)
        form.addRow("Hidden", network_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.make_button)
        buttons.addWidget(self.build_button)
        form.addRow("", buttons)
        form.addRow("Clicks", self.click_class)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.plot = DataPlot()
        layout.addWidget(self.plot, 3)
        self.cost = CostPlot()
        layout.addWidget(self.cost, 2)
        self.cost.hide()
        self.make_button.clicked.connect(self.use_settings)
        self.build_button.clicked.connect(self.build_network)
        self.click_class.currentIndexChanged.connect(self._click_class)
        self.plot.points_edited.connect(self._points_edited)
        style = self.view.scene.diagram_style
        self.plot.set_palette(style.palette, style.theme.background, style.theme.text)
        self.cost.setBackground(style.theme.background)

    def _click_class(self, index: int) -> None:
        self.plot.click_class = index

    # -- what the controls do ---------------------------------------------------------------------

    def chosen_features(self) -> tuple[str, ...] | None:
        names = tuple(name for name, box in self.feature_boxes.items() if box.isChecked())
        return None if names in (("x1", "x2"), ("x1",)) else names

    def settings_source(self) -> ToySource:
        """The built-in set the controls describe (ValueError if they do not make one)."""
        features = self.chosen_features()
        kind = self.kind.currentText()
        if self.kind.currentIndex() < 0:
            raise ValueError("choose a built-in set first (Data)")
        if features is not None and kind in ("line", "sine", "threshold"):
            features = tuple(name for name in features if "x2" not in name) or None
            if features == ("x1",):
                features = None
        return ToySource(
            kind,
            self.samples.value(),
            self.noise.value(),
            self.test_share.value() / 100,
            self.seed.value(),
            features,
        )

    def use_settings(self) -> bool:
        """Train on the built-in set the controls describe."""
        try:
            source = self.settings_source()
        except ValueError as error:
            return self._refuse(str(error))
        return self.use(source, f"use the {source.kind} data")

    def use(self, source: DataSource, text: str) -> bool:
        """Make ``source`` the document's data set (one undo step; a network that does not
        fit it is replaced by a fresh one of the hidden layers typed)."""
        try:
            data = source.load()
            shape = source.shape()
            network = self.document.network
            refusal = (
                ""
                if shape is None
                else shape.refusal(network.input_size, network.output_size, source.describe())
            )
            playground = self.document.data is not None and raw_table(self.document.data)
            new_network = self._fresh(data) if refusal or not playground else None
        except ValueError as error:
            return self._refuse(str(error))
        stack = self.view.undo_stack
        stack.beginMacro(text)
        try:
            if new_network is not None:
                self.document.edits.set_network(new_network, "build a network for the data")
            stack.push(self.history.command(source, text))
        finally:
            stack.endMacro()
        self.message.emit("")
        return True

    def build_network(self) -> bool:
        """Replace the network by a fresh one of the hidden layers typed (undoable)."""
        if self._data is None:
            return self._refuse("Choose a data set first (Use these points, or a CSV file).")
        try:
            network = self._fresh(self._data)
        except ValueError as error:
            return self._refuse(str(error))
        self.document.training.reset()
        self._path = []
        self.document.edits.set_network(network, "build a network for the data")
        return True

    def _fresh(self, data: DataSet) -> Network:
        hidden = parse_hidden(self.hidden.text())
        return playground_network(data, hidden, self.activation.currentText(), self.seed.value())

    def _features_toggled(self, *_: object) -> None:
        table = self._table
        if table is None or table.n_raw > 2:
            return
        features = self.chosen_features()
        if features is not None and table.n_raw == 1:
            features = tuple(name for name in features if "x2" not in name) or None
        current = self.document.data
        if isinstance(current, ToySource):
            try:
                source: DataSource = ToySource(
                    current.kind,
                    current.n,
                    current.noise,
                    current.test_share,
                    current.seed,
                    features,
                )
            except ValueError as error:
                self._refuse(str(error))
                return
        else:
            try:
                source = table.with_features(features)
            except ValueError as error:
                self._refuse(str(error))
                return
        if source != current:
            self.use(source, "switch the input features")

    def _points_edited(self, inputs: np.ndarray, targets: np.ndarray, text: str) -> None:
        table = self._table
        if table is None:
            return
        name = table.name if table.name.endswith("(edited)") else f"{table.name} (edited)"
        try:
            source = table.with_points(inputs, targets, name)
        except ValueError as error:
            self._refuse(str(error))
            return
        self.use(source, text)

    def _refuse(self, text: str) -> bool:
        self.status.setText(text)
        self.message.emit(text)
        return False

    # -- following the document -------------------------------------------------------------------

    def _data_changed(self, source: DataSource | None) -> None:
        table = None if source is None else raw_table(source)
        self._table = table
        self._data = None
        self._plane = None
        self._grid = None
        self._path = []
        if table is not None:
            try:
                self._data = table.load()
            except ValueError as error:
                self._refuse(str(error))
                self._table = table = None
        if isinstance(source, ToySource):
            self._show_recipe(source)
        elif source is not None:
            self.kind.blockSignals(True)
            self.kind.setCurrentIndex(-1)
            self.kind.blockSignals(False)
        if table is not None:
            self._plane = plane_for(table)
            for name, box in self.feature_boxes.items():
                box.blockSignals(True)
                box.setChecked(name in (table.features or table.input_names[:2]))
                box.setEnabled(table.n_raw == 2 or "x2" not in name)
                box.blockSignals(False)
        self.plot.set_table(table, self._plane)
        self._say()
        self._dirty = True

    def _show_recipe(self, source: ToySource) -> None:
        """Set the controls to ``source``'s recipe (without acting on them)."""
        widgets = (self.kind, self.samples, self.noise, self.test_share, self.seed)
        for widget in widgets:
            widget.blockSignals(True)
        self.kind.setCurrentText(source.kind)
        self.samples.setValue(source.n)
        self.noise.setValue(source.noise)
        self.test_share.setValue(round(source.test_share * 100))
        self.seed.setValue(source.seed)
        for widget in widgets:
            widget.blockSignals(False)

    def _network_changed(self, *_: object) -> None:
        self._network = None
        self._dirty = True

    def _arrived(self, network: Network, kind: str) -> None:
        self._network = network
        if has_cost_surface(network):
            self._path.append(parameters(network))
        self._dirty = True

    def _say(self) -> None:
        table = self._table
        if table is None:
            source = self.document.data
            what = "no data set" if source is None else source.describe()
            self.status.setText(
                f"This document trains on {what}. Choose a set above and press Use these "
                "points to train a small network on data you can see."
            )
            return
        data = self._data
        assert data is not None
        plane = "" if self._plane is not None else " (more than two inputs: no map)"
        self.status.setText(
            f"{data.describe()}{plane}. Train ▸ Start (F5) trains it; the Training panel's "
            "Speed slows it down."
        )

    def _refresh(self) -> None:
        if not self._dirty or (not self.isVisible() and not self.view.isVisible()):
            return
        self._dirty = False
        started = time.perf_counter()
        network = self._network or self.document.network
        table, data, plane = self._table, self._data, self._plane
        if table is None or data is None or plane is None or network.input_size != data.n_inputs:
            self.maps = None
            self.node_maps.clear()
            self.plot.set_output(None, None)
            self.cost.hide()
            return
        if self._grid is None:
            self._grid = grid_inputs(table, data, plane)
        self.maps = neuron_maps(network, self._grid, plane)
        self.node_maps.set_maps(self.maps)
        self.plot.set_output(self.maps, output_values(self.maps, data.n_classes))
        if has_cost_surface(network):
            self._show_cost(network, data)
        else:
            self.cost.hide()
        self.repaints += 1
        self.repaint_seconds.append(time.perf_counter() - started)
        del self.repaint_seconds[:-200]

    def _show_cost(self, network: Network, data: DataSet) -> None:
        here = parameters(network)
        if not self._path or self._path[-1] != here:
            self._path.append(here)
        surface = self.cost.surface
        if (
            surface is None
            or not all(surface.contains(*p) for p in self._path[-1:])
            or self._dirty_surface(data)
        ):
            self.cost.set_surface(cost_surface(network, data, self._path))
            self._surface_data = data
        self.cost.set_path(self._path)
        self.cost.show()

    def _dirty_surface(self, data: DataSet) -> bool:
        return getattr(self, "_surface_data", None) is not data
