"""The step-through's cursor over the document's step list, and its quiz (Qt-free).

A :class:`Stepper` walks the step list of :attr:`Document.steps` (forward, loss, backward,
update): ``cursor`` steps are revealed, the last of them is the current one. The window
draws what :meth:`Stepper.revealed` says and narrates :attr:`Stepper.current`.

When the document changes mid-pass (a weight edited, the target changed, an update applied
or undone), the step list is rebuilt from the new numbers and the pass restarts at the
beginning of the current step's phase, so that the edit is kept and nothing stale is shown;
a change that leaves every revealed step as it was (η while in the forward pass) keeps the
cursor where it is. Opening another network ends stepping.

In quiz mode, stepping onto a number the student should work out first (see
:mod:`nnviz.session.quiz`) poses a question instead of revealing it; :meth:`Stepper.answer`
checks the typed number: right, the step is revealed; wrong, the question stays for
another try (the panel gives a hint); stepping forward shows it anyway.
"""

from __future__ import annotations

import contextlib

import numpy as np
from psygnal import Signal

from nnviz.core.network import Network
from nnviz.core.steps import PHASES, Phase, Step
from nnviz.core.trace import gradient_descent_step
from nnviz.session.observable import ObservableState
from nnviz.session.quiz import Answer, Record, Score, check_answer, is_askable
from nnviz.session.reveal import Revealed, reveal


