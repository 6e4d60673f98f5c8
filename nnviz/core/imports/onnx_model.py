"""The parts of an ONNX model nnviz reads, parsed with bounded memory.

:func:`parse_model` turns the bytes of an ``.onnx`` file into plain, frozen objects: the
opsets, the metadata, the graph's nodes (operator, inputs, outputs, attributes), its
inputs and outputs (element type and shape) and its initializers, each a
:class:`~nnviz.core.imports.onnx_tensor.Tensor` whose data stays a slice of the file until
it is converted (with its declared size checked first). Field numbers are those of ``onnx.proto``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from nnviz.core.imports.onnx_tensor import OnnxFileError, Tensor
from nnviz.core.imports.protobuf import (
    ProtobufError,
    Value,
    as_bytes,
    as_int,
    as_text,
    fields,
    fixed32_float,
    packed_varints,
    signed64,
)

#: Most nodes, initializers, graph inputs/outputs and metadata entries read.
MAX_NODES = 10_000
MAX_INITIALIZERS = 10_000
MAX_VALUES = 1_000
#: Most elements one tensor may declare (nnviz's largest network has 50M parameters).
MAX_TENSOR_ELEMENTS = 50_000_000
MAX_DIMS = 8
#: Largest metadata value read (nnviz's own ``nnviz_meta`` is far smaller).
MAX_METADATA_BYTES = 1 << 20


@dataclass(frozen=True)
class Attribute:
    """A node attribute: the fields nnviz's operators use."""

    name: str
    f: float | None = None
    i: int | None = None
    s: bytes | None = None
    t: Tensor | None = None
    ints: tuple[int, ...] = ()
    has_graph: bool = False


@dataclass(frozen=True)
class Node:
    """One node of the graph; ``index`` is its place in the file (0-based)."""

    index: int
    op_type: str
    domain: str
    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    attributes: dict[str, Attribute] = field(default_factory=dict)

    def describe(self) -> str:
        """``'Conv' at node 3 ('/conv1/Conv')``: how a message names the node."""
        named = f" ({self.name!r})" if self.name else ""
        return f"{self.op_type!r} at node {self.index}{named}"


@dataclass(frozen=True)
class ValueInfo:
    """A graph input or output: its name, element type and shape (``None`` for a
    symbolic or unknown dimension)."""

    name: str
    elem_type: int | None
    shape: tuple[int | None, ...] | None


@dataclass(frozen=True)
class Graph:
    """The graph's nodes (file order), initializers by name, inputs and outputs."""

    nodes: tuple[Node, ...]
    initializers: dict[str, Tensor]
    inputs: tuple[ValueInfo, ...]
    outputs: tuple[ValueInfo, ...]


@dataclass(frozen=True)
class Model:
    """What nnviz reads of a model: IR version, opsets by domain, metadata, the graph."""

    ir_version: int
    opsets: dict[str, int]
    metadata: dict[str, str]
    graph: Graph


def parse_model(data: bytes) -> Model:
    """Parse an ONNX model's bytes.

    Raises
    ------
    OnnxFileError
        One line: not protobuf, truncated, sizes that lie, no graph, too many entries.
    """
    try:
        return _model(memoryview(data))
    except ProtobufError as error:
        raise OnnxFileError(f"not a readable ONNX model: {error}") from None


def _model(data: memoryview) -> Model:
    ir_version = 0
    opsets: dict[str, int] = {}
    metadata: dict[str, str] = {}
    graph: Graph | None = None
    for number, value in fields(data, limit=MAX_NODES):
        if number == 1:
            ir_version = as_int(value, "ir_version")
        elif number == 7:
            if graph is not None:
                raise ProtobufError("the model has two graphs (corrupt)")
            graph = _graph(as_bytes(value, "the graph"))
        elif number == 8:
            domain, version = _opset(as_bytes(value, "an opset"))
            opsets[domain] = version
        elif number == 14:
            if len(metadata) >= MAX_VALUES:
                raise ProtobufError(f"more than {MAX_VALUES:,} metadata entries")
            key, text = _metadata_entry(as_bytes(value, "a metadata entry"))
            metadata[key] = text
    if graph is None:
        raise ProtobufError("it has no graph (not an ONNX model, or truncated)")
    if ir_version <= 0:
        raise ProtobufError("it has no IR version (not an ONNX model)")
    return Model(ir_version, opsets, metadata, graph)


