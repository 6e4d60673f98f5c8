"""The Robustness feature: a page per document (:mod:`.robustness_page`) and Train ▸ Show
robustness."""

from __future__ import annotations

from PySide6.QtCore import QObject

from nnviz.qt.document_area import DocumentStack
from nnviz.qt.shell import Shell
from nnviz.qt.training.robustness_page import RobustnessPage


class Robustness(QObject):
    """Adds the Robustness page beside the Training, Evaluation and Inside pages.

    Parameters
    ----------
    shell : Shell
    """

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell.widget)
        self.shell = shell
        self.stack = DocumentStack(shell.area, lambda view: RobustnessPage(view.document))
        shell.closed.connect(self._finish_jobs)
        self.index = shell.add_page(self.stack, "Robustness")
        shell.registry.add(
            "train.show_robustness",
            "Show &robustness",
            lambda: shell.pages.setCurrentIndex(self.index),
            menu="Train",
            section="show",
            help="the Robustness page: accuracy on noisy, rotated, shifted, thinner or "
            "thicker test images; reject when unsure",
        )

    def _finish_jobs(self) -> None:
        """Curves still being computed stop, and end before their page is freed (a job
        still waiting is dropped: `wait` would compute it here, seconds of a closing window)."""
        for page in self.stack.widgets():
            assert isinstance(page, RobustnessPage)
            page.stop()
            page.curves_job.stop(2.0)
            page.tradeoff_job.stop(2.0)

    @property
    def page(self) -> RobustnessPage:
        """The active document's Robustness page."""
        page = self.stack.currentWidget()
        assert isinstance(page, RobustnessPage)
        return page
