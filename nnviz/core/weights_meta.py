"""What a weights file's ``meta`` object must say, and the error every weights reader raises.

The format's name and versions, and the check of ``meta`` (format, version, layer sizes,
activations, loss, per-neuron activations) that both the reader of whole files
(:mod:`nnviz.core.weights_io`) and the size guard run before any JSON is parsed
(:mod:`nnviz.core.weights_json_size`) share. The layout itself is described in
:mod:`nnviz.core.weights_io`.
"""

from __future__ import annotations

from typing import Any

from nnviz.core import neuron_activations as own
from nnviz.core.network import validate_architecture

FORMAT_NAME = "nnviz"
FORMAT_VERSION = 1
#: The version of a file in which some neuron has its own activation (``meta``'s
#: ``neuron_activations``: ``[[layer, neuron, name], ...]``, neuron counted from 0).
OWN_ACTIVATIONS_VERSION = 2
#: Largest ``meta`` entry read (bytes of its .npy member, or of a large JSON's object).
MAX_META_BYTES = 1 << 20
REQUIRED_META = ("format", "version", "layer_sizes", "activations", "loss")


class WeightsFileError(ValueError):
    """A weights file that nnviz refuses; ``str()`` is one line naming file and problem."""


def check_meta(meta: Any) -> dict[str, Any]:
    """Check a weights file's ``meta`` object: its format, version and architecture.

    Parameters
    ----------
    meta : Any
        The ``meta`` entry as parsed from JSON.

    Returns
    -------
    dict
        A copy of ``meta``, every field kept.

    Raises
    ------
    WeightsFileError
        Naming the first problem found.
    """
    if not isinstance(meta, dict):
        raise WeightsFileError("'meta' must be a JSON object")
    for key in REQUIRED_META:
        if key not in meta:
            raise WeightsFileError(f"'meta' lacks the field {key!r}")
    if meta["format"] != FORMAT_NAME:
        raise WeightsFileError(f"not an nnviz weights file (format is {meta['format']!r})")
    version = meta["version"]
    if (
        isinstance(version, bool)
        or not isinstance(version, int)
        or version not in (FORMAT_VERSION, OWN_ACTIVATIONS_VERSION)
    ):
        raise WeightsFileError(
            f"unknown format version {version!r} (this nnviz reads versions {FORMAT_VERSION} "
            f"and {OWN_ACTIVATIONS_VERSION})"
        )
    sizes = meta["layer_sizes"]
    if (
        not isinstance(sizes, list)
        or not sizes
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in sizes)
    ):
        raise WeightsFileError("'layer_sizes' must be a list of whole numbers")
    activations = meta["activations"]
    if not isinstance(activations, list) or not all(isinstance(a, str) for a in activations):
        raise WeightsFileError("'activations' must be a list of names")
    if not isinstance(meta["loss"], str):
        raise WeightsFileError("'loss' must be a name")
    try:
        validate_architecture(tuple(sizes), tuple(activations), meta["loss"])
        if own.FILE_FIELD in meta:
            own.overrides_from_json(meta[own.FILE_FIELD], sizes, activations)
    except ValueError as error:
        raise WeightsFileError(str(error)) from None
    return dict(meta)
