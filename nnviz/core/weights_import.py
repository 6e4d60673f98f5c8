"""Read a network from any file nnviz opens as weights, by its suffix.

- ``.npz``, ``.json``: nnviz's own weights files (:func:`~nnviz.core.weights_io.load_weights`).
- ``.onnx``: a fully connected ONNX model, made by nnviz or elsewhere (PyTorch's
  ``torch.onnx.export`` of an ``nn.Sequential``; see :mod:`nnviz.core.imports`).
- ``.safetensors``: nnviz's own export, or an ``nn.Sequential`` state dict given its
  activations.
- ``.pt``, ``.pth`` …: refused (a pickle), saying how to save with safetensors.

None of this needs the ``onnx`` or ``safetensors`` packages: the files are parsed here,
every declared size checked against the file before data is read. Anything refused is
one line naming the file.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path

from nnviz.core.fileio import describe_os_error
from nnviz.core.imports import (
    PICKLE_SUFFIXES,
    NeedsActivations,
    read_onnx,
    read_safetensors,
    refuse_pickle,
)
from nnviz.core.limits import memory_error_text
from nnviz.core.weights_io import WeightsFile, WeightsFileError, load_weights

IMPORT_SUFFIXES = (".npz", ".json", ".safetensors", ".onnx")


def extra_installed() -> bool:
    """Whether ONNX and safetensors can be written (the ``export`` extra)."""
    return all(importlib.util.find_spec(name) is not None for name in ("onnx", "safetensors"))


def load_any_weights(
    path: str | os.PathLike[str], activations: Sequence[str] | None = None
) -> WeightsFile:
    """Read a weights file in any format nnviz opens (by its suffix).

    Parameters
    ----------
    path : str or os.PathLike
    activations : sequence of str, optional
        One per layer, for a safetensors state dict (which does not say them).

    Raises
    ------
    NeedsActivations
        A safetensors state dict given no ``activations`` (it knows the layer sizes).
    WeightsFileError
        One line naming the file and the problem.
    """
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix in (".npz", ".json"):
        return load_weights(source)
    if suffix in PICKLE_SUFFIXES:
        raise refuse_pickle(source)
    if suffix not in IMPORT_SUFFIXES:
        raise WeightsFileError(
            f"{source.name}: nnviz reads weights from {', '.join(IMPORT_SUFFIXES)} files"
        )
    try:
        if suffix == ".onnx":
            return read_onnx(source)
        return read_safetensors(source, activations)
    except NeedsActivations as error:
        raise NeedsActivations(f"{source.name}: {error}", error.layer_sizes) from None
    except MemoryError as error:
        raise WeightsFileError(f"{source.name}: {memory_error_text(error)}") from None
    except WeightsFileError as error:
        raise WeightsFileError(f"{source.name}: {error}") from None
    except ValueError as error:  # a size refused by fileio.read_bytes
        raise WeightsFileError(f"{source.name}: {error}") from None
    except OSError as error:
        raise WeightsFileError(
            f"{source.name}: cannot be read ({describe_os_error(error)})"
        ) from None
