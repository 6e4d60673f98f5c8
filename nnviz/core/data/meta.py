"""What a weights file's ``meta`` says of the data its network was trained on.

``input_labels`` (the features' names), ``output_labels`` (the classes),
``input_image_shape`` (for images) and ``standardisation`` (for a standardised table: the
transform every later input needs, which ``trace``, ``evaluate`` and the window apply).
"""

from __future__ import annotations

from typing import Any

from nnviz.core.data.dataset import DataSet


def data_meta(data: DataSet, outputs: int | None = None) -> dict[str, Any]:
    """The ``meta`` entries that describe ``data``'s inputs and outputs.

    Parameters
    ----------
    data : DataSet
    outputs : int, optional
        The network's output count. ``output_labels`` names one class per output, so
        it is left out when they differ: two classes learnt by one sigmoid output wrote
        two labels, and ``trace`` and ``evaluate`` then refused the file.
    """
    meta: dict[str, Any] = {}
    if data.image_shape is not None:
        meta["input_image_shape"] = list(data.image_shape)
    names = data.class_names
    if names is not None and (outputs is None or len(names) == outputs):
        meta["output_labels"] = list(names)
    if data.feature_names is not None:
        meta["input_labels"] = list(data.feature_names)
    if data.standardisation is not None:
        meta["standardisation"] = data.standardisation.to_json()
    return meta
