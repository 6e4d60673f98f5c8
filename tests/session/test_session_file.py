"""Session files: round trip, and refusal of anything malformed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from nnviz.core.presets import load_preset
from nnviz.core.weights_io import WeightsFileError, save_weights
from nnviz.session import Document, ViewSettings
from nnviz.session.session_file import (
    SessionDocument,
    SessionFileError,
    load_document,
    load_session,
    save_session,
    session_to_json,
)


def edited_document() -> SessionDocument:
    session = Document(load_preset("xor"))
    session.edits.set_weight(1, 0, 1, 0.1 + 0.2)  # a float that only round-trips with repr
    session.edits.set_inputs([0.25, -1.5])
    session.edits.set_target([0.0])
    return SessionDocument(session.snapshot(), ViewSettings("weight", 99, (1, 0)))


def test_round_trip_is_exact(tmp_path: Path) -> None:
    document = edited_document()
    path = tmp_path / "mine.nnviz"
    save_session(path, document)
    loaded = load_session(path)
    assert loaded.state == document.state
    assert loaded.view == document.view
    assert loaded.state.network.weights[0][0, 1] == 0.1 + 0.2


def test_mnist_session_keeps_image_shape_and_labels(tmp_path: Path) -> None:
    session = Document(load_preset("mnist"))
    path = tmp_path / "digits.nnviz"
    save_session(path, SessionDocument(session.snapshot()))
    loaded = load_session(path).state
    assert loaded.description.input_image_shape == (28, 28)
    assert loaded.description.output_labels == tuple("0123456789")
    assert np.array_equal(loaded.inputs, session.inputs)


def test_load_document_opens_sessions_and_weights(tmp_path: Path) -> None:
    session_path = tmp_path / "a.json"
    session_path.write_text(session_to_json(edited_document()), encoding="utf-8")
    assert load_document(session_path).view.top_k == 99
    weights_path = tmp_path / "w.npz"
    save_weights(weights_path, load_preset("feedforward").network)
    document = load_document(weights_path)
    assert document.state.network == load_preset("feedforward").network


def mutate(payload: dict, path: str, value: object) -> dict:
    target = payload
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return payload


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("format", "something", "not a session file"),
        ("version", 2, "version 2 is not supported"),
        ("inputs", [1.0], "takes 2 inputs"),
        ("inputs", ["a", "b"], "list of numbers"),
        ("target", [1, 2, 3], "1 outputs"),
        ("learning_rate", -1, "positive"),
        ("network.layer1/weight", [[1, 2], [3]], "network:"),
        ("network.meta.activations", ["sigmoid", "loud"], "unknown activation"),
        ("description", "text", "must be an object"),
        ("description.input_image_shape", [5, 5], "is 5×5 = 25 pixels; the network has 2 inputs"),
        ("view.top_k", 0, "top_k"),
    ],
)
def test_malformed_sessions_are_refused_in_one_line(
    tmp_path: Path, path: str, value: object, message: str
) -> None:
    payload = json.loads(session_to_json(edited_document()))
    path_ = tmp_path / "bad.nnviz"
    path_.write_text(json.dumps(mutate(payload, path, value)), encoding="utf-8")
    with pytest.raises(SessionFileError, match=message) as caught:
        load_session(path_)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("bad.nnviz: ")


@pytest.mark.parametrize(
    "content", [b"", b"{", b"\xff\xfe", b"[1, 2]", b"[" * 100_000, b'{"format": "nnviz-session"}']
)
def test_garbage_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "junk.nnviz"
    path.write_bytes(content)
    with pytest.raises(SessionFileError):
        load_session(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SessionFileError, match="cannot be read"):
        load_session(tmp_path / "nothing.nnviz")
    with pytest.raises(WeightsFileError):
        load_document(tmp_path / "nothing.npz")


def test_a_failed_save_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "keep.nnviz"
    save_session(path, edited_document())
    before = path.read_bytes()
    with pytest.raises(OSError):
        save_session(tmp_path / "no-such-folder" / "x.nnviz", edited_document())
    assert path.read_bytes() == before


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        # Accepted by 0.1: every field is now checked against the network it describes.
        ("description.input_image_shape", [100_000, 100_000], "100000×100000 = 10,000,000,000 pixels; the network has 2 inputs"),
        ("description.output_labels", ["a", "b", "c", "d", "e"], "names 5 classes; the network has 1 output"),
        ("version", True, "version True is not supported"),
        ("version", 1.0, "version 1.0 is not supported"),
        ("network.meta.version", True, "unknown format version True"),
        ("description.name", "../../.bashrc", "'description.name' must be a short plain name"),
        ("description.name", "a\nb", "'description.name' must be a short plain name"),
        # 0.1 crashed on these with an OverflowError.
        ("inputs", [10**400, 1], "'inputs' holds a number too large for a float"),
        ("target", [10**400], "'target' holds a number too large for a float"),
    ],
)  # fmt: skip
def test_every_field_is_checked_against_the_network(
    tmp_path: Path, path: str, value: object, message: str
) -> None:
    payload = json.loads(session_to_json(edited_document()))
    path_ = tmp_path / "bad.nnviz"
    path_.write_text(json.dumps(mutate(payload, path, value)), encoding="utf-8")
    before = path_.read_bytes()
    with pytest.raises(SessionFileError, match=re.escape(message)) as caught:
        load_session(path_)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("bad.nnviz: ")
    assert path_.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["bad.nnviz"]
