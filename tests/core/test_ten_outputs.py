"""The lecture's slide 7 (why ten outputs, not one), from nnviz's own loss objects."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.ten_outputs import LECTURE_OUTPUTS, squared_errors, ten_outputs

#: The slide's figures, as printed (cut short, not rounded).
SLIDE_DIGIT_LOSSES = [25, 16, 9, 4, 1, 0, 1, 4, 9, 16]
SLIDE_OUTPUT_LOSSES = [17.72, 10.04, 6.051, 4.040, 2.402, 0.012, 0.102, 1.488, 4.536, 13.83]


def _cut(value: float, printed: float) -> float:
    """``value`` cut to as many decimals as the slide printed ``printed`` with."""
    decimals = len(repr(printed).split(".")[1]) if "." in repr(printed) else 0
    return float(np.trunc(round(value * 10**decimals, 6)) / 10**decimals)


def test_one_output_predicting_each_digit_for_label_5() -> None:
    assert ten_outputs().digit_losses.tolist() == SLIDE_DIGIT_LOSSES


def test_the_real_valued_outputs_give_the_slides_losses() -> None:
    result = ten_outputs()
    assert result.outputs.tolist() == list(LECTURE_OUTPUTS)
    exact = result.output_losses
    # Exact: squares of two-decimal numbers (17.7241 = 4.21²); the slide cuts them short.
    np.testing.assert_allclose(exact[:2], [17.7241, 10.0489], rtol=1e-12)
    assert [_cut(v, p) for v, p in zip(exact, SLIDE_OUTPUT_LOSSES, strict=True)] == (
        SLIDE_OUTPUT_LOSSES
    )


def test_ten_softmax_outputs_with_cross_entropy_make_every_wrong_digit_equally_wrong() -> None:
    result = ten_outputs()
    sure = result.sure_losses
    assert sure[5] == pytest.approx(-np.log(0.9))
    wrong = np.delete(sure, 5)
    np.testing.assert_allclose(wrong, -np.log(0.1 / 9))
    # The lecture's softmax table: exact outputs, 1.083 categorical, 1.822 per class.
    np.testing.assert_allclose(
        result.probabilities,
        [0.3063, 0.0458, 0.0923, 0.0008, 0.0618, 0.3385, 0.1376, 0.0004, 0.0011, 0.0152],
        atol=5e-5,
    )
    assert round(result.cross_entropy, 3) == 1.083
    assert round(result.per_class_cross_entropy, 3) == 1.822
    assert result.one_hot.tolist() == [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]


def test_another_label_and_bad_labels() -> None:
    assert ten_outputs(0).digit_losses.tolist() == [k * k for k in range(10)]
    assert squared_errors(np.array([7.0]), 5).tolist() == [4.0]
    for bad in (10, -1, 2.5, True, "5"):
        with pytest.raises(ValueError, match="digit"):
            ten_outputs(bad)  # type: ignore[arg-type]