def _opset(data: memoryview) -> tuple[str, int]:
    domain, version = "", 0
    for number, value in fields(data, limit=16):
        if number == 1:
            domain = as_text(value, "an opset's domain")
        elif number == 2:
            version = signed64(as_int(value, "an opset's version"))
    return ("" if domain == "ai.onnx" else domain), version


def _metadata_entry(data: memoryview) -> tuple[str, str]:
    key, text = "", ""
    for number, value in fields(data, limit=16):
        if number == 1:
            key = as_text(value, "a metadata key")
        elif number == 2:
            text = as_text(value, "a metadata value", MAX_METADATA_BYTES)
    return key, text


def _graph(data: memoryview) -> Graph:
    nodes: list[Node] = []
    initializers: dict[str, Tensor] = {}
    inputs: list[ValueInfo] = []
    outputs: list[ValueInfo] = []
    for number, value in fields(data, limit=MAX_NODES + MAX_INITIALIZERS + 2 * MAX_VALUES):
        if number == 1:
            if len(nodes) >= MAX_NODES:
                raise ProtobufError(f"more than {MAX_NODES:,} nodes")
            nodes.append(_node(as_bytes(value, "a node"), len(nodes)))
        elif number == 5:
            if len(initializers) >= MAX_INITIALIZERS:
                raise ProtobufError(f"more than {MAX_INITIALIZERS:,} initializers")
            tensor = _tensor(as_bytes(value, "an initializer"))
            initializers[tensor.name] = tensor
        elif number in (11, 12):
            target = inputs if number == 11 else outputs
            if len(target) >= MAX_VALUES:
                raise ProtobufError(f"more than {MAX_VALUES:,} graph inputs or outputs")
            target.append(_value_info(as_bytes(value, "a graph input or output")))
        elif number == 15:
            raise OnnxFileError("it has a sparse initializer; nnviz reads dense weights")
    return Graph(tuple(nodes), initializers, tuple(inputs), tuple(outputs))


def _node(data: memoryview, index: int) -> Node:
    inputs: list[str] = []
    outputs: list[str] = []
    name, op_type, domain = "", "", ""
    attributes: dict[str, Attribute] = {}
    for number, value in fields(data, limit=MAX_VALUES):
        if number == 1:
            inputs.append(as_text(value, "a node input"))
        elif number == 2:
            outputs.append(as_text(value, "a node output"))
        elif number == 3:
            name = as_text(value, "a node name")
        elif number == 4:
            op_type = as_text(value, "an operator name")
        elif number == 7:
            domain = as_text(value, "an operator domain")
        elif number == 5:
            attribute = _attribute(as_bytes(value, "an attribute"))
            attributes[attribute.name] = attribute
    return Node(
        index,
        op_type,
        "" if domain == "ai.onnx" else domain,
        name,
        tuple(inputs),
        tuple(outputs),
        attributes,
    )


def _attribute(data: memoryview) -> Attribute:
    name = ""
    f: float | None = None
    i: int | None = None
    s: bytes | None = None
    t: Tensor | None = None
    ints: list[int] = []
    has_graph = False
    for number, value in fields(data, limit=MAX_VALUES):
        if number == 1:
            name = as_text(value, "an attribute name")
        elif number == 2:
            f = fixed32_float(as_int(value, "a float attribute"))
        elif number == 3:
            i = signed64(as_int(value, "an integer attribute"))
        elif number == 4:
            raw = as_bytes(value, "a text attribute")
            if len(raw) > 4096:
                raise ProtobufError("a text attribute is too long")
            s = bytes(raw)
        elif number == 5:
            t = _tensor(as_bytes(value, "a tensor attribute"))
        elif number in (6, 11):
            has_graph = True
        elif number == 8:
            ints.extend(packed_varints(value, "an integer list attribute", MAX_VALUES))
            if len(ints) > MAX_VALUES:
                raise ProtobufError("an integer list attribute is too long")
    return Attribute(name, f, i, s, t, tuple(ints), has_graph)


