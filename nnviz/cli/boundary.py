"""``nnviz snapshot FILE OUT.png --boundary --data …``: the decision boundary (or fitted
curve) of a network with its data's points, drawn as the Playground panel draws it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from nnviz.cli import CliError
from nnviz.core.data import DataSource
from nnviz.core.data.toys import raw_table


def draw_boundary(
    args: argparse.Namespace, network: Any, saved_data: DataSource | None, title: str
) -> int:
    """Draw the boundary picture into ``args.output``; return the exit code."""
    output = Path(args.output)
    if output.suffix.lower() != ".png":
        raise CliError(f"{output.name}: --boundary pictures are PNG files")
    from nnviz.cli.data_options import data_source

    source = data_source(args) if args.data is not None else saved_data
    if source is None:
        raise CliError("--boundary needs --data (a built-in set or a CSV file)")
    table = raw_table(source)
    if table is None:
        raise CliError("--boundary draws playground data: a built-in set or a CSV file")
    try:
        data = table.load()
    except ValueError as error:
        raise CliError(str(error)) from None
    if network.input_size != data.n_inputs:
        raise CliError(
            f"the network takes {network.input_size} inputs, {data.name} has "
            f"{data.n_inputs} feature{'s' if data.n_inputs != 1 else ''}"
        )
    from nnviz.present.playground.maps import grid_inputs, neuron_maps, output_values, plane_for

    plane = plane_for(table, 160)
    if plane is None:
        raise CliError(f"{data.name} has more than two inputs: there is no plane to draw")
    if "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from nnviz.qt.application import create_application

    create_application()
    from nnviz.qt.palette import get_palette
    from nnviz.qt.playground.plots import DataPlot
    from nnviz.qt.theme import get_theme

    theme = get_theme(args.theme)
    plot = DataPlot()
    plot.set_palette(get_palette(args.palette), theme.background, theme.text)
    plot.set_table(table, plane)
    maps = neuron_maps(network, grid_inputs(table, data, plane), plane)
    plot.set_output(maps, output_values(maps, data.n_classes))
    plot.setTitle(title, color=theme.text)
    width, height = args.size
    plot.resize(round(width * args.scale), round(height * args.scale))
    if not plot.grab().save(str(output)):
        raise CliError(f"{output}: cannot be written")
    print(f"{output}: {title} on {data.describe()}, {plot.width()}×{plot.height()}")
    return 0
