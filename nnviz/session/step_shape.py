"""The shape of a document's step list (its phases), without writing its sentences.

The Step panel shows the phases of the step list (their share of the progress bar, which
phase buttons are enabled) even while nobody steps through it. Writing the list formats
every number of every sentence: 20–100 ms of the GUI thread, and while a network trains
the document's numbers change a few times a second. The shape of the list does not: it
depends on the network's layer sizes, activations and loss, on whether there is a target,
and on whether the update step overflows (the update phase is then one step that says
so). :class:`StepShape` keeps the shape of the last list written and writes one again only
when one of those changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz.core.steps import Phase
from nnviz.core.trace import gradient_descent_step
from nnviz.session.observable import ObservableState
from nnviz.session.stepper import phase_ranges


@dataclass(frozen=True)
class Shape:
    """What the Step panel shows of a step list while it is not walked.

    Attributes
    ----------
    ranges : dict
        ``{phase: (first index, end index)}``, phases in order.
    by_layer : bool
        Whether the list steps a whole layer at a time.
    """

    ranges: dict[Phase, tuple[int, int]]
    by_layer: bool


class StepShape:
    """The shape of ``document.steps``, recomputed only when it can have changed.

    Parameters
    ----------
    document : ObservableState
    """

    def __init__(self, document: ObservableState) -> None:
        self.document = document
        self._kept: tuple[tuple[object, ...], Shape] | None = None

    def shape(self) -> Shape:
        """The shape of the document's step list now (the same as writing the list)."""
        key = self._key()
        if self._kept is None or self._kept[0] != key:
            steps = self.document.steps
            shape = Shape(phase_ranges(steps), bool(steps) and steps[0].is_layer_step)
            self._kept = (key, shape)
        return self._kept[1]

    def _key(self) -> tuple[object, ...]:
        document = self.document
        network = document.network
        backward = document.backward
        overflows = None
        if backward is not None:
            try:
                gradient_descent_step(network, backward, document.learning_rate)
                overflows = False
            except ValueError:
                overflows = True
        return (network.layer_sizes, network.activations, network.loss, overflows)
