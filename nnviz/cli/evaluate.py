"""``nnviz evaluate``: test accuracy, loss and confusion matrix of a weights file."""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import Any

from nnviz.cli import CliError, add_activations_option
from nnviz.cli.data_options import add_data_options, data_source
from nnviz.core.data import DataSet, MnistSource, Standardisation
from nnviz.core.notation import formatted, json_number
from nnviz.core.presets import load_network_source
from nnviz.core.training import Evaluation, evaluate
from nnviz.present.training.analysis import class_accuracies
from nnviz.present.training.robustness import RobustnessCurve, robustness_curves


def register(subparsers: Any) -> None:
    """Add the ``evaluate`` sub-command."""
    parser = subparsers.add_parser(
        "evaluate",
        help="test accuracy, loss and confusion matrix of a weights file",
        description=(
            "Run the test set of MNIST (or of the MNIST-layout dataset in --data, a built-in "
            "playground set or a CSV file) through a network and print its accuracy, its mean "
            "loss and the confusion matrix (rows: true class, columns: predicted class); for "
            "real-valued targets, the mean loss. A standardisation in the file's meta is "
            "applied to the features. FILE is a weights file (.npz, .json, an ONNX model or a "
            "safetensors state dict with --activations) or a preset name."
        ),
    )
    parser.add_argument("source", metavar="FILE")
    add_data_options(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--robustness",
        action="store_true",
        help="also the test accuracy as the test images get noisier, rotated, shifted, "
        "thinner and thicker (image data only; the Robustness page's numbers)",
    )
    parser.add_argument(
        "--robustness-seed",
        type=int,
        default=None,
        metavar="S",
        help="seeds the noise, rotations and shifts of --robustness (default: 0)",
    )
    add_activations_option(parser)
    parser.set_defaults(handler=run_evaluate)


def run_evaluate(args: argparse.Namespace) -> int:
    """Evaluate ``args.source``; return the exit code."""
    if args.robustness_seed is not None and not args.robustness:
        raise CliError("--robustness-seed goes with --robustness")
    if args.robustness_seed is None:
        args.robustness_seed = 0
    if args.robustness_seed < 0:
        raise CliError(f"--robustness-seed must be 0 or more, not {args.robustness_seed}")
    preset = load_network_source(args.source, args.activations)
    network = preset.network
    source = data_source(args)
    if not isinstance(source, MnistSource):
        if args.robustness:
            raise CliError("--robustness needs image data (MNIST or an IDX folder)")
        return _evaluate_table(args, preset.network, with_meta(source.load(), preset.meta))
    data = source.load("test")
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
    curves = _robustness(network, data, args.robustness_seed) if args.robustness else None
    if args.json:
        extra: dict[str, Any] = {}
        if curves is not None:
            extra["robustness"] = {
                "seed": args.robustness_seed,
                **{curve.disturbance.key: curve.as_json() for curve in curves},
            }
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
                    **extra,
                },
                allow_nan=False,
            )
        )
        return 0
    shape = "-".join(map(str, network.layer_sizes))
    print(f"{args.source}: {shape} ({network.activations_text()})")
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
    if curves is not None:
        print(f"robustness (test accuracy; seed {args.robustness_seed})")
        for curve in curves:
            print(robustness_line(curve))
    return 0


def _robustness(network: Any, data: DataSet, seed: int) -> list[RobustnessCurve]:
    """The Robustness page's curves, with one BLAS thread (two spin-wait for each other
    on a busy machine: five times slower here)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        try:
            return robustness_curves(network, data, seed)
        except ValueError as error:
            raise CliError(f"--robustness: {error}") from None


def robustness_line(curve: RobustnessCurve) -> str:
    """``"  rotation (degrees, either way): 0 97.78 %  10 96.46 % …"``."""
    points = "  ".join(
        f"{level:g}: {accuracy * 100:.2f} %"
        for level, accuracy in zip(curve.disturbance.levels, curve.accuracy, strict=True)
    )
    return f"  {curve.disturbance.title}: {points}"


def confusion_table(result: Evaluation) -> str:
    """Return the confusion matrix as an aligned text table with row and column labels."""
    matrix = result.confusion
    width = max(5, len(f"{int(matrix.max()):,}") + 1 if matrix.size else 5)
    header = "true\\pred" + "".join(f"{j:>{width}}" for j in range(matrix.shape[1]))
    rows = [header]
    for i, row in enumerate(matrix):
        rows.append(f"{i:>9}" + "".join(f"{int(v):>{width},}" for v in row))
    return "\n".join(rows)


def with_meta(data: DataSet, meta: dict[str, Any]) -> DataSet:
    """``data`` with the standardisation a weights file's ``meta`` keeps (the one its
    network was trained with), if it keeps one."""
    if "standardisation" not in meta:
        return data
    try:
        standardisation = Standardisation.from_json(meta["standardisation"])
    except ValueError as error:
        raise CliError(f"its meta's standardisation is refused: {error}") from None
    if standardisation.mean.shape != (data.n_inputs,):
        raise CliError(
            f"its meta's standardisation has {standardisation.mean.size} features, the data "
            f"{data.n_inputs}"
        )
    return dataclasses.replace(data, standardisation=standardisation)


def _evaluate_table(args: argparse.Namespace, network: Any, data: DataSet) -> int:
    """Evaluate on a playground set or a CSV file's test split."""
    if network.input_size != data.n_inputs:
        raise CliError(
            f"{args.source}: its network takes {network.input_size} inputs, {data.name} has "
            f"{data.n_inputs} features"
        )
    try:
        data.coding(network.output_size)
    except ValueError as error:
        raise CliError(f"{args.source}: {error}") from None
    result = evaluate(network, data)
    if args.json:
        document: dict[str, Any] = {
            "loss": json_number(result.loss),
            "loss_function": network.loss,
            "n_examples": result.n_examples,
        }
        if data.classifies:
            document["accuracy"] = json_number(result.accuracy)
            document["correct"] = int(result.confusion.trace())
            document["confusion"] = result.confusion.tolist()
        print(json.dumps(document, allow_nan=False))
        return 0
    shape = "-".join(map(str, network.layer_sizes))
    print(f"{args.source}: {shape} ({network.activations_text()}) on {data.describe()}")
    if not data.classifies:
        print(f"mean {network.loss} test loss {formatted(result.loss, '.4f')}")
        return 0
    print(
        f"test accuracy {formatted(result.accuracy, '.2%')} ({int(result.confusion.trace()):,} "
        f"of {result.n_examples:,})  mean {network.loss} loss {formatted(result.loss, '.4f')}"
    )
    print("confusion matrix (rows: true class, columns: predicted class)")
    print(confusion_table(result))
    return 0
