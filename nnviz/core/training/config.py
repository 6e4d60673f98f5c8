"""The training recipe: every hyperparameter of a run, validated in one place."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from nnviz.core.training.optimizers import OPTIMIZER_NAMES, SCHEDULE_NAMES

#: What happens when training diverges: end the run, or pause and wait for a command.
DIVERGENCE_ACTIONS = ("stop", "pause")

#: The BLAS thread count used around training, chosen by measurement (bench/train_mnist.py):
#: on this 2-core machine two threads were ~10% faster than one when the machine was quiet
#: and 6-10x slower when the other core was busy, as it is whenever the GUI thread paints.
DEFAULT_BLAS_THREADS = 1


@dataclass(frozen=True)
class TrainingConfig:
    """The hyperparameters of one training run.

    The defaults are nnviz's best recipe for the lecture's MNIST network (784-100-50-10,
    ReLU, ReLU, softmax, cross-entropy) but for one thing only images have:
    :data:`nnviz.core.training.recipes.MNIST_RECIPE` adds moving each training image by
    up to one whole pixel (``augment_shift=1``). That recipe is 15 epochs of SGD with
    momentum 0.9 at batch 64, η = 0.1 with a warm restart (a cosine to 0 over epochs 1-6,
    then one from 0.05 to 0 over epochs 7-15), and weight decay λ = 10 (λ/m = 1.7·10⁻⁴).
    It was chosen by validation accuracy alone (``bench/recipe_search.py --round 3``,
    docs/recipe.md); on the test set it passes 98% at epoch 5 and ends at 98.5-98.7% for
    seeds 0-2 (bench/train_mnist.py).

    Attributes
    ----------
    epochs : int
        Passes over the training set, at least 1.
    batch_size : int
        Examples per mini-batch, at least 1 (the last batch of an epoch may be smaller).
    learning_rate : float
        η, the base learning rate (> 0); the schedule scales it.
    optimizer : {"sgd", "adam"}
        SGD with momentum, or Adam.
    momentum : float
        SGD's μ in [0, 1); 0 gives the lecture's plain gradient descent.
    schedule : {"constant", "cosine", "step", "restart"}
        How η changes over the planned batches (see ``optimizers.schedule_factor``).
    weight_decay : float
        The lecture's λ ≥ 0 in (λ / 2m) Σ Θ², m the number of training examples, biases
        excluded.
    seed : int
        Seeds the shuffling; the same seed (and network) gives the same run.
    shuffle : bool
        Shuffle the training set at the start of every epoch.
    stats_every : int
        Batches between per-layer statistics (activations, norms) in the batch records.
    histogram_bins : int
        Bins of the activation histograms in those statistics.
    divergence_factor : float
        A batch loss above this many times the reference loss (the larger of the first
        batch's loss and the loss of an uninformed uniform guess) counts as divergence,
        like a loss that is NaN or infinite.
    on_divergence : {"stop", "pause"}
        End the run (the command line) or pause for a new learning rate (the GUI); either
        way the last good weights are restored first.
    start_paused : bool
        Begin paused, waiting for a command (e.g. to step one batch).
    blas_threads : int or None
        BLAS threads during training (threadpoolctl); ``None`` leaves the setting alone.
    validation : int
        Training examples held out (at random, seeded by ``seed``) and evaluated after
        every epoch instead of trained on; 0 holds none out
        (:mod:`~nnviz.core.training.validation`).
    dropout : float
        p in [0, 0.9]: each hidden neuron is silenced with this probability in every
        training batch (the others scaled by 1 / (1 − p)); never while evaluating.
    augment_rotation : float
        Training images are rotated by up to ± this many degrees (0-180), a fresh draw
        per image and batch.
    augment_shift : float
        ... and moved by a whole number of pixels, up to ± this many (a whole number,
        0-10) across and down, a fresh draw per image and batch.
    augment_noise : float
        σ of the Gaussian noise added to training inputs (0-1, in pixel / 255).
    """

    epochs: int = 15
    batch_size: int = 64
    learning_rate: float = 0.1
    optimizer: str = "sgd"
    momentum: float = 0.9
    schedule: str = "restart"
    weight_decay: float = 10.0
    seed: int = 0
    shuffle: bool = True
    stats_every: int = 10
    histogram_bins: int = 30
    divergence_factor: float = 10.0
    on_divergence: str = "stop"
    start_paused: bool = False
    blas_threads: int | None = DEFAULT_BLAS_THREADS
    validation: int = 0
    dropout: float = 0.0
    augment_rotation: float = 0.0
    augment_shift: float = 0.0
    augment_noise: float = 0.0

    def __post_init__(self) -> None:
        _whole(self.epochs, "the number of epochs", 1)
        _whole(self.batch_size, "the batch size", 1)
        check_learning_rate(self.learning_rate)
        if self.optimizer not in OPTIMIZER_NAMES:
            raise ValueError(
                f"unknown optimizer {self.optimizer!r} (known: {', '.join(OPTIMIZER_NAMES)})"
            )
        if not (_finite(self.momentum) and 0.0 <= self.momentum < 1.0):
            raise ValueError(f"the momentum must be at least 0 and below 1, got {self.momentum}")
        if self.schedule not in SCHEDULE_NAMES:
            raise ValueError(
                f"unknown schedule {self.schedule!r} (known: {', '.join(SCHEDULE_NAMES)})"
            )
        if not (_finite(self.weight_decay) and self.weight_decay >= 0.0):
            raise ValueError(
                f"the weight decay λ must be a number of at least 0, got {self.weight_decay}"
            )
        _whole(self.seed, "the seed", 0)
        _whole(self.stats_every, "stats_every", 1)
        _whole(self.histogram_bins, "histogram_bins", 1)
        if not (_finite(self.divergence_factor) and self.divergence_factor > 1.0):
            raise ValueError(
                f"the divergence factor must be greater than 1, got {self.divergence_factor}"
            )
        if self.on_divergence not in DIVERGENCE_ACTIONS:
            raise ValueError(
                f"on_divergence must be one of {', '.join(DIVERGENCE_ACTIONS)}, "
                f"got {self.on_divergence!r}"
            )
        if self.blas_threads is not None:
            _whole(self.blas_threads, "the number of BLAS threads", 1)
        _whole(self.validation, "the validation split", 0)
        for name, what, top in (
            ("dropout", "the dropout rate", 0.9),
            ("augment_rotation", "the rotation (degrees)", 180.0),
            ("augment_shift", "the shift (pixels)", 10.0),
            ("augment_noise", "the noise σ", 1.0),
        ):
            value = getattr(self, name)
            if not (_finite(value) and 0.0 <= value <= top):
                raise ValueError(f"{what} must be a number from 0 to {top:g}, got {value!r}")
        if not float(self.augment_shift).is_integer():
            raise ValueError(
                "the shift moves images by whole pixels: it must be a whole number "
                f"from 0 to 10, got {self.augment_shift!r}"
            )

    def recipe(self) -> dict[str, Any]:
        """Return the hyperparameters that shape the result, for a weights file's meta."""
        keep = (
            "epochs",
            "batch_size",
            "learning_rate",
            "optimizer",
            "momentum",
            "schedule",
            "weight_decay",
            "seed",
            "shuffle",
            "validation",
            "dropout",
            "augment_rotation",
            "augment_shift",
            "augment_noise",
        )
        values = asdict(self)
        return {key: values[key] for key in keep}


def check_learning_rate(value: float) -> float:
    """Return ``value`` if it is a learning rate (a finite number above 0), else raise."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not _finite(value):
        raise ValueError(f"the learning rate must be a finite number, got {value!r}")
    if value <= 0:
        raise ValueError(f"the learning rate must be greater than 0, got {value}")
    return float(value)


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _whole(value: object, what: str, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{what} must be a whole number of at least {minimum}, got {value!r}")
