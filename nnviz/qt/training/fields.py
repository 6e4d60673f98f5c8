"""The recipe's input fields: every hyperparameter of the training engine, with a tooltip.

:class:`NumberBox` is a spin box for real numbers that shows them the short way (0.1,
1e-05, 30) and accepts what a person types (``1e-3``, ``.5``); text that is not a number
is refused in place, as everywhere in nnviz. :func:`recipe_fields` builds one field per
hyperparameter and :data:`FIELD_TIPS` says what each does.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QDoubleSpinBox, QSpinBox

from nnviz.core.training import OPTIMIZER_NAMES, SCHEDULE_NAMES

_PARTIAL_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d*)?([eE][+-]?\d*)?$")

OPTIMIZER_TITLES = {"sgd": "SGD with momentum", "adam": "Adam"}
SCHEDULE_TITLES = {
    "constant": "constant",
    "cosine": "cosine decay",
    "step": "step decay",
    "restart": "cosine, restarted",
}
#: Adam's usual step size, suggested when switching to it (SGD's is the recipe's 0.1).
ADAM_LEARNING_RATE = 0.001

FIELD_TIPS = {
    "learning_rate": (
        "η, the step size of each update: w ← w − η·∂J/∂w. Can be changed while training "
        "runs (it applies from the next batch). Too large and the loss explodes: nnviz "
        "then pauses and keeps the last good weights."
    ),
    "schedule": (
        "How η changes over the run: constant; cosine decay (smoothly from η to 0 by the "
        "last batch, the best recipe); step decay (divided by 10 at 50% and 75% of the run); "
        "cosine, restarted (to 0 by 40% of the run, then again from η/2: 98% by epoch 6 of "
        "15, a little less at the end)."
    ),
    "optimizer": (
        "SGD with momentum (the lecture's gradient descent, with a velocity that averages "
        "recent gradients) or Adam (per-weight step sizes; use a smaller η such as 0.001)."
    ),
    "momentum": (
        "μ of SGD: the velocity v ← μ·v − η·∂J/∂w keeps this share of the last step. "
        "0 is plain gradient descent; 0.9 is usual. Adam ignores it."
    ),
    "batch_size": (
        "Examples per mini-batch: each update uses the mean gradient of this many images. "
        "Smaller batches make more, noisier updates per epoch."
    ),
    "epochs": "Passes over the training set in one run (Start).",
    "weight_decay": (
        "λ of the lecture's regularisation term (λ/2m)·ΣΘ² (m training images, biases "
        "excluded): it pulls weights towards 0. 30 is λ/m = 0.0005 for MNIST; 0 turns it off."
    ),
    "seed": (
        "Seeds the shuffling of the training set: the same seed and the same starting "
        "weights give exactly the same run (Reset, then Start, repeats it)."
    ),
    "shuffle": "Shuffle the training set at the start of every epoch.",
    "train_limit": (
        "Train on the first this many training images only (a quick run, or a small set "
        "to watch a network overfit). The test set is always used whole."
    ),
    "stats_every": (
        "Every this many batches, measure each layer: mean activation, dead ReLUs, the "
        "activation histogram, and the weight and gradient norms (the lower plots)."
    ),
    "histogram_bins": "Bins of the histogram of current activations.",
    "divergence_factor": (
        "Training counts as diverged when a batch loss is more than this many times the "
        "first one (or NaN or infinite): it then pauses and keeps the last good weights."
    ),
    "validation": (
        "Hold this many training images out (chosen at random by the seed): the run never "
        "trains on them and measures them after every epoch (green curves). Choose a recipe "
        "by them, never by the test set. 0 holds none out."
    ),
    "dropout": (
        "In every training batch, silence each hidden neuron with this probability (the "
        "others are scaled up to keep the average). Never while testing. 0 turns it off."
    ),
    "augment_rotation": (
        "Rotate each training image by a random angle up to ± this many degrees (a fresh "
        "draw every batch). The test images are never changed."
    ),
    "augment_shift": (
        "Move each training image by a whole number of pixels, up to ± this many, across "
        "and down (a fresh draw every epoch). The test images are never changed."
    ),
    "augment_noise": (
        "Add random noise of this standard deviation to every pixel of the training images "
        "(pixel / 255: 0.1 is about 25 grey levels)."
    ),
    "blas_threads": (
        "Threads the matrix products use while training. One is fastest whenever anything "
        "else runs (the window does): two spin and wait for the core the window needs."
    ),
}

FIELD_LABELS = {
    "learning_rate": "Learning rate η",
    "schedule": "Schedule",
    "optimizer": "Optimiser",
    "momentum": "Momentum μ",
    "batch_size": "Batch size",
    "epochs": "Epochs",
    "weight_decay": "Weight decay λ",
    "seed": "Seed",
    "shuffle": "Shuffle each epoch",
    "train_limit": "Training images",
    "validation": "Validation images",
    "dropout": "Dropout rate",
    "augment_rotation": "Rotate up to ±",
    "augment_shift": "Shift up to ±",
    "augment_noise": "Noise σ",
    "stats_every": "Layer statistics every",
    "histogram_bins": "Histogram bins",
    "divergence_factor": "Diverged above",
    "blas_threads": "BLAS threads",
}
#: The recipe's fields that change the training images or the network while training.
AUGMENT_FIELDS = ("dropout", "augment_rotation", "augment_shift", "augment_noise")


class NumberBox(QDoubleSpinBox):
    """A spin box for a real number, shown short (``0.1``, ``1e-05``) and typed freely."""

    def __init__(self, minimum: float, maximum: float, value: float) -> None:
        super().__init__()
        self.setDecimals(12)
        self.setRange(minimum, maximum)
        self.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.setKeyboardTracking(False)
        self.setValue(value)

    def textFromValue(self, value: float) -> str:
        """``0.1``, ``30``, ``1e-05``: the fewest digits that say the value."""
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:
        """The number typed (the current value if it is none)."""
        try:
            return float(self._bare(text))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Accept numbers in range; let half-typed ones (``1e``, ``-``) be finished."""
        bare = self._bare(text)
        try:
            number = float(bare)
        except ValueError:
            if _PARTIAL_NUMBER.match(bare):
                return QValidator.State.Intermediate, text, pos
            return QValidator.State.Invalid, text, pos
        if not math.isfinite(number):
            return QValidator.State.Invalid, text, pos
        if self.minimum() <= number <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def _bare(self, text: str) -> str:
        text = text.strip()
        prefix, suffix = self.prefix(), self.suffix()
        if prefix and text.startswith(prefix):
            text = text[len(prefix) :]
        if suffix and text.endswith(suffix):
            text = text[: -len(suffix)]
        return text.strip().replace(",", "")


