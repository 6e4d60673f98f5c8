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

import numpy as np
from PySide6.QtCore import Signal
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

from nnviz.core.data import DataSet, DataSource
from nnviz.core.data.toys import FEATURE_TITLES, FEATURES, KINDS, TableSource, ToySource, raw_table
from nnviz.core.network import Network
from nnviz.present.playground.maps import (
    NeuronMaps,
    Plane,
    plane_for,
)
from nnviz.present.playground.network import HIDDEN_CHOICES, parse_hidden, playground_network
from nnviz.qt.binding import follow
from nnviz.qt.document_view import DocumentView
from nnviz.qt.playground.map_refresh import PlaygroundMaps
from nnviz.qt.playground.plots import CostPlot, DataPlot
from nnviz.qt.playground.undo import DataHistory


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
        self._table: TableSource | None = None
        self._data: DataSet | None = None
        self._plane: Plane | None = None
        self._build()
        self._maps = PlaygroundMaps(self, view, self.plot, self.cost)
        self.node_maps = self._maps.node_maps
        follow(self, self.document.data_changed, self._data_changed)
        follow(self, self.document.network_changed, self._network_changed)
        follow(self, self.document.training.network_arrived, self._arrived)
        self._data_changed(self.document.data)

    @property
    def maps(self) -> NeuronMaps | None:
        """The maps shown (None: no data set of at most two raw inputs, or not drawn yet)."""
        return self._maps.maps

    @property
    def repaints(self) -> int:
        """How many times the maps were recomputed."""
        return self._maps.repaints

    @property
    def descent_path(self) -> list[tuple[float, float]]:
        """The (w, b) the model of two parameters went through, oldest first."""
        return self._maps.descent_path

    @property
    def repaint_seconds(self) -> list[float]:
        """The seconds each of the last 200 recomputations took."""
        return self._maps.repaint_seconds

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
        self._maps.forget_path()
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
        self._maps.set_data(self._table, self._data, self._plane)

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
        self._maps.network_changed()

    def _arrived(self, network: Network, kind: str) -> None:
        self._maps.arrived(network)

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
