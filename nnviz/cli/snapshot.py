"""``nnviz snapshot``: the diagram as a PNG or SVG file, drawn without a window.

For slides and the README. Qt is imported only when the command runs (offscreen), so the
rest of the command line stays Qt-free.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.cli import (
    CliError,
    add_activations_option,
    finite_float,
    positive_float,
    positive_int,
)
from nnviz.cli.data_options import add_data_options
from nnviz.core.presets import preset_names

THEMES = ("light", "dark", "contrast")
PALETTE_KEYS = ("blue-vermillion", "purple-green", "red-blue", "red-green")
DEFAULT_SIZE = (1200, 800)
#: A slide's shape (16:9) at a size that makes the diagram's type large on it.
SLIDE_SIZE = (960, 540)
MIN_SIDE = 200
MAX_SIDE = 8000


def canvas_size(text: str) -> tuple[int, int]:
    """argparse type: ``WIDTHxHEIGHT`` in pixels, e.g. ``1200x800``."""
    parts = text.lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1200x800")
    width, height = (int(p) for p in parts)
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise argparse.ArgumentTypeError(
            f"{text!r}: width and height must be {MIN_SIDE} to {MAX_SIDE} pixels"
        )
    return width, height


def register(subparsers: Any) -> None:
    """Add the ``snapshot`` sub-command."""
    parser = subparsers.add_parser(
        "snapshot",
        help="draw a network's diagram into a PNG or SVG file",
        description=(
            "Draw the diagram of a network, as the window shows it, into OUT.png or OUT.svg "
            "without opening a window. NAME_OR_FILE is a preset "
            f"({', '.join(preset_names())}), a weights file (.npz, .json), a session (.nnviz) "
            "or a model made elsewhere (.onnx, .safetensors with --activations)."
        ),
    )
    parser.add_argument("source", metavar="NAME_OR_FILE")
    parser.add_argument("output", metavar="OUT.png|OUT.svg")
    parser.add_argument(
        "--input", nargs="+", type=finite_float, metavar="V", help="the input values"
    )
    parser.add_argument(
        "--test-image",
        type=int,
        metavar="N",
        help="for a 28×28-image network: show MNIST test image N (0 to 9999)",
    )
    parser.add_argument(
        "--size",
        type=canvas_size,
        metavar="WxH",
        help="default 1200x800 (960x540 with --step: a slide's shape, larger type)",
    )
    parser.add_argument(
        "--scale",
        type=positive_float,
        help="PNG pixels per unit (default 1; 2 with --step, for slides)",
    )
    parser.add_argument(
        "--step",
        type=int,
        metavar="N",
        help="the diagram as the step-through shows it after N steps (see nnviz trace "
        "--steps), tightly framed for a slide",
    )
    parser.add_argument(
        "--tight", action="store_true", help="frame the picture closely, without the legend"
    )
    parser.add_argument("--theme", choices=THEMES, default="light")
    parser.add_argument("--palette", choices=PALETTE_KEYS, default="blue-vermillion")
    parser.add_argument(
        "--top-k", type=positive_int, metavar="K", help="edges drawn per layer of a large network"
    )
    parser.add_argument(
        "--boundary",
        action="store_true",
        help="draw the decision boundary (or fitted curve) with the data's points instead "
        "of the diagram (PNG; the data from --data or the session file)",
    )
    add_activations_option(parser)
    add_data_options(parser)
    parser.set_defaults(handler=run_snapshot)


def run_snapshot(args: argparse.Namespace) -> int:
    """Draw ``args.source`` into ``args.output``; return the exit code."""
    output = Path(args.output)
    if output.suffix.lower() not in (".png", ".svg"):
        raise CliError(f"{output.name}: the picture must end in .png or .svg")
    if not output.parent.is_dir():
        raise CliError(f"{output.parent}: no such folder")
    from nnviz.session import Document, DocumentState, ViewSettings
    from nnviz.session.session_file import load_document

    source = str(args.source)
    if source in preset_names() and not Path(source).exists():
        from nnviz.core.presets import load_preset

        state, view = DocumentState.from_preset(load_preset(source)), ViewSettings()
        saved_data = None
    else:
        saved = load_document(source, args.activations)
        state, view = saved.state, saved.view
        saved_data = saved.data
    slide = args.step is not None
    if args.size is None:
        args.size = SLIDE_SIZE if slide else DEFAULT_SIZE
    if args.scale is None:
        args.scale = 2.0 if slide else 1.0
    if args.boundary:
        from nnviz.cli.boundary import draw_boundary

        return draw_boundary(args, state.network, saved_data, state.description.title)
    document = Document()
    document.open_state(state, view)
    _set_input(document, args)
    if args.top_k is not None:
        document.set_view(top_k=args.top_k)

    if "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from nnviz.qt.application import create_application

    create_application()
    from nnviz.present.diagram.content import content_from_document
    from nnviz.qt.diagram.scene import DiagramScene
    from nnviz.qt.diagram.style import DiagramStyle
    from nnviz.qt.export import export_diagram
    from nnviz.qt.palette import get_palette
    from nnviz.qt.theme import get_theme

    scene = DiagramScene()
    scene.set_style(DiagramStyle(get_theme(args.theme), get_palette(args.palette)))
    scene.set_view_settings(document.view)
    scene.set_canvas_size(*args.size)
    content = content_from_document(document)
    if args.step is None:
        scene.set_content(content)
    else:
        _show_step(scene, document, content, args.step)
    tight = bool(args.tight or args.step is not None)
    export_diagram(output, scene, scale=args.scale, title=document.description.title, tight=tight)
    print(f"{output}: {document.description.title}, {args.size[0]}×{args.size[1]}")
    return 0


def _show_step(scene: Any, document: Any, full: Any, step: int) -> None:
    """Show on ``scene`` what the step-through shows after ``step`` steps."""
    from nnviz.present.stepping.display import revealed_content, step_overlay

    stepper = document.stepper
    total = len(stepper.steps)
    if not 0 <= step <= total:
        raise CliError(f"--step must be 0 to {total} (the network's pass has {total} steps)")
    stepper.start(step)
    backward = document.backward
    scene.set_content(revealed_content(full, stepper.revealed(), stepper.after_update))
    scene.set_overlay(
        step_overlay(
            stepper.steps,
            step,
            stepper.current,
            full,
            None if backward is None else backward.deltas,
        )
    )


def _set_input(document: Any, args: argparse.Namespace) -> None:
    network = document.network
    edits = document.edits
    if args.input is not None:
        if len(args.input) != network.input_size:
            raise CliError(
                f"the network takes {network.input_size} inputs, --input gave {len(args.input)}"
            )
        edits.set_inputs(np.array(args.input))
    if args.test_image is not None:
        if network.input_size != 784:
            raise CliError("--test-image needs a network with 784 (28×28) inputs")
        from nnviz.core.mnist import load_test_set, one_hot, pixels_to_inputs

        images, labels = load_test_set()
        if not 0 <= args.test_image < images.shape[0]:
            raise CliError(f"--test-image must be 0 to {images.shape[0] - 1}")
        edits.set_inputs(pixels_to_inputs(images[args.test_image]))
        if network.output_size == 10:
            edits.set_target(one_hot(int(labels[args.test_image])))
