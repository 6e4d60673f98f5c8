"""The step-through's actions: the Step menu, its shortcuts, and the panel's buttons.

Space plays and pauses, → and ← step, Home and End jump; ``[`` and ``]`` change the
speed. These are window shortcuts, and Qt gives a focused text field the keys it edits
with first (a line edit accepts the shortcut-override event for Space, the arrows, Home
and End), so typing a number never steps the pass.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from nnviz.core.steps import PHASES, Phase
from nnviz.qt.stepping.icons import transport_icon
from nnviz.qt.stepping.player import Player
from nnviz.qt.stepping.progress import PHASE_TITLES
from nnviz.session.stepper import Stepper

if TYPE_CHECKING:
    from nnviz.qt.main_window import MainWindow


class StepActions(QObject):
    """Every step-through action, created once and shared by the menu and the panel."""

    def __init__(self, window: MainWindow, stepper: Stepper, player: Player) -> None:
        super().__init__(window)
        self.window = window
        self.stepper = stepper
        self.player = player
        self._icons: dict[QAction, str] = {}
        self._icon_colour = "#1B1F24"

        def make(
            text: str,
            slot: Callable[[], object] | None,
            key: str | None = None,
            icon: str | None = None,
            tip: str = "",
        ) -> QAction:
            action = QAction(text, window)
            if icon is not None:
                self._icons[action] = icon
            if key is not None:
                action.setShortcut(QKeySequence(key))
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            shown = f"{tip or text} ({key})" if key else tip or text
            action.setToolTip(shown)
            action.setStatusTip(shown)
            if slot is not None:
                action.triggered.connect(lambda _=False: slot())
            window.addAction(action)
            return action

        self.stepping = make(
            "Start stepping", self._toggle_stepping, tip="Show the passes one step at a time"
        )
        self.to_start = make("Go to the start", stepper.go_to_start, "Home", "start")
        self.back = make("Step back", stepper.step_back, "Left", "back")
        self.play = make("Play", player.toggle, "Space", "play", "Play or pause")
        self.forward = make("Step forward", stepper.step_forward, "Right", "forward")
        self.to_end = make("Go to the end", stepper.go_to_end, "End", "end")
        self.slower = make("Slower", lambda: player.set_speed(player.speed - 1), "[")
        self.faster = make("Faster", lambda: player.set_speed(player.speed + 1), "]")
        self.phases: dict[Phase, QAction] = {}
        for phase in PHASES:
            action = make(
                PHASE_TITLES[phase],
                functools.partial(self._go_to_phase, phase),
                tip=f"Go to the {phase} phase",
            )
            action.setCheckable(True)
            self.phases[phase] = action
        self.quiz = make(
            "Check my calculation",
            None,
            tip="Type each node's number before it is revealed",
        )
        self.quiz.setCheckable(True)
        self.quiz.toggled.connect(lambda on: stepper.set_quiz(on))
        self.every_number = make(
            "Ask for every number", None, tip="Also ask for loss terms, gradients and updates"
        )
        self.every_number.setCheckable(True)
        self.every_number.toggled.connect(
            lambda on: stepper.set_quiz(stepper.quiz, every_number=on)
        )
        self.animate = make("Animate the steps", None, tip="Values travel along the edges")
        self.animate.setCheckable(True)
        self.apply_update = make(
            "Apply the update", None, "Ctrl+U", tip="Make the updated weights the network's"
        )
        self.set_icon_colour(self._icon_colour)
        player.playing_changed.connect(self._show_playing)
        stepper.active_changed.connect(self._show_active)

    def _toggle_stepping(self) -> None:
        if self.stepper.active:
            self.player.pause()
            self.stepper.stop()
        else:
            self.stepper.start(0)

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
        self.player.pause()
        try:
            self.stepper.go_to_phase(phase)
        except ValueError as error:
            self.window.show_message(str(error))

    def build_menu(self) -> QMenu:
        """The Step menu, put in the menu bar before Help."""
        menu = QMenu("&Step", self.window)
        menu.addAction(self.stepping)
        menu.addSeparator()
        for action in (self.forward, self.back, self.play, self.to_start, self.to_end):
            menu.addAction(action)
        phases = menu.addMenu("Go to a &phase")
        for action in self.phases.values():
            phases.addAction(action)
        menu.addSeparator()
        menu.addAction(self.faster)
        menu.addAction(self.slower)
        menu.addAction(self.animate)
        menu.addSeparator()
        menu.addAction(self.quiz)
        menu.addAction(self.every_number)
        menu.addSeparator()
        menu.addAction(self.apply_update)
        bar = self.window.menuBar()
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, menu)
        else:
            bar.addMenu(menu)
        return menu
