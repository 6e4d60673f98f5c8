"""A weights file trained on a standardised table, opened in the window: its inputs are
shown and typed in the data's units, the network gets them standardised, and the window
says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from nnviz.core.weights_io import load_weights
from nnviz.present.diagram.content import content_from_document
from nnviz.present.diagram.texts import layer_subtitle
from nnviz.qt.main_window import MainWindow
from tests.qt.training_fixtures import shut


def _exported(window: MainWindow, folder: Path) -> Path:
    table = folder / "plants.csv"
    table.write_text(
        "height,weight,kind\n" + "".join(f"{i},{i * 1000 + 7},{'pq'[i % 2]}\n" for i in range(40))
    )
    assert window.features.playground.open_csv(str(table))  # type: ignore[union-attr]
    out = folder / "plants.npz"
    assert window.features.files.export_weights_to(out)  # type: ignore[union-attr]
    return out


def test_opened_weights_show_and_read_inputs_in_the_datas_units(
    make_window: Callable[[str], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window("feedforward")
    path = _exported(window, tmp_path)
    meta = load_weights(path).meta
    mean, scale = (np.array(meta["standardisation"][k]) for k in ("mean", "scale"))
    assert window.features.files.open_path(path, ask=False)  # type: ignore[union-attr]
    document = window.document
    assert document.description.input_labels == ("height", "weight")
    box = window.features.network_panel.data_inputs  # type: ignore[union-attr]
    qtbot.waitUntil(box.isVisible)
    assert "Inputs are standardised" in box.note.text()
    assert "(weight − " in box.note.text()
    assert [box.form.labelForField(f).text() for f in box.fields] == ["height", "weight"]
    # The network's inputs x are standardised numbers; the fields show what they stand for.
    shown = [float(f.text()) for f in box.fields]
    np.testing.assert_allclose(shown, np.asarray(document.inputs) * scale + mean, rtol=1e-5)
    # The value shown (six digits) is no change when applied again.
    steps = window.undo_stack.count()
    assert box.apply(0) and window.undo_stack.count() == steps
    # A value typed in the data's units reaches the network standardised, in one undo step.
    box.fields[1].setText("12007")
    assert box.apply(1)
    np.testing.assert_allclose(document.inputs[1], (12007 - mean[1]) / scale[1])
    assert window.undo_stack.undoText() == "set weight to 12007"
    assert float(box.fields[1].text()) == pytest.approx(12007)
    window.undo_stack.undo()
    assert float(box.fields[1].text()) == shown[1]
    # Refused: nothing changes, one line says why.
    before = np.array(document.inputs)
    box.fields[0].setText("tall")
    assert not box.apply(0)
    assert box.error.isVisibleTo(box) and "\n" not in box.error.text()
    np.testing.assert_array_equal(document.inputs, before)
    # The diagram's input layer says its inputs are standardised.
    assert layer_subtitle(content_from_document(document), 0) == "2 inputs (std.)"
    # Exported again, the weights keep the table's names and standardisation.
    again = tmp_path / "again.npz"
    assert window.features.files.export_weights_to(again)  # type: ignore[union-attr]
    kept = load_weights(again).meta
    assert kept["input_labels"] == ["height", "weight"]
    np.testing.assert_allclose(kept["standardisation"]["mean"], mean)
    shut(window)


def test_other_networks_show_no_data_units(make_window: Callable[[str], MainWindow]) -> None:
    window = make_window("feedforward")
    box = window.features.network_panel.data_inputs  # type: ignore[union-attr]
    assert not box.isVisibleTo(window) and box.fields == []
    content = content_from_document(window.document)
    assert layer_subtitle(content, 0) == "2 inputs"
    shut(window)
