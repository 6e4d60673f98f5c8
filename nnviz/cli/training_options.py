"""``nnviz train``'s options for a validation split, dropout and data augmentation
(issue 13 item 10), kept apart from the recipe's older options in :mod:`.train`."""

from __future__ import annotations

import argparse

from nnviz.cli import non_negative_float
from nnviz.core.training import TrainingConfig
from nnviz.core.training.recipes import MNIST_RECIPE


def add_training_options(parser: argparse.ArgumentParser, recipe: TrainingConfig) -> None:
    """Add ``--validation``, ``--dropout`` and ``--augment-rotation/-shift/-noise``."""
    parser.add_argument(
        "--validation",
        metavar="N",
        help="hold out N training examples (or a share: 0.1, 10%%), chosen at random by "
        "--seed, and report their loss and accuracy after every epoch; the recipe is "
        "chosen by them, never by the test set (default: 0, none)",
    )
    parser.add_argument(
        "--dropout",
        type=non_negative_float,
        default=recipe.dropout,
        metavar="P",
        help="silence each hidden neuron with probability P (0-0.9) in every training batch "
        "(default: %(default)s, off)",
    )
    parser.add_argument(
        "--augment-rotation",
        type=non_negative_float,
        default=recipe.augment_rotation,
        metavar="DEG",
        help="rotate each training image by up to ± DEG degrees (images only; default: "
        "%(default)s)",
    )
    parser.add_argument(
        "--augment-shift",
        type=non_negative_float,
        default=None,
        metavar="PX",
        help="move each training image by a whole number of pixels, up to ± PX across and "
        f"down (images only; default: {MNIST_RECIPE.augment_shift:g} for images, the "
        "recipe's, 0 to turn it off)",
    )
    parser.add_argument(
        "--augment-noise",
        type=non_negative_float,
        default=recipe.augment_noise,
        metavar="SIGMA",
        help="add Gaussian noise of σ SIGMA (pixel / 255) to each training input (default: "
        "%(default)s)",
    )
