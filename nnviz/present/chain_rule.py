"""What the chain-rule view shows: each node's lines, and where the backward pass is.

:class:`ChainWalk` is the cursor of the backward pass through one neuron's
:class:`~nnviz.core.chain_graph.ChainGraph`: position 0 shows the forward values only;
each step forward reveals the gradient of the node(s) that step computes, with the
lecture's sentence. Gradients not reached yet are blank. :func:`node_texts` turns a graph
and a position into the three lines each node box draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from nnviz.core.chain_graph import ChainGraph, ChainNode
from nnviz.core.notation import equation, format_number

NodeState = Literal["pending", "current", "done", "constant"]


@dataclass(frozen=True)
class NodeText:
    """The lines of one node box.

    Attributes
    ----------
    heading : str
        The operation (``×``, ``+``, ``sigmoid(v5)``, ``C = ½(y5 − z5)²``) or, for a leaf,
        what it is (``input``, ``weight``, ``bias``).
    value : str
        ``v5 = −1`` (the forward pass).
    gradient : str
        ``∂C/∂v5 = 0.25``, or ``∂C/∂v5 =`` with nothing after it until the backward pass
        reaches the node.
    state : {"pending", "current", "done", "constant"}
        Not reached yet, computed by the current step, reached, or a node with no
        gradient (a target).
    note : str
        A line under the box (``from nodes 5, 6``), or ``""``.
    """

    heading: str
    value: str
    gradient: str
    state: NodeState
    note: str = ""


_LEAF_HEADINGS = {"weight": "weight", "bias": "bias", "target": "target"}


def _gradient_name(node: ChainNode) -> str:
    if node.kind == "product":
        return f"∂C/∂({node.name})"
    if node.kind == "more":
        return "∂C/∂(each)"
    if node.kind == "upstream":
        return node.name
    if node.kind == "input":
        return f"share of ∂C/∂{node.name}"
    return f"∂C/∂{node.name}"


def _heading(node: ChainNode) -> str:
    if node.kind == "loss":
        return f"C = {node.operation}"
    if node.kind == "activation":
        return f"{node.name} = {node.operation}"
    if node.kind == "upstream":
        return f"arriving: {node.operation}"
    if node.kind == "more":
        return f"{node.name} terms w·x"
    if node.operation:
        return node.operation
    if node.kind == "input":
        # an input of the network needs no gradient; a hidden neuron's output gets a share
        return "input" if node.gradient is None else "from the layer before"
    return _LEAF_HEADINGS.get(node.kind, "")


def _value(node: ChainNode) -> str:
    if node.value is None:
        return node.note
    if node.kind == "more":
        return f"sum = {format_number(node.value)}"
    return equation(f"{node.name} = {format_number(node.value)}")


def node_texts(graph: ChainGraph, position: int) -> dict[str, NodeText]:
    """Each node's lines after ``position`` steps of the backward pass.

    Parameters
    ----------
    graph : ChainGraph
    position : int
        0 .. ``len(graph.steps)``; clamped.

    Returns
    -------
    dict of str to NodeText
        By node key.
    """
    position = max(0, min(position, len(graph.steps)))
    reached = {key for step in graph.steps[:position] for key in step.nodes}
    current = set(graph.steps[position - 1].nodes) if position else set()
    texts = {}
    for node in graph.nodes:
        state: NodeState
        if node.gradient is None and node.key not in {k for s in graph.steps for k in s.nodes}:
            state, gradient = "constant", ("a constant" if node.kind == "target" else "")
        else:
            name = _gradient_name(node)
            shown = node.key in reached and node.gradient is not None
            number = format_number(node.gradient) if shown and node.gradient is not None else ""
            gradient = equation(f"{name} = {number}") if number else f"{name} ="
            state = "current" if node.key in current else "done" if shown else "pending"
        note = "" if node.kind == "upstream" else node.note
        texts[node.key] = NodeText(_heading(node), _value(node), gradient, state, note)
    return texts


class ChainWalk:
    """The backward pass's place in one graph (see the module docstring).

    Parameters
    ----------
    graph : ChainGraph
    """

    def __init__(self, graph: ChainGraph) -> None:
        self.graph = graph
        self.position = 0

    @property
    def n_steps(self) -> int:
        """How many steps the backward pass through the graph has."""
        return len(self.graph.steps)

    def replace_graph(self, graph: ChainGraph) -> None:
        """Show ``graph`` (the document changed): the same neuron with the same steps keeps
        its place, anything else starts again."""
        same = (
            graph.layer == self.graph.layer
            and graph.neuron == self.graph.neuron
            and len(graph.steps) == len(self.graph.steps)
        )
        self.graph = graph
        if not same:
            self.position = 0

    def forward(self) -> bool:
        """One step towards the weights; False at the end."""
        if self.position >= self.n_steps:
            return False
        self.position += 1
        return True

    def back(self) -> bool:
        """One step back towards C; False at the start."""
        if self.position <= 0:
            return False
        self.position -= 1
        return True

    def to_start(self) -> None:
        """Back to the forward values, no gradient shown."""
        self.position = 0

    def to_end(self) -> None:
        """Every gradient shown."""
        self.position = self.n_steps

    def texts(self) -> dict[str, NodeText]:
        """Each node's lines now (:func:`node_texts`)."""
        return node_texts(self.graph, self.position)

    def caption(self) -> str:
        """The sentence under the graph: the current step, or what to do."""
        graph = self.graph
        if not graph.steps:
            return "The forward pass: each node's value. " + " ".join(graph.notes)
        if self.position == 0:
            start = "C" if graph.layer == _output_layer(graph) else "the arriving ∂C/∂z"
            return (
                f"The forward pass: each node's value. Step the backward pass from {start} "
                f"back to each weight ({self.n_steps} steps)."
            )
        step = graph.steps[self.position - 1]
        return f"Step {self.position} of {self.n_steps}: {step.text}"


def _output_layer(graph: ChainGraph) -> int:
    return graph.layer if any(node.kind == "loss" for node in graph.nodes) else -1
