"""What the diagram's colour legend says: the |w| of full colour and a note on the edges
(Qt-free).

A small network writes its weights on the edges: the note says which are written (the
label mode) and how many found no room. A large one draws only the strongest edges of
each layer: the note says how many and by what, and what the selected neuron shows.
"""

from __future__ import annotations

from nnviz.core.types import FloatArray
from nnviz.present.diagram.content import DiagramContent, LegendInfo
from nnviz.session.view import ViewSettings

__all__ = ["legend_text"]


def legend_text(
    content: DiagramContent | None,
    detailed: bool,
    scales: FloatArray,
    label_mode: str,
    hidden: int,
    view: ViewSettings,
) -> LegendInfo:
    """What the legend should say about the diagram's current colours.

    Parameters
    ----------
    content : DiagramContent or None
        The numbers shown (None: nothing yet).
    detailed : bool
        Whether the network is drawn in detail (boxes, every edge, weights written).
    scales : ndarray of float64, shape (1,) or (n_weight_layers,)
        The |w| drawn in full colour: one for the whole network when detailed.
    label_mode : str
        Which weights are written (:data:`~nnviz.present.diagram.label_layout.LABEL_MODES`).
    hidden : int
        How many weight labels found no room.
    view : ViewSettings
        The edges drawn of a large network (``top_k``, ``edge_ranking``) and the selection.

    Returns
    -------
    LegendInfo
        The full-colour |w| (None: per layer) and the note, one line per fact.
    """
    if detailed or content is None:
        scale = float(scales[0]) if scales.size else 1.0
        notes = []
        if detailed and label_mode == "selected":
            notes.append("weights written: the selected neuron's (hover any edge)")
        elif detailed and label_mode == "none":
            notes.append("weights: hover an edge")
        if detailed and hidden:
            weights = "weight" if hidden == 1 else "weights"
            notes.append(f"{hidden} {weights} not written (no room): hover the edge")
        return LegendInfo(scale, "\n".join(notes))
    ranking = "|w·a|" if view.edge_ranking == "activity" else "|w|"
    note = f"edges: strongest {view.top_k:,} per layer by {ranking}"
    selected = view.selected
    if selected is not None:
        note += f"\nselected: every edge of {content.node_title(*selected)}"
        if selected[0] == 1 and content.input_image_shape is not None:
            note += "; its weights tint the image"
    return LegendInfo(None, note)
