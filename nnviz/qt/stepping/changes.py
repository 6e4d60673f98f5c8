"""The step-through's own edits of the network, each one undoable step.

Applying the update makes the update phase's new weights the network's; switching step
activations replaces every step layer by sigmoid or ReLU (what the panel offers when it
explains why every gradient is 0).
"""

from __future__ import annotations

from nnviz.core.activations import get_activation
from nnviz.core.notation import format_number
from nnviz.session import Edits
from nnviz.session.stepper import Stepper


def switch_step_activations(edits: Edits, name: str) -> bool:
    """Give every layer that has no gradient (step) the activation ``name``; False if none
    does."""
    network = edits.state.network
    old = set()
    for layer, activation in enumerate(network.activations, start=1):
        if get_activation(activation).gradient_free:
            old.add(activation)
            network = network.with_activation(layer, name)
    return edits.set_network(network, f"use {name} instead of {', '.join(sorted(old))}")


def apply_update(edits: Edits, stepper: Stepper) -> tuple[float, float]:
    """Make the network the one after the update phase's gradient-descent step.

    Returns
    -------
    (float, float)
        The loss before and after the step (the stepper records them too).

    Raises
    ------
    ValueError
        Without a target (there is no loss to lower), or when the step would overflow.
    """
    document = edits.state
    after = stepper.after_update
    backward = document.backward
    new_loss = next((s.value for s in stepper.steps if s.kind == "new_loss"), None)
    if backward is None:
        raise ValueError("Set a target first: the update needs a loss to lower.")
    if after is None or new_loss is None:
        raise ValueError(stepper.steps[-1].text)  # why there is no update (η too large)
    before = backward.loss
    eta = format_number(document.learning_rate)
    edits.set_network(after, f"apply a gradient-descent step (η = {eta})")
    stepper.record_update(before, new_loss)
    return before, new_loss


def update_note(before: float, after: float) -> str:
    """What the panel says once an update is applied."""
    return (
        f"Update applied: C went from {format_number(before)} to {format_number(after)}. The "
        "forward pass and the loss are recomputed with the new weights; → continues with the "
        "backward pass, Home starts again, Ctrl+Z undoes."
    )
