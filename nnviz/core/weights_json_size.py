"""The size guard of JSON weights (and session) files: refused before they are parsed.

A JSON text may hold no more values and lists than the network its ``meta`` declares
needs, plus a little: counting them costs little, parsing ten million numbers a layer
declared 2 wide does not need would cost much.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence

from nnviz.core.limits import find_json_object, json_counts
from nnviz.core.weights_meta import MAX_META_BYTES, WeightsFileError, check_meta

#: JSON texts with at most this many values are parsed without counting first (a few MB).
FREE_JSON_VALUES = 100_000
#: Values and lists a JSON weights or session file may hold beyond what its network needs.
JSON_SLACK = 10_000


def json_values_needed(layer_sizes: Sequence[int]) -> tuple[int, int]:
    """The values and lists the JSON form of a network of ``layer_sizes`` holds.

    A weight matrix (n_in, n_out) is a list of n_in lists of n_out numbers; a bias a list
    of n_out numbers; each is one member (a key and its value) of the document.

    Returns
    -------
    values, lists : int
    """
    values = lists = 0
    for n_in, n_out in itertools.pairwise(layer_sizes):
        values += n_in * n_out + n_in + 1 + n_out + 1 + 2
        lists += n_in + 1 + 1
    return values, lists


def check_json_size(data: bytes, extra_values: int = 0, extra_total: int = 0) -> None:
    """Refuse JSON holding more values than the network its ``meta`` declares needs.

    Counted before parsing (:func:`~nnviz.core.limits.json_counts`), so a layer declared 2
    wide with a list of ten million numbers costs nothing. Small texts pass unchecked; the
    full validation comes after parsing either way.

    Parameters
    ----------
    data : bytes
        A weights file's JSON, or a session file's (whose network has a ``meta`` too).
    extra_values : int
        Values allowed per input and output neuron beyond the network's own (a session
        file's input, target and labels).
    extra_total : int
        Values allowed beyond those (a session file's data set, bounded by its own
        reader).

    Raises
    ------
    WeightsFileError
        If the text holds more values or lists than its network needs (plus a little), or a
        large text has no readable ``meta``.
    """
    counts = json_counts(data)
    if counts.values <= FREE_JSON_VALUES:
        return
    meta = find_json_object(data, "meta", MAX_META_BYTES)
    if meta is None:
        raise WeightsFileError(
            f"it holds up to {counts.values:,} values but no readable 'meta' (at most "
            f"{MAX_META_BYTES:,} bytes) saying which network they are"
        )
    meta = check_meta(meta)
    sizes = meta["layer_sizes"]
    values, lists = json_values_needed(sizes)
    meta_counts = json_counts(json.dumps(meta).encode("utf-8"))
    allowed_values = (
        values
        + meta_counts.values
        + extra_values * (sizes[0] + sizes[-1])
        + extra_total
        + JSON_SLACK
    )
    allowed_lists = lists + meta_counts.lists + extra_total + JSON_SLACK
    if counts.values > allowed_values or counts.lists > allowed_lists:
        shape = "-".join(str(n) for n in sizes)
        raise WeightsFileError(
            f"its 'meta' declares a {shape} network, which needs about {values:,} values, "
            f"but the file holds up to {counts.values:,} (refused before reading them)"
        )
