"""How the diagram is looked at: which edges it draws and which neuron is selected.

These settings travel with a session file (a teacher who saved "the edges of neuron 12"
gets them back). Appearance that belongs to the user rather than the document (light or
dark theme, colour palette, window size) is kept by the Qt layer in its own settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nnviz.core.network import Network

#: How large networks choose the edges they draw: by |w·a| (what this input makes flow)
#: or by |w| (what the network has learnt, whatever the input).
EDGE_RANKINGS: tuple[str, ...] = ("activity", "weight")
#: Default number of strongest edges drawn per weight layer of a large network: about 30
#: read as lines a student can follow (800 was a hairball on MNIST).
DEFAULT_TOP_K = 30
#: Bounds of the top-k setting.
MIN_TOP_K = 10
MAX_TOP_K = 20_000


@dataclass(frozen=True)
class ViewSettings:
    """The diagram's view of the network.

    Attributes
    ----------
    edge_ranking : {"activity", "weight"}
        Large networks draw their strongest edges by |w·a| ("activity") or |w| ("weight").
    top_k : int
        How many of the strongest edges each weight layer of a large network draws.
    selected : tuple of int or None
        ``(layer, neuron)`` of the selected neuron, whose every edge is drawn, or None.
    """

    edge_ranking: str = "activity"
    top_k: int = DEFAULT_TOP_K
    selected: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.edge_ranking not in EDGE_RANKINGS:
            raise ValueError(
                f"unknown edge ranking {self.edge_ranking!r} (known: {', '.join(EDGE_RANKINGS)})"
            )
        if isinstance(self.top_k, bool) or not isinstance(self.top_k, int):
            raise ValueError(f"top_k must be a whole number, not {self.top_k!r}")
        if not MIN_TOP_K <= self.top_k <= MAX_TOP_K:
            raise ValueError(f"top_k must be between {MIN_TOP_K} and {MAX_TOP_K:,}")
        if self.selected is not None:
            layer, neuron = self.selected
            if not all(isinstance(n, int) and not isinstance(n, bool) for n in self.selected):
                raise ValueError(f"the selection must be two whole numbers, not {self.selected}")
            object.__setattr__(self, "selected", (int(layer), int(neuron)))

    def fits(self, network: Network) -> bool:
        """Whether the selection (if any) names a neuron of ``network``."""
        if self.selected is None:
            return True
        layer, neuron = self.selected
        return 0 <= layer < network.n_layers and 0 <= neuron < network.layer_sizes[layer]

    def to_json(self) -> dict[str, Any]:
        """Return the settings as a JSON-ready object (for session files)."""
        return {
            "edge_ranking": self.edge_ranking,
            "top_k": self.top_k,
            "selected": None if self.selected is None else list(self.selected),
        }

    @classmethod
    def from_json(cls, document: Any) -> ViewSettings:
        """Read settings written by :meth:`to_json`; unknown keys are ignored.

        Raises
        ------
        ValueError
            If a value is of the wrong kind or out of range.
        """
        if not isinstance(document, dict):
            raise ValueError("'view' must be an object")
        selected = document.get("selected")
        if selected is not None:
            if not isinstance(selected, list) or len(selected) != 2:
                raise ValueError("'view.selected' must be [layer, neuron] or null")
            selected = (selected[0], selected[1])
        return cls(
            edge_ranking=document.get("edge_ranking", "activity"),
            top_k=document.get("top_k", DEFAULT_TOP_K),
            selected=selected,
        )
