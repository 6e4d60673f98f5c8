"""A description knows the numbers it was written for; a teacher writes their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnviz.core.presets import load_preset
from nnviz.session import Document, ViewSettings
from nnviz.session.session_file import SessionDocument, load_session, save_session


def test_a_preset_description_goes_stale_after_an_edit_and_back() -> None:
    document = Document(load_preset("feedforward"))
    assert document.snapshot().description_is_current
    document.edits.set_weight(1, 0, 0, 3.0)
    assert not document.snapshot().description_is_current
    document.edits.set_weight(1, 0, 0, 2.0)  # the lecture's numbers again
    assert document.snapshot().description_is_current
    document.edits.set_inputs([0.0, 2.0])
    assert not document.snapshot().description_is_current


def test_learning_rate_does_not_make_it_stale() -> None:
    document = Document(load_preset("feedforward"))
    document.edits.set_learning_rate(0.5)
    assert document.snapshot().description_is_current


def test_a_teacher_writes_their_own(tmp_path: Path) -> None:
    document = Document(load_preset("feedforward"))
    document.edits.set_inputs([0.0, 2.0])
    document.edits.set_description("  Only x2  ", "With x1 = 0, only x2 counts.")
    state = document.snapshot()
    assert state.description.title == "Only x2"
    assert state.description.description == "With x1 = 0, only x2 counts."
    assert state.description_is_current
    path = tmp_path / "lesson.nnviz"
    save_session(path, SessionDocument(state, ViewSettings()))
    loaded = load_session(path)
    assert loaded.state.description == state.description
    assert loaded.state.description_is_current


def test_a_stale_description_is_saved_as_stale(tmp_path: Path) -> None:
    document = Document(load_preset("feedforward"))
    document.edits.set_weight(1, 0, 0, 3.0)
    path = tmp_path / "edited.nnviz"
    save_session(path, SessionDocument(document.snapshot(), ViewSettings()))
    assert not load_session(path).state.description_is_current


def test_an_empty_title_is_refused_and_changes_nothing() -> None:
    document = Document(load_preset("feedforward"))
    before = document.snapshot()
    with pytest.raises(ValueError, match="title cannot be empty"):
        document.edits.set_description("   ", "text")
    assert document.snapshot() == before
