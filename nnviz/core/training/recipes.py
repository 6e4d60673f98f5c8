"""Training recipes that suit the data they are given.

nnviz's best MNIST recipe (:data:`MNIST_RECIPE`: :class:`TrainingConfig`'s defaults with
each training image moved by up to one whole pixel) is wrong for a 1,000-point spiral or a
150-row table: too few steps, a weight decay sized for 60,000 examples, and pixels to move
that a table has not. :func:`recipe_for` gives small data sets Adam, a batch that fits
them, no decay and about :data:`TARGET_STEPS` updates in all (measured: a 2-8-8-2 tanh
network learns the spiral to 99.5 % in about a second, see ``bench/playground.py``).
"""

from __future__ import annotations

import dataclasses

from nnviz.core.data import DataSet
from nnviz.core.training.config import TrainingConfig

#: nnviz's MNIST recipe (and that of any large set of images): chosen by validation
#: accuracy, docs/recipe.md. Moving the training images by whole pixels is what lets it
#: pass 98 % by epoch 6 and still end above 98.4 %.
MNIST_RECIPE = TrainingConfig(augment_shift=1)
#: Above this many training examples a data set gets the MNIST recipe.
LARGE = 20_000
#: Updates a small data set's run makes in all.
TARGET_STEPS = 2_500
SMALL_LEARNING_RATE = 0.03


def recipe_for(data: DataSet, base: TrainingConfig | None = None) -> TrainingConfig:
    """The recipe for ``data``.

    Large sets get ``base`` (:data:`MNIST_RECIPE` when not given), without its image
    augmentation if their examples are not images; small ones a recipe sized for small
    data (Adam, η 0.03, batch 16 or 32, 20 to 300 epochs, λ 0, nothing augmented).
    """
    base = base or MNIST_RECIPE
    if data.n_train > LARGE:
        if data.image_shape is None:
            return dataclasses.replace(base, augment_shift=0, augment_rotation=0.0)
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
