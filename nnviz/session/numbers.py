"""Reading a number a student typed, with a message that says what is wrong.

The diagram writes numbers with the typographic minus (−4), so text copied from it must
read back; ``abc``, an empty field and numbers beyond float range (``1e400``) are refused
with a sentence fit to show next to the field.
"""

from __future__ import annotations

import math

from nnviz.core.notation import MINUS

#: Characters read as a minus sign: the typographic minus and the dashes people type.
_MINUS_SIGNS = (MINUS, "–", "—", "‒")


class NumberTextError(ValueError):
    """Text that is not a finite number; ``str()`` is a message for the user."""


def parse_number(text: str) -> float:
    """Return the finite number written in ``text``.

    Parameters
    ----------
    text : str
        What was typed: ``"2"``, ``"−3"``, ``" 0.5 "``, ``"1e-3"``, ``"+4"``.

    Returns
    -------
    float

    Raises
    ------
    NumberTextError
        If the text is empty, is not a number, or is not finite (``nan``, ``inf``,
        ``1e400``), with a message naming the problem.

    Examples
    --------
    >>> parse_number("−3")
    -3.0
    """
    cleaned = text.strip()
    for sign in _MINUS_SIGNS:
        cleaned = cleaned.replace(sign, "-")
    if not cleaned:
        raise NumberTextError("type a number")
    try:
        value = float(cleaned)
    except ValueError:
        raise NumberTextError(f"“{text.strip()}” is not a number") from None
    if math.isnan(value):
        raise NumberTextError("“nan” is not a number")
    if not math.isfinite(value):
        raise NumberTextError(f"“{text.strip()}” is not a finite number (too large)")
    # −0.0 reads as "0" everywhere else; keep it out of the network.
    return value + 0.0