@dataclass
class RecipeFields:
    """One input per hyperparameter (see :data:`FIELD_LABELS` for their names)."""

    learning_rate: NumberBox
    schedule: QComboBox
    optimizer: QComboBox
    momentum: NumberBox
    batch_size: QSpinBox
    epochs: QSpinBox
    weight_decay: NumberBox
    seed: QSpinBox
    shuffle: QCheckBox
    train_limit: QSpinBox
    stats_every: QSpinBox
    histogram_bins: QSpinBox
    divergence_factor: NumberBox
    validation: QSpinBox
    dropout: NumberBox
    augment_rotation: NumberBox
    augment_shift: QSpinBox
    augment_noise: NumberBox
    blas_threads: QSpinBox

    def widgets(self) -> dict[str, QAbstractSpinBox | QComboBox | QCheckBox]:
        """The fields by name, in display order."""
        return {name: getattr(self, name) for name in FIELD_LABELS}


def _spin(minimum: int, maximum: int, suffix: str = "", step: int = 1) -> QSpinBox:
    box = QSpinBox()
    box.setRange(minimum, maximum)
    box.setSuffix(suffix)
    box.setSingleStep(step)
    box.setKeyboardTracking(False)
    box.setGroupSeparatorShown(True)
    return box


def _combo(titles: dict[str, str], names: tuple[str, ...]) -> QComboBox:
    box = QComboBox()
    for name in names:
        box.addItem(titles.get(name, name), name)
    return box


def recipe_fields() -> RecipeFields:
    """Build the fields (values are set by the caller from the model's recipe)."""
    fields = RecipeFields(
        learning_rate=NumberBox(1e-6, 1e4, 0.1),
        schedule=_combo(SCHEDULE_TITLES, SCHEDULE_NAMES),
        optimizer=_combo(OPTIMIZER_TITLES, OPTIMIZER_NAMES),
        momentum=NumberBox(0.0, 0.999, 0.9),
        batch_size=_spin(1, 60_000, step=16),
        epochs=_spin(1, 1000),
        weight_decay=NumberBox(0.0, 1e6, 30.0),
        seed=_spin(0, 2_147_483_647),
        shuffle=QCheckBox(),
        train_limit=_spin(1, 10_000_000, " images", step=1000),
        stats_every=_spin(1, 10_000, " batches"),
        histogram_bins=_spin(2, 200),
        divergence_factor=NumberBox(1.01, 1e6, 10.0),
        validation=_spin(0, 10_000_000, " images", step=1000),
        dropout=NumberBox(0.0, 0.9, 0.0),
        augment_rotation=NumberBox(0.0, 180.0, 0.0),
        augment_shift=_spin(0, 10, " px"),
        augment_noise=NumberBox(0.0, 1.0, 0.0),
        blas_threads=_spin(1, 64),
    )
    fields.dropout.setSingleStep(0.1)
    fields.augment_rotation.setSingleStep(5.0)
    fields.augment_rotation.setSuffix("°")
    fields.augment_noise.setSingleStep(0.05)
    fields.momentum.setSingleStep(0.05)
    fields.divergence_factor.setSuffix("× first loss")
    for name, widget in fields.widgets().items():
        widget.setToolTip(FIELD_TIPS[name])
        widget.setObjectName(f"recipe_{name}")
    return fields
