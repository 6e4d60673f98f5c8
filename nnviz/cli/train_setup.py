"""The network and recipe ``nnviz train`` starts from: the options given, the rest the
data's defaults (MNIST's recipe and the lecture's 100-50 ReLU network for images, the
small-data recipe and an 8-8 tanh network for a built-in set or a CSV file), or the
interrupted run of a ``--resume`` file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nnviz.cli import CliError
from nnviz.cli.resume import RECIPE_OPTIONS, interrupted_run
from nnviz.core.activations import get_activation
from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.core.training import RunState, TrainingConfig
from nnviz.core.training.memory import check_trainable, run_capacity
from nnviz.core.training.recipes import MNIST_RECIPE, recipe_for
from nnviz.core.weights_io import load_weights

DEFAULT_HIDDEN = (100, 50)
#: Hidden layers and activation of a network trained on a small data set by default.
SMALL_HIDDEN, SMALL_ACTIVATION = (8, 8), "tanh"
#: Adam's usual step size; SGD's default is the recipe's.
ADAM_LEARNING_RATE = 0.001


def recipe_from(args: argparse.Namespace, data: DataSet, is_small: bool) -> TrainingConfig:
    """The recipe: what ``args`` give, the rest the data's default (see the docstring)."""
    base = recipe_for(data) if is_small else MNIST_RECIPE
    optimizer = args.optimizer or base.optimizer
    if args.lr is not None:
        learning_rate = args.lr
    elif optimizer == base.optimizer:
        learning_rate = base.learning_rate
    else:
        learning_rate = (
            ADAM_LEARNING_RATE if optimizer == "adam" else TrainingConfig().learning_rate
        )
    return TrainingConfig(
        epochs=args.epochs or base.epochs,
        batch_size=args.batch_size or base.batch_size,
        learning_rate=learning_rate,
        optimizer=optimizer,
        momentum=args.momentum,
        schedule=args.schedule or base.schedule,
        weight_decay=base.weight_decay if args.weight_decay is None else args.weight_decay,
        seed=args.seed,
        blas_threads=args.blas_threads,
        validation=args.validation or 0,
        dropout=args.dropout,
        augment_rotation=args.augment_rotation,
        augment_shift=base.augment_shift if args.augment_shift is None else args.augment_shift,
        augment_noise=args.augment_noise,
    )


def output_layer(data: DataSet, loss: str | None) -> tuple[int, str, str]:
    """Outputs, output activation and loss for ``data`` (``loss`` given or the task's).

    Raises
    ------
    CliError
        If the loss does not suit the data (cross-entropy for real values, or binary
        cross-entropy for more than two classes).
    """
    if not data.classifies:
        if loss not in (None, "mse"):
            raise CliError(f"--loss {loss}: {data.name} has real-valued targets; use mse")
        return data.n_targets, "identity", "mse"
    if loss == "binary_cross_entropy":
        if data.n_classes != 2:
            raise CliError(
                f"--loss binary_cross_entropy needs two classes; {data.name} has {data.n_classes}"
            )
        return 1, "sigmoid", loss
    if loss == "mse":
        return data.n_classes, "sigmoid", loss
    return data.n_classes, "softmax", "cross_entropy"


def starting_network(
    args: argparse.Namespace, data: DataSet, config: TrainingConfig, is_small: bool = False
) -> tuple[Network, int, RunState | None]:
    """Return the network to train, the epochs it was already trained for, and the state
    of the run it was interrupted in (None: a new run)."""
    if args.resume is None:
        default_hidden = SMALL_HIDDEN if is_small else DEFAULT_HIDDEN
        hidden = default_hidden if args.hidden is None else tuple(args.hidden)
        activation = args.activation or (SMALL_ACTIVATION if is_small else "relu")
        n_outputs, output, loss = output_layer(data, args.loss)
        sizes = (data.n_inputs, *hidden, n_outputs)
        # Refused before its weights are allocated, with the memory it would need.
        check_trainable(
            sizes, run_capacity(config.batch_size, data.n_train, data.n_test), config.optimizer
        )
        activations = (*([activation] * len(hidden)), output)
        method = get_activation(activation).initialisation
        return (
            Network.initialised(sizes, activations, loss, seed=args.seed, method=method),
            0,
            None,
        )
    loaded = load_weights(args.resume)
    network = loaded.network
    name = Path(args.resume).name
    refuse = f"{name}: refused for --resume (nothing was overwritten):"
    if network.input_size != data.n_inputs:
        raise CliError(
            f"{refuse} its network takes {network.input_size} inputs, "
            + (
                f"the images have {data.n_inputs} pixels"
                if data.image_shape is not None
                else f"{data.name} has {data.n_inputs} features"
            )
        )
    try:
        data.coding(network.output_size)
    except ValueError as error:
        raise CliError(f"{refuse} {error}") from None
    hidden_sizes = network.layer_sizes[1:-1]
    if args.hidden is not None and tuple(args.hidden) != hidden_sizes:
        raise CliError(
            f"{refuse} its hidden layers are {' '.join(map(str, hidden_sizes)) or 'none'}, "
            f"not --hidden {' '.join(map(str, args.hidden))}"
        )
    if args.activation is not None and set(network.activations[:-1]) - {args.activation}:
        raise CliError(
            f"{refuse} its hidden activations are {', '.join(network.activations[:-1])}, "
            f"not {args.activation}"
        )
    training = loaded.meta.get("training")
    epochs = training.get("epochs", 0) if isinstance(training, dict) else 0
    state = interrupted_run(loaded, name, args, option_defaults())
    return network, epochs if isinstance(epochs, int) and epochs >= 0 else 0, state


def option_defaults() -> dict[str, Any]:
    """What each recipe option is when it is not given."""
    recipe = TrainingConfig()
    values = {option: getattr(recipe, field) for option, field in RECIPE_OPTIONS.items()}
    return {**values, "lr": None}
