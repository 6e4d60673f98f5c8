"""Weights files: nnviz's public format, as ``.npz`` and as JSON.

Layout (version 1)
------------------
An ``.npz`` archive (read with ``allow_pickle=False``) holding, for a network of L weight
layers:

- ``layer1/weight`` … ``layerL/weight``: float arrays of shape ``(n_in, n_out)``; the edge
  from neuron k of one layer to neuron j of the next is ``W[k, j]``, so ``a @ W + b``
  computes a layer (PyTorch's ``nn.Linear.weight`` is the transpose, ``(out, in)``).
- ``layer1/bias`` … ``layerL/bias``: float arrays of shape ``(n_out,)``.
- ``meta``: a 0-d unicode array holding a JSON object with at least
  ``{"format": "nnviz", "version": 1, "layer_sizes": [...], "activations": [...],
  "loss": "..."}``; other fields are allowed and kept. A network in which some neuron has
  its own activation is written as version 2, with ``"neuron_activations": [[layer,
  neuron, name], ...]`` (layer 1 .. L, neuron from 0); version 1 files read as before.
- optionally, in a file ``nnviz train`` saved when interrupted, ``run/velocity`` (SGD) or
  ``run/first_moment`` and ``run/second_moment`` (Adam): float32 vectors of one value per
  parameter (weights of every layer, then biases), with the rest of the run's state in
  ``meta.training.run``; ``nnviz train --resume`` continues the run exactly from them.

The JSON form is one object with the same keys: ``"meta"`` (the object itself, not a string)
and ``"layer1/weight"`` … as nested lists.

Loading checks everything before it returns anything and raises :class:`WeightsFileError`
with one line naming the file and the problem.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from numpy.typing import NDArray

from nnviz.core import neuron_activations as own
from nnviz.core.fileio import (
    atomic_write,
    atomic_write_text,
    describe_os_error,
    parse_json,
    read_bytes,
)
from nnviz.core.network import Network
from nnviz.core.npz_members import (
    MemberError,
    archive_members,
    check_declared_sizes,
    open_archive,
    read_float_member,
    read_meta,
)
from nnviz.core.types import FloatArray
from nnviz.core.weights_json_size import check_json_size
from nnviz.core.weights_meta import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_META_BYTES,
    OWN_ACTIVATIONS_VERSION,
    WeightsFileError,
    check_meta,
)

__all__ = [
    "MAX_JSON_BYTES",
    "RUN_ARRAY_KEYS",
    "WeightsFile",
    "WeightsFileError",
    "array_key",
    "expected_keys",
    "load_weights",
    "network_arrays",
    "network_meta",
    "parse_weights_document",
    "save_weights",
    "weights_to_json",
]

#: Largest JSON weights file read (bytes); a 50-million-parameter network fits.
MAX_JSON_BYTES = 1 << 30
#: Optional members of an ``.npz`` file: an interrupted run's optimiser state (SGD's
#: velocity, Adam's moments), one float per parameter each, so that ``nnviz train
#: --resume`` continues the run exactly (:class:`nnviz.core.training.RunState`).
RUN_ARRAY_KEYS = ("run/velocity", "run/first_moment", "run/second_moment")


@dataclass(frozen=True)
class WeightsFile:
    """A loaded weights file.

    Attributes
    ----------
    network : Network
        The network it describes.
    meta : dict
        Its whole ``meta`` object, extra fields included.
    run_arrays : dict of str to ndarray
        The optional ``run/…`` members (:data:`RUN_ARRAY_KEYS`), shape (n_parameters,).
    """

    network: Network
    meta: dict[str, Any] = field(default_factory=dict)
    run_arrays: dict[str, NDArray[Any]] = field(default_factory=dict)


def array_key(layer: int, part: str) -> str:
    """Return the key of a layer's array: ``array_key(1, "weight") == "layer1/weight"``."""
    return f"layer{layer}/{part}"


def expected_keys(n_weight_layers: int) -> list[str]:
    """Return every array key a file of ``n_weight_layers`` layers holds, in order."""
    return [
        array_key(i, part) for i in range(1, n_weight_layers + 1) for part in ("weight", "bias")
    ]


# -- writing ----------------------------------------------------------------------------------


