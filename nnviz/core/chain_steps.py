"""The backward pass through one neuron's chain-rule graph, one node at a time.

From C (an output neuron) or the gradient arriving from the layer above (a hidden one) back
to each weight, each step with the local chain rule written as the lecture writes it; the
numbers are the document's own backward pass. Used by :mod:`nnviz.core.chain_rule`.
"""

from __future__ import annotations

import numpy as np

from nnviz.core.activations import get_activation
from nnviz.core.chain_graph import (
    MAX_WRITTEN_UPSTREAM,
    ChainStep,
    NeuronNumbers,
    elementwise,
    fused,
)
from nnviz.core.losses import get_loss
from nnviz.core.notation import equation, format_number, parenthesised

fmt = format_number
par = parenthesised


class ChainSteps(NeuronNumbers):
    """Builds one neuron's backward steps (:meth:`steps`)."""

    # -- steps --------------------------------------------------------------------------------

    def steps(self) -> list[ChainStep]:
        backward = self.backward
        if backward is None:
            return []
        steps = self._output_steps() if self.is_output else [self._upstream_step()]
        steps.append(self._sum_step())
        delta = self.delta()
        assert delta is not None
        d, v, j = self.d, self.v, self.neuron
        bias_gradient = float(backward.bias_gradients[self.layer - 1][j])
        steps.append(
            ChainStep(
                ("b",),
                f"∂C/∂{self.b}",
                f"∂C/∂{self.b} = ∂C/∂{v}·∂{v}/∂{self.b} = {d}·1 = {fmt(bias_gradient)}",
                bias_gradient,
            )
        )
        W = self.network.weights[self.layer - 1]
        a = self.forward.activations[self.layer - 1]
        for index, k in enumerate(self.shown):
            product = f"{self.w[k]}·{self.x[k]}"
            why = " (a + hands its gradient to every term)" if index == 0 else ""
            steps.append(
                ChainStep(
                    (f"times{k}",),
                    f"∂C/∂({product})",
                    f"∂C/∂({product}) = ∂C/∂{v}·1 = {fmt(delta)}{why}",
                    delta,
                )
            )
            gradient = self.weight_gradient(k)
            assert gradient is not None
            steps.append(
                ChainStep(
                    (f"w{k}",),
                    f"∂C/∂{self.w[k]}",
                    f"∂C/∂{self.w[k]} = ∂C/∂({product})·{self.x[k]} = {self.x[k]}·{d} = "
                    f"{par(float(a[k]))}{par(delta)} = {fmt(gradient)}",
                    gradient,
                )
            )
            share = self.share(k)
            if share is not None:
                steps.append(
                    ChainStep(
                        (f"x{k}",),
                        f"∂C/∂{self.x[k]} through {v}",
                        f"{self.x[k]} gets ∂C/∂({product})·{self.w[k]} = {self.w[k]}·{d} = "
                        f"{par(float(W[k, j]))}{par(delta)} = {fmt(share)} (its share "
                        f"through {v}; ∂C/∂{self.x[k]} adds the shares of every neuron it "
                        "feeds)",
                        share,
                    )
                )
        if self.folded:
            steps.append(
                ChainStep(
                    ("more",),
                    "∂C/∂(each other term)",
                    f"∂C/∂(each of the {len(self.folded)} other terms) = ∂C/∂{v} = "
                    f"{fmt(delta)}; each of their weights gets x·{d} (not drawn)",
                    delta,
                )
            )
        return [ChainStep(s.nodes, s.quantity, equation(s.text), s.value) for s in steps]

    def _output_steps(self) -> list[ChainStep]:
        backward = self.backward
        assert backward is not None
        loss = get_loss(backward.loss_name)
        p = float(self.forward.activations[self.layer][self.neuron])
        y = float(backward.target[self.neuron])
        gradient = self.z_gradient()
        assert gradient is not None
        start = ChainStep(("C",), "∂C/∂C", "∂C/∂C = 1: the backward pass starts at the loss", 1.0)
        own = (
            f" (the other outputs' terms of C do not depend on {self.z})"
            if self.network.output_size > 1 and elementwise(self.network, self.layer, self.neuron)
            else ""
        )
        z_step = ChainStep(
            ("z",),
            f"∂C/∂{self.z}",
            f"∂C/∂{self.z} = {loss.gradient_formula(self.z, self.y)} = "
            f"{loss.gradient_numbers(p, y)} = {fmt(gradient)}{own}",
            gradient,
        )
        return [start, z_step]

    def _upstream_step(self) -> ChainStep:
        backward = self.backward
        assert backward is not None
        above = self.layer + 1
        j = self.neuron
        W = self.network.weights[self.layer]
        deltas = backward.deltas[self.layer]
        gradient = self.z_gradient()
        assert gradient is not None
        n_above = len(deltas)
        if n_above <= MAX_WRITTEN_UPSTREAM:
            symbols = " + ".join(
                f"{self.names.weight(above, j, i)}·{self.names.delta(above, i)}"
                for i in range(n_above)
            )
            numbers = " + ".join(
                f"{par(float(W[j, i]))}{par(float(deltas[i]))}" for i in range(n_above)
            )
            body = f"{symbols} = {numbers}"
        else:
            body = f"Σᵢ w·δᵢ over the {n_above} neurons of layer {above}"
        return ChainStep(
            ("up", "z"),
            f"∂C/∂{self.z}",
            f"∂C/∂{self.z} = {body} = {fmt(gradient)} (arriving from layer {above}: each δ "
            "there was computed in its own neuron's graph)",
            gradient,
        )

    def _sum_step(self) -> ChainStep:
        backward = self.backward
        assert backward is not None
        d, v, z, j = self.d, self.v, self.z, self.neuron
        delta = float(backward.deltas[self.layer - 1][j])
        a = float(self.forward.activations[self.layer][j])
        name = self.activation
        if fused(self.network, backward.loss_name, self.layer, j):
            y = float(backward.target[j])
            total = float(np.sum(backward.target))
            title = get_loss(backward.loss_name).title
            middle = (
                f"{z} − {self.y} = {fmt(a)} − {fmt(y)}"
                if total == 1.0
                else f"{z}·Σy − {self.y} = {par(a)}{par(total)} − {fmt(y)}"
            )
            text = (
                f"∂C/∂{v} = {d} = Σₖ ∂C/∂zₖ·∂zₖ/∂{v} = {middle} = {fmt(delta)} ({name} with "
                f"{title}: {v} reaches C through every output z, and the sum simplifies)"
            )
        elif not elementwise(self.network, self.layer, j):
            outputs = self.forward.activations[self.layer]
            gradients = backward.activation_gradients[self.layer - 1]
            mean = float(np.sum(outputs * gradients))
            grad = float(gradients[j])
            text = (
                f"∂C/∂{v} = {d} = {z}·(∂C/∂{z} − Σₖ zₖ·∂C/∂zₖ) = {par(a)}({fmt(grad)} − "
                f"{par(mean)}) = {fmt(delta)} ({name}: {v} reaches C through every z of its layer)"
            )
        else:
            activation = get_activation(name)
            derivative = float(backward.activation_derivatives[self.layer - 1][j])
            grad = float(backward.activation_gradients[self.layer - 1][j])
            text = (
                f"∂C/∂{v} = {d} = ∂C/∂{z}·{name}′({v}) = {par(grad)}{par(derivative)} = "
                f"{fmt(delta)}{activation.backward_note}"
            )
        return ChainStep(("v",), f"∂C/∂{v}", text, delta)