def _tensor(data: memoryview) -> Tensor:
    dims: list[int] = []
    data_type = 0
    name = ""
    raw: memoryview | None = None
    packed: memoryview | None = None
    packed_field = 0
    external = False
    for number, value in fields(data, limit=MAX_VALUES + 8):
        if number == 1:
            dims.extend(packed_varints(value, "a tensor's dims", MAX_DIMS))
            if len(dims) > MAX_DIMS:
                raise ProtobufError(f"a tensor has more than {MAX_DIMS} dimensions")
        elif number == 2:
            data_type = as_int(value, "a tensor's type")
        elif number == 8:
            name = as_text(value, "a tensor name")
        elif number == 9:
            raw = as_bytes(value, "a tensor's data")
        elif number in (4, 5, 7, 10):
            if packed is not None:
                raise OnnxFileError(
                    f"initializer {name!r} stores its values one by one; nnviz reads "
                    "packed or raw data"
                )
            packed, packed_field = _packed(value, number), number
        elif number == 14:
            external = as_int(value, "a tensor's data location") == 1
        elif number == 13:
            external = True
    if any(d < 0 for d in dims):
        raise OnnxFileError(f"initializer {name!r} has a negative dimension {tuple(dims)}")
    total = math.prod(dims)
    if total > MAX_TENSOR_ELEMENTS:
        raise OnnxFileError(
            f"initializer {name!r} declares shape {tuple(dims)} ({total:,} values), more "
            f"than nnviz reads ({MAX_TENSOR_ELEMENTS:,})"
        )
    return Tensor(name, tuple(dims), data_type, raw, packed, packed_field, external)


def _packed(value: Value, number: int) -> memoryview:
    if not isinstance(value, memoryview):
        # An unpacked repeated field: its first value arrived alone. nnviz reads packed ones.
        raise OnnxFileError("a tensor stores its values one by one; nnviz reads packed or raw data")
    return value


def _value_info(data: memoryview) -> ValueInfo:
    name = ""
    elem_type: int | None = None
    shape: tuple[int | None, ...] | None = None
    for number, value in fields(data, limit=16):
        if number == 1:
            name = as_text(value, "a graph input's name")
        elif number == 2:
            elem_type, shape = _type(as_bytes(value, "a graph input's type"))
    return ValueInfo(name, elem_type, shape)


def _type(data: memoryview) -> tuple[int | None, tuple[int | None, ...] | None]:
    elem_type: int | None = None
    shape: tuple[int | None, ...] | None = None
    for number, value in fields(data, limit=16):
        if number != 1:
            continue  # sequence, map, optional …: not a tensor, refused by the caller
        for inner, item in fields(as_bytes(value, "a tensor type"), limit=16):
            if inner == 1:
                elem_type = as_int(item, "an element type")
            elif inner == 2:
                shape = _shape(as_bytes(item, "a shape"))
    return elem_type, shape


def _shape(data: memoryview) -> tuple[int | None, ...]:
    dims: list[int | None] = []
    for number, value in fields(data, limit=MAX_DIMS * 4):
        if number != 1:
            continue
        size: int | None = None
        for inner, item in fields(as_bytes(value, "a dimension"), limit=8):
            if inner == 1:
                size = signed64(as_int(item, "a dimension"))
        dims.append(size if size is not None and size > 0 else None)
        if len(dims) > MAX_DIMS:
            raise ProtobufError(f"a shape has more than {MAX_DIMS} dimensions")
    return tuple(dims)
