"""The quiz's score in a session file, under its own key, ``quiz``.

::

    "quiz": {"on": true, "every_number": false,
             "records": [{"index": 3, "phase": "forward", "kind": "weighted_sum",
                          "layer": 1, "neuron": 0, "quantity": "v3", "value": -4.0,
                          "formula": "w13·x1 + w23·x2", "text": "node 3: …",
                          "typed": [-3.0, -4.0], "outcome": "right"}, …]}

Each record is one finished question (:class:`nnviz.session.quiz.Record`): the step asked
about (what the score and its CSV need of it), every number typed and how it ended. A file
without ``quiz`` keeps no score, as before. Reading checks everything and raises
:class:`~nnviz.session.session_file.SessionFileError` in one line; nothing is restored
from a key that is refused.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

from nnviz.core.steps import PHASES, STEP_KINDS, Step
from nnviz.session.quiz import Record, Score
from nnviz.session.session_file import SessionFileError, read_session_key

QUIZ_KEY = "quiz"
#: At most this many questions are read back (a lesson asks dozens).
MAX_RECORDS = 100_000
#: At most this many tries per question.
MAX_TRIES = 1_000
#: The longest text of a step kept in a record.
MAX_TEXT = 5_000
OUTCOMES = ("right", "shown")


@dataclass(frozen=True)
class SavedQuiz:
    """The quiz as it was saved: whether it was on, and its score."""

    score: Score
    on: bool = True
    every_number: bool = False


def quiz_payload(saved: SavedQuiz) -> dict[str, Any]:
    """The ``quiz`` object of a session file."""
    records = [
        {
            "index": r.index,
            "phase": r.step.phase,
            "kind": r.step.kind,
            "layer": r.step.layer,
            "neuron": r.step.neuron,
            "source": r.step.source,
            "quantity": r.step.quantity,
            "value": r.step.value,
            "formula": r.step.formula,
            "text": r.step.text,
            "typed": list(r.typed),
            "outcome": r.outcome,
        }
        for r in saved.score.records
    ]
    return {"on": saved.on, "every_number": saved.every_number, "records": records}


def _whole(value: Any, what: str, optional: bool = False) -> int | None:
    if optional and value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 1 << 31:
        raise SessionFileError(f"'{what}' must be a whole number from 0")
    return value


def _text(value: Any, what: str, optional: bool = False) -> str | None:
    if optional and value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise SessionFileError(f"'{what}' must be a text of at most {MAX_TEXT:,} characters")
    return value


def _finite(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SessionFileError(f"'{what}' must be a finite number")
    return float(value)


def _record(item: Any, at: int) -> Record:
    where = f"quiz.records[{at}]"
    if not isinstance(item, dict):
        raise SessionFileError(f"'{where}' must be an object")
    phase = item.get("phase")
    if phase not in PHASES:
        raise SessionFileError(f"'{where}.phase' must be one of {', '.join(PHASES)}")
    kind = item.get("kind")
    if kind not in STEP_KINDS[phase]:
        raise SessionFileError(
            f"'{where}.kind' must be one of {', '.join(STEP_KINDS[phase])} for {phase}"
        )
    outcome = item.get("outcome")
    if outcome not in OUTCOMES:
        raise SessionFileError(f"'{where}.outcome' must be right or shown")
    typed = item.get("typed")
    if not isinstance(typed, list) or not 1 <= len(typed) <= MAX_TRIES:
        raise SessionFileError(f"'{where}.typed' must list 1 to {MAX_TRIES:,} numbers")
    index = _whole(item.get("index"), f"{where}.index")
    assert index is not None
    step = Step(
        phase=phase,
        kind=kind,
        text=_text(item.get("text", ""), f"{where}.text") or "",
        layer=_whole(item.get("layer"), f"{where}.layer") or 0,
        neuron=_whole(item.get("neuron"), f"{where}.neuron", optional=True),
        source=_whole(item.get("source"), f"{where}.source", optional=True),
        value=_finite(item.get("value"), f"{where}.value"),
        quantity=_text(item.get("quantity"), f"{where}.quantity"),
        formula=_text(item.get("formula"), f"{where}.formula", optional=True),
    )
    tries = tuple(_finite(t, f"{where}.typed") for t in typed)
    return Record(step, index, tries, outcome)


def parse_quiz(payload: Any) -> SavedQuiz:
    """Validate a ``quiz`` object.

    Raises
    ------
    SessionFileError
        Naming the problem (not the file).
    """
    if not isinstance(payload, dict):
        raise SessionFileError("'quiz' must be an object")
    flags = {}
    for key, default in (("on", True), ("every_number", False)):
        value = payload.get(key, default)
        if not isinstance(value, bool):
            raise SessionFileError(f"'quiz.{key}' must be true or false")
        flags[key] = value
    records = payload.get("records", [])
    if not isinstance(records, list) or len(records) > MAX_RECORDS:
        raise SessionFileError(f"'quiz.records' must be a list of at most {MAX_RECORDS:,}")
    score = Score(tuple(_record(item, at) for at, item in enumerate(records)))
    return SavedQuiz(score, flags["on"], flags["every_number"])


def read_quiz(path: str | os.PathLike[str]) -> SavedQuiz | None:
    """Read the quiz a session file keeps, or None if it keeps none.

    Raises
    ------
    SessionFileError
        One line naming the file and the problem.
    """
    return read_session_key(path, QUIZ_KEY, parse_quiz)
