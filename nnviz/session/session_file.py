"""Session files: the network, its input, target and view settings, as versioned JSON.

Layout (version 1)
------------------
One JSON object (files end in ``.nnviz``)::

    {"format": "nnviz-session", "version": 1,
     "network": {...},              # a weights document in JSON form (nnviz.core.weights_io)
     "inputs": [...], "target": [...] or null, "learning_rate": 0.1,
     "description": {"name": ..., "title": ..., "description": ...,
                     "output_labels": [...] or null, "input_image_shape": [28, 28] or null,
                     "written_for": "…",    # optional: the numbers the text describes
                     "input_labels": [...], "standardisation": {"mean": [...],
                     "scale": [...]}},      # optional: a table's features (from weights)
     "view": {"edge_ranking": "activity", "top_k": 30, "selected": [1, 0] or null},
     "data_set": {...}}             # optional: what the network trains on
                                    # (nnviz.core.data.source_json)

Floats are written with Python's shortest round-tripping repr, so a saved session reads
back bit for bit. Reading validates everything before returning and raises
:class:`SessionFileError` with one line naming the file and the problem; writing is atomic.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from nnviz.core.data import DataSource
from nnviz.core.data.source_json import source_from_json, source_to_json
from nnviz.core.data.toys import MAX_TABLE_VALUES
from nnviz.core.fileio import (
    atomic_write_text,
    describe_os_error,
    parse_json,
    read_bytes,
    read_json,
)
from nnviz.core.network import Network
from nnviz.core.presets import load_network_source
from nnviz.core.trace import check_input, check_target
from nnviz.core.weights_io import (
    WeightsFileError,
    network_arrays,
    network_meta,
    parse_weights_document,
)
from nnviz.core.weights_json_size import check_json_size
from nnviz.session.state import Description, DocumentState
from nnviz.session.view import ViewSettings

FORMAT_NAME = "nnviz-session"
FORMAT_VERSION = 1
#: The suffix of session files.
SESSION_SUFFIX = ".nnviz"
#: Largest session file read (bytes); MNIST's network takes about 2 MB.
MAX_SESSION_BYTES = 1 << 30

T = TypeVar("T")


class SessionFileError(ValueError):
    """A session file nnviz refuses; ``str()`` is one line naming file and problem."""


@dataclass(frozen=True)
class SessionDocument:
    """What a session file holds.

    Attributes
    ----------
    state : DocumentState
        The network, input, target, learning rate and description.
    view : ViewSettings
        The diagram's view settings.
    data : DataSource or None
        The data set it trains on (None: the file names none, so the document's default).
    """

    state: DocumentState
    view: ViewSettings = field(default_factory=ViewSettings)
    data: DataSource | None = None


def session_to_json(document: SessionDocument, extra: Mapping[str, Any] | None = None) -> str:
    """Return the text of a session file for ``document``, with ``extra`` top-level keys
    (a feature's own, e.g. ``compare``) after the document's."""
    return json.dumps({**session_payload(document), **(extra or {})}, indent=1, ensure_ascii=False)


def session_payload(document: SessionDocument) -> dict[str, Any]:
    """Return the JSON object of a session file for ``document`` (its own keys only)."""
    state = document.state
    network: dict[str, Any] = {"meta": network_meta(state.network)}
    for key, array in network_arrays(state.network).items():
        network[key] = array.tolist()
    description = state.description
    payload = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "network": network,
        "inputs": np.asarray(state.inputs, dtype=np.float64).tolist(),
        "target": None if state.target is None else np.asarray(state.target).tolist(),
        "learning_rate": float(state.learning_rate),
        "description": {
            "name": description.name,
            "title": description.title,
            "description": description.description,
            "output_labels": None
            if description.output_labels is None
            else list(description.output_labels),
            "input_image_shape": None
            if description.input_image_shape is None
            else list(description.input_image_shape),
            "written_for": description.written_for,
            **_input_facts(description),
        },
        "view": document.view.to_json(),
    }
    data_set = source_to_json(document.data)
    if data_set is not None:
        payload["data_set"] = data_set
    return payload


def save_session(
    path: str | os.PathLike[str],
    document: SessionDocument,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Write ``document`` (and ``extra`` top-level keys) to ``path`` atomically (the old
    file stays whole on failure).

    Raises
    ------
    OSError
        If the file cannot be written.
    """
    atomic_write_text(path, session_to_json(document, extra))


def load_session(path: str | os.PathLike[str]) -> SessionDocument:
    """Read and validate a session file.

    Raises
    ------
    SessionFileError
        One line naming the file and the problem.
    """
    source = Path(path)
    try:
        try:
            data = read_bytes(source, MAX_SESSION_BYTES)
            # The input, target and labels are per input or output neuron: allow a few
            # values for each beyond the network's own.
            check_json_size(
                data,
                extra_values=4,
                extra_total=MAX_TABLE_VALUES if b'"data_set"' in data else 0,
            )
            payload = parse_json(data)
        except WeightsFileError as error:
            raise SessionFileError(f"network: {error}") from None
        except ValueError as error:
            raise SessionFileError(str(error)) from None
        return parse_session(payload)
    except SessionFileError as error:
        raise SessionFileError(f"{source.name}: {error}") from None
    except OSError as error:
        raise SessionFileError(
            f"{source.name}: cannot be read ({describe_os_error(error)})"
        ) from None


def read_session_key(path: str | os.PathLike[str], key: str, parse: Callable[[Any], T]) -> T | None:
    """Read one top-level key a feature keeps in a session file (``compare``, ``quiz``)
    and check it with ``parse``; None if the file keeps no such key.

    Raises
    ------
    SessionFileError
        One line naming the file and the problem.
    """
    source = Path(path)
    try:
        payload = read_json(source, MAX_SESSION_BYTES)
        if not isinstance(payload, dict) or key not in payload:
            return None
        return parse(payload[key])
    except ValueError as error:  # SessionFileError included
        raise SessionFileError(f"{source.name}: {error}") from None
    except OSError as error:
        raise SessionFileError(
            f"{source.name}: cannot be read ({error.strerror or error})"
        ) from None


def parse_session(payload: Any) -> SessionDocument:
    """Validate the parsed JSON of a session file.

    Raises
    ------
    SessionFileError
        Naming the problem (but not the file).
    """
    if not isinstance(payload, dict):
        raise SessionFileError("not a session file (the JSON is not an object)")
    if payload.get("format") != FORMAT_NAME:
        raise SessionFileError(f"not a session file (format is {payload.get('format')!r})")
    version = payload.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version != FORMAT_VERSION:
        raise SessionFileError(
            f"session format version {version!r} is not supported (this nnviz reads "
            f"version {FORMAT_VERSION})"
        )
    try:
        network = parse_weights_document(payload.get("network")).network
        inputs = check_input(network, _numbers(payload.get("inputs"), "inputs"))
        target_payload = payload.get("target")
        target = (
            None
            if target_payload is None
            else check_target(network, _numbers(target_payload, "target"))
        )
        learning_rate = payload.get("learning_rate", 0.1)
        if (
            isinstance(learning_rate, bool)
            or not isinstance(learning_rate, int | float)
            or not np.isfinite(learning_rate)
            or learning_rate <= 0
        ):
            raise SessionFileError("'learning_rate' must be a positive number")
        description = _description(payload.get("description", {}), network)
        view = ViewSettings.from_json(payload.get("view", {}))
        data = None if payload.get("data_set") is None else source_from_json(payload["data_set"])
    except WeightsFileError as error:
        raise SessionFileError(f"network: {error}") from None
    except (ValueError, TypeError) as error:
        raise SessionFileError(str(error)) from None
    if not view.fits(network):
        view = ViewSettings(view.edge_ranking, view.top_k, None)
    state = DocumentState(network, inputs, target, float(learning_rate), description)
    if data is not None:
        shape = data.shape()
        refusal = (
            ""
            if shape is None
            else shape.refusal(network.input_size, network.output_size, data.describe())
        )
        if refusal:
            raise SessionFileError(f"data_set: {refusal}")
    return SessionDocument(state=state, view=view, data=data)


def load_document(
    path: str | os.PathLike[str], activations: Sequence[str] | None = None
) -> SessionDocument:
    """Read any file nnviz opens: a session file, or a weights file (``.npz``, ``.json``,
    ``.onnx``, ``.safetensors``; ``activations`` are a safetensors state dict's).

    A ``.json`` file is a session if its ``format`` says so, else a weights file.

    Raises
    ------
    SessionFileError, WeightsFileError
        One line naming the file and the problem.
    """
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix == SESSION_SUFFIX or (suffix == ".json" and _says_session(source)):
        return load_session(source)
    preset = load_network_source(source, activations)
    return SessionDocument(DocumentState.from_preset(preset))


def _plain_name(name: str) -> bool:
    """Whether ``name`` can suggest a file name: no folders, no control characters."""
    return (
        0 < len(name) <= 100
        and name not in (".", "..")
        and not any(c in name for c in "/\\")
        and all(c.isprintable() for c in name)
    )


def _says_session(source: Path) -> bool:
    """Whether a JSON file's head names the session format (without parsing it all)."""
    try:
        with source.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return False
    return f'"{FORMAT_NAME}"' in head


def _numbers(value: Any, what: str) -> list[float]:
    if not isinstance(value, list) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value
    ):
        raise SessionFileError(f"'{what}' must be a list of numbers")
    try:
        return [float(v) for v in value]
    except OverflowError:  # a whole number of hundreds of digits
        raise SessionFileError(f"'{what}' holds a number too large for a float") from None


def _input_facts(description: Description) -> dict[str, Any]:
    """The description's optional ``input_labels`` and ``standardisation`` keys."""
    meta = description.to_meta()
    return {key: meta[key] for key in ("input_labels", "standardisation") if key in meta}


def _description(value: Any, network: Network) -> Description:
    if not isinstance(value, dict):
        raise SessionFileError("'description' must be an object")
    texts = {}
    defaults = (("name", "untitled"), ("title", "Untitled network"), ("description", ""))
    for key, default in (*defaults, ("written_for", "")):
        text = value.get(key, default)
        if not isinstance(text, str):
            raise SessionFileError(f"'description.{key}' must be text")
        texts[key] = text
    if not _plain_name(texts["name"]):
        raise SessionFileError(
            "'description.name' must be a short plain name (it suggests file names): no "
            "folders, control characters or more than 100 characters"
        )
    labels = value.get("output_labels")
    if labels is not None and (
        not isinstance(labels, list) or not all(isinstance(label, str) for label in labels)
    ):
        raise SessionFileError("'description.output_labels' must be a list of text or null")
    if labels is not None and len(labels) != network.output_size:
        raise SessionFileError(
            f"'description.output_labels' names {len(labels)} classes; the network has "
            f"{network.output_size} output{'s' if network.output_size != 1 else ''}"
        )
    shape = value.get("input_image_shape")
    if shape is not None and (
        not isinstance(shape, list)
        or len(shape) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in shape)
    ):
        raise SessionFileError("'description.input_image_shape' must be [rows, columns] or null")
    if shape is not None and shape[0] * shape[1] != network.input_size:
        raise SessionFileError(
            f"'description.input_image_shape' is {shape[0]}×{shape[1]} = "
            f"{shape[0] * shape[1]:,} pixels; the network has {network.input_size:,} inputs"
        )
    input_labels, standardisation = Description.input_facts(value, network.input_size)
    for key, found in (("input_labels", input_labels), ("standardisation", standardisation)):
        if value.get(key) is not None and found is None:
            raise SessionFileError(
                f"'description.{key}' must be one "
                + ("name" if key == "input_labels" else "mean and scale above 0")
                + f" for each of the network's {network.input_size:,} inputs"
            )
    return Description(
        name=texts["name"],
        title=texts["title"],
        description=texts["description"],
        output_labels=None if labels is None else tuple(labels),
        input_image_shape=None if shape is None else (shape[0], shape[1]),
        written_for=texts["written_for"][:64],
        input_labels=input_labels,
        input_standardisation=standardisation,
    )
