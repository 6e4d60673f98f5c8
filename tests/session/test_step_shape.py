"""The Step panel's view of a step list it does not walk: the shape, without the sentences."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.presets import load_preset
from nnviz.session import Document, observable
from nnviz.session.step_shape import StepShape
from nnviz.session.stepper import phase_ranges


def written_shape(document: Document) -> tuple[dict[str, tuple[int, int]], bool]:
    steps = document.steps
    return phase_ranges(steps), steps[0].is_layer_step


def test_the_shape_is_the_written_lists_for_every_kind_of_change() -> None:
    document = Document(load_preset("feedforward"))
    shape = StepShape(document)

    def check() -> None:
        seen = shape.shape()
        assert (seen.ranges, seen.by_layer) == written_shape(document)

    check()
    document.edits.set_weight(1, 0, 0, "0.7")
    check()
    document.edits.set_target(None)  # forward only
    check()
    document.edits.set_target([1.0])
    document.edits.add_neuron(1)  # another shape
    check()
    document.edits.set_learning_rate("1e308")  # the update overflows: one step says so
    document.edits.set_target([1000.0])
    check()
    assert list(shape.shape().ranges) == ["forward", "loss", "backward", "update"]
    mnist = Document(load_preset("mnist"))
    seen = StepShape(mnist).shape()
    assert seen.by_layer and (seen.ranges, True) == written_shape(mnist)


def test_new_numbers_of_the_same_shape_write_no_list(monkeypatch: pytest.MonkeyPatch) -> None:
    document = Document(load_preset("feedforward"))
    shape = StepShape(document)
    first = shape.shape()
    written = []
    real = observable.build_steps
    monkeypatch.setattr(
        observable, "build_steps", lambda *a, **k: written.append(1) or real(*a, **k)
    )
    network = document.network
    for scale in (0.5, 2.0, -1.0):
        weights = tuple(np.asarray(w) * scale for w in network.weights)
        trained = network.replace(weights=weights)
        document.edits.commit(document.snapshot().with_network(trained), "training")
        assert shape.shape() == first
    assert written == []
