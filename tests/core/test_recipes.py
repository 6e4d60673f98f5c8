"""Which recipe a data set gets: MNIST's moves images, a table's moves nothing."""

from __future__ import annotations

import dataclasses

import numpy as np

from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.core.training import Finished, Trainer, TrainingConfig
from nnviz.core.training.recipes import LARGE, MNIST_RECIPE, recipe_for


def _table(n: int, images: bool) -> DataSet:
    rng = np.random.default_rng(0)
    inputs = rng.random((n, 16)).astype(np.float32)
    labels = rng.integers(0, 2, n)
    return DataSet(
        inputs, labels, inputs[:50], labels[:50], "table", ("a", "b"),
        image_shape=(4, 4) if images else None,
    )  # fmt: skip


def _network() -> Network:
    return Network.initialised((16, 4, 2), ("relu", "softmax"), "cross_entropy", seed=0)


def test_large_image_sets_get_mnists_recipe_and_moving_their_images() -> None:
    recipe = recipe_for(_table(LARGE + 1, images=True))
    assert recipe == MNIST_RECIPE and recipe.augment_shift == 1
    assert recipe.schedule == "restart" and recipe.weight_decay == 10.0


def test_a_large_table_gets_mnists_numbers_but_no_pixels_to_move() -> None:
    table = _table(LARGE + 1, images=False)
    recipe = recipe_for(table)
    assert recipe == dataclasses.replace(MNIST_RECIPE, augment_shift=0)
    # ... and it trains (the shift would be refused on data without images).
    short = dataclasses.replace(recipe, epochs=1, batch_size=4096, blas_threads=None)
    assert isinstance(list(Trainer(_network(), table, short).run())[-1], Finished)


def test_small_sets_get_the_small_recipe_without_augmentation() -> None:
    recipe = recipe_for(_table(300, images=True))
    assert (recipe.optimizer, recipe.batch_size, recipe.augment_shift) == ("adam", 16, 0)


def test_the_default_config_moves_nothing_so_any_data_trains_with_it() -> None:
    assert TrainingConfig().augment_shift == 0
