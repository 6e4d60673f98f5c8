"""``nnviz evaluate``: test accuracy, loss and confusion matrix of a weights file."""

from __future__ import annotations

import argparse
import json
from typing import Any

from nnviz.cli import CliError
from nnviz.core.data import MnistSource
from nnviz.core.notation import formatted, json_number
from nnviz.core.presets import load_network_source
from nnviz.core.training import Evaluation, evaluate
from nnviz.present.training.analysis import class_accuracies


def register(subparsers: Any) -> None:
    """Add the ``evaluate`` sub-command."""
    parser = subparsers.add_parser(
        "evaluate",
        help="test accuracy, loss and confusion matrix of a weights file",
        description=(
            "Run the test set of MNIST (or of the MNIST-layout dataset in --data) through a "
            "network and print its accuracy, its mean loss and the confusion matrix "
            "(rows: true class, columns: predicted class). FILE is a weights file (.npz or "
            "a .json) or a preset name."
        ),
    )
    parser.add_argument("source", metavar="FILE")
    parser.add_argument(
        "--data", metavar="DIR", help="a folder with the four MNIST-layout IDX files"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run_evaluate)


def run_evaluate(args: argparse.Namespace) -> int:
    """Evaluate ``args.source``; return the exit code."""
    preset = load_network_source(args.source)
    network = preset.network
    data = MnistSource(args.data).load("test")
    labels = data.test_targets
    pixels = data.n_inputs
    if network.input_size != pixels:
        raise CliError(
            f"{args.source}: its network takes {network.input_size} inputs, the test images "
            f"have {pixels} pixels"
        )
    if labels.size and int(labels.max()) >= network.output_size:
        raise CliError(
            f"{args.source}: its network has {network.output_size} outputs, the labels go up "
            f"to {int(labels.max())}"
        )
    result = evaluate(network, data)
    if args.json:
        print(
            json.dumps(
                {
                    "accuracy": json_number(result.accuracy),
                    "loss": json_number(result.loss),
                    "loss_function": network.loss,
                    "n_examples": result.n_examples,
                    "correct": int(result.confusion.trace()),
                    "per_class_accuracy": [
                        None if a is None else json_number(a)
                        for a in class_accuracies(result.confusion)
                    ],
                    "confusion": result.confusion.tolist(),
                },
                allow_nan=False,
            )
        )
        return 0
    shape = "-".join(map(str, network.layer_sizes))
    print(f"{args.source}: {shape} ({', '.join(network.activations)})")
    print(
        f"test accuracy {formatted(result.accuracy, '.2%')} ({int(result.confusion.trace()):,} "
        f"of {result.n_examples:,})  mean {network.loss} loss {formatted(result.loss, '.4f')}"
    )
    print(
        "per class: "
        + "  ".join(
            f"{k} {formatted(a, '.1%') if a is not None else '—'}"
            for k, a in enumerate(class_accuracies(result.confusion))
        )
    )
    print("confusion matrix (rows: true class, columns: predicted class)")
    print(confusion_table(result))
    return 0


def confusion_table(result: Evaluation) -> str:
    """Return the confusion matrix as an aligned text table with row and column labels."""
    matrix = result.confusion
    width = max(5, len(f"{int(matrix.max()):,}") + 1 if matrix.size else 5)
    header = "true\\pred" + "".join(f"{j:>{width}}" for j in range(matrix.shape[1]))
    rows = [header]
    for i, row in enumerate(matrix):
        rows.append(f"{i:>9}" + "".join(f"{int(v):>{width},}" for v in row))
    return "\n".join(rows)
