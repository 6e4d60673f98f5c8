"""Read a fully connected network out of an ONNX graph.

What is read: one chain from the graph's one input to its one output, optionally
starting with a ``Flatten`` (axis 1) or a ``Reshape`` to (batch, n), then layers, each a
``Gemm`` (any ``transB``, ``alpha``, ``beta``; no ``transA``) or a ``MatMul`` followed by
an ``Add`` of the bias, each followed by at most one activation: ``Relu``, ``LeakyRelu``
(slope 0.01, nnviz's), ``Sigmoid``, ``Tanh``, ``Softmax`` (last axis) or ``Identity``
(none means identity). Weights, biases and shapes must be initializers (or ``Constant``
nodes): a weight given at run time cannot be shown or trained. Default-domain opsets 13
to :data:`MAX_OPSET`. This is what ``torch.onnx.export`` writes for an ``nn.Sequential``
of ``nn.Flatten``, ``nn.Linear`` and activations, and what nnviz's own export writes.

Anything else is refused in one line: the first operator nnviz cannot show, with its
node index in the file (``'Conv' at node 3``), a cycle, a dynamic weight, shapes that do
not fit, an opset it does not know.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from nnviz.core.imports.onnx_model import Graph, Model, Node
from nnviz.core.imports.onnx_tensor import (
    DOUBLE,
    DTYPE_NAMES,
    FLOAT,
    FLOAT16,
    OnnxFileError,
    Tensor,
)
from nnviz.core.types import FloatArray

MIN_OPSET = 13
#: The newest default-domain opset nnviz knows (the operators it reads have kept their
#: meaning from 13 up to here).
MAX_OPSET = 23
ACTIVATION_OPS = {
    "Relu": "relu",
    "LeakyRelu": "leaky_relu",
    "Sigmoid": "sigmoid",
    "Tanh": "tanh",
    "Softmax": "softmax",
    "Identity": "identity",
}
SUPPORTED_OPS = frozenset({"Gemm", "MatMul", "Add", "Flatten", "Reshape", "Constant"}) | set(
    ACTIVATION_OPS
)
LEAKY_SLOPE = 0.01
_FLOAT_INPUTS = (FLOAT, DOUBLE, FLOAT16)


@dataclass(frozen=True)
class ImportedLayers:
    """What a graph computes, in nnviz's terms.

    Attributes
    ----------
    weights : tuple of ndarray of float64, shapes (n_in, n_out)
    biases : tuple of ndarray of float64, shapes (n_out,)
    activations : tuple of str
        nnviz's activation names, one per layer.
    input_shape : tuple of int or None
        The graph input's declared shape without its batch dimension (``(1, 28, 28)``),
        when every dimension is known.
    """

    weights: tuple[FloatArray, ...]
    biases: tuple[FloatArray, ...]
    activations: tuple[str, ...]
    input_shape: tuple[int, ...] | None


def check_opset(model: Model) -> None:
    """Refuse a model whose default-domain opset nnviz does not know."""
    version = model.opsets.get("")
    if version is None:
        raise OnnxFileError("it imports no standard ONNX opset (an unknown operator set)")
    if version < MIN_OPSET:
        raise OnnxFileError(
            f"opset {version} is older than {MIN_OPSET}, the oldest nnviz reads "
            "(re-export it with opset_version=17)"
        )
    if version > MAX_OPSET:
        raise OnnxFileError(
            f"opset {version} is newer than {MAX_OPSET}, the newest nnviz knows "
            "(re-export it with opset_version=17)"
        )


def read_layers(model: Model) -> ImportedLayers:
    """Return the layers the model's graph computes.

    Raises
    ------
    OnnxFileError
        One line naming the first problem (see the module docstring).
    """
    check_opset(model)
    graph = model.graph
    for node in graph.nodes:
        if node.domain or node.op_type not in SUPPORTED_OPS:
            domain = f" (domain {node.domain!r})" if node.domain else ""
            raise OnnxFileError(
                f"{node.describe()}{domain}: nnviz shows fully connected networks "
                "(Gemm or MatMul + Add, with Relu, LeakyRelu, Sigmoid, Tanh, Softmax or Identity)"
            )
    constants = dict(graph.initializers)
    nodes = []
    for node in _sorted_nodes(graph):
        if node.op_type == "Constant":
            constants[node.outputs[0]] = _constant(node)
        else:
            nodes.append(node)
    data_inputs = [v for v in graph.inputs if v.name not in constants]
    if not data_inputs:
        raise OnnxFileError("the graph has no input")
    if len(graph.outputs) != 1:
        raise OnnxFileError(f"the graph has {len(graph.outputs)} outputs; nnviz shows one")
    first = data_inputs[0]
    if first.elem_type is not None and first.elem_type not in _FLOAT_INPUTS:
        kind = DTYPE_NAMES.get(first.elem_type, str(first.elem_type))
        raise OnnxFileError(f"its input {first.name!r} is {kind}; nnviz's inputs are numbers")
    input_shape = None
    if first.shape is not None and len(first.shape) >= 2 and None not in first.shape[1:]:
        input_shape = tuple(int(n) for n in first.shape[1:] if n is not None)
    chain = _Chain(first.name, constants, input_shape)
    for node in nodes:
        chain.take(node)
    layers = chain.finish(graph.outputs[0].name)
    for extra in data_inputs[1:]:
        raise OnnxFileError(f"the graph has a second input {extra.name!r}; nnviz shows one")
    return layers


def _sorted_nodes(graph: Graph) -> list[Node]:
    """Return the nodes in an order where each comes after what it reads (Kahn)."""
    producer: dict[str, Node] = {}
    for node in graph.nodes:
        for output in node.outputs:
            if output in producer:
                raise OnnxFileError(
                    f"{node.describe()} writes {output!r}, which "
                    f"{producer[output].describe()} also writes"
                )
            producer[output] = node
    known = {v.name for v in graph.inputs} | set(graph.initializers)
    needs: dict[int, int] = {}
    readers: dict[int, list[Node]] = {}
    for node in graph.nodes:
        count = 0
        for name in node.inputs:
            if not name:
                continue  # an omitted optional input
            source = producer.get(name)
            if source is None:
                if name not in known:
                    raise OnnxFileError(f"{node.describe()} reads {name!r}, which nothing produces")
                continue
            count += 1
            readers.setdefault(source.index, []).append(node)
        needs[node.index] = count
    ready = deque(node for node in graph.nodes if needs[node.index] == 0)
    ordered: list[Node] = []
    while ready:
        node = ready.popleft()
        ordered.append(node)
        for reader in readers.get(node.index, []):
            needs[reader.index] -= 1
            if needs[reader.index] == 0:
                ready.append(reader)
    if len(ordered) != len(graph.nodes):
        # Walk back from a node that never became ready through producers that did not
        # either: the walk must come round to a node it met, which lies on a cycle.
        node = next(node for node in graph.nodes if needs[node.index] > 0)
        seen: set[int] = set()
        while node.index not in seen:
            seen.add(node.index)
            node = next(
                producer[name]
                for name in node.inputs
                if name in producer and needs[producer[name].index] > 0
            )
        raise OnnxFileError(f"the graph has a cycle (through {node.describe()})")
    return ordered


def _constant(node: Node) -> Tensor:
    value = node.attributes.get("value")
    if value is None or value.t is None or len(node.outputs) != 1:
        raise OnnxFileError(f"{node.describe()}: nnviz reads constants given as a tensor")
    return value.t


class _Chain:
    """Walks the sorted nodes, keeping the tensor the chain has reached (``current``)."""

    def __init__(self, start: str, constants: dict[str, Tensor], shape: tuple[int, ...] | None):
        self.current = start
        self.constants = constants
        self.input_shape = shape
        self.features = None if shape is None else int(np.prod(shape))
        self.weights: list[FloatArray] = []
        self.biases: list[FloatArray] = []
        self.activations: list[str | None] = []
        self.flattened = shape is not None and len(shape) == 1
        self.pending_add: Node | None = None  # a MatMul whose bias Add may follow

    def _data(self, node: Node) -> str:
        """The one input of ``node`` that is the chain; refuse anything else."""
        from_chain = [name for name in node.inputs if name == self.current]
        if not from_chain:
            raise OnnxFileError(
                f"{node.describe()} does not continue the chain from the input "
                "(nnviz shows one path of layers, without branches)"
            )
        return self.current

    def _static(self, node: Node, name: str, what: str) -> np.ndarray:
        tensor = self.constants.get(name)
        if tensor is None:
            raise OnnxFileError(
                f"{node.describe()} takes its {what} from {name!r}, which is not an "
                "initializer (a value given at run time); nnviz needs the weights in the file"
            )
        return tensor.to_array()

    def take(self, node: Node) -> None:
        op = node.op_type
        self._data(node)
        if self.pending_add is not None and op != "Add":
            self._close_bias(None)
        if op in ("Flatten", "Reshape"):
            self._reshape(node)
        elif op == "Gemm":
            self._gemm(node)
        elif op == "MatMul":
            self._matmul(node)
        elif op == "Add":
            self._add(node)
        else:
            self._activation(node)
        self.current = node.outputs[0] if node.outputs else ""

    def _reshape(self, node: Node) -> None:
        if self.weights:
            raise OnnxFileError(f"{node.describe()}: nnviz reads a Flatten or Reshape only first")
        if node.op_type == "Flatten":
            axis = node.attributes["axis"].i if "axis" in node.attributes else 1
            if axis != 1:
                raise OnnxFileError(f"{node.describe()} flattens from axis {axis}; nnviz needs 1")
        else:
            if len(node.inputs) < 2:
                raise OnnxFileError(f"{node.describe()} has no target shape")
            values = self._static(node, node.inputs[1], "shape").ravel()
            if not np.all(np.isfinite(values)) or np.any(values != np.round(values)):
                raise OnnxFileError(f"{node.describe()}: its target shape is not whole numbers")
            shape = [int(v) for v in values]
            if (
                len(shape) != 2
                or shape == [-1, -1]
                or (shape[0] not in (-1, 0, 1) and shape[1] != -1)
            ):
                raise OnnxFileError(
                    f"{node.describe()} reshapes to {shape}; nnviz reads a reshape to "
                    "(batch, features)"
                )
            if shape[1] > 0 and self.features is not None and shape[1] != self.features:
                raise OnnxFileError(
                    f"{node.describe()} reshapes {self.features} values into rows of {shape[1]}"
                )
            if shape[1] > 0:
                self.features = shape[1]
        self.flattened = True

    def _start_layer(self, node: Node, weight: np.ndarray) -> None:
        if weight.ndim != 2:
            raise OnnxFileError(f"{node.describe()}: its weights have shape {weight.shape}")
        n_in = weight.shape[0]
        if self.features is not None and n_in != self.features:
            raise OnnxFileError(
                f"{node.describe()}: its weights have shape {weight.shape} (nnviz's (n_in, "
                f"n_out)) but the layer before gives {self.features} values (mismatched shapes)"
            )
        if not self.flattened and self.input_shape is not None:
            raise OnnxFileError(
                f"{node.describe()}: the input has shape {self.input_shape} per example; "
                "a Flatten must come first"
            )
        if len(self.activations) < len(self.weights):
            self.activations.append("identity")
        self.weights.append(weight)
        self.features = weight.shape[1]
        self.flattened = True

    def _gemm(self, node: Node) -> None:
        attributes = node.attributes
        if len(node.inputs) < 2 or node.inputs[0] != self.current:
            raise OnnxFileError(f"{node.describe()}: its first input must be the layer before")
        if "transA" in attributes and attributes["transA"].i:
            raise OnnxFileError(f"{node.describe()} transposes its input; nnviz cannot show that")
        weight = self._static(node, node.inputs[1], "weights")
        if "transB" in attributes and attributes["transB"].i:
            weight = weight.T  # PyTorch's nn.Linear: (out, in)
        alpha = attributes["alpha"].f if "alpha" in attributes else None
        beta = attributes["beta"].f if "beta" in attributes else None
        self._start_layer(node, weight * (1.0 if alpha is None else alpha))
        if len(node.inputs) > 2 and node.inputs[2]:
            bias = self._static(node, node.inputs[2], "bias") * (1.0 if beta is None else beta)
            self.biases.append(self._bias(node, bias))
        else:
            self.biases.append(np.zeros(self.weights[-1].shape[1]))

    def _matmul(self, node: Node) -> None:
        if len(node.inputs) != 2 or node.inputs[0] != self.current:
            raise OnnxFileError(f"{node.describe()}: its first input must be the layer before")
        self._start_layer(node, self._static(node, node.inputs[1], "weights"))
        self.pending_add = node

    def _add(self, node: Node) -> None:
        if self.pending_add is None:
            raise OnnxFileError(f"{node.describe()}: nnviz reads an Add only as a MatMul's bias")
        other = [name for name in node.inputs if name != self.current]
        if len(node.inputs) != 2 or len(other) != 1:
            raise OnnxFileError(f"{node.describe()} must add one bias to the MatMul's result")
        self._close_bias(self._bias(node, self._static(node, other[0], "bias")))

    def _close_bias(self, bias: FloatArray | None) -> None:
        self.biases.append(np.zeros(self.weights[-1].shape[1]) if bias is None else bias)
        self.pending_add = None

    def _bias(self, node: Node, bias: np.ndarray) -> FloatArray:
        n_out = self.weights[-1].shape[1]
        if bias.size == 1 and bias.ndim <= 2:
            return np.full(n_out, float(bias.ravel()[0]))
        if bias.shape in ((n_out,), (1, n_out)):
            return bias.reshape(n_out).astype(np.float64)
        raise OnnxFileError(
            f"{node.describe()}: its bias has shape {bias.shape}, the layer has {n_out} "
            "neurons (mismatched shapes)"
        )

    def _activation(self, node: Node) -> None:
        name = ACTIVATION_OPS[node.op_type]
        if len(node.inputs) != 1:
            raise OnnxFileError(f"{node.describe()} has {len(node.inputs)} inputs")
        if node.op_type == "LeakyRelu":
            attribute = node.attributes.get("alpha")
            alpha = LEAKY_SLOPE if attribute is None or attribute.f is None else attribute.f
            if abs(alpha - LEAKY_SLOPE) > 1e-6:
                raise OnnxFileError(
                    f"{node.describe()} has slope {alpha:g}; nnviz's leaky_relu has {LEAKY_SLOPE}"
                )
        if node.op_type == "Softmax":
            attribute = node.attributes.get("axis")
            axis = -1 if attribute is None or attribute.i is None else attribute.i
            if axis not in (-1, 1):
                raise OnnxFileError(f"{node.describe()} works along axis {axis}; nnviz's the last")
        if len(self.activations) == len(self.weights):
            if name == "identity":
                return  # an Identity between layers or after one changes nothing
            if not self.weights:
                raise OnnxFileError(f"{node.describe()} comes before any layer")
            raise OnnxFileError(
                f"{node.describe()} follows another activation; nnviz's layers have one each"
            )
        self.activations.append(name)

    def finish(self, output: str) -> ImportedLayers:
        if self.pending_add is not None:
            self._close_bias(None)
        if not self.weights:
            raise OnnxFileError("the graph has no Gemm or MatMul layer")
        if self.current != output:
            raise OnnxFileError(
                f"the chain ends in {self.current!r}, not in the graph's output {output!r}"
            )
        if len(self.activations) < len(self.weights):
            self.activations.append("identity")
        return ImportedLayers(
            tuple(np.ascontiguousarray(w, dtype=np.float64) for w in self.weights),
            tuple(self.biases),
            tuple(a for a in self.activations if a is not None),
            self.input_shape,
        )
