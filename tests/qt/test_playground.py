"""The playground in the window: data you can see, trained live, maps on the nodes, the
cost surface, lessons, undoable data edits, and the data set kept in the session file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from pytestqt.qtbot import QtBot

from nnviz.core.data.toys import TableSource, ToySource
from nnviz.qt.main_window import MainWindow
from nnviz.qt.playground.feature import Playground
from tests.qt.training_fixtures import shut, wait_for


def playground_of(window: MainWindow) -> Playground:
    assert window.features is not None and window.features.playground is not None
    return window.features.playground


def test_a_built_in_set_trains_live_with_maps_on_every_node(
    make_window: Callable[[str], MainWindow], qtbot: QtBot
) -> None:
    window = make_window("feedforward")
    playground = playground_of(window)
    panel = playground.panel
    panel.kind.setCurrentText("xor")
    panel.samples.setValue(200)
    assert playground.use_settings()
    document = window.document
    assert isinstance(document.data, ToySource) and document.data.kind == "xor"
    # The step network was not a playground network: a fresh 2-8-8-2 tanh one replaced it.
    assert document.network.layer_sizes == (2, 8, 8, 2)
    assert document.network.activations == ("tanh", "tanh", "softmax")
    assert document.training.config.optimizer == "adam"  # the small-data recipe
    wait_for(qtbot, lambda: panel.node_maps.map_count == 8 + 8 + 2)
    assert panel.maps is not None and panel.maps.layers[0].shape == (8, 64, 64)
    before = panel.repaints
    controller = window.features.training.controller  # type: ignore[union-attr]
    document.training.set_config(epochs=3)
    assert controller.start()
    wait_for(
        qtbot, lambda: document.training.status == "idle" and document.training.history.n_epochs
    )
    wait_for(qtbot, lambda: panel.repaints > before)
    assert not np.array_equal(document.network.weights[0], np.zeros((2, 8)))
    shut(window)


def test_changing_the_data_is_one_undo_step_and_points_can_be_added(
    make_window: Callable[[str], MainWindow],
) -> None:
    window = make_window("feedforward")
    playground = playground_of(window)
    old_network = window.document.network
    old_data = window.document.data
    playground.panel.kind.setCurrentText("moons")
    assert playground.use_settings()
    assert window.undo_stack.count() == 1
    table = playground.panel.plot.table
    assert table is not None
    n = table.train_inputs.shape[0]
    playground.panel.plot.points_edited.emit(
        np.vstack([table.train_inputs, [[0.5, 0.5]]]),
        np.concatenate([table.train_targets, [1]]),
        "add a point",
    )
    data = window.document.data
    assert isinstance(data, TableSource) and data.train_inputs.shape[0] == n + 1
    assert window.document.modified
    window.undo_stack.undo()
    assert isinstance(window.document.data, ToySource)
    window.undo_stack.undo()
    assert window.document.data == old_data and window.document.network == old_network


def test_features_switch_the_network_inputs(make_window: Callable[[str], MainWindow]) -> None:
    window = make_window("feedforward")
    panel = playground_of(window).panel
    panel.kind.setCurrentText("circles")
    assert panel.use_settings()
    panel.feature_boxes["x1^2"].setChecked(True)
    panel.feature_boxes["x2^2"].setChecked(True)
    data = window.document.data
    assert isinstance(data, ToySource) and data.features == ("x1", "x2", "x1^2", "x2^2")
    assert window.document.network.input_size == 4
    assert panel.maps is None or panel.maps.plane.n_raw == 2


def test_the_linear_regression_lesson_draws_its_descent_on_the_cost_surface(
    make_window: Callable[[str], MainWindow], qtbot: QtBot
) -> None:
    window = make_window("feedforward")
    playground = playground_of(window)
    assert playground.open_lesson("linear_regression")
    document = window.document
    assert document.network.layer_sizes == (1, 1) and document.network.loss == "mse"
    panel = playground.panel
    wait_for(qtbot, lambda: panel.cost.isVisible() and panel.cost.surface is not None)
    document.training.set_config(epochs=40)
    assert window.features.training.controller.start()  # type: ignore[union-attr]
    wait_for(
        qtbot, lambda: document.training.status == "idle" and document.training.history.n_epochs
    )
    wait_for(qtbot, lambda: len(panel.descent_path) > 3)
    w, b = float(document.network.weights[0][0, 0]), float(document.network.biases[0][0])
    assert abs(w - 0.5) < 0.15 and b > 0.2  # on its way to the line's 0.5·x + 1
    # J falls along the path.
    surface = panel.cost.surface
    assert surface is not None and surface.cost.min() < surface.cost.max()
    shut(window)


def test_the_data_set_is_saved_in_the_session_file(
    make_window: Callable[[str], MainWindow], tmp_path: Path
) -> None:
    window = make_window("feedforward")
    playground = playground_of(window)
    panel = playground.panel
    panel.kind.setCurrentText("spiral")
    panel.noise.setValue(0.3)
    assert playground.use_settings()
    files = window.features.files  # type: ignore[union-attr]
    path = tmp_path / "class.nnviz"
    assert files.save_to(path)
    saved = window.document.data
    other = make_window("xor")
    assert window.features.files.open_path(path, ask=False)  # type: ignore[union-attr]
    assert window.document.data == saved
    assert other.features.files.open_path(path, ask=False)  # type: ignore[union-attr]
    assert other.document.data == saved and other.document.network.layer_sizes == (2, 8, 8, 2)


def test_a_bad_csv_file_changes_nothing_and_says_why(
    make_window: Callable[[str], MainWindow], tmp_path: Path, warnings: list[tuple[str, str]]
) -> None:
    window = make_window("feedforward")
    before = window.document.data
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,x\nzz,y\n")
    assert not playground_of(window).open_csv(str(bad))
    assert window.document.data == before and window.undo_stack.count() == 0
    assert warnings and "bad.csv: row 3, column 'a'" in warnings[-1][1]
    good = tmp_path / "good.csv"
    good.write_text("a,b,kind\n" + "".join(f"{i},{i * 7 % 5},{'pq'[i % 2]}\n" for i in range(30)))
    assert playground_of(window).open_csv(str(good))
    data = window.document.data
    assert isinstance(data, TableSource) and data.standardise and data.class_names == ("p", "q")


def test_exported_weights_keep_the_tables_standardisation(
    make_window: Callable[[str], MainWindow], tmp_path: Path
) -> None:
    from nnviz.core.weights_io import load_weights

    window = make_window("feedforward")
    table = tmp_path / "big.csv"
    table.write_text("a,b,kind\n" + "".join(f"{i},{i * 1000},{'pq'[i % 2]}\n" for i in range(40)))
    assert playground_of(window).open_csv(str(table))
    out = tmp_path / "w.npz"
    assert window.features.files.export_weights_to(out)  # type: ignore[union-attr]
    meta = load_weights(out).meta
    assert meta["input_labels"] == ["a", "b"] and meta["standardisation"]["scale"][1] > 1000


def test_the_set_chooser_never_claims_a_data_set_the_document_does_not_have(
    make_window: Callable[[str], MainWindow],
) -> None:
    window = make_window("feedforward")
    playground = playground_of(window)
    panel = playground.panel
    # It fits the Playground dock at 1280×800 (about 410 pixels) without scrolling sideways.
    assert panel.minimumSizeHint().width() <= 400
    assert playground.open_lesson("xor")
    # The lesson's four corners are no built-in recipe: the chooser shows none, not "spiral".
    assert not isinstance(window.document.data, ToySource)
    assert panel.kind.currentIndex() == -1
    data = window.document.data
    assert not playground.use_settings()  # nothing chosen: refused, nothing changed
    assert window.document.data is data
    panel.kind.setCurrentText("moons")
    assert playground.use_settings()
    assert isinstance(window.document.data, ToySource) and window.document.data.kind == "moons"
    assert panel.kind.currentText() == "moons"
    shut(window)
