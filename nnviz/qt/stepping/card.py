"""The current step, written out large; in quiz mode, the question and the verdict.

The sentence is exactly the core step list's (``node 3: w13·x1 + w23·x2 = (2)(1) + (−3)(2)
= −4``). A question shows the step's formula without its numbers (``v3 = w13·x1 + w23·x2 =
?``) and a field for the answer; refused text (``abc``) is marked in place and checks
nothing.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.steps import Step
from nnviz.qt.stepping.progress import PHASE_COLOURS, PHASE_TITLES
from nnviz.session.quiz import Answer, question_text

#: Colour of a right answer (Okabe–Ito bluish green); a wrong one uses the theme's error.
RIGHT_COLOUR = "#009E73"
INTRO = (
    "Walk through the forward pass, the loss, the backward pass and the update one step "
    "at a time, with every number written out. Press → or ▶ to reveal the first step; "
    "← steps back, Space plays and pauses, Home and End jump to the start and the end."
)


class StepCard(QFrame):
    """The current step and the quiz.

    Signals
    -------
    answer_submitted(str)
        The student pressed Enter or Check with this text.
    reveal_requested()
        The student gave up on the question (“Show me”).
    save_score_requested()
        The teacher wants the quiz's score as a file.
    """

    answer_submitted = Signal(str)
    reveal_requested = Signal()
    save_score_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.error_colour = "#B3261E"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("stepTitle")
        self.sentence = QLabel()
        self.sentence.setObjectName("stepSentence")
        self.sentence.setWordWrap(True)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentence.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._large_font()
        self.score = QLabel()
        self.score.setObjectName("quizScore")
        self.save_score = QPushButton("Save score…")
        self.save_score.setObjectName("quizSaveScore")
        self.save_score.setToolTip("Save every question, the numbers typed and the score as CSV")
        self.save_score.clicked.connect(self.save_score_requested.emit)
        self.save_score.hide()
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.score)
        header.addWidget(self.save_score)
        layout.addLayout(header)
        layout.addWidget(self.sentence)

        self.question = QWidget()
        question_layout = QVBoxLayout(self.question)
        question_layout.setContentsMargins(0, 4, 0, 0)
        self.prompt = QLabel()
        self.prompt.setObjectName("quizPrompt")
        self.prompt.setWordWrap(True)
        self._large_font()
        row = QHBoxLayout()
        self.answer_field = QLineEdit()
        self.answer_field.setObjectName("quizAnswer")
        self.answer_field.setPlaceholderText("your number")
        self.answer_field.returnPressed.connect(self._submit)
        self.answer_field.textEdited.connect(lambda _: self._clear_error())
        self.check_button = QPushButton("Check")
        self.check_button.clicked.connect(self._submit)
        self.show_button = QPushButton("Show me")
        self.show_button.setToolTip("Reveal this step without answering")
        self.show_button.clicked.connect(self.reveal_requested.emit)
        row.addWidget(self.answer_field, 1)
        row.addWidget(self.check_button)
        row.addWidget(self.show_button)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        question_layout.addWidget(self.prompt)
        question_layout.addLayout(row)
        question_layout.addWidget(self.error)
        layout.addWidget(self.question)
        self.question.hide()

        self.verdict = QLabel()
        self.verdict.setObjectName("quizVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.hide()
        layout.addWidget(self.verdict)
        self.show_intro()

    def _large_font(self) -> None:
        """The sentence and the question a size larger than the panel's text (15 px at
        100 %), following the text size."""
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        for label in (self.sentence, getattr(self, "prompt", None)):
            if label is not None:
                label.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        """Follow the text size."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._large_font()

    # -- showing ----------------------------------------------------------------------------

    def show_intro(self, text: str = INTRO) -> None:
        """No step yet: say how to begin."""
        self.title.setText("Step through the passes")
        self.title.setStyleSheet("font-weight: bold;")
        self.sentence.setText(text)
        self.question.hide()

    def show_step(self, step: Step, index: int, total: int) -> None:
        """Show ``step``, the ``index``-th (from 1) of ``total``."""
        self._set_title(step, f"step {index} of {total}")
        self.sentence.setText(step.text)
        self.question.hide()

    def show_start(self, total: int, first: Step | None) -> None:
        """Nothing revealed yet (cursor 0)."""
        self.title.setText(f"Start · {total} steps")
        self.title.setStyleSheet("font-weight: bold;")
        first_text = "" if first is None else f" The first is about layer {first.layer}."
        self.sentence.setText(
            "No node has been reached yet: press → to compute the first." + first_text
        )
        self.question.hide()

    def ask(self, step: Step, index: int, total: int) -> None:
        """Ask for ``step``'s number before it is revealed."""
        self._set_title(step, f"step {index} of {total} · your turn")
        self.sentence.setText("Work out the next number by hand, then type it.")
        self.prompt.setText(question_text(step))
        self.answer_field.clear()
        self._clear_error()
        self.question.show()
        self.verdict.hide()
        self.answer_field.setFocus()

    def show_verdict(self, answer: Answer | None, revealed: bool = True) -> None:
        """Say whether the last answer was right (None hides the verdict); a wrong try
        not yet ``revealed`` says try again, with the hint."""
        if answer is None:
            self.verdict.hide()
            return
        colour = RIGHT_COLOUR if answer.correct else self.error_colour
        mark = "✓" if answer.correct else "✗"
        if answer.correct:
            text = f"{answer.verdict}. The working is above."
        elif revealed:
            text = f"{answer.shown}. The working is above."
        else:
            text = answer.verdict
        self.verdict.setText(f"{mark} {text}")
        self.verdict.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.verdict.show()

    def show_error(self, text: str) -> None:
        """Refuse the typed answer in place."""
        self.error.setText(text)
        self.error.setStyleSheet(f"color: {self.error_colour};")
        self.error.show()
        self.answer_field.setStyleSheet(f"QLineEdit {{ border: 2px solid {self.error_colour}; }}")
        self.answer_field.setFocus()
        self.answer_field.selectAll()

    def _clear_error(self) -> None:
        self.error.hide()
        self.answer_field.setStyleSheet("")

    def _set_title(self, step: Step, where: str) -> None:
        colour = PHASE_COLOURS[step.phase]
        self.title.setText(
            f"<span style='color: {colour};'>■</span>&nbsp;<b>{PHASE_TITLES[step.phase]}</b>"
            f" · {html.escape(where)}"
        )
        self.title.setStyleSheet("")

    def _submit(self) -> None:
        self.answer_submitted.emit(self.answer_field.text())
