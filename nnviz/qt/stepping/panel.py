"""The Step panel: controls, progress, the current step, the phase at hand, the history.

One panel per document (the window shows the active document's). It shows the stepper's
state and turns clicks into stepper calls and undoable edits (the target, η, applying the
update, switching step activations to sigmoid or ReLU).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.fileio import atomic_write_text
from nnviz.qt.binding import follow
from nnviz.qt.shell import Shell
from nnviz.qt.stepping.actions import StepActions
from nnviz.qt.stepping.card import StepCard
from nnviz.qt.stepping.changes import apply_update, switch_step_activations, update_note
from nnviz.qt.stepping.history import StepHistory
from nnviz.qt.stepping.phase_sections import PhaseSections
from nnviz.qt.stepping.player import SPEEDS, Player, speed_text
from nnviz.qt.stepping.presenter import StepPresenter
from nnviz.qt.stepping.progress import PHASE_COLOURS, ProgressStrip
from nnviz.qt.theme import Theme
from nnviz.session.quiz import Answer
from nnviz.session.step_shape import StepShape


class SteppingPanel(QScrollArea):
    """Everything about stepping, in one dockable panel (which scrolls as a whole only in a
    window too short for its controls, current step and a few lines of history)."""

    def __init__(
        self, shell: Shell, player: Player, presenter: StepPresenter, actions: StepActions
    ) -> None:
        super().__init__()
        self.setObjectName("steppingPanel")
        self.shell = shell
        self.stepper = stepper = presenter.stepper
        self._shape = StepShape(presenter.stepper.document)
        self.player = player
        self.presenter = presenter
        self.step_actions = actions
        self.document = presenter.document
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(290)
        inner = QWidget()
        self.setWidget(inner)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(self._transport_row())
        layout.addLayout(self._phase_row())
        self.progress = ProgressStrip()
        self.progress.seek.connect(self._seek)
        layout.addWidget(self.progress)
        layout.addLayout(self._quiz_row())
        self.card = StepCard()
        self.card.answer_submitted.connect(self._answer)
        self.card.reveal_requested.connect(stepper.step_forward)
        self.card.save_score_requested.connect(self.save_score_dialog)
        layout.addWidget(self.card)
        # The phase's sections scroll if the window is short; the controls, the current
        # step and the last lines of the history always show.
        self.sections = PhaseSections(self.document, stepper)
        self.notice = self.sections.notice
        self.notice.switch_requested.connect(self._switch_step_activations)
        self.loss = self.sections.loss
        self.update_section = self.sections.update_section
        self.update_section.apply_requested.connect(self.apply_update)
        self.digit = self.sections.digit
        layout.addWidget(self.sections)
        self.history_title = QLabel("Steps so far")
        self.history_title.setObjectName("muted")
        self.history = StepHistory()
        self.history.itemClicked.connect(self._history_clicked)
        layout.addWidget(self.history_title)
        layout.addWidget(self.history, 1)
        self._answer_shown: Answer | None = None
        self._note = ""
        self._note_cursor = -1

        follow(self, stepper.answered, self._answered)
        follow(self, stepper.steps_changed, self._clear_note)
        presenter.shown.connect(self.refresh)
        follow(self, stepper.question_changed, self.refresh)
        follow(self, stepper.active_changed, self.refresh)
        player.speed_changed.connect(self._show_speed)
        follow(self, self.document.trace_changed, self.refresh)
        follow(self, self.document.description_changed, self.refresh)
        self.refresh()

    @property
    def active(self) -> bool:
        """Whether the panel's document is the window's active one (whose step-through the
        shared actions show)."""
        return self.shell.document is self.document

    # -- building ---------------------------------------------------------------------------

    def _button(self, action: object, text: bool = False) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)  # type: ignore[arg-type]
        button.setAutoRaise(True)
        if text:
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def _transport_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        actions = self.step_actions
        for action in (
            actions.to_start,
            actions.back,
            actions.play,
            actions.forward,
            actions.to_end,
        ):
            row.addWidget(self._button(action))
        row.addSpacing(8)
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setObjectName("stepSpeed")
        self.speed.setRange(0, len(SPEEDS) - 1)
        self.speed.setPageStep(1)
        self.speed.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.speed.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows belong to stepping
        self.speed.setToolTip("Speed of Play ([ slower, ] faster)")
        self.speed.setValue(self.player.speed)
        self.speed.valueChanged.connect(self._speed_chosen)
        self.speed_label = QLabel(speed_text(self.player.steps_per_second))
        self.speed_label.setMinimumWidth(62)
        row.addWidget(self.speed, 1)
        row.addWidget(self.speed_label)
        return row

    def _phase_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(2)
        for phase, action in self.step_actions.phases.items():
            button = self._button(action, text=True)
            button.setAutoRaise(False)
            button.setStyleSheet(
                f"QToolButton {{ border-bottom: 3px solid {PHASE_COLOURS[phase]}; "
                "padding: 2px 4px; }"
                "QToolButton:checked { font-weight: bold; }"
            )
            row.addWidget(button)
        row.addStretch(1)
        self.toggle = QPushButton()
        self.toggle.setObjectName("stepToggle")
        self.toggle.clicked.connect(lambda _=False: self.step_actions.stepping.trigger())
        row.addWidget(self.toggle)
        return row

    def _quiz_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.quiz = QCheckBox("Check my calculation")
        self.quiz.setObjectName("quizToggle")
        self.quiz.setToolTip(self.step_actions.quiz.toolTip())
        self.quiz.toggled.connect(self._quiz_toggled)
        self.step_actions.quiz.toggled.connect(self._follow_quiz)
        self.every = QCheckBox("every number")
        self.every.setToolTip(self.step_actions.every_number.toolTip())
        self.every.toggled.connect(self._every_toggled)
        self.step_actions.every_number.toggled.connect(self._follow_every)
        self.position = QLabel()
        self.position.setObjectName("muted")
        row.addWidget(self.quiz)
        row.addWidget(self.every)
        row.addStretch(1)
        row.addWidget(self.position)
        return row

    def _speed_chosen(self, index: int) -> None:
        self.step_actions.owner.set_speed(index)

    def _quiz_toggled(self, on: bool) -> None:
        if self.active:
            self.step_actions.quiz.setChecked(on)

    def _every_toggled(self, on: bool) -> None:
        if self.active:
            self.step_actions.every_number.setChecked(on)

    def _follow_quiz(self, on: bool) -> None:
        if self.active:
            self.quiz.setChecked(on)
            self.refresh()

    def _follow_every(self, on: bool) -> None:
        if self.active:
            self.every.setChecked(on)

    # -- showing ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with what changed while hidden."""
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self.refresh()

    def set_theme(self, theme: Theme) -> None:
        """Follow the window's theme."""
        self.step_actions.set_icon_colour(theme.text)
        self.progress.set_colours(theme.text, theme.button)
        self.card.error_colour = theme.error
        for section in (self.loss, self.update_section):
            section.error_colour = theme.error
        self.card.setStyleSheet(
            f"QFrame#stepCard {{ background: {theme.surface}; border: 1px solid "
            f"{theme.outline}; border-radius: 6px; }}"
        )
        self.notice.setStyleSheet(
            f"QFrame#gradientNotice {{ border: 1px solid {PHASE_COLOURS['backward']}; "
            "border-radius: 6px; }"
        )

    def refresh(self, *_: object) -> None:
        """Show the stepper's and the document's state (when next shown, if hidden: the
        step list of a network training live is not rebuilt for nobody)."""
        if not self.isVisible() and not self.stepper.active:
            self._stale = True
            return
        self._stale = False
        focused = QApplication.focusWidget()
        stepper = self.stepper
        active = stepper.active
        # Not stepping, the panel shows only the list's shape: the list itself (every
        # sentence written) is not needed, and a training run changes it 3 times a second.
        steps = stepper.steps if active else ()
        shape = None if active else self._shape.shape()
        cursor = stepper.cursor if active else 0
        question = stepper.question
        ranges = stepper.phase_ranges() if shape is None else shape.ranges
        self.toggle.setText("Show all" if active else "Start")
        self.toggle.setToolTip(self.step_actions.stepping.toolTip())
        self.progress.set_state(ranges, cursor, cursor if question is not None else None)
        self.position.setText(f"{cursor} of {len(steps)}" if active else "")
        score = stepper.score
        self.card.score.setText(score.text if stepper.quiz else "")
        self.card.score.setToolTip(f"By phase: {score.phase_text}" if score.asked else "")
        self.card.save_score.setVisible(stepper.quiz and score.asked > 0)
        self.every.setEnabled(stepper.quiz)
        phase = stepper.phase if active else None
        if self.active:
            for name, action in self.step_actions.phases.items():
                action.setEnabled(name in ranges or not active)
                action.setChecked(name == phase)
        current = stepper.current
        if not active:
            self.card.show_intro()
        elif question is not None:
            self.card.ask(question, cursor + 1, len(steps))
        elif current is None:
            self.card.show_start(len(steps), stepper.next_step)
        else:
            self.card.show_step(current, cursor, len(steps))
        answer = self._answer_shown
        # The verdict belongs to the step answered: not under the next question (but a
        # wrong try stays under its own question, with the hint, until the next try).
        shown = answer is not None and (
            (answer.step is current and question is None)
            or (answer.step is question and not answer.correct)
        )
        self.card.show_verdict(answer if shown else None, revealed=question is None)
        note = self._note if self._note_cursor == cursor else ""
        by_layer = steps[0].is_layer_step if steps else shape is not None and shape.by_layer
        if not note and stepper.quiz and by_layer:
            note = (
                "The quiz asks about single neurons: this network is stepped a whole layer "
                "at a time, so there is nothing to type here."
            )
        if not note and stepper.restarted is not None and question is None:
            note = (
                f"Your change recomputed every number: the {stepper.restarted} phase starts "
                "again (press → to continue)."
            )
        if note:
            self.card.verdict.setText(note)
            self.card.verdict.setStyleSheet("font-weight: bold;")
            self.card.verdict.show()
        # After a restart the cursor sits at the start of a phase: its section shows.
        self.sections.refresh(active, stepper.restarted or phase)
        self.history.show_steps(steps, cursor)
        self.sections.updateGeometry()  # its height follows the sections shown
        if focused is not None and not focused.isVisible() and self.isAncestorOf(focused):
            # A button or field that had the focus was hidden (Apply, Check, a section of
            # another phase): give the keys back to stepping rather than to whatever
            # field Qt would pick next.
            self.presenter.view.setFocus()

    def _show_speed(self, index: int) -> None:
        self.speed.blockSignals(True)
        self.speed.setValue(index)
        self.speed.blockSignals(False)
        self.speed_label.setText(speed_text(SPEEDS[index]))

    # -- doing ------------------------------------------------------------------------------

    def _seek(self, cursor: int) -> None:
        self.player.pause()
        self.stepper.go_to(cursor)

    def _history_clicked(self, item: QListWidgetItem) -> None:
        self.player.pause()
        self.stepper.go_to(self.history.row(item) + 1)

    def _answer(self, text: str) -> None:
        try:
            self.stepper.answer(text)
        except ValueError as error:
            self.card.show_error(str(error))

    def _answered(self, answer: Answer) -> None:
        self._answer_shown = answer
        self.refresh()

    def save_score_dialog(self) -> None:
        """Ask where, then save the quiz's score (every question, the numbers typed) as CSV."""
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the quiz's score", "quiz-score.csv", "CSV tables (*.csv)"
        )
        if name:
            self.save_score(name)

    def save_score(self, path: str) -> None:
        """Write the quiz's score to ``path`` as CSV (atomically); a failure is said in the
        status bar."""
        try:
            atomic_write_text(path, self.stepper.score.to_csv())
        except OSError as error:
            self.shell.show_message(f"The score was not saved: {error.strerror or error}")
            return
        self.shell.show_message(f"Score saved to {path}")

    def _clear_note(self) -> None:
        self._note = ""

    def _switch_step_activations(self, name: str) -> None:
        switch_step_activations(self.document.edits, name)

    def apply_update(self) -> None:
        """Make the update phase's new weights the network's (one undoable edit)."""
        stepper = self.stepper
        old = self.document.network
        self.player.pause()
        try:
            before, after = apply_update(self.document.edits, stepper)
        except ValueError as error:
            self.shell.show_message(str(error))
            return
        if stepper.active:
            stepper.go_to(stepper.phase_ranges()["loss"][1])
            self.presenter.glide_from(old)
        self._note_cursor = stepper.cursor
        self._note = update_note(before, after)
        self.refresh()
