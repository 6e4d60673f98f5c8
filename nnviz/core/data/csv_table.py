"""Reading a CSV table into a data set the playground trains on.

The format: a header row naming the columns, then one example per row; every column but
the target is a numeric feature; the target column holds classes (whole numbers or text)
or a real value (numbers with a fraction). The rows are split into training and test
examples at random (``seed``), and the features are standardised from the training split
by default.

Reading is bounded: a file over :data:`MAX_CSV_BYTES` is refused by its size before it is
read, and rows are read one at a time up to :data:`~nnviz.core.data.toys.MAX_SAMPLES`, so
a ten-million-row file is refused after the first hundred thousand rows, in bounded memory.
Every refusal is one line naming the file and, where there is one, the row and column.
"""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data.toys import MAX_SAMPLES, TableSource

#: Largest CSV file read (bytes).
MAX_CSV_BYTES = 64_000_000
#: Most classes a target column may have.
MAX_CLASSES = 100
#: Largest magnitude of a feature or a real-valued target. Training computes in 32-bit
#: floats (at most ±3.4e38), and standardising subtracts a mean of the same size, so a
#: larger number would train as ∞ or NaN.
MAX_MAGNITUDE = 1e38


class CsvError(ValueError):
    """A CSV file nnviz refuses; ``str()`` is one line naming the file and the problem."""


def read_csv(
    path: str | os.PathLike[str],
    target: str | None = None,
    test_share: float = 0.2,
    seed: int = 0,
    standardise: bool = True,
) -> TableSource:
    """Read a CSV file as a :class:`TableSource`.

    Parameters
    ----------
    path : path-like
    target : str, optional
        The target column's name (default: the last column).
    test_share : float
        The share of rows held out for testing (0 to 0.9).
    seed : int
        Seeds the split.
    standardise : bool
        Standardise the features from the training split.

    Raises
    ------
    CsvError
        One line naming the file and the problem (the row and column where there is one).
    """
    source = Path(path)
    name = source.name
    try:
        size = source.stat().st_size
        if not source.is_file():
            raise CsvError(f"{name}: is not a file")
        if size > MAX_CSV_BYTES:
            raise CsvError(
                f"{name}: {size / 1e6:,.0f} MB is too large (the playground reads CSV files "
                f"of up to {MAX_CSV_BYTES / 1e6:,.0f} MB and {MAX_SAMPLES:,} rows)"
            )
        with source.open(newline="", encoding="utf-8-sig") as handle:
            return _read(handle, name, target, test_share, seed, standardise)
    except UnicodeDecodeError:
        raise CsvError(f"{name}: is not UTF-8 text") from None
    except csv.Error as error:
        raise CsvError(f"{name}: is not a CSV table ({error})") from None
    except OSError as error:
        raise CsvError(f"{name}: cannot be read ({error.strerror or error})") from None


