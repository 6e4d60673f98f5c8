"""Which outputs the diagram reads as probabilities (a percentage and a bar beside them)."""

from __future__ import annotations

from nnviz.core.presets import load_preset
from nnviz.present.diagram.content import content_from_document
from nnviz.present.diagram.outputs import output_probability, probability_label
from nnviz.session import Document


def test_softmax_outputs_are_probabilities() -> None:
    content = content_from_document(Document(load_preset("softmax")))
    assert all(output_probability(content, j) is not None for j in range(10))
    assert probability_label(content, 0).endswith("%")


def test_a_sigmoid_fitted_by_squared_error_is_a_value_not_a_probability() -> None:
    # The lecture's XOR: z5 = 0.99995 is the fitted output, not "a 99.995 % chance".
    document = Document(load_preset("xor"))
    assert document.network.loss == "mse"
    assert output_probability(content_from_document(document), 0) is None
    # The same sigmoid trained with binary cross-entropy gives P(class 1).
    document.edits.set_loss("binary_cross_entropy")
    assert output_probability(content_from_document(document), 0) is not None
