"""``nnviz train``: train a network headless (MNIST, a playground set, a CSV file) and save
its weights.

The recipe's defaults are the data's: nnviz's best MNIST recipe for MNIST, and
:func:`~nnviz.core.training.recipes.recipe_for`'s small-data recipe (Adam, no weight
decay, epochs sized to the set) for a built-in set or a CSV file, with a 8-8 tanh hidden
stack instead of the lecture's 100-50 ReLU one. Options given always win.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.cli import CliError, non_negative_float, non_negative_int, positive_float, positive_int
from nnviz.cli.data_options import add_data_options, read_data, small
from nnviz.cli.progress import ProgressBar
from nnviz.cli.resume import state_meta
from nnviz.cli.train_lines import (
    epoch_line,
    headline,
    inputs_text,
    recipe_text,
    score_text,
    shape_text,
)
from nnviz.cli.train_setup import (
    ADAM_LEARNING_RATE,
    DEFAULT_HIDDEN,
    SMALL_ACTIVATION,
    SMALL_HIDDEN,
    recipe_from,
    starting_network,
)
from nnviz.cli.training_options import add_training_options
from nnviz.core.activations import ACTIVATIONS
from nnviz.core.data.meta import data_meta
from nnviz.core.losses import LOSSES
from nnviz.core.network import Network
from nnviz.core.run_result import COMPLETED, DIVERGED, INTERRUPTED, ResultPlace, save_run_result
from nnviz.core.training import (
    OPTIMIZER_NAMES,
    SCHEDULE_NAMES,
    BatchRecord,
    EpochRecord,
    Evaluation,
    Finished,
    RunState,
    Trainer,
    TrainingConfig,
    evaluate,
)
from nnviz.core.training.validation import validation_count
from nnviz.core.weights_io import save_weights

HIDDEN_ACTIVATIONS = tuple(name for name, a in ACTIVATIONS.items() if a.hidden_choice)
#: Training runs in float32, so float32 files hold the trained weights exactly.
TRAINED_DTYPE = np.float32


def momentum_value(text: str) -> float:
    """argparse type: a momentum μ in [0, 1)."""
    value = non_negative_float(text)
    if value >= 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be below 1")
    return value


def register(subparsers: Any) -> None:
    """Add the ``train`` sub-command."""
    recipe = TrainingConfig()
    parser = subparsers.add_parser(
        "train",
        help="train a network (MNIST, a built-in set, a CSV file) and save its weights",
        description=(
            "Train a network on MNIST (or any dataset in its four-file IDX layout), on a "
            "built-in playground set or on a CSV file, and print the test loss and accuracy "
            "(the test loss alone for real-valued targets) after every epoch. On MNIST the "
            "defaults are the lecture's 784-100-50-10 ReLU network and nnviz's best recipe, "
            "which reaches about 98.5% test accuracy in about 10 seconds on two cores; on "
            "small data, an 8-8 tanh network and Adam for a number of epochs that suits the "
            "set. Ctrl-C stops cleanly and still saves the last completed epoch to --out."
        ),
    )
    parser.add_argument(
        "--epochs",
        type=positive_int,
        metavar="N",
        help=f"passes over the training set (default: {recipe.epochs}; sized to a small set)",
    )
    parser.add_argument(
        "--batch-size",
        type=positive_int,
        metavar="B",
        help=f"examples per mini-batch (default: {recipe.batch_size}; 16 or 32 for small sets)",
    )
    parser.add_argument(
        "--lr",
        type=positive_float,
        metavar="X",
        help=f"learning rate η (default: {recipe.learning_rate} for sgd, "
        f"{ADAM_LEARNING_RATE} for adam; 0.03 for small sets)",
    )
    parser.add_argument(
        "--optimizer",
        choices=OPTIMIZER_NAMES,
        help=f"SGD with momentum, or Adam (default: {recipe.optimizer}; adam for small sets)",
    )
    parser.add_argument(
        "--momentum",
        type=momentum_value,
        default=recipe.momentum,
        metavar="M",
        help="SGD momentum μ; 0 is plain gradient descent (default: %(default)s)",
    )
    parser.add_argument(
        "--schedule",
        choices=SCHEDULE_NAMES,
        help=f"learning-rate schedule over the run (default: {recipe.schedule}; constant for "
        "small sets)",
    )
    parser.add_argument(
        "--hidden",
        type=positive_int,
        nargs="*",
        metavar="N",
        help="hidden layer sizes; none gives a model with no hidden layer (softmax, "
        f"logistic or linear regression) (default: {' '.join(map(str, DEFAULT_HIDDEN))}; "
        f"{' '.join(map(str, SMALL_HIDDEN))} for small sets; or the --resume file's)",
    )
    parser.add_argument(
        "--activation",
        choices=HIDDEN_ACTIVATIONS,
        help=f"activation of the hidden layers (default: relu; {SMALL_ACTIVATION} for small "
        "sets; or the --resume file's)",
    )
    parser.add_argument(
        "--weight-decay",
        type=non_negative_float,
        metavar="L",
        help="λ of the lecture's (λ/2m)ΣΘ², m training examples, biases excluded "
        f"(default: {recipe.weight_decay:g}; 0 for small sets)",
    )
    parser.add_argument(
        "--seed",
        type=non_negative_int,
        default=recipe.seed,
        metavar="S",
        help="seeds the initial weights and the shuffling: same seed, same run "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--loss",
        choices=tuple(LOSSES),
        help="the loss; the output activation follows it (default: cross_entropy with "
        "softmax for classes, mse with identity for values)",
    )
    add_training_options(parser, recipe)
    add_data_options(parser)
    parser.add_argument("--out", metavar="FILE", help="save the weights here (.npz or .json)")
    parser.add_argument(
        "--resume", metavar="FILE", help="continue training the network in this weights file"
    )
    parser.add_argument(
        "--blas-threads",
        type=positive_int,
        default=recipe.blas_threads,
        metavar="N",
        help="BLAS threads while training (default: %(default)s, measured fastest "
        "when anything else runs)",
    )
    parser.set_defaults(handler=run_train)


def run_train(args: argparse.Namespace) -> int:
    """Train as ``args`` says; return the exit code."""
    started = time.perf_counter()
    out = _check_out(args.out)
    data, source = read_data(args)
    is_small = small(source)
    data_name = source.describe()
    if args.validation is not None:
        try:
            args.validation = validation_count(args.validation, data.n_train)
        except ValueError as error:
            raise CliError(f"--validation: {error}") from None
    config = recipe_from(args, data, is_small)
    what = "images" if data.image_shape is not None else "examples"
    if config.batch_size > data.n_train:
        print(
            f"nnviz: --batch-size {config.batch_size:,} is more than the {data.n_train:,} "
            f"training {what}: using {data.n_train:,} (one batch per epoch)",
            file=sys.stderr,
        )
        config = dataclasses.replace(config, batch_size=data.n_train)
    network, previous_epochs, resume = starting_network(args, data, config, is_small)
    if resume is not None:
        config = resume.config
        # The file counts the interrupted run's epochs: the run goes on counting them.
        previous_epochs = max(previous_epochs - resume.epoch, 0)
    held = f", {config.validation:,} of them held out for validation" if config.validation else ""
    print(
        f"training {shape_text(network)} on {data_name} ({data.n_train:,} training{held} and "
        f"{data.n_test:,} test {what})"
    )
    print(f"recipe: {recipe_text(config)}", flush=True)
    if resume is not None:
        print(
            f"continuing the interrupted run after epoch {resume.epoch} of {config.epochs} "
            f"(its schedule, momentum and shuffling too; learning rate now "
            f"{resume.base_rate:g} × the schedule)",
            flush=True,
        )

    def meta(
        status: str, epochs: int, test: Evaluation, run: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return {
            "title": f"{data_name} {'-'.join(map(str, network.layer_sizes))}, trained by nnviz",
            **data_meta(data, network.output_size),
            "training": {
                "status": status,
                "epochs": previous_epochs + epochs,
                "dataset": data_name,
                "inputs": inputs_text(data),
                **({"test_accuracy": round(test.accuracy, 6)} if data.classifies else {}),
                "test_loss": round(test.loss, 6),
                "recipe": config.recipe(),
                **({"resumed_from": Path(args.resume).name} if args.resume else {}),
                **(run or {}),
            },
        }

    bar = ProgressBar()
    running = [0.0, 0.0, 0]  # loss sum, accuracy sum, examples in this epoch so far
    last_epoch: EpochRecord | None = None
    finished: Finished | None = None
    try:
        for record in Trainer(network, data, config, resume=resume).run():
            if isinstance(record, BatchRecord):
                # The bar shows the epoch so far, steadier than a single batch's figures.
                if record.batch == 1:
                    running = [0.0, 0.0, 0]
                running[0] += record.loss * record.size
                running[1] += record.accuracy * record.size
                running[2] += record.size
                accuracy = f"  accuracy {running[1] / running[2]:.2%}" if data.classifies else ""
                bar.update(
                    f"epoch {record.epoch}/{config.epochs}",
                    record.batch / record.batches_per_epoch,
                    f"loss {running[0] / running[2]:.4f}{accuracy}",
                )
            elif isinstance(record, EpochRecord):
                bar.clear()
                last_epoch = record
                print(
                    epoch_line(
                        record, config.epochs, time.perf_counter() - started, data.classifies
                    ),
                    flush=True,
                )
            elif isinstance(record, Finished):
                finished = record
    except KeyboardInterrupt:
        bar.clear()
        if out is None or last_epoch is None:
            note = "" if out is None else f"; interrupted before an epoch ended, {out} untouched"
            print(f"nnviz: interrupted{note}", file=sys.stderr)
            return 130
        place = _save(
            out,
            INTERRUPTED,
            last_epoch.network,
            meta,
            last_epoch.epoch,
            last_epoch.test,
            last_epoch.state,
        )
        what = f"epoch {last_epoch.epoch} ({headline(last_epoch.test, data.classifies)})"
        how = (
            "nnviz train --resume FILE continues the run exactly"
            if place.path.suffix.lower() == ".npz"
            else "a .json file keeps the weights alone: --resume starts a new schedule"
        )
        print(f"nnviz: interrupted; {place.describe(what)} ({how})", file=sys.stderr)
        return 130
    bar.clear()
    assert finished is not None
    if finished.reason == "diverged":
        print(f"nnviz: error: {finished.message}", file=sys.stderr)
        if out is not None:
            test = evaluate(finished.network, data)
            place = _save(out, DIVERGED, finished.network, meta, finished.epochs_completed, test)
            what = f"the last good weights ({headline(test, data.classifies)})"
            print(f"nnviz: {place.describe(what)}", file=sys.stderr)
        return 1
    assert last_epoch is not None
    total = time.perf_counter() - started
    epochs_text = f"{last_epoch.epoch} epoch{'s' if last_epoch.epoch > 1 else ''}"
    print(f"{score_text(last_epoch.test, data.classifies)} after {epochs_text} ({total:.1f} s)")
    if out is not None:
        place = _save(out, COMPLETED, last_epoch.network, meta, last_epoch.epoch, last_epoch.test)
        print(place.describe())
    else:
        print("the weights were not saved (give --out FILE to keep them)")
    return 0


def _save(
    out: str,
    status: str,
    network: Network,
    meta: Callable[..., dict[str, Any]],
    epochs: int,
    test: Evaluation,
    state: RunState | None = None,
) -> ResultPlace:
    """Save the run's weights to ``out``, or beside it when the run failed and ``out`` is
    already there (see :mod:`nnviz.core.run_result`); an interrupted run's ``state`` goes
    with them (in an ``.npz`` file), for ``--resume``."""
    run, arrays = state_meta(state)

    def write(path: Path) -> None:
        keep = path.suffix.lower() == ".npz"
        fields = meta(status, epochs, test, run if keep else None)
        save_weights(path, network, fields, TRAINED_DTYPE, arrays if keep else None)

    return save_run_result(out, status, write)


def _check_out(out: str | None) -> str | None:
    """Refuse an --out that could not be written, before any time is spent training."""
    if out is None:
        return None
    path = Path(out)
    if path.suffix.lower() not in (".npz", ".json"):
        raise CliError(
            f"{path.name}: --out files end in .npz or .json (export other formats "
            "with nnviz export)"
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CliError(f"{out}: the folder {folder} does not exist")
    if path.is_dir():
        raise CliError(f"{out}: is a folder")
    if not os.access(folder, os.W_OK):
        raise CliError(f"{out}: the folder {folder} is not writable")
    return out