def _read(
    handle: object,
    name: str,
    target: str | None,
    test_share: float,
    seed: int,
    standardise: bool,
) -> TableSource:
    reader = csv.reader(handle)  # type: ignore[arg-type]
    header = next(reader, None)
    while header is not None and not any(cell.strip() for cell in header):
        header = next(reader, None)
    if header is None:
        raise CsvError(f"{name}: is empty (a CSV table needs a header row and examples)")
    columns = [cell.strip() for cell in header]
    if len(columns) < 2:
        raise CsvError(f"{name}: needs at least two columns (features and a target)")
    if len(set(columns)) != len(columns) or not all(columns):
        raise CsvError(f"{name}: the header must name every column once")
    target = columns[-1] if target is None else target
    if target not in columns:
        raise CsvError(f"{name}: has no column {target!r} (its columns: {', '.join(columns)})")
    t = columns.index(target)
    feature_columns = [c for c in columns if c != target]
    features: list[list[float]] = []
    targets: list[str] = []
    for row_number, row in enumerate(reader, start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise CsvError(
                f"{name}: row {row_number} has {len(row)} cells; the header has {len(columns)}"
            )
        if len(features) >= MAX_SAMPLES:
            raise CsvError(
                f"{name}: has more than {MAX_SAMPLES:,} rows (the playground trains on at "
                "most that many; take a sample)"
            )
        values = []
        for j, cell in enumerate(row):
            if j == t:
                continue
            values.append(_number(cell, name, row_number, columns[j]))
        features.append(values)
        targets.append(row[t].strip())
    if not features:
        raise CsvError(f"{name}: has a header but no rows of examples")
    if len(features) < 4:
        raise CsvError(f"{name}: has {len(features)} rows; at least 4 are needed to train and test")
    inputs = np.asarray(features, dtype=np.float64)
    class_names, encoded = _targets(targets, name, target)
    order = np.random.default_rng(seed).permutation(inputs.shape[0])
    n_test = round(inputs.shape[0] * test_share)
    test, train = order[:n_test], order[n_test:]
    try:
        return TableSource(
            name,
            inputs[train],
            encoded[train],
            inputs[test],
            encoded[test],
            class_names,
            tuple(feature_columns),
            None,
            standardise,
        )
    except ValueError as error:
        raise CsvError(f"{name}: {error}") from None


def _number(cell: str, name: str, row: int, column: str) -> float:
    text = cell.strip()
    try:
        value = float(text)
    except ValueError:
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise CsvError(f"{name}: row {row}, column {column!r}: {shown!r} is not a number") from None
    if not math.isfinite(value):
        raise CsvError(f"{name}: row {row}, column {column!r}: {text} is not a finite number")
    if abs(value) > MAX_MAGNITUDE:
        raise CsvError(f"{name}: row {row}, column {column!r}: {_too_large(text)}")
    return value


def _too_large(text: str) -> str:
    shown = text if len(text) <= 20 else text[:20] + "…"
    return f"{shown} is too large (nnviz trains in 32-bit floats: at most ±{MAX_MAGNITUDE:g})"


def _targets(
    cells: list[str], name: str, column: str
) -> tuple[tuple[str, ...] | None, NDArray[Any]]:
    """Classes (names, indices) or real values (None, (n, 1) floats) of the target column."""
    if any(not cell for cell in cells):
        row = cells.index("") + 2
        raise CsvError(f"{name}: row {row}, column {column!r} is empty")
    numbers: list[float] | None = []
    for cell in cells:
        try:
            numbers.append(float(cell))  # type: ignore[union-attr]
        except ValueError:
            numbers = None
            break
    if numbers is not None:
        values = np.asarray(numbers)
        if not np.all(np.isfinite(values)):
            row = int(np.flatnonzero(~np.isfinite(values))[0]) + 2
            raise CsvError(f"{name}: row {row}, column {column!r} is not a finite number")
        whole = all(_whole_text(cell) for cell in cells)
        if not whole:
            if np.any(np.abs(values) > MAX_MAGNITUDE):
                at = int(np.flatnonzero(np.abs(values) > MAX_MAGNITUDE)[0])
                raise CsvError(f"{name}: row {at + 2}, column {column!r}: {_too_large(cells[at])}")
            return None, values.reshape(-1, 1)
        keys = sorted(set(int(v) for v in values))
        labels = [str(k) for k in keys]
        index = {k: i for i, k in enumerate(keys)}
        encoded = np.asarray([index[int(v)] for v in values], dtype=np.intp)
    else:
        labels = sorted(set(cells))
        index_s = {k: i for i, k in enumerate(labels)}
        encoded = np.asarray([index_s[c] for c in cells], dtype=np.intp)
    if len(labels) < 2:
        raise CsvError(
            f"{name}: column {column!r} has one class only ({labels[0]!r}); a classifier "
            "needs at least two"
        )
    if len(labels) > MAX_CLASSES:
        raise CsvError(
            f"{name}: column {column!r} has {len(labels):,} distinct classes (at most "
            f"{MAX_CLASSES}; for a real value write it with a decimal point, as 3.0)"
        )
    return tuple(labels), encoded


def _whole_text(cell: str) -> bool:
    text = cell.lstrip("+-")
    return text.isdigit()
