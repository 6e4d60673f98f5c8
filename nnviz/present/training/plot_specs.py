"""What each live plot shows: its title, place, scale and curves, as data.

Each curve names the history columns it draws (a function of the
:class:`~nnviz.session.training_history.TrainingHistory` returning ``x`` and ``y`` at
full resolution: the plots thin them, the CSV export does not). Per-layer plots get one
curve per layer of the network being trained (:func:`layer_curves`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnviz.session.training_history import TrainingHistory

XY = tuple[NDArray[np.float64], NDArray[np.float64]]

#: Okabe–Ito colours: distinct under the common colour-vision deficiencies.
LAYER_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
BATCH_COLOUR = "#56B4E9"
SMOOTH_COLOUR = "#0072B2"
TRAIN_COLOUR = "#E69F00"
TEST_COLOUR = "#D55E00"
DIVERGED_COLOUR = "#CC0000"
VALIDATION_COLOUR = "#009E73"
#: A diverged batch's loss is drawn at most this many times the largest healthy batch
#: loss (an exploded loss of 10⁸, NaN or ∞ would otherwise squash every other curve), and
#: marked ✕; its tooltip says the real value.
DIVERGED_CLIP = 10.0


@dataclass(frozen=True)
class CurveSpec:
    """One curve: its legend name, colour and data."""

    name: str
    colour: str
    data: Callable[[TrainingHistory], XY]
    width: float = 1.5
    alpha: int = 255
    symbol: str | None = None
    envelope: bool = False
    step: bool = False
    unit: str = ""
    tips: Callable[[TrainingHistory], list[str]] | None = None
    #: In the legend only while the run has a validation split (its values are NaN else).
    validation: bool = False


@dataclass(frozen=True)
class PlotSpec:
    """One plot of the page's 3 × 3 grid."""

    key: str
    title: str
    row: int
    column: int
    span: int = 1
    log_y: bool = False
    x_label: str = ""
    over_time: bool = True
    curves: tuple[CurveSpec, ...] = ()
    per_layer: str | None = None
    hidden_only: bool = False
    scale: float = 1.0
    decades: float | None = None
    min_decades: float | None = None


def _batch(name: str, scale: float = 1.0) -> Callable[[TrainingHistory], XY]:
    return lambda h: (h.series("batch", "x"), h.series("batch", name) * scale)


def _epoch(name: str, scale: float = 1.0) -> Callable[[TrainingHistory], XY]:
    return lambda h: (h.series("epoch", "x"), h.series("epoch", name) * scale)


def _error(name: str) -> Callable[[TrainingHistory], XY]:
    """Error % = 100 − accuracy %, where the last per cent are told apart on a log axis."""

    def data(h: TrainingHistory) -> XY:
        table = "batch" if name.endswith("smoothed") else "epoch"
        return h.series(table, "x"), 100.0 * (1.0 - h.series(table, name))

    return data


def _diverged(h: TrainingHistory) -> XY:
    """Where runs diverged, at their loss clipped to :data:`DIVERGED_CLIP` × the largest
    healthy batch loss."""
    x, loss = h.series("divergence", "x"), h.series("divergence", "loss")
    healthy = h.series("batch", "loss")
    healthy = healthy[np.isfinite(healthy)]
    top = DIVERGED_CLIP * (float(healthy.max()) if healthy.size else 1.0)
    shown = np.where(np.isfinite(loss) & (loss <= top), loss, top)
    return x, np.maximum(shown, 1e-12)


def _diverged_tips(h: TrainingHistory) -> list[str]:
    return [
        f"diverged at epoch {x:.3g}: batch loss {_loss_text(loss)} (not applied; the "
        "last good weights were kept)"
        for x, loss in zip(h.series("divergence", "x"), h.series("divergence", "loss"), strict=True)
    ]


def _loss_text(loss: float) -> str:
    if np.isnan(loss):
        return "NaN"
    if np.isinf(loss):
        return "∞"
    return f"{loss:.4g}"


def _layer(layer: int, field: str, scale: float) -> Callable[[TrainingHistory], XY]:
    return lambda h: (h.stats_x.values, h.layer_stat(layer, field) * scale)


