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

from nnviz.core.fileio import describe_os_error
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
    try:
        path.stat()
    except FileNotFoundError:
        if text in preset_names():
            return load_preset(text)
        raise WeightsFileError(
            f"{text}: no such file, and no preset of that name (presets: "
            f"{', '.join(preset_names())})"
        ) from None
    except OSError as error:  # a loop of symbolic links, no permission …
        raise WeightsFileError(
            f"{path.name}: cannot be read ({describe_os_error(error)})"
        ) from None
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
    """Build a preset from a file's network and the optional fields of its ``meta``.

    Raises
    ------
    ValueError
        Naming the first field that does not fit the network (a file's ``meta`` is
        checked as strictly as its arrays).
    """
    inputs, target = _default_example(network, meta)
    target_array = None
    if target is not None:
        target_array = _vector(target, network.output_size, "its target")
    labels = meta.get("output_labels")
    if labels is not None:
        if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
            raise ValueError("its 'output_labels' must be a list of text")
        if len(labels) != network.output_size:
            raise ValueError(
                f"its 'output_labels' name {len(labels)} classes; the network has "
                f"{network.output_size} outputs"
            )
    shape = meta.get("input_image_shape")
    image_shape: tuple[int, int] | None = None
    if shape is not None:
        if (
            not isinstance(shape, list)
            or len(shape) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in shape)
        ):
            raise ValueError("its 'input_image_shape' must be [rows, columns]")
        rows, columns = shape
        if rows * columns != network.input_size:
            raise ValueError(
                f"an input image of {rows}x{columns} does not fit {network.input_size} inputs"
            )
        image_shape = (rows, columns)
    learning_rate = meta.get("learning_rate", DEFAULT_LEARNING_RATE)
    if (
        isinstance(learning_rate, bool)
        or not isinstance(learning_rate, int | float)
        or not (np.isfinite(learning_rate) and learning_rate > 0)
    ):
        learning_rate = DEFAULT_LEARNING_RATE
    title = meta.get("title", name)
    description = meta.get("description", "")
    return Preset(
        name=name,
        title=title if isinstance(title, str) else name,
        description=description if isinstance(description, str) else "",
        network=network,
        inputs=inputs,
        target=target_array,
        output_labels=tuple(labels) if labels else None,
        input_image_shape=image_shape,
        learning_rate=float(learning_rate),
        meta=dict(meta),
    )


def _vector(value: Any, size: int, what: str) -> FloatArray:
    """``value`` as ``size`` finite float64 numbers, or ValueError naming ``what``."""
    if not isinstance(value, list | np.ndarray) or len(value) != size:
        raise ValueError(f"{what} must be {size} finite numbers")
    if isinstance(value, list) and not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value
    ):
        raise ValueError(f"{what} must be {size} finite numbers")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (OverflowError, TypeError, ValueError):
        raise ValueError(f"{what} must be {size} finite numbers") from None
    if array.shape != (size,) or not np.all(np.isfinite(array)):
        raise ValueError(f"{what} must be {size} finite numbers")
    return array


def _default_example(network: Network, meta: dict[str, Any]) -> tuple[FloatArray, Any]:
    """Return the preset's input and its target (or None), from ``meta`` or a dataset."""
    if "input" in meta:
        return _vector(meta["input"], network.input_size, "its input"), meta.get("target")
    source = meta.get("input_from")
    if source is not None:
        if (
            not isinstance(source, dict)
            or source.get("dataset") != "mnist"
            or source.get("split", "test") != "test"
        ):
            raise ValueError(f"unknown input source {source!r:.80} (only the MNIST test set)")
        images, labels = load_test_set()
        index = source.get("index", 0)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(labels):
            raise ValueError(f"its input index must be 0 to {len(labels) - 1}")
        if network.input_size != images[index].size:
            raise ValueError(
                f"an MNIST test image has {images[index].size} pixels; the network has "
                f"{network.input_size} inputs"
            )
        label = int(labels[index])
        default = one_hot(label, network.output_size) if label < network.output_size else None
        target = meta.get("target", default)
        return pixels_to_inputs(images[index]), target
    return np.zeros(network.input_size), meta.get("target")
