"""Whether a document's network can be trained on its data set, and why not (Qt-free).

The data's shape is known without reading it for the built-in sets; for others, once the
training process has read them (:class:`~nnviz.session.training_types.DataFacts`).
"""

from __future__ import annotations

from nnviz.core.data import DataShape, DataSource
from nnviz.core.network import Network
from nnviz.session.training_types import DataFacts

__all__ = ["data_shape", "training_refusal"]


def data_shape(source: DataSource | None, facts: DataFacts | None) -> DataShape | None:
    """The shape of ``source``'s data: its own, else what reading it showed (``facts``),
    else None (not known yet, or no data set)."""
    if source is None:
        return None
    shape = source.shape()
    if shape is None and facts is not None:
        shape = DataShape(facts.n_inputs, facts.n_classes)
    return shape


def training_refusal(network: Network, source: DataSource | None, facts: DataFacts | None) -> str:
    """Why ``network`` cannot be trained on ``source`` ("" if it can, or if the data's
    shape is not known yet: the run then says so itself).

    Parameters
    ----------
    network : Network
        The network to train.
    source : DataSource or None
        The document's data set (None: it has none).
    facts : DataFacts or None
        What reading the data set showed, if it has been read.
    """
    if source is None:
        return (
            f"This {network.input_size}-input network has no data set to train on. Open "
            "the MNIST network (File ▸ Open a lecture network) to train it."
        )
    shape = data_shape(source, facts)
    if shape is None:
        return ""
    reason = shape.refusal(
        network.input_size, network.output_size, f"The training data ({source.describe()})"
    )
    if reason and (shape.n_inputs, shape.n_classes) == (784, 10):
        reason += " Open the MNIST network (File ▸ Open a lecture network) to train it."
    return reason
