"""Step through the forward and backward passes, with the arithmetic on screen.

:class:`Stepping` is the feature: given the window (a :class:`~nnviz.qt.shell.Shell`), it
adds the Step panel (docked beside the Network panel), the Step menu and its shortcuts,
and for every document the window shows, the parts that step it (:class:`DocumentStepping`:
its player, the presenter that draws its stepper's state on its diagram, and its panel).
The menu's actions drive the active document's. The Qt-free state is the document's
:class:`nnviz.session.stepper.Stepper`.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QWidget

from nnviz.qt.binding import follow, later
from nnviz.qt.diagram.style import DiagramStyle
from nnviz.qt.document_area import DocumentStack
from nnviz.qt.document_view import DocumentView
from nnviz.qt.shell import Shell
from nnviz.qt.stepping.actions import StepActions
from nnviz.qt.stepping.panel import SteppingPanel
from nnviz.qt.stepping.player import DEFAULT_SPEED, Player
from nnviz.qt.stepping.presenter import StepPresenter
from nnviz.session.stepper import Stepper

__all__ = ["DocumentStepping", "Stepping"]

#: Settings keys (in the window's preferences) of what stepping remembers.
ANIMATE_KEY = "stepping/animate"
SPEED_KEY = "stepping/speed"


@dataclass
class DocumentStepping:
    """The step-through of one shown document."""

    stepper: Stepper
    player: Player
    presenter: StepPresenter
    panel: SteppingPanel


class Stepping(QObject):
    """The step-through feature (see the module docstring).

    Parameters
    ----------
    shell : Shell
    beside : QDockWidget, optional
        The panel the Step panel shares a tab with (the Network panel).
    """

    def __init__(self, shell: Shell, beside: QDockWidget | None = None) -> None:
        super().__init__(shell.widget)
        self.shell = shell
        self._parts: dict[int, DocumentStepping] = {}
        self._following: DocumentStepping | None = None
        settings = shell.preferences.settings
        self.settings = settings
        self.animated = settings.value(ANIMATE_KEY, True) not in (False, "false", "0")
        self.speed = DEFAULT_SPEED
        with contextlib.suppress(TypeError, ValueError):
            self.speed = int(settings.value(SPEED_KEY, DEFAULT_SPEED))  # type: ignore[call-overload]
        self.actions = StepActions(shell, self)
        self.actions.animate.setChecked(self.animated)
        self.actions.animate.toggled.connect(self.set_animated)
        # Stepping from the menu or a key shows the arithmetic (the panel may be closed
        # or behind another tab).
        actions = self.actions
        moves = [actions.stepping, actions.forward, actions.back, actions.play]
        moves += [actions.to_start, actions.to_end, *actions.phases.values()]
        for action in moves:
            action.triggered.connect(self.show_panel)
        self.stack = DocumentStack(shell.area, self._make)
        self.dock = shell.add_panel(self.stack, "Step through", "steppingPanel")
        if beside is not None:
            shell.widget.tabifyDockWidget(beside, self.dock)
            if shell.preferences.window_state is None:
                # A first start opens on the Network panel, as before; stepping raises its
                # own tab. (Later starts restore the tab the user left open.)
                later(beside, beside.raise_)
        # Room for the arithmetic (a saved window state, restored later, wins).
        shell.widget.resizeDocks([self.dock], [410], Qt.Orientation.Horizontal)
        shell.area.view_removed.connect(self._removed)
        shell.area.active_changed.connect(self._follow)
        shell.appearance.changed.connect(self._restyle)
        self._follow(shell.area.active_view)
        self._restyle(shell.appearance.style)

    # -- per document -------------------------------------------------------------------------

    def _make(self, view: DocumentView) -> QWidget:
        stepper = view.document.stepper
        player = Player(stepper, view)
        player.set_speed(self.speed)
        presenter = StepPresenter(view, stepper)
        presenter.animated = self.animated
        presenter.duration_ms = player.animation_ms
        panel = SteppingPanel(self.shell, player, presenter, self.actions)
        panel.set_theme(self.shell.appearance.style.theme)
        follow(view, stepper.active_changed, self._raise_dock)
        self._parts[id(view)] = DocumentStepping(stepper, player, presenter, panel)
        return panel

    def _removed(self, view: DocumentView) -> None:
        parts = self._parts.pop(id(view), None)
        if parts is not None:
            parts.player.pause()
            if parts is self._following:
                self._following = None

    def parts_of(self, view: DocumentView) -> DocumentStepping:
        """The step-through of the document ``view`` shows."""
        return self._parts[id(view)]

    @property
    def active(self) -> DocumentStepping:
        """The step-through of the active document."""
        return self._parts[id(self.shell.area.active_view)]

    @property
    def stepper(self) -> Stepper:
        """The active document's stepper."""
        return self.active.stepper

    @property
    def player(self) -> Player:
        """The active document's player."""
        return self.active.player

    @property
    def presenter(self) -> StepPresenter:
        """The active document's presenter."""
        return self.active.presenter

    @property
    def panel(self) -> SteppingPanel:
        """The active document's panel."""
        return self.active.panel

    def _follow(self, view: DocumentView) -> None:
        parts = self._parts.get(id(view))
        if parts is None:
            return
        old = self._following
        if old is not None and old is not parts:
            old.player.pause()
        self.actions.follow(parts.stepper, parts.player)
        self._following = parts
        parts.panel.refresh()

    def _raise_dock(self, on: bool) -> None:
        if on:
            self.show_panel()

    def show_panel(self) -> None:
        """Show the Step-through panel (opened if closed, its tab raised), unless the user
        hid every panel to give the diagram the whole screen."""
        if self.shell.appearance.diagram_only:
            return
        self.dock.show()
        self.dock.raise_()

    # -- settings shared by every document ----------------------------------------------------

    def set_animated(self, on: bool) -> None:
        """Animate single steps (off: every step shows at once)."""
        self.animated = on
        if self.actions.animate.isChecked() != on:
            self.actions.animate.setChecked(on)
        for parts in self._parts.values():
            parts.presenter.animated = on
            if not on:
                parts.presenter.finish()
        self.settings.setValue(ANIMATE_KEY, on)

    def set_speed(self, index: int) -> None:
        """Play at speed ``index`` (into :data:`~nnviz.qt.stepping.player.SPEEDS`)."""
        for parts in self._parts.values():
            parts.player.set_speed(index)
            parts.presenter.duration_ms = parts.player.animation_ms
        self.speed = self.active.player.speed
        self.settings.setValue(SPEED_KEY, self.speed)

    def apply_update(self) -> None:
        """Apply the active document's update (Ctrl+U)."""
        self.active.panel.apply_update()

    def _restyle(self, style: DiagramStyle) -> None:
        for parts in self._parts.values():
            parts.panel.set_theme(style.theme)