def _histogram(layer: int) -> Callable[[TrainingHistory], XY]:
    def data(h: TrainingHistory) -> XY:
        if h.histograms is None or layer > len(h.histograms):
            return np.zeros(0), np.zeros(0)
        counts, edges = h.histograms[layer - 1]
        share = counts / max(int(counts.sum()), 1)
        # A log scale shows the thin tails beside the ReLUs' peak at 0; empty bins
        # (log 0) are drawn as a tenth of the smallest share there is.
        floor = share[share > 0].min() / 10 if np.any(share > 0) else 1e-6
        return np.asarray(edges, np.float64), np.maximum(share, floor)

    return data


PLOTS = (
    PlotSpec("loss", "Loss (log)", 0, 0, span=2, log_y=True, curves=(
        CurveSpec("batch", BATCH_COLOUR, _batch("loss"), width=1, alpha=120, envelope=True),
        CurveSpec("smoothed", SMOOTH_COLOUR, _batch("loss_smoothed"), width=2),
        CurveSpec("train (epoch)", TRAIN_COLOUR, _epoch("train_loss"), symbol="o"),
        CurveSpec("test (epoch)", TEST_COLOUR, _epoch("test_loss"), symbol="s"),
        CurveSpec("validation (epoch)", VALIDATION_COLOUR, _epoch("validation_loss"),
                  symbol="t", validation=True),
        CurveSpec("diverged", DIVERGED_COLOUR, _diverged, width=0, symbol="x",
                  tips=_diverged_tips),
    )),
    # Error, not accuracy, on a log axis: above 95 % an accuracy axis is a flat line, while
    # 5 %, 2 % and 1 % error are a decade apart (the Training panel shows the accuracy).
    PlotSpec("accuracy", "Error % (log)", 0, 2, log_y=True, min_decades=1.0, curves=(
        CurveSpec("batches", SMOOTH_COLOUR, _error("accuracy_smoothed"), width=2),
        CurveSpec("train", TRAIN_COLOUR, _error("train_accuracy"), symbol="o", unit=" % error"),
        CurveSpec("test", TEST_COLOUR, _error("test_accuracy"), symbol="s", unit=" % error"),
        # "val.": short, like the rest of the legend (the title shrinks to fit its plot).
        CurveSpec("val.", VALIDATION_COLOUR, _error("validation_accuracy"), symbol="t",
                  unit=" % error", validation=True),
    )),
    PlotSpec("mean", "Mean activation", 1, 0, per_layer="mean_activation", hidden_only=True),
    PlotSpec("dead", "Dead ReLUs %", 1, 1, per_layer="dead_fraction", hidden_only=True,
             scale=100.0),
    PlotSpec("histogram", "Activations now", 1, 2, log_y=True,
             x_label="activation", over_time=False, per_layer="histogram", hidden_only=True),
    PlotSpec("weights", "Weight norm ‖W‖", 2, 0, x_label="epochs", per_layer="weight_norm"),
    PlotSpec("gradients", "Gradient norm ‖∂J/∂W‖ (log)", 2, 1, log_y=True, x_label="epochs",
             per_layer="gradient_norm"),
    # Log, and at most six decades: one huge η tried for a batch (η = 1000 that diverged,
    # then 0.05 again is 4.3 decades) no longer flattens the rest, nor do the cosine's
    # last tiny steps (down to 10⁻⁹) squash it.
    PlotSpec("rate", "Learning rate η (log)", 2, 2, x_label="epochs", log_y=True, decades=6.0,
             min_decades=1.0,
             curves=(CurveSpec("", SMOOTH_COLOUR, _batch("learning_rate"), width=2),)),
)  # fmt: skip


def layer_curves(spec: PlotSpec, activations: tuple[str, ...]) -> list[CurveSpec]:
    """One curve per layer (hidden layers only, for activation plots) of a network whose
    layers 1 .. L use ``activations``."""
    count = len(activations) - 1 if spec.hidden_only else len(activations)
    curves = []
    for layer in range(1, count + 1):
        name = f"layer {layer}" if spec.hidden_only else f"W{layer}"
        colour = LAYER_COLOURS[(layer - 1) % len(LAYER_COLOURS)]
        if spec.per_layer == "histogram":
            curve = CurveSpec(name, colour, _histogram(layer), step=True)
        else:
            assert spec.per_layer is not None
            curve = CurveSpec(name, colour, _layer(layer, spec.per_layer, spec.scale))
        curves.append(curve)
    return curves
