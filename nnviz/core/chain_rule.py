"""One neuron's computation as a graph of operations, and the backward pass through it.

A neuron computes ``v = Σₖ wₖ·xₖ + b`` and ``z = f(v)``; an output neuron's ``z`` then
enters the loss C. :func:`chain_graph` writes that as a graph, micrograd-style: each
incoming value (x1 or the previous layer's z3) and its weight are leaves, each product
``w·x`` a × node, the sum with the bias the + node ``v``, the activation node ``z`` and, for
an output neuron, the loss node ``C`` (with the target ``y`` as a constant leaf). A hidden
neuron's ``z`` leads instead to the gradient arriving from the layer above,
``∂C/∂z = Σ w·δ``, drawn at the right as an input of the backward pass.

Every node carries its value and its gradient ∂C/∂node, taken from the document's own
backward pass (:class:`~nnviz.core.trace.BackwardTrace`): the graph explains the numbers of
the step list, it does not compute others. :attr:`ChainGraph.steps` is the backward pass
through the graph, one node at a time from C (or the arriving ∂C/∂z) back to each weight,
each with the local chain-rule step written as the lecture writes it
(``∂C/∂v5 = ∂C/∂z5 · sigmoid′(v5) = (−1)(0.25) = −0.25``).

A neuron with many inputs (MNIST's 784) draws its :data:`MAX_TERMS` strongest terms
(largest |w·x|) and folds the rest into one node, ``+ 774 more``, whose value is their sum.
"""

from __future__ import annotations

import numpy as np

from nnviz.core.chain_graph import (
    MAX_TERMS,
    MAX_WRITTEN_UPSTREAM,
    ChainGraph,
    ChainNames,
    ChainNode,
    NeuronNumbers,
    elementwise,
    strongest_terms,
)
from nnviz.core.chain_steps import ChainSteps
from nnviz.core.losses import get_loss
from nnviz.core.notation import equation
from nnviz.core.trace import BackwardTrace, ForwardTrace


def chain_graph(
    forward: ForwardTrace,
    backward: BackwardTrace | None,
    layer: int,
    neuron: int,
    max_terms: int = MAX_TERMS,
) -> ChainGraph:
    """Return neuron ``neuron`` of ``layer`` as a graph of its operations.

    Parameters
    ----------
    forward : ForwardTrace
        The document's forward pass.
    backward : BackwardTrace or None
        Its backward pass from ``forward`` (None: no target, so no loss and no gradients).
    layer : int
        1 .. L (an input has no operations).
    neuron : int
        Index in the layer, from 0.
    max_terms : int
        Draw at most this many incoming terms (the strongest |w·x|); fold the others.

    Returns
    -------
    ChainGraph

    Raises
    ------
    ValueError
        If there is no such neuron, or it is an input.
    """
    network = forward.network
    if not 1 <= layer < network.n_layers:
        raise ValueError(
            f"the chain rule is shown for hidden and output neurons (layers 1 to "
            f"{network.n_layers - 1}), not layer {layer}"
        )
    if not 0 <= neuron < network.layer_sizes[layer]:
        raise ValueError(f"layer {layer} has no neuron {neuron + 1}")
    if backward is not None and backward.forward is not forward:
        raise ValueError("the backward pass was computed from another forward pass")
    names = ChainNames(network)
    terms = forward.terms[layer - 1][:, neuron]
    shown = strongest_terms(terms, max_terms)
    builder = _Nodes(forward, backward, layer, neuron, shown, names)
    return ChainGraph(
        layer=layer,
        neuron=neuron,
        title=names.title(layer, neuron),
        nodes=tuple(builder.nodes()),
        steps=tuple(ChainSteps(forward, backward, layer, neuron, shown, names).steps()),
        notes=tuple(builder.notes()),
        n_terms=len(terms),
        folded=len(terms) - len(shown),
    )


