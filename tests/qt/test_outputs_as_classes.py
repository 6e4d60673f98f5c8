"""A large network's diagram reads as classes: neurons named by layer and index, each
output's probability as a percentage with a bar, a readable number of edges, columns that
stay where they are when the values change; the evaluation page shows the image the
network sees."""

from __future__ import annotations

import numpy as np
from pytestqt.qtbot import QtBot
from test_scene import scene_for

from nnviz.present.diagram.content import content_from_document
from nnviz.present.diagram.outputs import percentage
from nnviz.present.diagram.tooltips import node_tooltip
from nnviz.qt.main_window import MainWindow
from nnviz.session.view import DEFAULT_TOP_K


def test_mnist_names_neurons_by_layer_and_index_and_outputs_by_class(qtbot: QtBot) -> None:
    scene, session = scene_for("mnist")
    assert scene.node_text(3, 7)[-1].startswith("z³₈ = ")
    assert scene.node_text(3, 9)[0].startswith("v³₁₀ = ")
    content = content_from_document(session)
    assert content.weight_name(2, 4, 6) == "w²₅,₇"
    assert "neuron 8 of layer 3" in node_tooltip(content, session.forward, None, 3, 7)
    paint = scene.nodes._paint
    probabilities = session.forward.output
    labels = [text for _, text in paint.side_labels]
    assert labels[7] == f"“7”  y = 1  {percentage(float(probabilities[7]))}"
    bars = paint.probability_bars
    assert len(bars) == 10
    assert [bar.probability for bar in bars] == list(np.clip(probabilities, 0, 1))
    assert sum(bar.largest for bar in bars) == 1
    assert bars[int(np.argmax(probabilities))].largest
    # The lecture's small networks keep the lecture's names and no bars.
    small, _ = scene_for("feedforward")
    assert small.node_text(1, 0)[1].startswith("z3 = ")
    assert not small.nodes._paint.probability_bars


def test_percentages_never_round_to_0_or_100() -> None:
    assert percentage(0.00001) == "<0.1 %" and percentage(0.99999) == ">99.9 %"
    assert percentage(0.5) == "50.0 %"


def test_mnist_draws_about_30_edges_a_layer_and_its_columns_do_not_move(qtbot: QtBot) -> None:
    assert DEFAULT_TOP_K == 30
    scene, session = scene_for("mnist")
    before = [scene.node_rect(3, j) for j in range(10)]
    # Training changes every value: tiny probabilities are written 1.234e-08.
    network = session.network
    biases = list(network.biases)
    biases[-1] = np.array([-30.0, 0, 0, 0, 0, 0, 0, 30.0, 0, 0])
    trained = type(network)(
        network.layer_sizes, network.weights, tuple(biases), network.activations, network.loss
    )
    session.edits.set_network(trained, "train")
    scene.set_content(content_from_document(session))
    assert "e−" in scene.node_text(3, 0)[1]
    assert [scene.node_rect(3, j) for j in range(10)] == before


def test_the_evaluation_page_shows_what_the_network_sees(qtbot: QtBot, make_window) -> None:
    window: MainWindow = make_window("mnist")
    page = window.features.training.evaluation
    window.pages.setCurrentIndex(window.features.training.evaluation_index)
    assert page.seen.isVisibleTo(window)
    expected = 255 - np.clip(window.document.inputs * 255, 0, 255).astype(np.uint8)
    np.testing.assert_array_equal(page.seen.shown, expected.reshape(28, 28))
    digit = np.zeros((28, 28))
    digit[5:20, 13:15] = 1.0
    page._drawn(digit)
    np.testing.assert_array_equal(page.seen.shown, (255 - digit * 255).astype(np.uint8))
    window.features.files.open_preset("xor")
    assert not window.features.training.evaluation.seen.isVisibleTo(window)
