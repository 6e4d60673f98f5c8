"""The document follows training: the diagram shows the weights as they learn.

Weights arrive from the training process a few times a second (snapshots) and at every
epoch's end, pause, divergence and finish. They are committed to the document as one
undoable edit per run (later ones merge into it, so Edit ▸ Undo takes the whole run back),
which updates the diagram, its tooltips, the Network panel and anything else watching the
document.

A commit costs the GUI thread about 20 ms (the diagram re-ranks its edges, recolours its
nodes and repaints), so while a run goes on the newest weights are committed at most every
``COMMIT_MS`` and only while a view of the diagram is on screen; off screen they wait (the
training state on disk is saved at each epoch's end regardless). Pauses, divergences and
the end of a run are always committed at once, and so is the newest weights when the
window is about to close (so that "save the changes?" saves them). At a slow pace
(:data:`~nnviz.core.training.SLOW_PACE` batches a second or fewer) every batch's weights
are committed as they arrive, so the diagram's numbers change with every step.

If the network changes in any other way during a run (the user edits a weight, undoes,
opens another network), the run is stopped: it would otherwise overwrite that change.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from nnviz.core.network import Network
from nnviz.core.training import is_slow
from nnviz.qt.binding import follow
from nnviz.qt.training.controller import TrainingController
from nnviz.session.training import PAUSED, STARTING

#: While a run goes on, its weights are shown at most this often (milliseconds).
COMMIT_MS = 300


class DocumentFollower(QObject):
    """Commits training's weights to the document (see the module docstring).

    Parameters
    ----------
    controller : TrainingController
    diagram_visible : callable
        Whether a view of the document's diagram is on screen now.
    """

    def __init__(self, controller: TrainingController, diagram_visible: Callable[[], bool]) -> None:
        super().__init__(controller)
        self.controller = controller
        self.document = document = controller.document
        self.edits = document.edits
        self.diagram_visible = diagram_visible
        self.commits = 0
        self._committed: Network | None = None
        self._latest: Network | None = None
        self._last_commit = 0.0
        self._run = 0
        self._timer = QTimer(self, interval=COMMIT_MS)
        self._timer.timeout.connect(self._maybe_commit)
        model = controller.model
        follow(self, model.network_arrived, self._arrived)
        follow(self, model.status_changed, self._status_changed)
        follow(self, document.network_changed, self._network_changed)
        follow(self, document.opened, self._opened)

    def _status_changed(self, status: str) -> None:
        if status == STARTING:
            # A new run: a new undo step (the last one is closed).
            self._run += 1
            self.edits.close_gesture()
            self.controller.watch_weights(self.diagram_visible())
            self._timer.start()
        elif status == PAUSED:
            self.flush()
        elif not self.controller.model.active:
            self._timer.stop()
            self.flush()

    def _arrived(self, network: Network, kind: str) -> None:
        self._latest = network
        model = self.controller.model
        at_once = kind in ("diverged", "final") or model.status == PAUSED
        if at_once or (is_slow(model.pace) and self.diagram_visible()):
            self.flush()
        else:
            self._maybe_commit()

    def _maybe_commit(self) -> None:
        visible = self.diagram_visible()
        self.controller.watch_weights(visible)
        due = time.perf_counter() - self._last_commit >= COMMIT_MS / 1000 - 0.02
        if self._latest is not None and due and visible:
            self.flush()

    def flush(self) -> None:
        """Commit the newest weights now, if the document does not have them yet."""
        network, self._latest = self._latest, None
        if network is None or network is self._committed:
            return
        self._last_commit = time.perf_counter()
        self._committed = network
        self.commits += 1
        where = self.controller.model.history.epochs_done
        state = self.document.snapshot().with_network(network)
        self.edits.commit(
            state, f"training to epoch {where:.1f}", merge_key=("training", self._run)
        )

    def reset_to(self, network: Network) -> None:
        """Put back the weights training began from (its own undo step)."""
        self._latest = None
        self._committed = network
        self.edits.close_gesture()
        self.edits.commit(self.document.snapshot().with_network(network), "reset the training")

    def _network_changed(self, network: Network) -> None:
        if network is self._committed or not self.controller.model.active:
            return
        self._latest = None
        self.controller.abandon(
            "The network was changed, so training stopped. Start trains it as it is now."
        )

    def _opened(self) -> None:
        self._latest = None
        self._committed = None
        self.controller.abandon("")
        self.controller.reset(forget_saved=False)
