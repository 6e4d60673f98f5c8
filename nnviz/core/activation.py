"""What an activation function is to nnviz: the base class every activation extends.

An :class:`Activation` carries everything nnviz does with one activation, so that adding
one touches one place (:mod:`nnviz.core.activations`, the registry):

- the readable path (float64, one example or a batch): :meth:`~Activation.function`,
  :meth:`~Activation.derivative` and :meth:`~Activation.backpropagate`;
- the fast path (float32, preallocated buffers, in place): :meth:`~Activation.forward_batch`
  and :meth:`~Activation.backward_batch`, held to the readable path by the tests;
- what a student reads: :attr:`~Activation.formula`, :attr:`~Activation.derivative_formula`,
  :meth:`~Activation.value_text` (the step list's sentence), :meth:`~Activation.layer_text`
  (a whole layer's), and notes for the backward pass;
- the ONNX operators that compute it (:meth:`~Activation.onnx`).

Every function takes the weighted sums ``v`` of a layer (any shape; the last axis is the
layer's neurons) and returns an array of the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol

import numpy as np
from numpy.typing import NDArray

from nnviz.core.notation import format_number
from nnviz.core.types import FloatArray

Float32Array = NDArray[np.float32]


@dataclass
class BatchWork:
    """Scratch buffers of one layer for the fast path, views of ``b`` rows.

    Attributes
    ----------
    scratch : ndarray of float32, shape (b, n)
    mask : ndarray of bool, shape (b, n)
    row_max, row_sum : ndarray of float32, shape (b, 1)
        Softmax leaves the row maximum and the row sum of e^(z − max) here (the fused
        cross-entropy reads them).
    """

    scratch: Float32Array
    mask: NDArray[np.bool_]
    row_max: Float32Array
    row_sum: Float32Array


class OnnxGraph(Protocol):
    """What an activation needs to write itself into an ONNX graph (see core.export)."""

    #: ONNX's code for float32 tensors (``TensorProto.FLOAT``).
    FLOAT: int

    def node(
        self, op: str, inputs: list[str], outputs: list[str], name: str, **attributes: object
    ) -> None:
        """Add an operator."""

    def constant(self, name: str, value: float) -> str:
        """Add a float32 scalar initializer called ``name``; return its name."""


def range_text(values: FloatArray) -> str:
    """``(0.1, 0.2, …)`` for up to ten values, else ``from −0.9 to 0.75``."""
    if values.size <= 10:
        return "(" + ", ".join(format_number(float(x)) for x in values) + ")"
    return f"from {format_number(float(values.min()))} to {format_number(float(values.max()))}"


class Activation:
    """One activation function as the lecture writes it (see the module docstring).

    Subclasses set the class attributes and implement :meth:`function`,
    :meth:`derivative`, :meth:`forward_batch`, :meth:`backward_batch` and :meth:`onnx`.
    """

    #: The name used in files, the CLI and step sentences (``"step"``, ``"relu"`` ...).
    name: ClassVar[str]
    #: The definition a student reads, e.g. ``"step(v) = 1 if v ≥ 0, else 0"``.
    formula: ClassVar[str]
    #: The derivative as the backward pass explains it.
    derivative_formula: ClassVar[str]
    #: Each output depends only on its own weighted sum (all but softmax).
    elementwise: ClassVar[bool] = True
    #: :meth:`backward_batch` needs the weighted sums, not only the activations.
    needs_sums: ClassVar[bool] = False
    #: Its derivative is 0 everywhere, so gradient descent cannot train through it.
    gradient_free: ClassVar[bool] = False
    #: Many outputs are exactly 0: layer summaries count the active neurons (z > 0).
    sparse: ClassVar[bool] = False
    #: Offered for hidden layers where a network is built to be trained (``nnviz train``).
    hidden_choice: ClassVar[bool] = False
    #: The random initial weights that suit it: ``"he"`` or ``"xavier"``.
    initialisation: ClassVar[str] = "xavier"
    #: Said after δ in the step list, e.g. why no error flows back.
    backward_note: ClassVar[str] = ""

    def __repr__(self) -> str:
        return f"<activation {self.name}>"

    # -- the readable path (float64) ----------------------------------------------------------

    def function(self, v: FloatArray) -> FloatArray:
        """``f(v)``, same shape as ``v``."""
        raise NotImplementedError

    def derivative(self, v: FloatArray, a: FloatArray) -> FloatArray:
        """The elementwise ``f'(v)`` given ``v`` and ``a = f(v)`` (for softmax: the
        diagonal of its Jacobian, ``a(1 − a)``)."""
        raise NotImplementedError

    def backpropagate(self, v: FloatArray, a: FloatArray, grad_a: FloatArray) -> FloatArray:
        """Carry ∂C/∂a back to δ = ∂C/∂v (elementwise: ∂C/∂a · f'(v))."""
        return grad_a * self.derivative(v, a)

    # -- the fast path (float32, in place) ----------------------------------------------------

    def forward_batch(self, z: Float32Array, out: Float32Array, work: BatchWork) -> None:
        """Write f(z) into ``out`` (which may be ``z`` itself)."""
        raise NotImplementedError

    def backward_batch(
        self, grad: Float32Array, a: Float32Array, z: Float32Array | None, work: BatchWork
    ) -> None:
        """Turn ∂C/∂a in ``grad`` into δ = ∂C/∂z, in place (``z`` only if
        :attr:`needs_sums`)."""
        raise NotImplementedError

    # -- what a student reads -----------------------------------------------------------------

    def formula_of(self, v_name: str) -> str:
        """The activation of one neuron in symbols: ``relu(v3)``."""
        return f"{self.name}({v_name})"

    def value_text(
        self, z_name: str, v_name: str, sums: FloatArray, neuron: int, value: float
    ) -> str:
        """The step list's sentence: ``z3 = relu(−4) = 0``.

        Parameters
        ----------
        z_name, v_name : str
            The neuron's output and weighted sum (``z3``, ``v3``).
        sums : ndarray of float, shape (n,)
            The weighted sums of the neuron's whole layer.
        neuron : int
        value : float
            The neuron's activation.
        """
        return (
            f"{z_name} = {self.name}({format_number(float(sums[neuron]))}) = {format_number(value)}"
        )

    def layer_text(self, layer: int, a: FloatArray) -> str:
        """What a whole layer computed, for networks stepped a layer at a time."""
        if self.sparse:
            active = int(np.count_nonzero(a > 0))
            return (
                f"layer {layer}: z = {self.name}(v): {active} of {a.size} neurons are active "
                "(z > 0)"
            )
        return f"layer {layer}: z = {self.name}(v), z = {range_text(a)}"

    def stall_text(self, sums_text: str) -> str | None:
        """Why every gradient is 0 when this activation's derivative is 0 at every output
        (``sums_text`` lists some of their weighted sums), or None if it has no such
        story."""
        return None

    # -- other tools ----------------------------------------------------------------------------

    def onnx(self, graph: OnnxGraph, z: str, out: str, prefix: str) -> None:
        """Add the ONNX operators computing this activation from tensor ``z`` into
        ``out`` (``prefix`` names them: ``layer2/...``)."""
        raise NotImplementedError
