"""The step-through's actions: the Step menu, its shortcuts, and the panel's buttons.

Space plays and pauses, → and ← step, Home and End jump; ``[`` and ``]`` change the
speed. These are window shortcuts, and Qt gives a focused text field the keys it edits
with first (a line edit accepts the shortcut-override event for Space, the arrows, Home
and End), so typing a number never steps the pass. Every action acts on the active
document's step-through (:attr:`StepActions.owner`).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from nnviz.core.steps import PHASES, Phase
from nnviz.qt.binding import Following
from nnviz.qt.shell import Shell
from nnviz.qt.stepping.icons import transport_icon
from nnviz.qt.stepping.player import Player
from nnviz.qt.stepping.progress import PHASE_TITLES
from nnviz.session.stepper import Stepper


class SteppingOwner(Protocol):
    """Whose step-through the actions drive: the active document's."""

    @property
    def stepper(self) -> Stepper: ...

    @property
    def player(self) -> Player: ...

    def set_speed(self, index: int) -> None: ...

    def apply_update(self) -> None: ...


class StepActions(QObject):
    """Every step-through action, created once, shared by the menu and the panels.

    Parameters
    ----------
    shell : Shell
        The window; the actions are registered in its registry (the Step menu).
    owner : SteppingOwner
        The step-through feature: its active document's stepper and player.
    """

    def __init__(self, shell: Shell, owner: SteppingOwner) -> None:
        super().__init__(shell.widget)
        self.shell = shell
        self.owner = owner
        self._icons: dict[QAction, str] = {}
        self._icon_colour = "#1B1F24"
        registry = shell.registry

        def make(
            name: str,
            text: str,
            slot: Callable[[], object] | None,
            key: str | None = None,
            icon: str | None = None,
            tip: str = "",
            section: str = "move",
            help: str = "",
            menu: str | None = "Step",
            help_with: str = "",
        ) -> QAction:
            shown = f"{tip or text} ({key})" if key else tip or text
            action = registry.add(
                f"step.{name}",
                text,
                slot,
                menu=menu,
                section=section,
                shortcut=key,
                help=help,
                help_section="step",
                help_with=help_with,
                tip=shown,
            )
            if icon is not None:
                self._icons[action] = icon
            return action

        self.stepping = make(
            "toggle",
            "Start stepping",
            self._toggle_stepping,
            section="start",
            tip="Show the passes one step at a time",
        )
        self.forward = make(
            "forward",
            "Step forward",
            lambda: self.owner.stepper.step_forward(),
            "Right",
            "forward",
            help="step forward / back through the passes (not while typing a number)",
        )
        self.back = make(
            "back",
            "Step back",
            lambda: self.owner.stepper.step_back(),
            "Left",
            "back",
            help_with="step.forward",
        )
        self.play = make(
            "play",
            "Play",
            lambda: self.owner.player.toggle(),
            "Space",
            "play",
            "Play or pause",
            help="play or pause the step-through",
        )
        self.to_start = make(
            "start",
            "Go to the start",
            lambda: self.owner.stepper.go_to_start(),
            "Home",
            "start",
            help="go to the start / end of the pass",
        )
        self.to_end = make(
            "end",
            "Go to the end",
            lambda: self.owner.stepper.go_to_end(),
            "End",
            "end",
            help_with="step.start",
        )
        phases = registry.add_submenu("Step", "Go to a &phase", section="move")
        self.phases: dict[Phase, QAction] = {}
        for phase in PHASES:
            action = make(
                f"phase.{phase}",
                PHASE_TITLES[phase],
                functools.partial(self._go_to_phase, phase),
                tip=f"Go to the {phase} phase",
                menu=None,
            )
            action.setCheckable(True)
            phases.addAction(action)
            self.phases[phase] = action
        self.faster = make(
            "faster",
            "Faster",
            lambda: self.owner.set_speed(self.owner.player.speed + 1),
            "]",
            section="speed",
            help_with="step.slower",
        )
        self.slower = make(
            "slower",
            "Slower",
            lambda: self.owner.set_speed(self.owner.player.speed - 1),
            "[",
            section="speed",
            help="play slower / faster",
        )
        self.animate = make(
            "animate",
            "Animate the steps",
            None,
            section="speed",
            tip="Values travel along the edges",
        )
        self.animate.setCheckable(True)
        self.quiz = make(
            "quiz",
            "Check my calculation",
            None,
            section="quiz",
            tip="Type each node's number before it is revealed",
        )
        self.quiz.setCheckable(True)
        self.quiz.toggled.connect(lambda on: self.owner.stepper.set_quiz(on))
        self.every_number = make(
            "every_number",
            "Ask for every number",
            None,
            section="quiz",
            tip="Also ask for loss terms, gradients and updates",
        )
        self.every_number.setCheckable(True)
        self.every_number.toggled.connect(
            lambda on: self.owner.stepper.set_quiz(self.owner.stepper.quiz, every_number=on)
        )
        self.apply_update = make(
            "apply_update",
            "Apply the update",
            lambda: self.owner.apply_update(),
            "Ctrl+U",
            section="update",
            tip="Make the updated weights the network's",
            help="apply the update: the new weights become the network's",
        )
        self.set_icon_colour(self._icon_colour)
        self._following = Following(self)
        self._player: Player | None = None

    def follow(self, stepper: Stepper, player: Player) -> None:
        """Show the state of another document's step-through (it became the active one)."""
        self._following.clear()
        if self._player is not None:
            with contextlib.suppress(RuntimeError):
                self._player.playing_changed.disconnect(self._show_playing)
        self._player = player
        player.playing_changed.connect(self._show_playing)
        self._following.link(stepper.active_changed, self._show_active)
        for action, on in ((self.quiz, stepper.quiz), (self.every_number, stepper.every_number)):
            action.blockSignals(True)
            action.setChecked(on)
            action.blockSignals(False)
        self._show_playing(player.playing)
        self._show_active(stepper.active)

    def _toggle_stepping(self) -> None:
        stepper = self.owner.stepper
        if stepper.active:
            self.owner.player.pause()
            stepper.stop()
        else:
            stepper.start(0)

    def _show_active(self, on: bool) -> None:
        if on:
            self.stepping.setText("Stop stepping (show every number)")
            self.stepping.setToolTip("Leave the step-through: every number shows again")
        else:
            self.stepping.setText("Start stepping")
            self.stepping.setToolTip("Show the passes one step at a time")

    def set_icon_colour(self, colour: str) -> None:
        """Draw the transport icons in ``colour`` (the theme's text colour)."""
        self._icon_colour = colour
        for action, kind in self._icons.items():
            action.setIcon(transport_icon(kind, colour))

    def _show_playing(self, playing: bool) -> None:
        self._icons[self.play] = "pause" if playing else "play"
        self.play.setIcon(transport_icon(self._icons[self.play], self._icon_colour))
        self.play.setText("Pause" if playing else "Play")

    def _go_to_phase(self, phase: Phase) -> None:
        self.owner.player.pause()
        try:
            self.owner.stepper.go_to_phase(phase)
        except ValueError as error:
            self.shell.show_message(str(error))
