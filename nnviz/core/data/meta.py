"""What a weights file's ``meta`` says of the data its network was trained on.

``input_labels`` (the features' names), ``output_labels`` (the classes),
``input_image_shape`` (for images) and ``standardisation`` (for a standardised table: the
transform every later input needs, which ``trace``, ``evaluate`` and the window apply).
"""

from __future__ import annotations

from typing import Any

from nnviz.core.data.dataset import DataSet


def data_meta(data: DataSet) -> dict[str, Any]:
    """The ``meta`` entries that describe ``data``'s inputs and outputs."""
    meta: dict[str, Any] = {}
    if data.image_shape is not None:
        meta["input_image_shape"] = list(data.image_shape)
    if data.class_names is not None:
        meta["output_labels"] = list(data.class_names)
    if data.feature_names is not None:
        meta["input_labels"] = list(data.feature_names)
    if data.standardisation is not None:
        meta["standardisation"] = data.standardisation.to_json()
    return meta