class _Nodes(NeuronNumbers):
    """Builds one neuron's nodes and notes."""

    # -- nodes --------------------------------------------------------------------------------

    def nodes(self) -> list[ChainNode]:
        forward, layer, j = self.forward, self.layer, self.neuron
        W = self.network.weights[layer - 1]
        a = forward.activations[layer - 1]
        terms = forward.terms[layer - 1][:, j]
        delta = self.delta()
        nodes: list[ChainNode] = []
        inputs_of_sum: list[str] = []
        row = 0.0
        for k in self.shown:
            nodes.append(
                ChainNode(f"x{k}", "input", self.x[k], "", float(a[k]), self.share(k), 0, row)
            )
            nodes.append(
                ChainNode(
                    f"w{k}",
                    "weight",
                    self.w[k],
                    "",
                    float(W[k, j]),
                    self.weight_gradient(k),
                    0,
                    row + 1,
                )
            )
            nodes.append(
                ChainNode(
                    f"times{k}",
                    "product",
                    f"{self.w[k]}·{self.x[k]}",
                    "×",
                    float(terms[k]),
                    delta,
                    1,
                    row + 0.5,
                    (f"x{k}", f"w{k}"),
                )
            )
            inputs_of_sum.append(f"times{k}")
            row += 2
        if self.folded:
            rest = float(np.sum(terms[self.folded]))
            nodes.append(
                ChainNode(
                    "more",
                    "more",
                    f"+ {len(self.folded)} more",
                    "Σ w·x",
                    rest,
                    delta,
                    1,
                    row,
                )
            )
            inputs_of_sum.append("more")
            row += 1.25
        bias = float(self.network.biases[layer - 1][j])
        bias_gradient = (
            None if self.backward is None else float(self.backward.bias_gradients[layer - 1][j])
        )
        nodes.append(ChainNode("b", "bias", self.b, "", bias, bias_gradient, 1, row))
        inputs_of_sum.append("b")
        middle = row / 2
        v = float(forward.weighted_sums[layer - 1][j])
        z = float(forward.activations[layer][j])
        nodes.append(ChainNode("v", "sum", self.v, "+", v, delta, 2, middle, tuple(inputs_of_sum)))
        operation = (
            f"{self.activation}({self.v})"
            if elementwise(self.network, layer, j)
            else (f"{self.activation}(v)")
        )
        nodes.append(
            ChainNode("z", "activation", self.z, operation, z, self.z_gradient(), 3, middle, ("v",))
        )
        if self.is_output:
            nodes.extend(self._loss_nodes(middle))
        else:
            nodes.append(self._upstream_node(middle))
        return nodes

    def _loss_nodes(self, middle: float) -> list[ChainNode]:
        backward = self.backward
        loss = get_loss(backward.loss_name if backward is not None else self.network.loss)
        n_outputs = self.network.output_size
        others = (
            ""
            if n_outputs == 1
            else f" + {n_outputs - 1} other output term" + ("s" if n_outputs > 2 else "")
        )
        nodes = []
        if backward is not None:
            target = float(backward.target[self.neuron])
            nodes.append(
                ChainNode(
                    "y",
                    "target",
                    self.y,
                    "",
                    target,
                    None,
                    3,
                    middle + 1.5,
                )
            )
            nodes.append(
                ChainNode(
                    "C",
                    "loss",
                    "C",
                    loss.term_formula(self.z, self.y) + others,
                    float(backward.loss),
                    1.0,
                    4,
                    middle,
                    ("z", "y"),
                )
            )
        return nodes

    def _upstream_node(self, middle: float) -> ChainNode:
        above = self.layer + 1
        n_above = self.network.layer_sizes[above]
        if n_above <= MAX_WRITTEN_UPSTREAM and not self.names.layered:
            numbers = ", ".join(str(self.network.node_number(above, i)) for i in range(n_above))
            origin = f"from node{'s' if n_above > 1 else ''} {numbers}"
        else:
            origin = f"from the {n_above} neuron{'s' if n_above > 1 else ''} of layer {above}"
        return ChainNode(
            "up",
            "upstream",
            f"∂C/∂{self.z}",
            "Σ w·δ",
            None,
            self.z_gradient(),
            4,
            middle,
            ("z",),
            note=origin,
        )

    # -- notes --------------------------------------------------------------------------------

    def notes(self) -> list[str]:
        notes = []
        n_terms = len(self.x)
        if self.folded:
            notes.append(
                f"{n_terms} incoming terms: the {len(self.shown)} strongest |w·x| are drawn, the "
                f"other {len(self.folded)} are folded into one node (their sum)."
            )
        if not elementwise(self.network, self.layer, self.neuron):
            loss = get_loss(
                self.backward.loss_name if self.backward is not None else self.network.loss
            )
            coupling = (
                f"with {loss.title} the sum over every output simplifies to {self.d} = "
                f"{self.z} − {self.y}"
                if loss.fused_with == self.activation
                else f"{self.d} sums ∂C/∂zₖ·∂zₖ/∂{self.v} over every output k"
            )
            notes.append(
                f"{self.activation}: {self.z} = e^{self.v} / Σₖ e^vₖ depends on every v of its "
                f"layer, so {self.v} reaches C through every output, not through {self.z} "
                f"alone; {coupling}."
            )
        if self.backward is None:
            notes.append("No target, so no loss C: set a target to see the gradients.")
        return [equation(note) for note in notes]
