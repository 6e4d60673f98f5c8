"""The Inside feature: a page per document that takes the trained network apart
(:mod:`.inside_page`), and Train ▸ Show inside the network."""

from __future__ import annotations

from PySide6.QtCore import QObject

from nnviz.qt.document_area import DocumentStack
from nnviz.qt.document_view import DocumentView
from nnviz.qt.shell import Shell
from nnviz.qt.training.feature import Training
from nnviz.qt.training.inside_page import InsidePage
from nnviz.qt.training.tsne_section import TsneSection


class Inside(QObject):
    """Adds the Inside page beside the Training and Evaluation pages.

    Parameters
    ----------
    shell : Shell
    training : Training
        While the page is on screen, training sends the weights it follows.
    """

    def __init__(self, shell: Shell, training: Training) -> None:
        super().__init__(shell.widget)
        self.shell = shell
        self._sections: dict[int, TsneSection] = {}
        self.stack = DocumentStack(shell.area, self._make)
        shell.area.view_removed.connect(self._removed)
        training.weights_watchers.append(self._watching)
        shell.closed.connect(self._finish_jobs)
        self.index = shell.add_page(self.stack, "Inside")
        shell.registry.add(
            "train.show_inside",
            "Show &inside the network",
            lambda: shell.pages.setCurrentIndex(self.index),
            menu="Train",
            section="show",
            help="the Inside page: a layer's activations mapped (PCA), the weights now and "
            "at initialisation",
        )

    def _make(self, view: DocumentView) -> InsidePage:
        page = InsidePage(view.document)
        # The t-SNE map goes under the PCA map (issue 13 item 7).
        section = TsneSection(page)
        self._sections[id(view)] = section
        page.add_below_map(section)
        return page

    def _removed(self, view: DocumentView) -> None:
        self._sections.pop(id(view), None)

    def _finish_jobs(self) -> None:
        """A map still being computed ends before its page is freed (a worker that
        returns to a deleted page would complain on the terminal)."""
        for page in self.stack.widgets():
            assert isinstance(page, InsidePage)
            page.job.stop(1.0)
        for section in self._sections.values():
            section.job.stop(1.0)

    def _watching(self, view: DocumentView) -> bool:
        page = self.stack.widget_or_none(view)
        return page is not None and page.isVisible()

    @property
    def tsne(self) -> TsneSection:
        """The active document's t-SNE section (under its Inside page's PCA map)."""
        page = self.page
        return next(s for s in self._sections.values() if s.page is page)

    @property
    def page(self) -> InsidePage:
        """The active document's Inside page."""
        page = self.stack.currentWidget()
        assert isinstance(page, InsidePage)
        return page
