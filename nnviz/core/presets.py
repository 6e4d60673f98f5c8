"""The lecture's networks, loadable by name.

A preset is a weights file in JSON form (see :mod:`nnviz.core.weights_io`) under
``resources/presets/`` whose ``meta`` carries more: ``title``, ``description``, a default
``input`` and ``target``, ``output_labels``, a ``learning_rate`` for the update step and,
for image inputs, ``input_image_shape``. A large preset may instead give ``init``
(``{"method": "he", "seed": 0}``) in place of its arrays, and take its input from a
dataset with ``input_from`` (``{"dataset": "mnist", "split": "test", "index": 0}``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.core.mnist import load_test_set, one_hot, pixels_to_inputs
from nnviz.core.network import Network
from nnviz.core.resources import resource_path
from nnviz.core.types import FloatArray
from nnviz.core.weights_io import (
    WeightsFileError,
    load_weights,
    parse_weights_document,
)

DEFAULT_LEARNING_RATE = 0.1


@dataclass(frozen=True)
class Preset:
    """A network with everything needed to show it.

    Attributes
    ----------
    name : str
        The preset's name (``"feedforward"``) or the file it was read from.
    title, description : str
        What a student reads about it.
    network : Network
    inputs : ndarray of float64, shape (n_0,)
        The default input.
    target : ndarray of float64, shape (n_L,) or None
        The default target, if the preset has one.
    output_labels : tuple of str or None
        Names of the outputs (classes), if any.
    input_image_shape : tuple of int or None
        ``(rows, columns)`` when the input is an image.
    learning_rate : float
        The learning rate for the update step.
    meta : dict
        The whole ``meta`` object of the file.
    """

    name: str
    title: str
    description: str
    network: Network
    inputs: FloatArray
    target: FloatArray | None = None
    output_labels: tuple[str, ...] | None = None
    input_image_shape: tuple[int, int] | None = None
    learning_rate: float = DEFAULT_LEARNING_RATE
    meta: dict[str, Any] = field(default_factory=dict)


def preset_names() -> list[str]:
    """Return the names of the bundled presets, in the order the lecture meets them."""
    order = ["perceptron", "feedforward", "xor", "softmax", "mnist"]
    found = sorted(p.stem for p in resource_path("presets").glob("*.json"))
    return [n for n in order if n in found] + [n for n in found if n not in order]


def load_preset(name: str) -> Preset:
    """Load a bundled preset by name.

    Raises
    ------
    KeyError
        If there is no preset of that name (the message lists those there are).
    """
    path = resource_path("presets", f"{name}.json")
    if name not in preset_names():
        raise KeyError(f"no preset called {name!r} (presets: {', '.join(preset_names())})")
    document = json.loads(path.read_text(encoding="utf-8"))
    meta = document.get("meta", {})
    if "init" in meta:
        network = _initialised_network(meta)
    else:
        network = parse_weights_document(document).network
    return _preset_from(name, network, meta)


def load_network_source(name_or_file: str | os.PathLike[str]) -> Preset:
    """Load a preset by name or a weights file by path, as the CLI's NAME_OR_FILE.

    A weights file becomes a preset with the defaults its ``meta`` gives (input zeros and
    no target when it gives none).

    Raises
    ------
    WeightsFileError
        If a file is given and refused, or nothing of that name exists.
    """
    text = os.fspath(name_or_file)
    path = Path(text)
    if text in preset_names() and not path.exists():
        return load_preset(text)
    if not path.exists():
        raise WeightsFileError(
            f"{text}: no such file, and no preset of that name (presets: "
            f"{', '.join(preset_names())})"
        )
    loaded = load_weights(path)
    try:
        return _preset_from(path.name, loaded.network, loaded.meta)
    except ValueError as error:
        raise WeightsFileError(f"{path.name}: {error}") from None


def _initialised_network(meta: dict[str, Any]) -> Network:
    init = meta["init"]
    return Network.initialised(
        meta["layer_sizes"],
        meta["activations"],
        meta["loss"],
        seed=int(init.get("seed", 0)),
        method=str(init.get("method", "he")),
    )


def _preset_from(name: str, network: Network, meta: dict[str, Any]) -> Preset:
    inputs, target = _default_example(network, meta)
    target_array = None
    if target is not None:
        target_array = np.asarray(target, dtype=np.float64)
        if target_array.shape != (network.output_size,) or not np.all(np.isfinite(target_array)):
            raise ValueError(f"its target must be {network.output_size} finite numbers")
    labels = meta.get("output_labels")
    shape = meta.get("input_image_shape")
    image_shape: tuple[int, int] | None = None
    if shape is not None:
        rows, columns = (int(n) for n in shape)
        if rows * columns != network.input_size:
            raise ValueError(
                f"an input image of {rows}x{columns} does not fit {network.input_size} inputs"
            )
        image_shape = (rows, columns)
    learning_rate = float(meta.get("learning_rate", DEFAULT_LEARNING_RATE))
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        learning_rate = DEFAULT_LEARNING_RATE
    return Preset(
        name=name,
        title=str(meta.get("title", name)),
        description=str(meta.get("description", "")),
        network=network,
        inputs=inputs,
        target=target_array,
        output_labels=tuple(str(label) for label in labels) if labels else None,
        input_image_shape=image_shape,
        learning_rate=learning_rate,
        meta=dict(meta),
    )


def _default_example(network: Network, meta: dict[str, Any]) -> tuple[FloatArray, Any]:
    """Return the preset's input and its target (or None), from ``meta`` or a dataset."""
    if "input" in meta:
        inputs = np.asarray(meta["input"], dtype=np.float64)
        if inputs.shape != (network.input_size,) or not np.all(np.isfinite(inputs)):
            raise ValueError(f"its input must be {network.input_size} finite numbers")
        return inputs, meta.get("target")
    source = meta.get("input_from")
    if source is not None:
        if source.get("dataset") != "mnist" or source.get("split", "test") != "test":
            raise ValueError(f"unknown input source {source!r} (only the MNIST test set)")
        images, labels = load_test_set()
        index = int(source.get("index", 0))
        target = meta.get("target", one_hot(int(labels[index])))
        return pixels_to_inputs(images[index]), target
    return np.zeros(network.input_size), meta.get("target")
