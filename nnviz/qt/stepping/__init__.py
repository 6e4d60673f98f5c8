"""Step through the forward and backward passes, with the arithmetic on screen.

:func:`install_stepping` adds everything to a main window in one call: the Step panel
(docked beside the Network panel), the Step menu and its shortcuts, and the presenter that
draws the stepper's state on the diagram. The Qt-free state is
:class:`nnviz.session.stepper.Stepper`.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget

from nnviz.qt.stepping.actions import StepActions
from nnviz.qt.stepping.panel import SteppingPanel
from nnviz.qt.stepping.player import Player
from nnviz.qt.stepping.presenter import StepPresenter
from nnviz.session.stepper import Stepper

if TYPE_CHECKING:
    from nnviz.qt.main_window import MainWindow

__all__ = ["Stepping", "install_stepping"]

#: Settings keys (in the window's preferences) of what stepping remembers.
ANIMATE_KEY = "stepping/animate"
SPEED_KEY = "stepping/speed"


@dataclass
class Stepping:
    """The step-through's parts in one window (tests and other views reach them here)."""

    stepper: Stepper
    player: Player
    presenter: StepPresenter
    actions: StepActions
    panel: SteppingPanel
    dock: QDockWidget

    def set_animated(self, on: bool) -> None:
        """Animate single steps (off: every step shows at once)."""
        self.actions.animate.setChecked(on)


def install_stepping(window: MainWindow) -> Stepping:
    """Add the step-through to ``window``: panel, Step menu, shortcuts, diagram binding."""
    stepper = Stepper(window.session)
    player = Player(stepper, window)
    presenter = StepPresenter(window, stepper)
    actions = StepActions(window, stepper, player)
    panel = SteppingPanel(window, stepper, player, presenter, actions)
    dock = window.add_panel(panel, "Step through", "steppingPanel", tabify_with=None)
    if hasattr(window, "network_panel"):
        network_dock = window.network_panel.parentWidget()
        if isinstance(network_dock, QDockWidget):
            window.tabifyDockWidget(network_dock, dock)
            if window.preferences.window_state is None:
                # A first start opens on the Network panel, as before; stepping raises its
                # own tab. (Later starts restore the tab the user left open.)
                QTimer.singleShot(0, network_dock.raise_)
    # Room for the arithmetic (a saved window state, restored later, wins).
    window.resizeDocks([dock], [410], Qt.Orientation.Horizontal)
    actions.build_menu()
    settings = window.preferences.settings

    def set_animated(on: bool) -> None:
        presenter.animated = on
        if not on:
            presenter.finish()
        settings.setValue(ANIMATE_KEY, on)

    def set_speed(index: int) -> None:
        presenter.duration_ms = player.animation_ms
        settings.setValue(SPEED_KEY, index)

    actions.animate.toggled.connect(set_animated)
    player.speed_changed.connect(set_speed)
    animate = settings.value(ANIMATE_KEY, True)
    actions.animate.setChecked(animate not in (False, "false", "0"))
    presenter.animated = actions.animate.isChecked()
    speed = settings.value(SPEED_KEY, player.speed)
    with contextlib.suppress(TypeError, ValueError):
        player.set_speed(int(speed))  # type: ignore[call-overload]
    presenter.duration_ms = player.animation_ms

    theme_key = [""]

    def follow_theme() -> None:
        theme = window.scene.diagram_style.theme
        if theme.key != theme_key[0]:
            theme_key[0] = theme.key
            panel.set_theme(theme)

    window.scene.redrawn.connect(follow_theme)
    follow_theme()
    stepper.active_changed.connect(lambda on: dock.raise_() if on else None)
    return Stepping(stepper, player, presenter, actions, panel, dock)
