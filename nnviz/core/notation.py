"""How numbers and names are written in the sentences a student reads.

Numbers use the typographic minus (−) and four significant digits, as the lecture prints
its tables (1.822, 0.3063); whole numbers are written without a decimal point (−4, 36), and
a number that is not whole never reads as one: sigmoid(10) is 0.99995, not 1 (up to three
more digits, else "≈1"). View ▸ Precision sets the digits (:func:`set_significant_digits`).
Neurons are numbered globally from 1, input layer first (see ``Network.node_number``);
inputs are x1, x2 …, the outputs of other neurons z3, z4 … (the lecture's names), their
weighted sums v3, v4 … (the lecture's f(v)), and the weight from node 1 to node 3 is w13
(w1,13 once a number has two digits).
"""

from __future__ import annotations

import math

MINUS = "−"
#: How a NaN is written everywhere a number is shown.
NOT_A_NUMBER = "NaN"


#: Significant digits a number is written with unless a caller asks otherwise (the
#: lecture's four; View ▸ Precision changes it for the whole window).
DEFAULT_DIGITS = 4
_digits = DEFAULT_DIGITS
#: Digits a number may gain so that a value that is not whole never reads as one
#: (0.99995 is not written "1"); past them it is written "≈1".
HONEST_EXTRA_DIGITS = 3
APPROXIMATELY = "≈"


def significant_digits() -> int:
    """The significant digits numbers are written with (see :func:`set_significant_digits`)."""
    return _digits


def set_significant_digits(digits: int) -> None:
    """Write numbers with ``digits`` significant digits from now on (2 to 8).

    A display setting: it changes how numbers are written, never what they are.
    """
    global _digits
    if not 2 <= digits <= 8:
        raise ValueError(f"significant digits must be 2 to 8, not {digits}")
    _digits = int(digits)


def _written(value: float, digits: int) -> str:
    """``value`` with ``digits`` significant digits, trailing zeros dropped (ASCII minus)."""
    if 1e-4 <= abs(value) < 1e6:
        magnitude = math.floor(math.log10(abs(value)))
        decimals = max(digits - 1 - magnitude, 0)
        text = f"{value:.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent):+03d}".replace("+", "")


def _reads_whole(text: str) -> bool:
    """Whether ``text`` (written by :func:`_written`) reads as a whole number."""
    return "." not in text and "e" not in text


def format_number(value: float, digits: int | None = None) -> str:
    """Write ``value`` as the step sentences do, and never round it to a whole number it
    is not.

    Parameters
    ----------
    value : float
    digits : int, optional
        Significant digits for numbers that are not whole (default:
        :func:`significant_digits`, four unless the user chose otherwise).

    Returns
    -------
    str
        ``"−4"``, ``"36"``, ``"0.3063"``, ``"1.822"``, ``"1.5e−07"``, ``"∞"``, ``"−∞"``,
        ``"NaN"`` (not a number: never blank, never a number it is not). A value that is
        not whole but rounds to a whole number gains up to :data:`HONEST_EXTRA_DIGITS`
        digits (sigmoid(10) is ``"0.99995"``, not ``"1"``); past them it is written
        ``"≈1"`` (see :func:`equation`).

    Examples
    --------
    >>> format_number(-4.0)
    '−4'
    >>> format_number(1.8222553)
    '1.822'
    >>> format_number(0.9999546)
    '0.99995'
    >>> format_number(1 - 1e-9)
    '≈1'
    """
    if math.isnan(value):
        return NOT_A_NUMBER
    if math.isinf(value):
        return "∞" if value > 0 else f"{MINUS}∞"
    if value == 0:
        return "0"
    digits = _digits if digits is None else digits
    if value == int(value) and abs(value) < 1e15:
        text = str(int(value))
    else:
        text = _written(value, digits)
        extra = 0
        while _reads_whole(text) and extra < HONEST_EXTRA_DIGITS:
            extra += 1
            text = _written(value, digits + extra)
        if _reads_whole(text):
            text = APPROXIMATELY + _written(value, digits)
    return text.replace("-", MINUS)


