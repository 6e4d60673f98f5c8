"""The Surgery page: change a trained network and see the test accuracy and loss before →
after, per class too.

Prune the smallest weights, add weight noise, set a softmax temperature here; switch a
neuron off, scale its incoming weights or shift its bias from the diagram's right-click
menu (:mod:`.surgery`). Each change is one edit through the document's edit API, so
Edit ▸ Undo restores the network exactly; the numbers come from
:func:`nnviz.present.training.surgery.before_after`, computed off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.data import DataSet, load
from nnviz.core.network import Network
from nnviz.core.surgery import Prune, Surgery, Temperature, WeightNoise
from nnviz.present.training.surgery import BeforeAfter, Score, before_after, score
from nnviz.qt.binding import follow
from nnviz.qt.training.background import LatestJob
from nnviz.qt.training.widgets import analysis_plot, colour_key, named
from nnviz.session import Document

#: Bar colours: before (grey), after (blue; Okabe–Ito).
BEFORE_COLOUR = "#999999"
AFTER_COLOUR = "#0072B2"
#: The page's buttons (the menu items are longer: they stand alone).
BUTTON_TEXTS = {"prune": "Prune", "noise": "Add noise", "temperature": "Apply T"}


class SurgeryPage(QWidget):
    """The Surgery page of one document (see the module docstring).

    Attributes
    ----------
    result : BeforeAfter or None
        The last surgery's numbers (None before the first).
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surgeryPage")
        self.document = document
        self.data: DataSet | None = None
        self.result: BeforeAfter | None = None
        self._before: tuple[Network, Score] | None = None
        self.job = LatestJob(self)
        self.job.done.connect(self._computed)
        self.job.failed.connect(lambda error: self._say(f"No before → after: {error}"))

        intro = QLabel(
            "Change the trained network and watch the test set's answer. Each change is one "
            "edit: <b>Edit ▸ Undo</b> puts the network back exactly. Right-click a neuron on "
            "the diagram to switch it off, scale the weights into it or shift its bias."
        )
        intro.setWordWrap(True)

        self.prune_share = named(QSpinBox(suffix=" %", minimum=0, maximum=100), "pruneShare")
        self.prune_share.setValue(50)
        self.prune_share.setToolTip("The share of the weights, smallest in size first, set to 0")
        self.prune_scope = named(QComboBox(), "pruneScope")
        self.prune_scope.addItem("in each layer", "layer")
        self.prune_scope.addItem("over all layers", "global")
        self.prune_scope.setToolTip(
            "In each layer: every layer loses the same share. Over all layers: one threshold "
            "for the whole network, so a layer of small weights loses more."
        )
        self.noise_sigma = named(QDoubleSpinBox(decimals=3, singleStep=0.01), "noiseSigma")
        self.noise_sigma.setRange(0.0, 10.0)
        self.noise_sigma.setValue(0.05)
        self.noise_sigma.setToolTip("Standard deviation of the noise added to every weight")
        self.noise_seed = named(QSpinBox(minimum=0, maximum=999_999), "noiseSeed")
        self.noise_seed.setToolTip("Seeds the noise: the same seed, the same noise")
        self.temperature = named(QDoubleSpinBox(decimals=2, singleStep=0.25), "temperature")
        self.temperature.setRange(0.05, 100.0)
        self.temperature.setValue(2.0)
        self.temperature.setToolTip(
            "softmax(z / T): T > 1 makes the network less sure, T < 1 surer; the answers "
            "stay. Stored as the output layer's weights and biases divided by T."
        )
        #: The buttons take the registry's actions (see :meth:`set_actions`).
        self.buttons: dict[str, QToolButton] = {}
        controls = QGroupBox("Surgery on the whole network")
        form = QFormLayout(controls)
        # On a narrow page a row's label goes above it, rather than widening the window.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("Prune the smallest", self._row(self.prune_share, self.prune_scope, "prune"))
        form.addRow(
            "Weight noise σ", self._row(self.noise_sigma, QLabel("seed"), self.noise_seed, "noise")
        )
        form.addRow("Temperature T", self._row(self.temperature, "temperature"))

        self.summary = QLabel("No surgery yet.")
        self.summary.setObjectName("surgerySummary")
        self.summary.setWordWrap(True)
        self.plot = analysis_plot(self, "surgeryPerClass", "test accuracy %", "class")
        item = self.plot.getPlotItem()
        self.before_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=BEFORE_COLOUR)
        self.after_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=AFTER_COLOUR)
        item.addItem(self.before_bars)
        item.addItem(self.after_bars)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(intro)
        layout.addWidget(controls)
        layout.addWidget(self.summary)
        self.key = colour_key((BEFORE_COLOUR, "before"), (AFTER_COLOUR, "after"))
        layout.addWidget(self.key)
        layout.addWidget(self.plot, 1)
        layout.addStretch(0)
        follow(self, document.data_changed, self._data_changed)
        follow(self, document.opened, self._data_changed)
        follow(self, document.network_changed, lambda *_: self._show_state())

    def _row(self, *parts: QWidget | str) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for part in parts:
            if isinstance(part, str):
                button = named(QToolButton(), f"surgery_{part}")
                button.setText(BUTTON_TEXTS[part])
                self.buttons[part] = button
                layout.addWidget(button)
            else:
                layout.addWidget(part)
        layout.addStretch(1)
        return row

    def set_actions(self, actions: dict[str, QAction]) -> None:
        """Make the buttons trigger the registry's actions (``"prune"``, ``"noise"``,
        ``"temperature"``), so a button and its menu item are one thing; the buttons keep
        their short texts (the row says what they change)."""
        for key, action in actions.items():
            button = self.buttons[key]
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)

    # -- surgeries ----------------------------------------------------------------------------

    def chosen(self, key: str) -> Surgery:
        """The surgery ``key`` with this page's values."""
        if key == "prune":
            return Prune(self.prune_share.value() / 100.0, self.prune_scope.currentData())
        if key == "noise":
            return WeightNoise(self.noise_sigma.value(), self.noise_seed.value())
        if key == "temperature":
            return Temperature(self.temperature.value())
        raise ValueError(f"no surgery {key!r}")

    def refusal(self) -> str:
        """Why the document's network cannot be scored before → after ("" if it can)."""
        source = self.document.data
        if source is None:
            return "surgery needs a data set to score the network on"
        if self.document.training.active:
            return "stop training first: the run would put its own weights back"
        shape = source.shape()
        network = self.document.network
        if shape is not None:
            refusal = shape.refusal(network.input_size, network.output_size, source.describe())
            return refusal.rstrip(".")
        return ""

    def operate(self, surgery: Surgery, say: Callable[[str], None] | None = None) -> bool:
        """Apply ``surgery`` to the document's network as one edit and score it before →
        after (off the GUI thread; :attr:`result` when it arrives). Returns False (and
        says why through ``say``) if it is refused; nothing is changed then."""
        tell = say or self._say
        refusal = self.refusal()
        network = self.document.network
        try:
            if refusal:
                raise ValueError(refusal)
            after = surgery.apply(network)
        except ValueError as error:
            tell(f"Refused: {error}.")
            return False
        text = surgery.text(network)
        self.document.edits.set_network(after, text)
        self._say(f"{text}: computing the test set before → after …")
        source = self.document.data
        cached_data = self.data
        cached_before = self._before

        def compute() -> tuple[BeforeAfter, DataSet]:
            data = cached_data if cached_data is not None else load(source, "test")  # type: ignore[arg-type]
            known = None
            if cached_before is not None and cached_before[0] == network:
                known = cached_before[1]
            return before_after(network, data, surgery, known), data

        self.job.submit(compute)
        return True

    @property
    def busy(self) -> bool:
        """Whether a before → after is being computed."""
        return self.job.busy

    def showEvent(self, event: QShowEvent) -> None:
        """Before the first surgery, show the network as it is (the "before" bars)."""
        super().showEvent(event)
        refusal = self.refusal()
        # With nothing to score (no data set), say so rather than show empty axes.
        scored = self.result is not None or not refusal
        self.plot.setVisible(scored)
        self.key.setVisible(scored)
        if self.result is None and refusal:
            self._say(f"{refusal[0].upper()}{refusal[1:]}.")
        if self.result is None and not self.job.busy and not refusal:
            self.show_baseline()

    def prepare(self) -> None:
        """Score the network as it is now, in the background, unless already known (a
        surgery chosen from the diagram's menu then needs only the score after)."""
        known = self._before
        if (
            self.job.busy
            or self.refusal()
            or (known is not None and known[0] is self.document.network)
        ):
            return
        self.show_baseline()

    def show_baseline(self) -> None:
        """Score the document's network as it is, off the GUI thread, and draw it."""
        network = self.document.network
        source = self.document.data
        cached = self.data

        def compute() -> tuple[Network, Score, DataSet]:
            data = cached if cached is not None else load(source, "test")  # type: ignore[arg-type]
            return network, score(network, data), data

        self._say("Scoring the network on the test set …")
        self.job.submit(compute)

    def _computed(self, value: object) -> None:
        assert isinstance(value, tuple)
        if isinstance(value[0], Network):
            self._baseline_computed(*value)
            return
        result, data = value
        self.data = data
        self.result = result
        # The after network is the next surgery's before: its score is known.
        self._before = (result.after, result.score_after)
        self._draw(result.score_before, result.score_after)
        self._show_state()

    def _baseline_computed(self, network: Network, now: Score, data: DataSet) -> None:
        self.data = data
        self._before = (network, now)
        if self.result is not None:
            return
        self._draw(now, None)
        accuracy = f"accuracy {now.accuracy * 100:.2f} %, " if np.isfinite(now.accuracy) else ""
        self._say(
            f"<b>The network now</b>: {accuracy}loss {now.loss:.4f} on the "
            f"{len(data.test_targets):,} test examples. Choose a surgery."
        )

    def _draw(self, first: Score, second: Score | None) -> None:
        self.plot.show()
        self.key.show()
        before = first.per_class * 100
        after = second.per_class * 100 if second is not None else np.zeros(0)
        x = np.arange(len(before), dtype=np.float64)
        self.before_bars.setOpts(x=x - 0.2, height=np.nan_to_num(before))
        self.after_bars.setOpts(x=x[: len(after)] + 0.2, height=np.nan_to_num(after))
        names = (self.data.class_names if self.data is not None else None) or tuple(
            str(k) for k in range(len(before))
        )
        self.plot.getPlotItem().getAxis("bottom").setTicks([list(enumerate(names))])
        values = np.concatenate([before, after])
        values = values[np.isfinite(values)]
        # Bars from a floor just under the lowest, so a drop of one point reads; the axis
        # says where it starts.
        floor = max(0.0, float(np.floor(values.min() / 5) * 5 - 5)) if values.size else 0.0
        self.plot.setYRange(floor, 100.5, padding=0)
        self.plot.setXRange(-0.7, len(before) - 0.3, padding=0)

    def _show_state(self) -> None:
        result = self.result
        if result is None:
            return
        line = f"<b>{result.text}</b>: {result.summary()} <small>({result.seconds:.2f} s)</small>"
        network = self.document.network
        if network is result.before or network == result.before:
            line += " <i>(undone: the network is as it was before)</i>"
        elif network is not result.after and network != result.after:
            line += " <i>(the network has changed since)</i>"
        self._say(line)

    def _say(self, text: str) -> None:
        self.summary.setText(text)

    def _data_changed(self, *_: object) -> None:
        self.data = None
        self._before = None
