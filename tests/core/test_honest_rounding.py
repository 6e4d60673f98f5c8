"""Honest rounding: a number that is not whole is never written as a whole number."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnviz.core.notation import (
    format_number,
    set_significant_digits,
    significant_digits,
)
from nnviz.core.presets import load_preset
from nnviz.core.steps import build_steps
from nnviz.present.diagram.content import content_from_document
from nnviz.present.diagram.texts import node_lines
from nnviz.session import Document


@pytest.fixture
def digits() -> Iterator[None]:
    before = significant_digits()
    yield
    set_significant_digits(before)


def _sigmoid(v: float) -> float:
    return float(1 / (1 + np.exp(-v)))


def test_sigmoid_of_ten_is_not_one() -> None:
    assert format_number(_sigmoid(10)) == "0.99995"
    assert format_number(0.9999977) == "0.999998"  # the softmax output of the issue
    assert format_number(-0.99999) == "−0.99999"
    assert format_number(2.00004) == "2.00004"


def test_a_value_too_close_to_a_whole_number_is_approximately_it() -> None:
    assert format_number(1 - 1e-12) == "≈1"
    assert format_number(-3 - 1e-12) == "≈−3"


def test_whole_numbers_stay_whole() -> None:
    assert format_number(1.0) == "1"
    assert format_number(-4.0) == "−4"


@given(st.floats(min_value=-1e5, max_value=1e5, allow_nan=False))
def test_a_written_whole_number_is_the_value_or_says_approximately(value: float) -> None:
    text = format_number(value).replace("−", "-")
    if "." not in text and "e" not in text and not text.startswith("≈"):
        assert float(text) == value


def test_the_precision_setting(digits: None) -> None:
    set_significant_digits(6)
    assert format_number(1.8222553) == "1.82226"
    set_significant_digits(2)
    assert format_number(1.8222553) == "1.8"
    assert format_number(0.996) == "0.996"  # 2 digits would read 1
    with pytest.raises(ValueError, match="2 to 8"):
        set_significant_digits(12)


def test_the_step_list_and_diagram_of_xor_at_0_1() -> None:
    preset = load_preset("xor")
    inputs = np.array([0.0, 1.0])
    steps = build_steps(preset.network, inputs, preset.target)
    texts = [s.text for s in steps if s.kind == "activation"]
    assert texts[0].endswith("= 0.99995"), texts[0]
    assert not any(t.endswith("= 1") for t in texts)
    document = Document(preset)
    document.edits.set_inputs(inputs)
    assert node_lines(content_from_document(document), 1, 0, 3)[1] == "z3 = 0.99995"


def test_an_approximate_value_reads_approximately_equal() -> None:
    preset = load_preset("xor")
    network = preset.network.replace(weights=tuple(w * 2 for w in preset.network.weights))
    steps = build_steps(network, np.array([0.0, 1.0]), preset.target)
    text = next(s.text for s in steps if s.kind == "activation")
    assert "≈ 1" in text and "= ≈" not in text, text


def test_per_class_losses_are_named_by_class_on_the_diagram() -> None:
    from nnviz.present.stepping.display import step_notes

    document = Document(load_preset("softmax"))
    steps = document.steps
    cursor = max(i for i, s in enumerate(steps) if s.kind == "loss_term") + 1
    nodes, _ = step_notes(steps, cursor, content_from_document(document))
    assert nodes[(1, 5)] == "C7 (“5”) = 1.083"
