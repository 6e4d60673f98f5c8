"""Play and pause: a timer that steps forward at a chosen speed.

Playing stops by itself at the end of the pass and when the quiz asks a question (the
student answers first). The speed also sets how long a step's animation takes, so that a
value always arrives before the next step starts.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from nnviz.qt.binding import follow
from nnviz.session.stepper import Stepper

#: Speeds offered, in steps per second.
SPEEDS: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
DEFAULT_SPEED = 2
#: An animation takes this share of a step's time at the chosen speed ...
ANIMATION_SHARE = 0.7
#: ... and never longer than this (ms): stepping by hand should feel quick.
MAX_ANIMATION_MS = 700


def speed_text(steps_per_second: float) -> str:
    """``"1 step/s"``, ``"4 steps/s"``, ``"¼ step/s"``."""
    names = {0.25: "¼", 0.5: "½"}
    number = names.get(steps_per_second, f"{steps_per_second:g}")
    unit = "steps/s" if steps_per_second > 1 else "step/s"
    return f"{number} {unit}"


class Player(QObject):
    """Steps ``stepper`` forward on a timer.

    Signals
    -------
    playing_changed(bool)
    speed_changed(int)
        The index into :data:`SPEEDS`.
    """

    playing_changed = Signal(bool)
    speed_changed = Signal(int)

    def __init__(self, stepper: Stepper, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stepper = stepper
        self._speed = DEFAULT_SPEED
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.setInterval(self.interval_ms)
        follow(self, stepper.question_changed, self._question_changed)
        follow(self, stepper.active_changed, self._active_changed)

    @property
    def playing(self) -> bool:
        """Whether the timer is stepping."""
        return self._timer.isActive()

    @property
    def speed(self) -> int:
        """Index into :data:`SPEEDS`."""
        return self._speed

    @property
    def steps_per_second(self) -> float:
        """The chosen speed."""
        return SPEEDS[self._speed]

    @property
    def interval_ms(self) -> int:
        """Time between steps while playing."""
        return round(1000 / SPEEDS[self._speed])

    @property
    def animation_ms(self) -> int:
        """How long a step's animation takes at this speed."""
        return min(MAX_ANIMATION_MS, round(self.interval_ms * ANIMATION_SHARE))

    def set_speed(self, index: int) -> None:
        """Choose a speed (clamped to :data:`SPEEDS`)."""
        index = min(max(int(index), 0), len(SPEEDS) - 1)
        if index != self._speed:
            self._speed = index
            self._timer.setInterval(self.interval_ms)
            self.speed_changed.emit(index)

    def play(self) -> None:
        """Start stepping (from the start again when at the end)."""
        if self.playing:
            return
        stepper = self.stepper
        if not stepper.active or stepper.at_end:
            stepper.start(0)
        if stepper.question is not None:
            return
        self._timer.start()
        self.playing_changed.emit(True)
        self._tick()

    def pause(self) -> None:
        """Stop stepping."""
        if self.playing:
            self._timer.stop()
            self.playing_changed.emit(False)

    def toggle(self) -> None:
        """Play or pause."""
        if self.playing:
            self.pause()
        else:
            self.play()

    def _question_changed(self, step: object) -> None:
        if step is not None:
            self.pause()  # the student answers first

    def _active_changed(self, on: bool) -> None:
        if not on:
            self.pause()

    def _tick(self) -> None:
        if not self.stepper.step_forward() or self.stepper.at_end:
            self.pause()