def equation(text: str) -> str:
    """Tidy a sentence whose number is approximate: ``"z3 = ≈1"`` reads ``"z3 ≈ 1"``."""
    return text.replace(f"= {APPROXIMATELY}", f"{APPROXIMATELY} ")


def formatted(value: float, spec: str) -> str:
    """``value`` in a format spec (``".4f"``, ``".2%"``), or ``∞``, ``−∞``, ``NaN``.

    Python would write ``inf`` and ``nan`` (``nan%`` for a percentage); every number nnviz
    shows writes them as :func:`format_number` does.
    """
    if not math.isfinite(value):
        return format_number(value)
    return format(value, spec)


def json_number(value: float) -> float | str:
    """``value`` for JSON: a number, or ``"Infinity"``, ``"-Infinity"``, ``"NaN"``.

    JSON has no such numbers (``json.dumps`` would write invalid JSON); Python's
    ``float()`` and JavaScript's ``Number()`` read these strings back.
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def unbroken(text: str) -> str:
    """``text`` with ``−∞`` and ``∞ − ∞`` joined, so that a wrapping label never splits them
    (a word joiner and non-breaking spaces)."""
    return text.replace("−∞", "−\u2060∞").replace("∞ − ∞", "∞\u00a0−\u00a0∞")


def parenthesised(value: float) -> str:
    """Write ``value`` in parentheses, as the lecture writes factors: ``(−3)``."""
    return f"({format_number(value)})"


def node_label(number: int) -> str:
    """Return a node's number as text (kept as a function so every name agrees)."""
    return str(number)


def pair_label(first: int, second: int) -> str:
    """Join two node numbers as the lecture does (13), with a comma once either has two digits."""
    if first < 10 and second < 10:
        return f"{first}{second}"
    return f"{first},{second}"


#: A network with a layer larger than this names its nodes by layer and index (z²₇,
#: v³₁₀), not by the lecture's global numbers (z935 says nothing about where it is).
LAYERED_NAMES_ABOVE = 12
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def layered_names(layer_sizes: tuple[int, ...]) -> bool:
    """Whether a network of ``layer_sizes`` names its nodes by layer and index."""
    return max(layer_sizes, default=0) > LAYERED_NAMES_ABOVE


def layered_name(letter: str, layer: int, neuron: int) -> str:
    """``z²₇``: the value ``letter`` of neuron ``neuron`` (from 0) of layer ``layer``; an
    input (layer 0) is ``x₇``."""
    index = str(neuron + 1).translate(_SUBSCRIPTS)
    return (
        f"{letter}{index}"
        if layer == 0
        else f"{letter}{str(layer).translate(_SUPERSCRIPTS)}{index}"
    )


def layered_weight_name(layer: int, source: int, target: int) -> str:
    """``w²₅,₇``: the weight into layer ``layer`` from its neuron ``source`` of the layer
    before to its neuron ``target`` (both from 0)."""
    sub = _SUBSCRIPTS
    return (
        f"w{str(layer).translate(_SUPERSCRIPTS)}{str(source + 1).translate(sub)},"
        f"{str(target + 1).translate(sub)}"
    )


def input_name(number: int) -> str:
    """The name of input node ``number``: x1, x2 …"""
    return f"x{number}"


def output_name(number: int) -> str:
    """The lecture's name for the output (activation) of node ``number``: z3 …"""
    return f"z{number}"


def weighted_sum_name(number: int) -> str:
    """The name of the weighted sum of node ``number``: v3 (the lecture's f(v))."""
    return f"v{number}"


def weight_name(source: int, target: int) -> str:
    """The name of the weight from node ``source`` to node ``target``: w13."""
    return f"w{pair_label(source, target)}"


def bias_name(number: int) -> str:
    """The name of the bias of node ``number``: b3."""
    return f"b{number}"


def delta_name(number: int) -> str:
    """The name of the delta ∂C/∂v of node ``number``: δ3."""
    return f"δ{number}"


def target_name(number: int) -> str:
    """The name of the target of output node ``number``: y5."""
    return f"y{number}"
