"""Reading numbers typed into the diagram."""

from __future__ import annotations

import pytest

from nnviz.session.numbers import NumberTextError, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [("2", 2.0), ("−3", -3.0), (" 0.5 ", 0.5), ("1e-3", 0.001), ("+4", 4.0), ("-0", 0.0)],
)
def test_numbers_read_back(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_minus_zero_becomes_zero() -> None:
    assert str(parse_number("-0")) == "0.0"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "is not a number"),
        ("", "type a number"),
        ("   ", "type a number"),
        ("1e400", "not a finite number"),
        ("-1e400", "not a finite number"),
        ("inf", "not a finite number"),
        ("nan", "is not a number"),
        ("1,5", "is not a number"),
    ],
)
def test_bad_text_is_refused_with_a_message(text: str, message: str) -> None:
    with pytest.raises(NumberTextError, match=message):
        parse_number(text)
