"""“Check my calculation”: ask for a step's number before revealing it (Qt-free).

A student who has worked the next number out by hand types it; the answer is right when it
is within a tolerance of the exact value, loose enough for a number rounded to two
decimals or three significant digits. A right answer reveals the step (its working is
shown); a wrong one gets a hint (the formula with its numbers left blank) and another try,
until the student gets it or asks to be shown. The :class:`Score` counts questions, right
answers (at the first try and later) and the ones shown, by phase, and writes them out as
CSV for the teacher.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from nnviz.core.notation import APPROXIMATELY, format_number
from nnviz.core.steps import PHASES, Step
from nnviz.session.numbers import parse_number

#: A number in a sentence (not the digits of a name such as w13 or w1,13).
_NUMBER = re.compile(r"(?<![\w.,])[−-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[−-]?\d+)?(?![\w.])")
#: A name of the lecture's (x1, z3, w13, δ5, C5): a part of a sentence in symbols.
_NAME = re.compile(r"[xyzwvbδC]\d")
BLANK = "□"

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


def hint_text(step: Step) -> str:
    """The step's working with its numbers left blank: ``z3 = step(v3) = step(□)``,
    ``v3 = w13·x1 + w23·x2 = (□)(□) + (□)(□)``."""
    question = question_text(step).removesuffix(" = ?")
    parts = step.text.replace(f" {APPROXIMATELY} ", " = ").split(" = ")
    # The working lies between the symbols and the result (the last part that starts with
    # the step's number; an explanation may follow it).
    result = format_number(step.value) if step.value is not None else None
    end = len(parts) - 1
    for i in range(2, len(parts)):
        if result is not None and parts[i].startswith(result.removeprefix(APPROXIMATELY)):
            end = i
            break
    working = [
        _NUMBER.sub(BLANK, part)
        for part in parts[1:end]
        if _NUMBER.search(part) is not None and _NAME.search(part) is None
    ]
    if not working:
        return f"{question} = ?"
    return f"{question} = {' = '.join(working)}"


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
    attempt: int = 1

    @property
    def shown(self) -> str:
        """After a wrong try the step was shown: ``Shown: v3 = −4 (you typed −3)``."""
        assert self.step.value is not None
        exact = f"{self.step.quantity} = {format_number(self.step.value)}"
        return f"Shown: {exact} (you typed {format_number(self.typed)})"

    @property
    def verdict(self) -> str:
        """``Right: v3 = −4``, ``Right at the second try: v3 = −4``, or (a wrong try)
        ``Not quite: you typed −3. Try again (hint: …)``."""
        assert self.step.value is not None
        exact = f"{self.step.quantity} = {format_number(self.step.value)}"
        if self.correct:
            when = "" if self.attempt == 1 else f" at try {self.attempt}"
            return f"Right{when}: {exact}"
        return (
            f"Not quite: you typed {format_number(self.typed)}. Try again, or press "
            f"Show me. Hint: {hint_text(self.step)}"
        )


def check_answer(step: Step, text: str, attempt: int = 1) -> Answer:
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
    return Answer(step, typed, abs(typed - step.value) <= tolerance(step.value), attempt)


@dataclass(frozen=True)
class Record:
    """One question as it went: the step, every number typed, and how it ended."""

    step: Step
    index: int
    typed: tuple[float, ...]
    outcome: str  # "right", "shown"

    @property
    def right_first(self) -> bool:
        """Right at the first try."""
        return self.outcome == "right" and len(self.typed) == 1


@dataclass(frozen=True)
class Score:
    """How the student did since the quiz was switched on (one record per question)."""

    records: tuple[Record, ...] = field(default_factory=tuple)

    def add(self, record: Record) -> Score:
        """The score with one more finished question."""
        return Score((*self.records, record))

    @property
    def asked(self) -> int:
        """Questions finished (answered right, or shown)."""
        return len(self.records)

    @property
    def right(self) -> int:
        """Questions answered right (at any try)."""
        return sum(r.outcome == "right" for r in self.records)

    @property
    def right_first(self) -> int:
        """Questions answered right at the first try."""
        return sum(r.right_first for r in self.records)

    def by_phase(self) -> dict[str, tuple[int, int]]:
        """``{phase: (right, asked)}`` for the phases asked about, in order."""
        result: dict[str, tuple[int, int]] = {}
        for phase in PHASES:
            records = [r for r in self.records if r.step.phase == phase]
            if records:
                result[phase] = (sum(r.outcome == "right" for r in records), len(records))
        return result

    @property
    def text(self) -> str:
        """``3 of 4 right`` (``, 2 at the first try`` when some took more), empty before
        the first answer."""
        if not self.asked:
            return ""
        first = "" if self.right_first == self.right else f", {self.right_first} at the first try"
        return f"{self.right} of {self.asked} right{first}"

    @property
    def phase_text(self) -> str:
        """``forward 3/4 · loss 1/1`` (empty before the first answer)."""
        return " · ".join(f"{p} {right}/{asked}" for p, (right, asked) in self.by_phase().items())

    def to_csv(self) -> str:
        """Every question as a CSV row (step, phase, quantity, exact value, the tries,
        the outcome), then a row per phase and the total, for a teacher's records."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["step", "phase", "quantity", "exact value", "typed", "tries", "outcome"])
        for r in self.records:
            typed = "; ".join(repr(float(t)) for t in r.typed)
            writer.writerow(
                [r.index, r.step.phase, r.step.quantity, repr(r.step.value), typed,
                 len(r.typed), r.outcome]
            )  # fmt: skip
        for phase, (right, asked) in self.by_phase().items():
            writer.writerow(
                [f"{phase} total", phase, "", "", "", asked, f"{right} of {asked} right"]
            )
        writer.writerow(["total", "", "", "", "", self.asked, self.text])
        return out.getvalue()
