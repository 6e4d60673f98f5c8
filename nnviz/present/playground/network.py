"""The playground's network: a fresh one for its data, of the hidden layers typed (Qt-free)."""

from __future__ import annotations

from nnviz.core.activations import ACTIVATIONS
from nnviz.core.data import DataSet
from nnviz.core.network import Network

__all__ = ["HIDDEN_CHOICES", "parse_hidden", "playground_network"]

#: The activations the playground offers for its hidden layers.
HIDDEN_CHOICES = tuple(name for name, a in ACTIVATIONS.items() if a.hidden_choice)


def playground_network(
    data: DataSet, hidden: tuple[int, ...], activation: str, seed: int = 0
) -> Network:
    """A fresh network for ``data``: its inputs, ``hidden`` layers of ``activation``, and
    the output the task needs (softmax with cross-entropy for classes, the identity with
    squared error for values)."""
    if data.classifies:
        n_out, output, loss = data.n_classes, "softmax", "cross_entropy"
    else:
        n_out, output, loss = data.n_targets, "identity", "mse"
    method = ACTIVATIONS[activation].initialisation if hidden else "xavier"
    return Network.initialised(
        (data.n_inputs, *hidden, n_out),
        (*([activation] * len(hidden)), output),
        loss,
        seed=seed,
        method=method,
    )


def parse_hidden(text: str) -> tuple[int, ...]:
    """``"8 8"`` → (8, 8); ``""`` → () (ValueError in one line for anything else)."""
    sizes = []
    for word in text.replace(",", " ").split():
        if not word.isdigit() or not 1 <= int(word) <= 64:
            raise ValueError(f"hidden layer sizes are whole numbers 1 to 64, not {word!r}")
        sizes.append(int(word))
    if len(sizes) > 6:
        raise ValueError("at most 6 hidden layers in the playground")
    return tuple(sizes)
