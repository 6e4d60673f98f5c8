"""In front of a class: presentation mode, the text size and the precision of numbers.

- View ▸ Presentation mode (F12): the window goes full screen, the diagram is scaled up
  to fill it (text and all), the text is at least 150 % (the step-through's arithmetic
  and the plots follow), and the keys step the passes (→ ← Space Home End) wherever the
  focus was. F12 again (or leaving full screen) puts everything back.
- View ▸ Diagram only (F9): every panel hidden, so the diagram (re-fitted) has the whole
  window; on a 1280×800 projector this is what lets the diagram fill the screen. F9 again
  brings the panels back as they were; stepping's keys go on working without them.
- View ▸ Text size (100–250 %; Ctrl+Alt+= and Ctrl+Alt+-): one setting for the diagram,
  the panels and the plots, remembered.
- File ▸ Export this step as a slide: the diagram as it is now (the step's highlights,
  δ and ∂C/∂w notes, "was 2"), framed closely, PNG at twice the pixels or SVG.
- View ▸ Weight labels: every weight, the selected neuron's, or none (hovering an edge
  always shows its weight); labels that find no free place are left to the tooltip.
- View ▸ Precision (3–6 significant digits; the lecture writes 4): how every number is
  written, in the diagram, the step list and the panels. A number that is not whole is
  never written as one whatever the precision (see :func:`nnviz.core.notation.format_number`).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QWidget

from nnviz.present.diagram.label_layout import LABEL_MODE_TITLES, LABEL_MODES
from nnviz.qt.appearance import Appearance, screen_text_factor
from nnviz.qt.export import ExportError, export_diagram
from nnviz.qt.preferences import DIGITS, TEXT_SIZES
from nnviz.qt.shell import Shell

#: The text size presentation mode starts at (unless the user's is larger).
PRESENTATION_TEXT_SIZE = 150
#: The width the Step-through panel is designed for at 100 % (pixels).
PANEL_WIDTH = 410


def screen_size(window: QWidget) -> tuple[int, int]:
    """The logical size of the screen ``window`` is on (a device-pixel ratio of 2 halves it)."""
    geometry = window.screen().geometry()
    return (geometry.width(), geometry.height())


class Presentation(QObject):
    """The presentation feature (see the module docstring).

    Parameters
    ----------
    shell : Shell
    appearance : Appearance
    """

    def __init__(self, shell: Shell, appearance: Appearance) -> None:
        super().__init__(shell.widget)
        self.shell = shell
        self.appearance = appearance
        self._before: tuple[int, bool, QByteArray] | None = None  # text size, maximised, docks
        registry = shell.registry
        self.action = registry.add(
            "view.presentation",
            "&Presentation mode",
            self.toggle,
            menu="View",
            section="present",
            shortcut="F12",
            checkable=True,
            help="presentation mode: full screen, large text, the diagram fills the screen",
        )
        self.diagram_only_action = registry.add(
            "view.diagram_only",
            "&Diagram only",
            self.toggle_diagram_only,
            menu="View",
            section="present",
            shortcut="F9",
            checkable=True,
            help="the diagram alone: hide / show every panel (presenting, it fills the screen)",
        )
        self._panels: QByteArray | None = None  # the dock layout Diagram only hid
        sizes = registry.add_submenu("View", "&Text size", section="present")
        self.larger = registry.add(
            "view.text_larger",
            "&Larger text",
            appearance.larger,
            shortcut="Ctrl+Alt+=",
            help="larger / smaller text (diagram, step-through and plots)",
            help_section="view",
        )
        self.smaller = registry.add(
            "view.text_smaller",
            "&Smaller text",
            appearance.smaller,
            shortcut="Ctrl+Alt+-",
            help_with="view.text_larger",
        )
        sizes.addAction(self.larger)
        sizes.addAction(self.smaller)
        sizes.addSeparator()
        group = QActionGroup(self)
        self.size_actions: dict[int, QAction] = {}
        for size in TEXT_SIZES:
            action = sizes.addAction(f"{size} %")
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, s=size: appearance.set_text_size(s))
            group.addAction(action)
            self.size_actions[size] = action
        precision = registry.add_submenu("View", "P&recision", section="present")
        group = QActionGroup(self)
        self.digit_actions: dict[int, QAction] = {}
        for digits in DIGITS:
            lecture = " (the lecture's)" if digits == 4 else ""
            action = precision.addAction(f"{digits} significant digits{lecture}")
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, d=digits: self.set_digits(d))
            group.addAction(action)
            self.digit_actions[digits] = action
        registry.add(
            "file.export_step",
            "Export this ste&p as a slide…",
            self.export_step_dialog,
            menu="File",
            section="weights",
            after="file.export_svg",
            tip="The diagram as it is now (highlights, δ, ∂C/∂w, “was 2”), framed for a slide",
        )
        registry.add(
            "help.activations",
            "&Activation functions and their derivatives",
            self.show_activations,
            menu="Help",
            tip="Each activation and its slope plotted: why step has no gradient, why "
            "sigmoid saturates, why ReLU dies",
        )
        labels = registry.add_submenu("View", "&Weight labels", section="present")
        group = QActionGroup(self)
        self.label_actions: dict[str, QAction] = {}
        for mode in LABEL_MODES:
            action = labels.addAction(LABEL_MODE_TITLES[mode])
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, m=mode: self.set_label_mode(m))
            group.addAction(action)
            self.label_actions[mode] = action
        self.label_mode = shell.preferences.weight_labels
        self.label_actions[self.label_mode].setChecked(True)
        shell.area.view_added.connect(lambda view: view.scene.set_label_mode(self.label_mode))
        for view in shell.area.views:
            view.scene.set_label_mode(self.label_mode)
        appearance.changed.connect(self._check)
        appearance.digits_changed.connect(self._digits_changed)
        shell.widget.installEventFilter(self)
        self._check()
        self._digits_changed(appearance.digits)

    @property
    def presenting(self) -> bool:
        """Whether presentation mode is on."""
        return self.appearance.presenting

    def toggle(self) -> None:
        """Enter or leave presentation mode."""
        self.set_presenting(not self.presenting)

    def set_presenting(self, on: bool) -> None:
        """Enter (full screen, large text, the diagram filling it) or leave it."""
        window = self.shell.widget
        appearance = self.appearance
        if on == self.presenting:
            self.action.setChecked(on)
            return
        if on:
            self._before = (appearance.text_size, window.isMaximized(), window.saveState())
            appearance.set_presenting(True, screen_text_factor(*screen_size(window)))
            bigger = max(appearance.text_size, PRESENTATION_TEXT_SIZE)
            appearance.set_text_size(bigger, remember=False)
            window.showFullScreen()
            self._widen_panels(window)
            self.shell.view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.shell.show_message("Presentation mode: → ← Space step, F12 leaves")
        else:
            before = self._before
            self._before = None
            appearance.set_presenting(False)
            if before is not None:
                appearance.set_text_size(before[0])
            if before is not None and before[1]:
                window.showMaximized()
            else:
                window.showNormal()
            if before is not None and isinstance(window, QMainWindow):
                # The panels come back as they were before presenting, hidden or not.
                self._end_diagram_only()
                window.restoreState(before[2])
        self.action.setChecked(on)

    @property
    def diagram_only(self) -> bool:
        """Whether every panel is hidden so the diagram has the whole window."""
        return self.appearance.diagram_only

    def toggle_diagram_only(self) -> None:
        """View ▸ Diagram only: hide every docked panel, or bring them back as they were."""
        self.set_diagram_only(not self.diagram_only)

    def set_diagram_only(self, on: bool) -> None:
        """Hide every panel (the diagram re-fits to the whole window; stepping's keys go on
        stepping without reopening its panel), or show them again as they were."""
        window = self.shell.widget
        if on == self.diagram_only or not isinstance(window, QMainWindow):
            self.diagram_only_action.setChecked(self.diagram_only)
            return
        if on:
            self._panels = window.saveState()
            self.appearance.diagram_only = True
            for dock in window.findChildren(QDockWidget):
                if dock.isVisible() and not dock.isFloating():
                    dock.hide()
            self.shell.show_message("Diagram only: F9 brings the panels back")
        else:
            panels = self._panels
            self._end_diagram_only()
            if panels is not None:
                window.restoreState(panels)
        self.diagram_only_action.setChecked(on)

    def _end_diagram_only(self) -> None:
        self.appearance.diagram_only = False
        self._panels = None
        self.diagram_only_action.setChecked(False)

    def _widen_panels(self, window: QWidget) -> None:
        """Give the panels beside the diagram room for their larger text (a third of the
        screen); the diagram keeps the rest."""
        if not isinstance(window, QMainWindow):
            return
        right = Qt.DockWidgetArea.RightDockWidgetArea
        docks = [
            dock
            for dock in window.findChildren(QDockWidget)
            if window.dockWidgetArea(dock) == right and not dock.isFloating()
        ]
        if docks:
            screen = window.screen()
            width = screen.geometry().width() if screen is not None else window.width()
            # The panels are laid out for 410 px at 100 %: as much more as the text is.
            wanted = max(round(width * 0.34), round(PANEL_WIDTH * self.appearance.text_scale))
            wanted = min(wanted, round(width * 0.45))
            window.resizeDocks(docks, [wanted] * len(docks), Qt.Orientation.Horizontal)

    def show_activations(self) -> None:
        """Help ▸ Activation functions: the gallery, in the window's colours."""
        from nnviz.qt.activation_gallery import ActivationGallery

        gallery = ActivationGallery(self.appearance.style, self.shell.widget)
        gallery.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        gallery.show()
        self.gallery = gallery

    def export_step_dialog(self) -> None:
        """File ▸ Export this step: ask where (PNG or SVG), then write it."""
        document = self.shell.document
        stepper = document.stepper
        step = f"-step-{stepper.cursor}" if stepper.active else ""
        suggested = f"{document.description.name or 'diagram'}{step}.png"
        name, _ = QFileDialog.getSaveFileName(
            self.shell.widget,
            "Export this step as a slide",
            suggested,
            "PNG pictures (*.png);;SVG pictures (*.svg)",
        )
        if name:
            self.export_step_to(name)

    def export_step_to(self, path: str) -> bool:
        """Write the active diagram as it is now, tightly framed, to ``path`` (.png at
        twice the screen's pixels, or .svg); a refusal is said in the status bar."""
        document = self.shell.document
        try:
            export_diagram(
                path, self.shell.scene, scale=2.0, title=document.description.title, tight=True
            )
        except (ExportError, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self.shell.show_message(f"The slide was not exported: {reason}")
            return False
        self.shell.show_message(f"This step was exported to {path}")
        return True

    def set_label_mode(self, mode: str) -> None:
        """Write every weight, the selected neuron's or none, in every diagram."""
        self.label_mode = mode
        self.shell.preferences.weight_labels = mode
        self.label_actions[mode].setChecked(True)
        for view in self.shell.area.views:
            view.scene.set_label_mode(mode)

    def set_digits(self, digits: int) -> None:
        """Write numbers with ``digits`` significant digits in every document."""
        self.appearance.set_digits(digits)

    def _digits_changed(self, digits: int) -> None:
        for key, action in self.digit_actions.items():
            action.setChecked(key == digits)
        for document in self.shell.workspace.documents:
            document.rewrite_numbers()

    def _check(self, *_: object) -> None:
        for size, action in self.size_actions.items():
            action.setChecked(size == self.appearance.text_size)
        self.larger.setEnabled(self.appearance.text_size < TEXT_SIZES[-1])
        self.smaller.setEnabled(self.appearance.text_size > TEXT_SIZES[0])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Leaving full screen some other way (the window manager) ends presenting."""
        window = self.shell.widget
        if (
            watched is window
            and event.type() == QEvent.Type.WindowStateChange
            and self.presenting
            and isinstance(window, QMainWindow)
            and not window.isFullScreen()
        ):
            self.set_presenting(False)
        return False
