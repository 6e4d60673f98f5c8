"""Training recipes that suit the data they are given.

nnviz's best MNIST recipe (:class:`TrainingConfig`'s defaults: SGD with momentum, 15
epochs of 60,000 images, λ = 30) is wrong for a 1,000-point spiral or a 150-row table:
too few steps, and a weight decay sized for 60,000 examples. :func:`recipe_for` gives
small data sets Adam, a batch that fits them, no decay and about
:data:`TARGET_STEPS` updates in all (measured: a 2-8-8-2 tanh network learns the spiral
to 99.5 % in about a second, see ``bench/playground.py``).
"""

from __future__ import annotations

from nnviz.core.data import DataSet
from nnviz.core.training.config import TrainingConfig

#: Above this many training examples a data set gets the MNIST recipe.
LARGE = 20_000
#: Updates a small data set's run makes in all.
TARGET_STEPS = 2_500
SMALL_LEARNING_RATE = 0.03


def recipe_for(data: DataSet, base: TrainingConfig | None = None) -> TrainingConfig:
    """The recipe for ``data``: ``base`` (nnviz's default) for large sets, else one sized
    for small data (Adam, η 0.03, batch 16 or 32, 20 to 300 epochs, λ 0)."""
    base = base or TrainingConfig()
    if data.n_train > LARGE:
        return base
    batch = 16 if data.n_train < 400 else 32
    epochs = max(20, min(300, round(TARGET_STEPS * batch / data.n_train)))
    return TrainingConfig(
        epochs=epochs,
        batch_size=batch,
        learning_rate=SMALL_LEARNING_RATE,
        optimizer="adam",
        momentum=base.momentum,
        schedule="constant",
        weight_decay=0.0,
        seed=base.seed,
        blas_threads=base.blas_threads,
    )
