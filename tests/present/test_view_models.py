"""The presentation layer, without a display: what the diagram, the step-through, tooltips,
the training panel and the plots show, as plain data."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

from nnviz.core.data import DataSet, GivenData
from nnviz.core.network import Network
from nnviz.core.notation import format_number
from nnviz.core.presets import load_preset
from nnviz.core.training import BatchRecord, ChunkBuilder, Trainer
from nnviz.present.diagram.content import content_from_document
from nnviz.present.diagram.layout import compute_layout, is_detailed
from nnviz.present.diagram.texts import edge_label, layer_subtitle, node_lines, output_side_label
from nnviz.present.diagram.tooltips import edge_tooltip, header_tooltip, node_tooltip
from nnviz.present.stepping.display import revealed_content, step_overlay
from nnviz.present.training.pace import PACES, pace_position, pace_text
from nnviz.present.training.plot_export import history_csv
from nnviz.present.training.plot_specs import PLOTS, layer_curves
from nnviz.present.training.status import progress_permille, status_text, training_numbers
from nnviz.session import Document
from nnviz.session.training import TrainingModel


def test_the_diagram_shows_the_documents_numbers_as_the_lecture_writes_them() -> None:
    document = Document(load_preset("feedforward"))
    content = content_from_document(document)
    assert node_lines(content, 1, 0, 3) == ["v3 = −4", "z3 = 0", "b3 = 0"]
    assert node_lines(content, 0, 1, 3) == ["x2 = 2"]
    assert edge_label(content, 1, 0, 0) == "w13 = 2"
    assert layer_subtitle(content, 1) == "step"
    assert output_side_label(content, 0) == "y5 = 1"
    document.edits.set_weight(1, 0, 0, "3")
    assert edge_label(content_from_document(document), 1, 0, 0) == "w13 = 3"


def test_tooltips_say_how_each_number_was_computed() -> None:
    document = Document(load_preset("feedforward"))
    content = content_from_document(document)
    node = node_tooltip(content, document.forward, document.backward, 1, 0)
    assert "w13·x1 + w23·x2" in node and "−4" in node
    edge = edge_tooltip(content, document.forward, document.backward, 1, 0, 0)
    assert "w13 = 2" in edge and "∂C/∂w13" in edge
    assert "step′(v) = 0 everywhere" in header_tooltip(content, 1)


def test_a_layout_places_every_node_and_large_networks_are_drawn_differently() -> None:
    document = Document(load_preset("xor"))
    content = content_from_document(document)
    layout = compute_layout(content.layer_sizes, 1200, 800, [100.0, 100.0, 100.0])
    assert len(layout.layers) == 3 and layout.detailed
    assert is_detailed((2, 2, 1)) and not is_detailed((784, 100, 50, 10))


def test_stepping_hides_what_is_not_revealed_and_highlights_the_current_step() -> None:
    document = Document(load_preset("feedforward"))
    stepper = document.stepper
    stepper.start()
    stepper.step_forward()  # node 3's weighted sum
    full = content_from_document(document)
    shown = revealed_content(full, stepper.revealed(), stepper.after_update)
    assert node_lines(shown, 1, 0, 2) == ["v3 = −4", "z3"]
    assert math.isnan(float(shown.activations[2][0]))
    overlay = step_overlay(
        stepper.steps, stepper.cursor, stepper.current, full, document.backward.deltas
    )
    # Node 3 and what flows into it: its inputs and both incoming edges.
    assert overlay.nodes == {(1, 0), (0, 0), (0, 1)}
    assert overlay.edges == {(1, 0, 0), (1, 1, 0)} and overlay.dim_others


def _trained_history(document: Document) -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (40, 2))
    y = (x[:, 0] * x[:, 1] > 0).astype(int)
    data = DataSet.classification(x, y, x[:10], y[:10], 2)
    network = Network.initialised((2, 4, 2), ("tanh", "softmax"), "cross_entropy", seed=1)
    model = document.training
    model.set_config(epochs=2, batch_size=10, stats_every=2)
    plan = model.start(network, GivenData(data))
    builder = ChunkBuilder(2)
    for record in Trainer(plan.network, data, plan.config).run():
        if isinstance(record, BatchRecord):
            builder.add(record)
            continue
        chunk = builder.take()
        if chunk is not None:
            model.receive(plan.run_id, chunk)
        model.receive(plan.run_id, record)


def test_the_training_panel_and_plots_read_the_documents_history(tmp_path: Path) -> None:
    document = Document(load_preset("xor"))
    model = document.training
    assert status_text(model, "no data") == "no data"
    assert status_text(model) == "Ready. Start trains the network on screen."
    _trained_history(document)
    assert status_text(model).startswith("Trained: epoch 2 of 2 of this run, batch 4 of 4")
    assert progress_permille(model) == 1000
    loss = next(spec for spec in PLOTS if spec.key == "loss")
    x, y = loss.curves[0].data(model.history)
    assert len(x) == 8 and np.all(np.isfinite(y))
    mean = next(spec for spec in PLOTS if spec.key == "mean")
    assert [curve.name for curve in layer_curves(mean, ("tanh", "softmax"))] == ["layer 1"]
    path = tmp_path / "history.csv"
    history_csv(path, model.history)
    rows = list(csv.reader(path.open()))
    assert rows[0][:3] == ["epochs", "step", "loss"] and len(rows) == 9


def test_the_training_numbers_say_accuracy_loss_epoch_and_batch_or_a_dash() -> None:
    document = Document(load_preset("xor"))
    model = document.training
    before = training_numbers(model)
    assert before.test_label == "Test accuracy"
    assert (before.test, before.batch_loss, before.epoch, before.batch) == ("—",) * 4
    _trained_history(document)
    numbers = training_numbers(model)
    accuracy = model.history.series("epoch", "test_accuracy")[-1]
    loss = model.history.series("batch", "loss")[-1]
    assert numbers.test == f"{accuracy:.2%}"
    assert numbers.batch_loss == format_number(float(loss))
    assert (numbers.epoch, numbers.batch) == ("2 of 2", "4 of 4")


def test_real_valued_targets_show_the_test_loss_instead_of_an_accuracy() -> None:
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, (40, 1))
    data = DataSet.regression(x, np.sin(3 * x), x[:10], np.sin(3 * x[:10]))
    network = Network.initialised((1, 6, 1), ("tanh", "identity"), "mse", seed=2)
    model = TrainingModel()
    model.set_config(epochs=1, batch_size=10)
    plan = model.start(network, GivenData(data))
    builder = ChunkBuilder(2)
    for record in Trainer(plan.network, data, plan.config).run():
        if isinstance(record, BatchRecord):
            builder.add(record)
            continue
        chunk = builder.take()
        if chunk is not None:
            model.receive(plan.run_id, chunk)
        model.receive(plan.run_id, record)
    numbers = training_numbers(model)
    test_loss = model.history.series("epoch", "test_loss")[-1]
    assert numbers.test_label == "Test loss"
    assert numbers.test == format_number(float(test_loss))


def test_the_speed_control_names_its_paces() -> None:
    assert PACES[0] == 1 and PACES[-1] is None
    assert [pace_text(p) for p in (1, 2, 500, None)] == [
        "1 batch/s",
        "2 batches/s",
        "500 batches/s",
        "full speed",
    ]
    assert [pace_position(p) for p in (1, 3, 500, 10_000, None)] == [0, 1, 8, 8, 9]
