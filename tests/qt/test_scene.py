"""The diagram scene on its own: what it draws, for small and large networks."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from nnviz.core.presets import load_preset, preset_names
from nnviz.present.diagram.content import DiagramContent, DiagramOverlay, content_from_document
from nnviz.present.diagram.edge_selection import N_BINS, strongest_edges
from nnviz.qt.diagram.scene import DiagramScene
from nnviz.session import Document, ViewSettings


def scene_for(preset: str, size: tuple[int, int] = (1200, 760)) -> tuple[DiagramScene, Document]:
    session = Document(load_preset(preset))
    scene = DiagramScene()
    scene.set_canvas_size(*size)
    scene.set_content(content_from_document(session))
    return scene, session


def test_feedforward_shows_the_lecture_numbers(qtbot: QtBot) -> None:
    scene, _ = scene_for("feedforward")
    assert scene.node_text(0, 0) == ["x1 = 1"]
    assert scene.node_text(0, 1) == ["x2 = 2"]
    assert [scene.edge_text(1, k, j) for j in range(2) for k in range(2)] == [
        "w13 = 2",
        "w23 = −3",
        "w14 = 1",
        "w24 = 4",
    ]
    assert [scene.edge_text(2, k, 0) for k in range(2)] == ["w35 = 2", "w45 = −1"]
    assert scene.node_text(1, 0)[:2] == ["v3 = −4", "z3 = 0"]
    assert scene.node_text(1, 1)[:2] == ["v4 = 9", "z4 = 1"]
    assert scene.node_text(2, 0)[:2] == ["v5 = −1", "z5 = 0"]
    assert scene.content is not None and scene.content.activation_names == ("step", "step")


def test_perceptron_shows_6_and_36(qtbot: QtBot) -> None:
    scene, _ = scene_for("perceptron")
    assert scene.node_text(1, 0)[:2] == ["v4 = 6", "z4 = 36"]


@pytest.mark.parametrize("preset", preset_names())
@pytest.mark.parametrize("size", [(1280 - 330, 800 - 110), (1280 - 420, 800 - 110), (800, 560)])
def test_nothing_overlaps(qtbot: QtBot, preset: str, size: tuple[int, int]) -> None:
    scene, _ = scene_for(preset, size)
    assert scene.layout is not None
    boxes = list(scene.box_rects().values())
    labels = list(scene.label_rects().values())
    canvas = scene.canvas_rect()
    for first, second in itertools.combinations(boxes + labels, 2):
        assert not first.intersects(second), (first, second)
    # Layer titles too: MNIST's two hidden layers' once ran into each other at 1280×800.
    titles = [rect for h in scene.nodes.headers for rect in (h.rect, h.subtitle_rect)]
    for first, second in itertools.combinations(titles, 2):
        assert not first.intersects(second), (first, second)
    for rect in boxes + labels:
        assert canvas.contains(rect), rect


def test_mnist_draws_top_k_edges_in_a_few_paths(qtbot: QtBot) -> None:
    scene, session = scene_for("mnist")
    k = session.view.top_k
    assert scene.drawn_edge_count <= 3 * k
    assert scene.drawn_edge_count >= 2 * k
    assert scene.base_edges.pass_count <= N_BINS
    # |w·a| ranking leaves out the edges of blank pixels (a = 0).
    edges = strongest_edges(session.network.weights, session.forward.terms, k)
    first = edges.layer == 1
    assert np.all(session.inputs[edges.source[first]] > 0)


def test_selecting_a_neuron_draws_all_its_edges(qtbot: QtBot) -> None:
    scene, session = scene_for("mnist")
    scene.set_view_settings(ViewSettings(selected=(1, 7)))
    assert scene.focus_edges.pass_count > 0
    hit = scene.hit_test(scene.node_center(1, 7), 1.0)
    assert hit is not None and hit.node == (1, 7)
    # Any of its 784 incoming edges can be hovered, even those not among the strongest.
    line = scene.edge_line(1, 0, 7)
    assert session.inputs[0] == 0
    hit = scene.hit_test(line.pointAt(0.6), 0.5)
    assert hit is not None and hit.kind == "edge" and hit.target == 7


def test_image_pixels_are_inputs(qtbot: QtBot) -> None:
    scene, _ = scene_for("mnist")
    rect = scene.node_rect(0, 28 * 5 + 9)
    hit = scene.hit_test(rect.center(), 0.5)
    assert hit is not None and hit.node == (0, 28 * 5 + 9)


def test_values_not_shown_leave_names_only(qtbot: QtBot) -> None:
    scene, session = scene_for("feedforward")
    content = content_from_document(session)
    shown = {1: np.array([True, False])}
    scene.set_content(content.hidden_values(shown))
    assert scene.node_text(1, 0)[:2] == ["v3 = −4", "z3 = 0"]
    assert scene.node_text(1, 1)[:2] == ["v4", "z4"]
    assert scene.node_text(2, 0)[:2] == ["v5", "z5"]


def test_overlay_highlights_and_notes(qtbot: QtBot) -> None:
    scene, _ = scene_for("feedforward")
    before = scene.focus_edges.pass_count
    overlay = DiagramOverlay(
        nodes=frozenset({(2, 0)}),
        edges=frozenset({(2, 0, 0), (2, 1, 0)}),
        node_notes={(2, 0): "δ5 = 0"},
        edge_notes={(2, 1, 0): "∂C/∂w45 = 0"},
        dim_others=True,
    )
    scene.set_overlay(overlay)
    assert scene.focus_edges.pass_count > before
    assert scene.base_edges.opacity() < 1.0
    rect = scene.edge_label_rect(2, 1, 0)
    assert rect is not None and rect.height() > 30  # room for the note
    scene.set_overlay(DiagramOverlay())
    assert scene.base_edges.opacity() == 1.0


def test_new_weights_rebuild_only_the_edges(qtbot: QtBot) -> None:
    scene, session = scene_for("mnist")
    layout = scene.layout
    rng = np.random.default_rng(1)
    weights = [rng.standard_normal(w.shape) * 0.1 for w in session.network.weights]
    scene.set_weights(weights)
    assert scene.layout is layout
    content = scene.content
    assert isinstance(content, DiagramContent)
    assert content.weights[0] is weights[0]


def test_hit_test_finds_edges_and_titles(qtbot: QtBot) -> None:
    scene, _ = scene_for("xor")
    line = scene.edge_line(2, 1, 0)
    hit = scene.hit_test(line.pointAt(0.25), 3.0)
    assert hit is not None and hit.edge == (2, 1, 0)
    assert scene.layout is not None
    header = scene.hit_test(QPointF(scene.layout.layers[1].x, scene.layout.header_y + 10), 1.0)
    assert header is not None and header.kind == "header" and header.layer == 1
    assert scene.hit_test(QPointF(2, scene.canvas_rect().height() - 2), 1.0) is None


def test_a_layers_box_colours_are_each_boxs_own(qtbot: QtBot) -> None:
    # The node layer colours a layer's boxes with one palette call (live training
    # recolours them 3 times a second): the same colours as one box at a time.
    from nnviz.qt.diagram import painting
    from nnviz.qt.diagram.style import DiagramStyle
    from nnviz.qt.palette import PALETTES
    from nnviz.qt.theme import THEMES

    values = np.array([0.0, -0.3, 2.5, -7.0, np.nan, np.inf, -np.inf, 1e-9, 7.0])
    for theme, palette in itertools.product(THEMES.values(), PALETTES.values()):
        style = DiagramStyle(theme, palette)
        for scale in (1.0, 7.0):
            together = painting.layer_box_colours(values, scale, style)
            alone = [painting.box_colours(float(v), scale, style) for v in values]
            assert [(f.name(), t.name()) for f, t in together] == [
                (f.name(), t.name()) for f, t in alone
            ]


def test_new_weights_change_the_numbers_shown_on_the_same_items(qtbot: QtBot) -> None:
    # What a training commit does to a small network: new numbers, written into the items
    # the scene already has (none is made or removed), in the same layout.
    scene, session = scene_for("feedforward")
    items = scene.items()
    layout = scene.layout
    assert scene.edge_text(1, 0, 0) == "w13 = 2" and scene.node_text(1, 0)[0] == "v3 = −4"
    network = session.network
    trained = network.replace(weights=tuple(np.asarray(w) * 0.5 for w in network.weights))
    session.edits.commit(session.snapshot().with_network(trained), "training")
    scene.set_content(content_from_document(session))
    assert scene.edge_text(1, 0, 0) == "w13 = 1" and scene.node_text(1, 0)[0] == "v3 = −2"
    assert scene.items() == items and scene.layout is layout
