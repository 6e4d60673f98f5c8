"""The quiz's score is saved with the session and put back on open (issue 14)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from tempfile import mkdtemp

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nnviz.app import build_window
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences


def answer(window: MainWindow, qtbot: QtBot, text: str) -> None:
    card = window.features.stepping.panel.card
    card.answer_field.setText(text)
    qtbot.keyClick(card.answer_field, Qt.Key.Key_Return)


def quiz_two_questions(window: MainWindow, qtbot: QtBot) -> None:
    stepping = window.features.stepping
    stepping.set_animated(False)
    stepping.panel.quiz.setChecked(True)
    stepping.actions.forward.trigger()
    answer(window, qtbot, "-3")  # wrong first, then right: v3 = −4
    answer(window, qtbot, "-4")
    stepping.actions.forward.trigger()
    answer(window, qtbot, "0")  # z3 = step(−4) = 0
    assert stepping.stepper.score.text == "2 of 2 right, 1 at the first try"


def test_the_score_is_written_with_the_session_and_restored_on_open(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, preferences: Preferences
) -> None:
    quiz_two_questions(window, qtbot)
    path = tmp_path / "lesson.nnviz"
    assert window.features.files.save_to(path)
    saved = json.loads(path.read_text())["quiz"]
    assert saved["on"] is True and [r["typed"] for r in saved["records"]] == [[-3.0, -4.0], [0.0]]

    again = build_window(None, preferences, Path(mkdtemp()))
    qtbot.addWidget(again)
    again.show()
    assert again.features.files.open_path(path)
    stepping = again.features.stepping
    qtbot.waitUntil(lambda: stepping.stepper.score.asked == 2)
    score = stepping.stepper.score
    assert stepping.stepper.quiz and stepping.actions.quiz.isChecked()
    assert score.text == "2 of 2 right, 1 at the first try"
    assert score.by_phase() == {"forward": (2, 2)}
    assert score.to_csv() == window.features.stepping.stepper.score.to_csv()
    assert not again.document.modified


BAD_QUIZZES: list[tuple[Callable[[dict], object], str]] = [
    (lambda q: "all right", "'quiz' must be an object"),
    (lambda q: {**q, "on": "yes"}, "'quiz.on' must be true or false"),
    (lambda q: {**q, "records": {"0": 1}}, "'quiz.records' must be a list"),
    (lambda q: {**q, "records": [{**q["records"][0], "phase": "sideways"}]}, "phase"),
    (lambda q: {**q, "records": [{**q["records"][0], "typed": []}]}, "typed"),
    (lambda q: {**q, "records": [{**q["records"][0], "value": "NaN"}]}, "finite number"),
    (lambda q: {**q, "records": [{**q["records"][0], "outcome": "cheated"}]}, "outcome"),
    (lambda q: {**q, "records": [{**q["records"][0], "index": -1}]}, "whole number"),
]


@pytest.mark.parametrize(("spoil", "message"), BAD_QUIZZES)
def test_a_wrong_quiz_key_is_refused_in_one_line_and_changes_nothing(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    warnings: list[tuple[str, str]],
    spoil: Callable[[dict], object],
    message: str,
) -> None:
    quiz_two_questions(window, qtbot)
    path = tmp_path / "lesson.nnviz"
    assert window.features.files.save_to(path)
    payload = json.loads(path.read_text())
    payload["quiz"] = spoil(payload["quiz"])
    payload["network"]["meta"]["title"] = "changed"
    path.write_text(json.dumps(payload))
    stepper = window.features.stepping.stepper
    before, score = window.document.snapshot(), stepper.score
    assert not window.features.files.open_path(path)
    assert warnings and message in warnings[-1][1] and "\n" not in warnings[-1][1]
    assert warnings[-1][1].startswith("lesson.nnviz: ")
    assert window.document.snapshot() == before and stepper.score is score
