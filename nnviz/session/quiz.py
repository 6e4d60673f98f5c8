"""“Check my calculation”: ask for a step's number before revealing it (Qt-free).

A student who has worked the next number out by hand types it; the answer is right when it
is within a tolerance of the exact value, loose enough for a number rounded to two
decimals or three significant digits. Either way the correct working (the step's sentence)
is shown after.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz.core.notation import format_number
from nnviz.core.steps import Step
from nnviz.session.numbers import parse_number

#: What the quiz asks about by default: the numbers of a node (the issue's z, a or delta).
NODE_KINDS: frozenset[str] = frozenset({"weighted_sum", "activation", "delta"})
#: Asked too when the student wants to check every number.
EVERY_KIND: frozenset[str] = NODE_KINDS | {
    "loss_term",
    "loss",
    "weight_gradient",
    "bias_gradient",
    "weight_update",
    "bias_update",
}
#: An answer is right within ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE·|exact value|: a value
#: rounded to two decimals, or to three significant digits, passes.
ABSOLUTE_TOLERANCE = 0.005
RELATIVE_TOLERANCE = 0.005


def tolerance(value: float) -> float:
    """How far an answer may be from ``value`` and still count as right."""
    return ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * abs(value)


def is_askable(step: Step, every_number: bool = False) -> bool:
    """Whether the quiz asks for ``step``'s number (single-number steps only)."""
    kinds = EVERY_KIND if every_number else NODE_KINDS
    return step.kind in kinds and step.value is not None and step.quantity is not None


def question_text(step: Step) -> str:
    """What the student is asked: ``v3 = w13·x1 + w23·x2 = ?``."""
    if step.formula:
        return f"{step.quantity} = {step.formula} = ?"
    return f"{step.quantity} = ?"


@dataclass(frozen=True)
class Answer:
    """A checked answer.

    Attributes
    ----------
    step : Step
        The step asked about.
    typed : float
        The number the student typed.
    correct : bool
        Whether it is within :func:`tolerance` of the step's value.
    """

    step: Step
    typed: float
    correct: bool

    @property
    def verdict(self) -> str:
        """``Right: v3 = −4`` or ``Not quite: you typed −3; v3 = −4``."""
        assert self.step.value is not None
        exact = f"{self.step.quantity} = {format_number(self.step.value)}"
        if self.correct:
            return f"Right: {exact}"
        return f"Not quite: you typed {format_number(self.typed)}; {exact}"


def check_answer(step: Step, text: str) -> Answer:
    """Check the text a student typed for ``step``'s number.

    Raises
    ------
    NumberTextError
        If ``text`` is not a finite number (nothing is checked then).
    ValueError
        If the step has no single number to check.
    """
    if step.value is None:
        raise ValueError("this step has no single number to check")
    typed = parse_number(text)
    return Answer(step, typed, abs(typed - step.value) <= tolerance(step.value))


@dataclass(frozen=True)
class Score:
    """How the student did since the quiz was switched on."""

    right: int = 0
    asked: int = 0

    def add(self, answer: Answer) -> Score:
        """The score after ``answer``."""
        return Score(self.right + int(answer.correct), self.asked + 1)

    @property
    def text(self) -> str:
        """``3 of 4 right`` (empty before the first answer)."""
        return f"{self.right} of {self.asked} right" if self.asked else ""
