"""What a document's training remembers of its runs (Qt-free): where the last one got to,
so that a Start on its weights continues it exactly, and which weights are a failed run's
result (diverged or interrupted), so that saving them says so.
"""

from __future__ import annotations

import dataclasses

from nnviz.core.network import Network
from nnviz.core.run_result import DIVERGED, INTERRUPTED
from nnviz.core.training import RunState, TrainingConfig

__all__ = ["RunMemory"]


class RunMemory:
    """The last run's state and the result of a failed one.

    Attributes
    ----------
    last : tuple of (RunState, Network, int or None), or None
        Where the last run got to, whole, with its weights and training-set limit: a
        Start on those weights continues it exactly (see :meth:`continuation`).
    diverged : bool
        Whether the active run's last word was a divergence (not resumed since).
    failed : tuple of (str, Network), or None
        The failed result (status, weights) of the last run that ended.
    latest : Network or None
        The newest weights the active run sent.
    """

    def __init__(self) -> None:
        self.last: tuple[RunState, Network, int | None] | None = None
        self.diverged = False
        self.failed: tuple[str, Network] | None = None
        self.latest: Network | None = None

    def keep(self, state: RunState | None, network: Network, limit: int | None) -> None:
        """Remember ``state`` (if any) as where the run on ``network`` got to."""
        if state is not None:
            self.last = (state, network, limit)

    def continuation(
        self, network: Network, config: TrainingConfig, limit: int | None
    ) -> RunState | None:
        """The state a Start on ``network`` with ``config`` and the training-set ``limit``
        continues: the last run's, if ``network`` holds its weights, the recipe (but η)
        and the limit are still its own, and it has batches left; else None."""
        if self.last is None:
            return None
        state, weights, last_limit = self.last
        if state.finished or last_limit != limit or network != weights:
            return None
        shaping = dataclasses.replace(
            config, learning_rate=state.config.learning_rate, start_paused=False
        )
        if shaping.recipe() != state.config.recipe():
            return None
        return state

    def finished_schedule(self, network: Network) -> bool:
        """Whether ``network`` is what the last run ended with after its whole schedule."""
        if self.last is None:
            return False
        state, weights, _ = self.last
        return state.finished and network == weights

    def result_status(self, network: Network, active: bool) -> str | None:
        """``"diverged"``, ``"interrupted"`` or None for ``network`` (see
        :meth:`nnviz.session.training.TrainingModel.result_status`); ``active``: whether a
        run is going."""
        if active:
            return DIVERGED if self.diverged else INTERRUPTED
        if self.failed is not None and network == self.failed[1]:
            return self.failed[0]
        return None
