"""Weight labels never overlap each other or a node; the every/selected/none choice."""

from __future__ import annotations

import pytest

from nnviz.present.diagram.label_layout import (
    LabelRequest,
    labelled_edges,
    overlaps,
    place_labels,
)

KEYS = [(1, s, t) for t in range(3) for s in range(2)] + [(2, s, 0) for s in range(3)]


def _crowded(n: int) -> list[LabelRequest]:
    """``n`` labels wanting the same short edge."""
    return [
        LabelRequest((1, i, 0), (0.0, 0.0), (120.0, 0.0), 60.0, 19.0, float(i)) for i in range(n)
    ]


def test_labels_never_overlap_and_the_rest_are_left_to_the_tooltip() -> None:
    placement = place_labels(_crowded(12), [(40.0, 30.0, 40.0, 40.0)], (-200, -200, 400, 400))
    rects = list(placement.placed.values())
    assert len(rects) + len(placement.hidden) == 12
    assert placement.hidden and rects
    assert overlaps([*rects, (40.0, 30.0, 40.0, 40.0)]) == []


def test_the_most_important_label_is_placed_first() -> None:
    placement = place_labels(_crowded(12), [], (-200, -200, 400, 400))
    assert (1, 11, 0) in placement.placed  # the highest priority
    assert placement.placed[(1, 11, 0)] == (30.0, -9.5, 60.0, 19.0)  # at the middle


def test_labels_stay_inside_the_canvas() -> None:
    placement = place_labels(_crowded(3), [], (0, -20, 200, 40))
    for x, y, w, h in placement.placed.values():
        assert x >= 0 and y >= -20 and x + w <= 200 and y + h <= 20


def test_which_edges_are_labelled() -> None:
    assert labelled_edges("every", KEYS, None, set()) == KEYS
    assert labelled_edges("none", KEYS, (1, 0), set()) == []
    assert labelled_edges("none", KEYS, None, {(2, 1, 0)}) == [(2, 1, 0)]
    into_and_out = labelled_edges("selected", KEYS, (1, 1), set())
    assert into_and_out == [(1, 0, 1), (1, 1, 1), (2, 1, 0)]
    with pytest.raises(ValueError, match="unknown label mode"):
        labelled_edges("some", KEYS, None, set())