def network_meta(network: Network, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the ``meta`` object for ``network``, with ``extra`` fields added."""
    meta: dict[str, Any] = dict(extra or {})
    meta.update(
        {
            "format": FORMAT_NAME,
            # Version 2 only where a neuron has its own activation: nnviz before it refuses
            # such a file in one line instead of computing it with the layer's activation.
            "version": OWN_ACTIVATIONS_VERSION if network.neuron_activations else FORMAT_VERSION,
            "layer_sizes": list(network.layer_sizes),
            "activations": list(network.activations),
            "loss": network.loss,
        }
    )
    meta.pop(own.FILE_FIELD, None)
    if network.neuron_activations:
        meta[own.FILE_FIELD] = own.overrides_to_json(network.neuron_activations)
    return meta


def network_arrays(network: Network, dtype: type = np.float64) -> dict[str, NDArray[Any]]:
    """Return the arrays of ``network`` under their file keys, converted to ``dtype``."""
    arrays: dict[str, NDArray[Any]] = {}
    for i, (w, b) in enumerate(zip(network.weights, network.biases, strict=True), start=1):
        arrays[array_key(i, "weight")] = np.asarray(w, dtype=dtype)
        arrays[array_key(i, "bias")] = np.asarray(b, dtype=dtype)
    return arrays


def weights_to_json(network: Network, extra_meta: dict[str, Any] | None = None) -> str:
    """Return the JSON form of a weights file (floats written so they read back exactly)."""
    document: dict[str, Any] = {"meta": network_meta(network, extra_meta)}
    for key, array in network_arrays(network).items():
        document[key] = array.tolist()
    return json.dumps(document, indent=1)


def save_weights(
    path: str | os.PathLike[str],
    network: Network,
    extra_meta: dict[str, Any] | None = None,
    dtype: type = np.float64,
    run_arrays: dict[str, NDArray[Any]] | None = None,
) -> None:
    """Write ``network`` to ``path`` atomically, as ``.npz`` or ``.json`` by its suffix.

    Parameters
    ----------
    path : str or os.PathLike
        Ends in ``.npz`` or ``.json``.
    network : Network
    extra_meta : dict, optional
        More fields for ``meta`` (JSON-serialisable), e.g. ``{"title": "…"}``.
    dtype : numpy dtype
        Stored dtype of the arrays in an ``.npz`` file (float64 or float32).
    run_arrays : dict of str to ndarray, optional
        ``run/…`` members (:data:`RUN_ARRAY_KEYS`) of an ``.npz`` file; a ``.json`` file
        keeps the network alone.

    Raises
    ------
    WeightsFileError
        If the suffix is neither ``.npz`` nor ``.json``.
    OSError
        If the file cannot be written (the old file, if any, is left untouched).
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".json":
        atomic_write_text(target, weights_to_json(network, extra_meta))
    elif suffix == ".npz":
        meta = np.array(json.dumps(network_meta(network, extra_meta)))
        arrays = network_arrays(network, dtype)
        for key, array in (run_arrays or {}).items():
            if key not in RUN_ARRAY_KEYS:
                raise WeightsFileError(f"{key!r} is not a member a weights file may hold")
            arrays[key] = np.asarray(array, np.float32)

        def write(handle: BinaryIO) -> None:
            np.savez(handle, meta=meta, **arrays)  # type: ignore[arg-type]

        atomic_write(target, write)
    else:
        raise WeightsFileError(
            f"{target.name}: weights files end in .npz or .json, not {suffix or 'nothing'!r}"
        )


# -- reading ----------------------------------------------------------------------------------


def load_weights(path: str | os.PathLike[str]) -> WeightsFile:
    """Read and validate a weights file (``.npz`` or ``.json``).

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    WeightsFile

    Raises
    ------
    WeightsFileError
        One line naming the file and the problem: unreadable, not an archive, truncated or
        corrupt, an object array (pickle), missing or extra keys, wrong shapes or dtypes,
        values that are not finite, an unknown activation, loss, format or version.
    """
    source = Path(path)
    try:
        if source.suffix.lower() == ".json":
            return _load_json(source)
        return _load_npz(source)
    except WeightsFileError as error:
        raise WeightsFileError(f"{source.name}: {error}") from None
    except OSError as error:
        raise WeightsFileError(
            f"{source.name}: cannot be read ({describe_os_error(error)})"
        ) from None


def parse_weights_document(document: Any) -> WeightsFile:
    """Validate the JSON form of a weights file, already parsed into Python objects.

    Raises
    ------
    WeightsFileError
        Naming the problem (but not a file).
    """
    if not isinstance(document, dict):
        raise WeightsFileError("the JSON is not an object with 'meta' and layer arrays")
    if "meta" not in document:
        raise WeightsFileError("missing key 'meta'")
    meta = check_meta(document["meta"])
    n_layers = len(meta["layer_sizes"]) - 1
    _check_key_set(set(document) - {"meta"}, n_layers)
    arrays = {key: _array_from_json(key, document[key]) for key in expected_keys(n_layers)}
    return _build(meta, arrays)


def _load_json(source: Path) -> WeightsFile:
    try:
        data = read_bytes(source, MAX_JSON_BYTES)
        check_json_size(data)
        document = parse_json(data)
    except WeightsFileError:
        raise
    except ValueError as error:
        raise WeightsFileError(str(error)) from None
    return parse_weights_document(document)


def _load_npz(source: Path) -> WeightsFile:
    try:
        with open_archive(source) as archive:
            members = archive_members(archive)
            if "meta" not in members:
                raise WeightsFileError("missing key 'meta'")
            meta = check_meta(read_meta(archive, members["meta"], MAX_META_BYTES))
            sizes = meta["layer_sizes"]
            n_layers = len(sizes) - 1
            run_keys = set(members) & set(RUN_ARRAY_KEYS)
            _check_key_set(set(members) - {"meta"} - run_keys, n_layers)
            shapes = {
                array_key(i, part): shape
                for i in range(1, n_layers + 1)
                for part, shape in (("weight", (sizes[i - 1], sizes[i])), ("bias", (sizes[i],)))
            }
            n_parameters = sum(math.prod(shape) for shape in shapes.values())
            shapes.update({key: (n_parameters,) for key in sorted(run_keys)})
            # Every member's declared (decompressed) size first, before any data is read:
            # the whole archive may hold no more than the declared network needs.
            check_declared_sizes(members, shapes)
            arrays = {
                key: read_float_member(archive, members[key], key, shape)
                for key, shape in shapes.items()
            }
    except MemberError as error:
        raise WeightsFileError(str(error)) from None
    loaded = _build(meta, arrays)
    run = {key: arrays[key] for key in sorted(run_keys)}
    return WeightsFile(loaded.network, loaded.meta, run) if run else loaded


def _check_key_set(keys: set[str], n_layers: int) -> None:
    expected = expected_keys(n_layers)
    missing = [key for key in expected if key not in keys]
    if missing:
        raise WeightsFileError(f"missing key {missing[0]!r}")
    extra = sorted(keys - set(expected))
    if extra:
        raise WeightsFileError(f"unexpected key {extra[0]!r}")


def _array_from_json(key: str, value: Any) -> NDArray[Any]:
    try:
        array = np.array(value)
    except (ValueError, RecursionError):
        raise WeightsFileError(f"{key!r} is not a rectangular array of numbers") from None
    return array


def _build(meta: dict[str, Any], arrays: dict[str, NDArray[Any]]) -> WeightsFile:
    sizes = meta["layer_sizes"]
    weights: list[FloatArray] = []
    biases: list[FloatArray] = []
    for i in range(1, len(sizes)):
        for part, shape in (("weight", (sizes[i - 1], sizes[i])), ("bias", (sizes[i],))):
            key = array_key(i, part)
            array = arrays[key]
            if array.dtype.kind not in "fiu":
                raise WeightsFileError(
                    f"{key!r} holds {array.dtype} values; weights must be real numbers"
                )
            if array.shape != shape:
                raise WeightsFileError(f"{key!r} has shape {array.shape}, expected {shape}")
            values = array.astype(np.float64)
            if not np.all(np.isfinite(values)):
                raise WeightsFileError(f"{key!r} contains a value that is not a finite number")
            (weights if part == "weight" else biases).append(values)
    activations = tuple(meta["activations"])
    overrides = own.overrides_from_json(meta.get(own.FILE_FIELD, []), sizes, activations)
    network = Network(
        tuple(sizes), tuple(weights), tuple(biases), activations, meta["loss"], overrides
    )
    return WeightsFile(network=network, meta=meta)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
