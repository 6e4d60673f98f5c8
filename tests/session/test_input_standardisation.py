"""A weights file's feature names and standardisation, as a document's description keeps
them (Qt-free)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nnviz.core.network import Network
from nnviz.core.weights_io import load_weights, save_weights
from nnviz.session.session_file import load_document
from nnviz.session.state import Description

STANDARDISATION = {"mean": [10.0, -2.0], "scale": [4.0, 0.5]}


def _weights(folder: Path, meta: dict[str, object]) -> Path:
    network = Network.initialised((2, 3, 2), ("tanh", "softmax"), "cross_entropy", seed=1)
    path = folder / "table.npz"
    save_weights(path, network, meta)
    return path


def test_a_weights_files_standardisation_converts_the_inputs(tmp_path: Path) -> None:
    path = _weights(tmp_path, {"input_labels": ["a", "b"], "standardisation": STANDARDISATION})
    description = load_document(path).state.description
    assert description.input_labels == ("a", "b")
    assert description.input_standardisation == ((10.0, -2.0), (4.0, 0.5))
    assert description.input_name(1) == "b"
    np.testing.assert_allclose(description.network_inputs([14.0, -1.0]), [1.0, 2.0])
    np.testing.assert_allclose(description.data_values([1.0, 2.0]), [14.0, -1.0])
    meta = description.to_meta()
    assert meta["input_labels"] == ["a", "b"] and meta["standardisation"] == STANDARDISATION
    wider = Network.initialised((3, 2), ("softmax",), "cross_entropy", seed=1)
    fitted = description.fitted_to(wider)
    assert fitted.input_labels is None and fitted.input_standardisation is None


@pytest.mark.parametrize(
    "meta",
    [
        {"standardisation": {"mean": [0.0], "scale": [1.0]}},  # one feature, two inputs
        {"standardisation": {"mean": [0.0, 1.0], "scale": [0.0, 1.0]}},  # scale 0
        {"standardisation": "yes"},
        {"standardisation": {"mean": [10**400, 1], "scale": [1.0, 1.0]}},
        {"standardisation": {"mean": [[1.0], [2.0]], "scale": [1.0, 1.0]}},
        {"input_labels": ["a"]},
        {"input_labels": [1, 2]},
    ],
)
def test_a_malformed_one_is_left_out_and_the_file_opens(tmp_path: Path, meta: object) -> None:
    path = _weights(tmp_path, meta)  # type: ignore[arg-type]
    assert load_weights(path).meta  # the file itself is fine
    description = load_document(path).state.description
    assert description.input_standardisation is None and description.input_labels is None
    assert Description.input_facts(meta, 2) == (None, None)  # type: ignore[arg-type]


def test_a_session_file_keeps_them_and_refuses_malformed_ones(tmp_path: Path) -> None:
    import json

    from nnviz.session.session_file import SessionDocument, SessionFileError, save_session

    path = _weights(tmp_path, {"input_labels": ["a", "b"], "standardisation": STANDARDISATION})
    state = load_document(path).state
    session = tmp_path / "lesson.nnviz"
    save_session(session, SessionDocument(state))
    again = load_document(session).state.description
    assert again.input_labels == ("a", "b")
    assert again.input_standardisation == ((10.0, -2.0), (4.0, 0.5))
    payload = json.loads(session.read_text())
    payload["description"]["standardisation"] = {"mean": [1.0], "scale": [1.0]}
    session.write_text(json.dumps(payload))
    with pytest.raises(SessionFileError, match="description.standardisation") as caught:
        load_document(session)
    assert str(caught.value).startswith("lesson.nnviz: ") and "\n" not in str(caught.value)
