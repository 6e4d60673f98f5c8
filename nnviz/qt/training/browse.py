"""Train ▸ Browse the training set: the feature that opens :class:`.DataBrowser` for the
active document."""

from __future__ import annotations

from PySide6.QtCore import QObject

from nnviz.qt.shell import Shell
from nnviz.qt.training.data_browser import DataBrowser
from nnviz.qt.training.feature import Training


class DataBrowsing(QObject):
    """Registers Train ▸ Browse the training set.

    Parameters
    ----------
    shell : Shell
    training : Training
        The active document's training model gives the recipe whose augmentation is
        previewed.
    """

    def __init__(self, shell: Shell, training: Training) -> None:
        super().__init__(shell.widget)
        self.shell, self.training = shell, training
        self.dialog: DataBrowser | None = None
        self._dialogs: dict[int, DataBrowser] = {}
        shell.registry.add(
            "train.browse_data",
            "&Browse the training set…",
            self.open,
            menu="Train",
            section="show",
            help="the training images: examples and the average digit of each class, the "
            "pixel histogram, and the images as the recipe's augmentation changes them",
        )

    def open(self) -> DataBrowser:
        """Show the training set of the active document (one dialog per document, read
        once: its data set does not change under it)."""
        document = self.shell.document
        dialog = self._dialogs.get(id(document))
        if dialog is None or dialog.document is not document:
            dialog = DataBrowser(document, self.training.controller.model, self.shell.widget)
            self._dialogs[id(document)] = dialog
        if self.dialog is not None and self.dialog is not dialog:
            self.dialog.close()
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        return dialog
