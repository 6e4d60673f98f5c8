"""What the composition root installed in a window, in one place (tests and benchmarks
reach the parts through it)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDockWidget

from nnviz.qt.chain_rule import ChainRule
from nnviz.qt.compare import Compare
from nnviz.qt.document_area import DocumentStack
from nnviz.qt.editing import Editing
from nnviz.qt.files import Files
from nnviz.qt.help import Help
from nnviz.qt.network_panel import NetworkPanel
from nnviz.qt.playground.feature import Playground
from nnviz.qt.presentation import Presentation
from nnviz.qt.stepping import Stepping
from nnviz.qt.toolbar import Toolbar
from nnviz.qt.training.browse import DataBrowsing
from nnviz.qt.training.feature import Training
from nnviz.qt.training.inside import Inside
from nnviz.qt.training.robustness import Robustness
from nnviz.qt.training.surgery import SurgeryFeature
from nnviz.qt.viewing import Viewing


@dataclass
class Features:
    """A window's features (see :func:`nnviz.app.build_window`)."""

    files: Files
    editing: Editing
    viewing: Viewing
    toolbar: Toolbar
    network_panels: DocumentStack
    network_dock: QDockWidget
    stepping: Stepping
    training: Training
    help: Help
    presentation: Presentation
    #: View ▸ Compare (issue 15); set after the others so that their order stays.
    compare: Compare | None = None
    #: The playground (issue 12), likewise.
    playground: Playground | None = None
    #: Train ▸ Show inside the network (issue 13), likewise.
    inside: Inside | None = None
    #: Step ▸ Show the chain rule (issue 14, item 8), likewise.
    chain_rule: ChainRule | None = None
    #: Train ▸ Surgery and the Robustness page (issue 13, items 8 and 9), likewise.
    surgery: SurgeryFeature | None = None
    robustness: Robustness | None = None
    #: Train ▸ Browse the training set (issue 13 item 10), likewise.
    data_browsing: DataBrowsing | None = None

    @property
    def network_panel(self) -> NetworkPanel:
        """The active document's Network panel."""
        panel = self.network_panels.currentWidget()
        assert isinstance(panel, NetworkPanel)
        return panel
