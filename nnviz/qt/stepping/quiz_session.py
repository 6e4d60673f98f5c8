"""The quiz's score goes with the session: written under ``quiz`` when saved, put back
when opened (:mod:`nnviz.session.quiz_file`), as the comparison does with ``compare``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from nnviz.qt.files import Files
from nnviz.qt.stepping import Stepping
from nnviz.session import Document
from nnviz.session.quiz_file import QUIZ_KEY, SavedQuiz, quiz_payload, read_quiz


class QuizSession:
    """Adds the quiz to what :class:`Files` saves and opens for the active document."""

    def __init__(self, files: Files, stepping: Stepping) -> None:
        self.stepping = stepping
        files.session_extras.append(self._extra)
        files.session_readers.append(self._reader)

    def _extra(self, document: Document) -> Mapping[str, Any]:
        stepper = document.stepper
        if not stepper.quiz and not stepper.score.asked:
            return {}
        saved = SavedQuiz(stepper.score, stepper.quiz, stepper.every_number)
        return {QUIZ_KEY: quiz_payload(saved)}

    def _reader(self, path: Path) -> Callable[[], None] | None:
        saved = read_quiz(path)  # a refusal here stops the opening: nothing changes
        if saved is None:
            return None

        def restore() -> None:
            actions = self.stepping.actions
            actions.every_number.setChecked(saved.every_number)
            actions.quiz.setChecked(saved.on)  # switching it on starts an empty score …
            if saved.on:
                self.stepping.stepper.restore_score(saved.score)  # … which this replaces
            self.stepping.panel.refresh()

        return restore
