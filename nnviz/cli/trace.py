"""``nnviz trace``: every number of a forward and backward pass, for answer keys and scripts."""

from __future__ import annotations

import argparse
import json
from typing import Any

import numpy as np

from nnviz.cli import CliError, add_activations_option, finite_float, positive_float
from nnviz.core.data import Standardisation
from nnviz.core.losses import LOSS_NAMES
from nnviz.core.nonfinite import NonFinite, explain_non_finite
from nnviz.core.notation import format_number, json_number
from nnviz.core.presets import Preset, load_network_source, preset_names
from nnviz.core.step_documents import steps_latex, steps_markdown
from nnviz.core.steps import PHASES, build_steps
from nnviz.core.trace import backward_trace, forward_trace


def register(subparsers: Any) -> None:
    """Add the ``trace`` sub-command."""
    parser = subparsers.add_parser(
        "trace",
        help="print the forward and backward pass of a network",
        description=(
            "Run one input through a network and print every weighted sum and activation; "
            "with a target, also the loss, every delta and every gradient. NAME_OR_FILE is a "
            f"preset ({', '.join(preset_names())}) or a weights file: .npz, .json, .onnx or "
            ".safetensors (give a state dict's --activations)."
        ),
    )
    parser.add_argument("source", metavar="NAME_OR_FILE")
    parser.add_argument(
        "--input", nargs="+", type=finite_float, metavar="V", help="the input values"
    )
    parser.add_argument(
        "--target", nargs="+", type=finite_float, metavar="T", help="the target values"
    )
    parser.add_argument("--loss", choices=LOSS_NAMES, help="the loss (default: the network's)")
    parser.add_argument(
        "--learning-rate",
        type=positive_float,
        metavar="ETA",
        help="η for the update steps of --steps (default: the preset's, else 0.1)",
    )
    parser.add_argument(
        "--steps", action="store_true", help="print the step list, as the lecture writes it"
    )
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "latex"),
        default="text",
        help="with --steps: the step list as text (default), Markdown or LaTeX, for slides",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_activations_option(parser)
    parser.set_defaults(handler=run_trace)


def _example(preset: Preset, args: argparse.Namespace) -> tuple[np.ndarray, np.ndarray | None]:
    network = preset.network
    inputs = preset.inputs if args.input is None else np.array(args.input)
    if inputs.shape != (network.input_size,):
        raise CliError(f"the network takes {network.input_size} inputs, --input gave {inputs.size}")
    if args.input is not None and "standardisation" in preset.meta:
        # The file's network was trained on standardised features: --input gives the
        # features as they are in the data, and they go in as in training.
        try:
            standardisation = Standardisation.from_json(preset.meta["standardisation"])
        except ValueError as error:
            raise CliError(f"its meta's standardisation is refused: {error}") from None
        if standardisation.mean.shape != inputs.shape:
            raise CliError("its meta's standardisation does not fit the network's inputs")
        inputs = standardisation.apply(inputs.astype(np.float64))
        if not args.json:
            print(
                "--input standardised as the file's meta says, (x − mean) / scale: "
                + ", ".join(format_number(float(v)) for v in inputs)
            )
    target = preset.target if args.target is None else np.array(args.target)
    if target is not None and target.shape != (network.output_size,):
        raise CliError(
            f"the network has {network.output_size} outputs, --target gave {target.size}"
        )
    return inputs, target


def run_trace(args: argparse.Namespace) -> int:
    """Print the trace of ``args.source``; return the exit code."""
    preset = load_network_source(args.source, args.activations)
    network = preset.network
    inputs, target = _example(preset, args)
    if args.steps:
        steps = build_steps(
            network,
            inputs,
            target,
            loss=args.loss,
            learning_rate=args.learning_rate or preset.learning_rate,
            output_labels=preset.output_labels,
        )
        forward = forward_trace(network, inputs)
        backward = None if target is None else backward_trace(forward, target, args.loss)
        problem = explain_non_finite(forward, backward)
        if args.json:
            print(_dumps([_step_object(step) for step in steps], indent=1))
            return 0
        if args.format != "text":
            write = steps_markdown if args.format == "markdown" else steps_latex
            print(write(steps, preset.title), end="")
            return 0
        for phase in PHASES:
            numbered = [(i, s) for i, s in enumerate(steps, start=1) if s.phase == phase]
            if numbered:
                print(f"{phase.upper()}")
                for i, step in numbered:
                    print(f"{i:4d}. {step.text}")
        _print_problem(problem)
        return 0
    forward = forward_trace(network, inputs)
    backward = None if target is None else backward_trace(forward, target, args.loss)
    problem = explain_non_finite(forward, backward)
    if args.json:
        document: dict[str, Any] = {
            "layer_sizes": list(network.layer_sizes),
            "activation_functions": list(network.activations),
            "neuron_activations": [list(o) for o in network.neuron_activations],
            "activations": [a.tolist() for a in forward.activations],
            "weighted_sums": [z.tolist() for z in forward.weighted_sums],
            "output": forward.output.tolist(),
        }
        if backward is not None:
            document.update(
                {
                    "target": backward.target.tolist(),
                    "loss_function": backward.loss_name,
                    "loss": backward.loss,
                    "deltas": [d.tolist() for d in backward.deltas],
                    "weight_gradients": [g.tolist() for g in backward.weight_gradients],
                    "bias_gradients": [g.tolist() for g in backward.bias_gradients],
                }
            )
        if problem is not None:
            document["non_finite"] = {
                "quantity": problem.quantity,
                "phase": problem.phase,
                "explanation": problem.explanation,
            }
        print(_dumps(document))
        return 0
    _print_summary(preset, forward, backward)
    _print_problem(problem)
    return 0


def _print_problem(problem: NonFinite | None) -> None:
    """Say once, in words, where the first ∞ or NaN appeared and why."""
    if problem is not None:
        print(f"note: {problem.explanation}")


def _json_safe(value: Any) -> Any:
    """∞ and NaN as the strings "Infinity", "-Infinity" and "NaN" (JSON has no such numbers;
    Python's float() and JavaScript's Number() read these strings back)."""
    if isinstance(value, float):
        return json_number(value)
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    return value


def _dumps(document: Any, indent: int | None = None) -> str:
    return json.dumps(_json_safe(document), indent=indent, allow_nan=False)


def _step_object(step: Any) -> dict[str, Any]:
    return {
        "phase": step.phase,
        "kind": step.kind,
        "layer": step.layer,
        "neuron": step.neuron,
        "source": step.source,
        "value": step.value,
        "quantity": step.quantity,
        "formula": step.formula,
        "text": step.text,
    }


def _vector(values: np.ndarray, limit: int = 12) -> str:
    shown = ", ".join(format_number(float(v)) for v in values[:limit])
    more = f", … ({values.size} values)" if values.size > limit else ""
    return f"({shown}{more})"


def _print_summary(preset: Preset, forward: Any, backward: Any) -> None:
    network = preset.network
    print(f"{preset.title}: {'-'.join(map(str, network.layer_sizes))}")
    print(f"layer 0 (input): x = {_vector(forward.activations[0])}")
    for layer in range(1, network.n_layers):
        name = network.activation_label(layer)
        print(f"layer {layer} ({name}):")
        print(f"  weighted sums v = {_vector(forward.weighted_sums[layer - 1])}")
        print(f"  activations   z = {_vector(forward.activations[layer])}")
        if backward is not None:
            print(f"  deltas        δ = {_vector(backward.deltas[layer - 1])}")
    if backward is not None:
        print(f"loss ({backward.loss_name}) C = {format_number(backward.loss)}")