class Stepper:
    """Where the student is in the narrated passes of the document's network.

    Parameters
    ----------
    document : ObservableState
        The document stepped through.

    Signals
    -------
    active_changed(bool)
        Stepping started (the diagram shows only what is revealed) or stopped.
    steps_changed()
        The step list was rebuilt (the document changed); the cursor may have moved.
    cursor_changed(int)
        The number of revealed steps changed.
    question_changed(object)
        A question was posed (the Step asked about) or withdrawn (None).
    answered(object)
        An :class:`~nnviz.session.quiz.Answer` was checked (its step is now revealed).
    """

    active_changed = Signal(bool)
    steps_changed = Signal()
    cursor_changed = Signal(int)
    question_changed = Signal(object)
    answered = Signal(object)

    def __init__(self, document: ObservableState) -> None:
        self.document = document
        self._steps: tuple[Step, ...] | None = None
        self._cursor = 0
        self._active = False
        self._question: Step | None = None
        self._restarted: Phase | None = None
        self._quiz = False
        self._every_number = False
        self._score = Score()
        self._tries: list[float] = []
        self._revealed: tuple[tuple[Step, ...], int, Revealed] | None = None
        self._after_update: tuple[tuple[Step, ...], Network | None] | None = None
        #: Losses before and after each update applied since the network was opened.
        self.update_history: list[tuple[float, float]] = []
        # Before the diagram refreshes on the same signal, so that it never draws new
        # numbers through a stale step list.
        document.trace_changed.connect(self._document_changed, priority=10)
        document.opened.connect(self._opened)

    # -- state ------------------------------------------------------------------------------

    @property
    def steps(self) -> tuple[Step, ...]:
        """The step list being walked."""
        if self._steps is None:
            self._steps = self.document.steps
        return self._steps

    @property
    def active(self) -> bool:
        """Whether stepping is on (the diagram shows only what is revealed)."""
        return self._active

    @property
    def cursor(self) -> int:
        """How many steps are revealed (0 .. len(steps))."""
        return self._cursor

    @property
    def current(self) -> Step | None:
        """The last revealed step, or None before the first."""
        return self.steps[self._cursor - 1] if self._cursor > 0 else None

    @property
    def next_step(self) -> Step | None:
        """The step the next :meth:`step_forward` reveals (or asks about)."""
        return self.steps[self._cursor] if self._cursor < len(self.steps) else None

    @property
    def phase(self) -> Phase | None:
        """The phase of the question, else of the current step."""
        step = self._question or self.current
        return None if step is None else step.phase

    def phase_ranges(self) -> dict[Phase, tuple[int, int]]:
        """``{phase: (first index, end index)}`` for the phases in the list."""
        return phase_ranges(self.steps)

    def revealed(self) -> Revealed:
        """The masks of what the revealed steps show (cached)."""
        steps = self.steps
        cached = self._revealed
        if cached is None or cached[0] is not steps or cached[1] != self._cursor:
            sizes = self.document.network.layer_sizes
            cached = (steps, self._cursor, reveal(steps, self._cursor, sizes))
            self._revealed = cached
        return cached[2]

    @property
    def after_update(self) -> Network | None:
        """The network after the update phase's gradient-descent step (None without a target)."""
        steps = self.steps
        if self._after_update is None or self._after_update[0] is not steps:
            backward = self.document.backward
            network = None
            if backward is not None:
                # None too when the step overflows (the step list says so).
                with contextlib.suppress(ValueError):
                    network = gradient_descent_step(
                        self.document.network, backward, self.document.learning_rate
                    )
            self._after_update = (steps, network)
        return self._after_update[1]

    # -- moving -----------------------------------------------------------------------------

    def start(self, cursor: int = 0) -> None:
        """Turn stepping on at ``cursor`` (nothing revealed by default)."""
        if self._active:
            self.go_to(cursor)
            return
        self._active = True
        self._steps = None
        self._question = None
        self._cursor = min(max(int(cursor), 0), len(self.steps))
        self.active_changed.emit(True)

    def stop(self) -> None:
        """Turn stepping off: the diagram shows every number again."""
        if self._active:
            self._set_question(None)
            self._active = False
            self.active_changed.emit(False)

    def go_to(self, cursor: int) -> None:
        """Reveal exactly the first ``cursor`` steps (clamped); withdraws any question."""
        if not self._active:
            self.start(cursor)
            return
        cursor = min(max(int(cursor), 0), len(self.steps))
        self._set_question(None)
        self._restarted = None
        if cursor != self._cursor:
            self._cursor = cursor
            self.cursor_changed.emit(cursor)

    def step_forward(self) -> bool:
        """Reveal the next step, or ask about it in quiz mode; False at the end.

        With a question pending, the step asked about is revealed without an answer.
        """
        if not self._active:
            self.start(0)
        if self._question is not None:
            if self._tries:  # tried, then asked to be shown: a question not got right
                record = Record(self._question, self._cursor + 1, tuple(self._tries), "shown")
                self._score = self._score.add(record)
            self.go_to(self._cursor + 1)
            return True
        step = self.next_step
        if step is None:
            return False
        if self._quiz and is_askable(step, self._every_number):
            self._set_question(step)
            return True
        self.go_to(self._cursor + 1)
        return True

    def step_back(self) -> bool:
        """Hide the current step (or withdraw a pending question); False at the start."""
        if not self._active:
            return False
        if self._question is not None:
            self._set_question(None)
            return True
        if self._cursor == 0:
            return False
        self.go_to(self._cursor - 1)
        return True

    def go_to_start(self) -> None:
        """Reveal nothing: every node waits to be reached."""
        self.go_to(0)

    def go_to_end(self) -> None:
        """Reveal every step."""
        self.go_to(len(self.steps))

    def go_to_phase(self, phase: Phase) -> None:
        """Show the first step of ``phase`` (everything before it revealed).

        Raises
        ------
        ValueError
            If the step list has no such phase (no target: no loss, backward or update).
        """
        ranges = self.phase_ranges()
        if phase not in ranges:
            raise ValueError(f"there is no {phase} phase without a target")
        start = ranges[phase][0]
        self.go_to(start)
        self.step_forward()

    @property
    def restarted(self) -> Phase | None:
        """The phase the pass restarted at after the document changed mid-pass (until the
        cursor next moves), else None."""
        return self._restarted

    @property
    def at_end(self) -> bool:
        """Whether every step is revealed."""
        return self._cursor >= len(self.steps) and self._question is None

    # -- quiz -------------------------------------------------------------------------------

    @property
    def quiz(self) -> bool:
        """Whether “Check my calculation” is on."""
        return self._quiz

    @property
    def every_number(self) -> bool:
        """Whether the quiz asks for every number, not only the nodes' v, z and δ."""
        return self._every_number

    @property
    def question(self) -> Step | None:
        """The step whose number the student is asked for, or None."""
        return self._question

    @property
    def score(self) -> Score:
        """Right answers and questions since the quiz was switched on."""
        return self._score

    def set_quiz(self, on: bool, every_number: bool | None = None) -> None:
        """Switch the quiz on or off (switching it on resets the score)."""
        if every_number is not None:
            self._every_number = bool(every_number)
        if bool(on) != self._quiz:
            self._quiz = bool(on)
            self._score = Score()
            if not on:
                self._set_question(None)

    def restore_score(self, score: Score) -> None:
        """Put back a saved score (a session file's ``quiz``); the quiz is on after it."""
        self._quiz = True
        self._score = score
        self.steps_changed.emit()

    def answer(self, text: str) -> Answer:
        """Check ``text`` against the pending question, then reveal its step.

        Raises
        ------
        ValueError
            If there is no question, or the text is not a finite number (a
            ``NumberTextError``; nothing changes then).
        """
        step = self._question
        if step is None:
            raise ValueError("there is no question to answer")
        result = check_answer(step, text, attempt=len(self._tries) + 1)
        self._tries.append(result.typed)
        if result.correct:
            record = Record(step, self._cursor + 1, tuple(self._tries), "right")
            self._score = self._score.add(record)
            self.go_to(self._cursor + 1)
        # A wrong answer keeps the question: the student tries again (with a hint).
        self.answered.emit(result)
        return result

    @property
    def tries(self) -> tuple[float, ...]:
        """The numbers typed so far for the pending question."""
        return tuple(self._tries)

    def _set_question(self, step: Step | None) -> None:
        if step is not self._question:
            self._question = step
            self._tries = []
            self.question_changed.emit(step)

    # -- updates ----------------------------------------------------------------------------

    def record_update(self, before: float, after: float) -> None:
        """Remember that an update took the loss from ``before`` to ``after``."""
        self.update_history.append((before, after))

    # -- the document changed ----------------------------------------------------------------

    def _document_changed(self) -> None:
        old = self._steps
        old_phase: Phase | None = None
        if old is not None:
            shown = self._question or (old[self._cursor - 1] if self._cursor > 0 else None)
            # Right after a restart the cursor sits at the start of a phase, behind the last
            # step of the one before: another edit restarts the same phase, not that one.
            old_phase = self._restarted or (None if shown is None else shown.phase)
        self._steps = None
        self._after_update = None
        if not self._active:
            return
        new = self.steps
        cursor = min(self._cursor, len(new))
        if self.document.rewriting and old is not None and len(old) == len(new):
            # Only the writing of the numbers changed (the precision): same place, and a
            # pending question stays (asked in the new writing).
            if self._question is not None and self._cursor < len(new):
                self._question = new[self._cursor]
                self.question_changed.emit(self._question)
            self.steps_changed.emit()
            return
        self._restarted = None
        if old is None or not _same_steps(old[:cursor], new[:cursor]):
            ranges = phase_ranges(new)
            self._restarted = old_phase
            if old_phase is None:
                cursor = 0
            elif old_phase in ranges:
                cursor = ranges[old_phase][0]
            else:  # e.g. the target was removed during the backward pass
                cursor = ranges["forward"][1]
        self._cursor = cursor
        self._question = None
        self.question_changed.emit(None)
        self.steps_changed.emit()

    def _opened(self) -> None:
        # Another network: stepping ends, so that it shows every number and nothing of
        # the last pass (a stepping mode carried over would hide them all, unannounced).
        self.update_history.clear()
        self._steps = None
        self._cursor = 0
        self._restarted = None
        if self._active:
            self._set_question(None)
            self._active = False
            self.active_changed.emit(False)
            self.steps_changed.emit()


def phase_ranges(steps: tuple[Step, ...]) -> dict[Phase, tuple[int, int]]:
    """``{phase: (first index, end index)}`` of a step list, phases in order."""
    ranges: dict[Phase, tuple[int, int]] = {}
    for phase in PHASES:
        indices = [i for i, step in enumerate(steps) if step.phase == phase]
        if indices:
            ranges[phase] = (indices[0], indices[-1] + 1)
    return ranges


def _same_steps(first: tuple[Step, ...], second: tuple[Step, ...]) -> bool:
    """Whether two runs of steps say and show the same (texts, values, layer arrays)."""
    if len(first) != len(second):
        return False
    for a, b in zip(first, second, strict=True):
        if (a.text, a.value) != (b.text, b.value):
            return False
        if a.values is None or b.values is None:
            if a.values is not b.values:
                return False
        elif not np.array_equal(a.values, b.values):
            return False
    return True
