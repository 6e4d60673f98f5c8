"""A data source as JSON, for session files (the ``data_set`` key).

Forms::

    {"kind": "mnist", "directory": null}
    {"kind": "toy", "set": "spiral", "samples": 1000, "noise": 0.1, "test_share": 0.2,
     "seed": 0, "features": ["x1", "x2"] or null}
    {"kind": "table", "name": "iris.csv", "input_names": [...], "class_names": [...] or null,
     "features": [...] or null, "standardise": true,
     "train": {"inputs": [[...], ...], "targets": [...]},
     "test": {"inputs": [[...], ...], "targets": [...]}}

A table carries its numbers (an edited toy set, a CSV file once read), so a session file
a teacher hands out needs no other file. Floats are written with Python's round-tripping
repr, so a table reads back bit for bit.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnviz.core.data.sources import DataSource, MnistSource
from nnviz.core.data.toys import TableSource, ToySource


def source_to_json(source: DataSource | None) -> dict[str, Any] | None:
    """The JSON form of ``source`` (None for no source, or one that cannot be written:
    a data set made in memory)."""
    if isinstance(source, MnistSource):
        return {"kind": "mnist", "directory": source.directory}
    if isinstance(source, ToySource):
        return {
            "kind": "toy",
            "set": source.kind,
            "samples": source.n,
            "noise": source.noise,
            "test_share": source.test_share,
            "seed": source.seed,
            "features": None if source.features is None else list(source.features),
        }
    if isinstance(source, TableSource):
        return {
            "kind": "table",
            "name": source.name,
            "input_names": list(source.input_names),
            "class_names": None if source.class_names is None else list(source.class_names),
            "features": None if source.features is None else list(source.features),
            "standardise": source.standardise,
            "train": {
                "inputs": source.train_inputs.tolist(),
                "targets": source.train_targets.tolist(),
            },
            "test": {
                "inputs": source.test_inputs.tolist(),
                "targets": source.test_targets.tolist(),
            },
        }
    return None


def source_from_json(payload: Any) -> DataSource:
    """Read :func:`source_to_json`'s form.

    Raises
    ------
    ValueError
        One line naming what is wrong.
    """
    if not isinstance(payload, dict):
        raise ValueError("'data_set' must be an object")
    kind = payload.get("kind")
    if kind == "mnist":
        directory = payload.get("directory")
        if directory is not None and not isinstance(directory, str):
            raise ValueError("data_set: 'directory' must be a folder name or null")
        return MnistSource(directory)
    if kind == "toy":
        try:
            return ToySource(
                _text(payload.get("set"), "set"),
                _whole(payload.get("samples"), "samples"),
                _number(payload.get("noise"), "noise"),
                _number(payload.get("test_share"), "test_share"),
                _whole(payload.get("seed"), "seed"),
                _names(payload.get("features"), "features"),
            )
        except ValueError as error:
            raise ValueError(f"data_set: {error}") from None
    if kind == "table":
        try:
            return _table(payload)
        except (ValueError, TypeError) as error:
            raise ValueError(f"data_set: {error}") from None
    raise ValueError(f"data_set: unknown kind {kind!r} (known: mnist, toy, table)")


def _table(payload: dict[str, Any]) -> TableSource:
    class_names = _names(payload.get("class_names"), "class_names")
    input_names = _names(payload.get("input_names"), "input_names")
    if not input_names:
        raise ValueError("'input_names' must name the inputs")
    splits = []
    for part in ("train", "test"):
        split = payload.get(part)
        if not isinstance(split, dict):
            raise ValueError(f"'{part}' must be an object with 'inputs' and 'targets'")
        inputs = _matrix(split.get("inputs"), f"{part} inputs", len(input_names))
        targets_raw = split.get("targets")
        if not isinstance(targets_raw, list) or len(targets_raw) != inputs.shape[0]:
            raise ValueError(f"'{part}' needs one target per input row")
        if class_names is not None:
            if not all(isinstance(t, int) and not isinstance(t, bool) for t in targets_raw):
                raise ValueError(f"the {part} targets must be class numbers")
            targets = np.asarray(targets_raw, dtype=np.intp).reshape(-1)
        else:
            targets = np.asarray(targets_raw, dtype=np.float64)
            if targets.ndim != 2 and not (targets.ndim == 1 and targets.size == 0):
                raise ValueError(f"the {part} targets must be rows of numbers")
        splits.append((inputs, targets))
    standardise = payload.get("standardise", False)
    if not isinstance(standardise, bool):
        raise ValueError("'standardise' must be true or false")
    return TableSource(
        _text(payload.get("name"), "name"),
        splits[0][0],
        splits[0][1],
        splits[1][0],
        splits[1][1],
        class_names,
        input_names,
        _names(payload.get("features"), "features"),
        standardise,
    )


def _matrix(value: Any, what: str, columns: int) -> np.ndarray[Any, Any]:
    if not isinstance(value, list):
        raise ValueError(f"the {what} must be a list of rows")
    if not value:
        return np.zeros((0, columns))
    if not all(
        isinstance(row, list)
        and len(row) == columns
        and all(isinstance(x, int | float) and not isinstance(x, bool) for x in row)
        for row in value
    ):
        raise ValueError(f"the {what} must be rows of {columns} numbers")
    array = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"the {what} contain a value that is not finite")
    return array


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"'{what}' must be text")
    return value


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"'{what}' must be a whole number")
    return value


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"'{what}' must be a number")
    return float(value)


def _names(value: Any, what: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"'{what}' must be a list of names or null")
    return tuple(value)
