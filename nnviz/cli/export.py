"""``nnviz export``: write a network in a format other tools read."""

from __future__ import annotations

import argparse
from typing import Any

from nnviz.cli import add_activations_option
from nnviz.core.export import EXPORT_SUFFIXES, export_network
from nnviz.core.presets import load_network_source


def register(subparsers: Any) -> None:
    """Add the ``export`` sub-command."""
    parser = subparsers.add_parser(
        "export",
        help="write weights as ONNX, safetensors, JSON or npz",
        description=(
            "Write the network of FILE (a weights file, an ONNX model, a safetensors state "
            "dict with --activations, or a preset name) in the format the "
            "suffix of --to names: .onnx (Gemm and activation nodes, opset 17, float32, "
            "dynamic batch), .safetensors (readable without torch), .json or .npz "
            "(nnviz's own format). ONNX and safetensors need the export extra: "
            'pip install "nnviz[export]".'
        ),
    )
    parser.add_argument("source", metavar="FILE")
    parser.add_argument(
        "--to",
        required=True,
        metavar="OUT",
        help=f"the file to write ({', '.join(EXPORT_SUFFIXES)})",
    )
    parser.add_argument(
        "--dtype",
        choices=("float32", "float64"),
        help="stored precision (default: float32 for .onnx and .safetensors, float64 for .npz)",
    )
    add_activations_option(parser)
    parser.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Export ``args.source`` to ``args.to``; return the exit code."""
    preset = load_network_source(args.source, args.activations)
    meta = {
        key: value
        for key, value in preset.meta.items()
        if key not in ("init", "input_from", "imported_from")
    }
    kind = export_network(args.to, preset.network, meta, args.dtype)
    network = preset.network
    print(
        f"wrote {args.to} ({kind}): {'-'.join(map(str, network.layer_sizes))} "
        f"({network.activations_text()}), input (batch, {network.input_size}) → output "
        f"(batch, {network.output_size})"
    )
    return 0
