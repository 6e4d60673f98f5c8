"""Test digits as thumbnails, and the confusion matrix as a table of clickable cells."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

#: Thumbnails are drawn this many pixels wide (28 × 2).
THUMBNAIL = 56
#: At most this many digits are shown at once (the most telling first).
MAX_DIGITS = 240


def digit_pixmap(image: NDArray[np.generic], side: int = THUMBNAIL) -> QPixmap:
    """A digit as dark ink on white paper, ``side`` pixels square.

    Parameters
    ----------
    image : ndarray, shape (rows * columns,) or (rows, columns)
        uint8 pixels or floats in [0, 1] (1 = ink); square images only.
    """
    flat = np.asarray(image).reshape(-1)
    rows = round(np.sqrt(flat.size))
    values = flat.astype(np.float64) / (255.0 if flat.dtype == np.uint8 else 1.0)
    paper = np.ascontiguousarray(255 - np.clip(values * 255, 0, 255).astype(np.uint8))
    qimage = QImage(paper.data, rows, rows, rows, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(qimage).scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


class DigitGallery(QListWidget):
    """A grid of test digits with their label and the network's answer.

    Signals
    -------
    chosen(int)
        The test-set index of a clicked digit.
    """

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digitGallery")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.setGridSize(QSize(THUMBNAIL + 24, THUMBNAIL + 38))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setToolTip("Click a digit to put it on the diagram and the drawing pad")
        self.itemClicked.connect(
            lambda item: self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        )
        self._icons: dict[int, QIcon] = {}
        self._images_of: NDArray[np.generic] | None = None

    def show_digits(
        self,
        indices: NDArray[np.intp],
        images: NDArray[np.generic],
        labels: NDArray[np.intp],
        probabilities: NDArray[np.float64],
    ) -> None:
        """Show the test digits ``indices`` (at most :data:`MAX_DIGITS`), in that order.

        Parameters
        ----------
        indices : ndarray of int, shape (k,)
        images : ndarray, shape (n, n_inputs)
        labels : ndarray of int, shape (n,)
        probabilities : ndarray of float, shape (n, n_classes)
        """
        self.setUpdatesEnabled(False)
        if images is not self._images_of:
            # The thumbnails of one test set are drawn once: an evaluation while training
            # shows mostly the same mistakes again, and 240 pixmaps took 30-60 ms.
            self._icons = {}
            self._images_of = images
        shown = [int(index) for index in indices[:MAX_DIGITS]]
        # The items are kept and given their new digit (making 240 of them anew each
        # evaluation was most of the rest).
        while self.count() > len(shown):
            self.takeItem(self.count() - 1)
        self.setCurrentRow(-1)
        self.scrollToTop()
        for row, i in enumerate(shown):
            label = int(labels[i])
            predicted = int(np.argmax(probabilities[i]))
            sure = float(probabilities[i, predicted])
            answer = f"{label} → {predicted}" if predicted != label else f"{label} ✓"
            icon = self._icons.get(i)
            if icon is None:
                icon = self._icons[i] = QIcon(digit_pixmap(images[i]))
            if row < self.count():
                item = self.item(row)
            else:
                item = QListWidgetItem()
                self.addItem(item)
            item.setIcon(icon)
            item.setText(f"{answer}\n{sure:.0%}")
            item.setData(Qt.ItemDataRole.UserRole, i)
            item.setToolTip(
                f"test image {i:,}: labelled {label}; the network says {predicted} "
                f"({sure:.1%} sure; {label} got {float(probabilities[i, label]):.1%})"
            )
        self.setUpdatesEnabled(True)


class ConfusionTable(QTableWidget):
    """The confusion matrix: rows are the true class, columns the predicted one.

    Signals
    -------
    cell_chosen(int, int)
        (true, predicted) of a clicked cell.
    """

    cell_chosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionTable")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setToolTip(
            "Rows: the true digit; columns: the network's answer. The diagonal counts the "
            "digits it got right. Click a cell to see its test images."
        )
        self.cellClicked.connect(lambda row, column: self.cell_chosen.emit(row, column))
        self.confusion: NDArray[np.int64] | None = None

    def show_confusion(self, confusion: NDArray[np.int64], labels: tuple[str, ...]) -> None:
        """Show ``confusion[true, predicted]`` with shaded cells."""
        self.confusion = confusion
        k = confusion.shape[0]
        self.setRowCount(k)
        self.setColumnCount(k)
        self.setHorizontalHeaderLabels([f"→{label}" for label in labels])
        self.setVerticalHeaderLabels([f"{label}" for label in labels])
        rows = np.maximum(confusion.sum(axis=1, keepdims=True), 1)
        share = confusion / rows
        largest_mistake = max(float(np.max(share - np.diag(np.diag(share)))), 1e-9)
        for t in range(k):
            for p in range(k):
                count = int(confusion[t, p])
                item = QTableWidgetItem(f"{count:,}" if count else "·")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if t == p:
                    strength = float(share[t, p])
                    colour = QColor(0, 114, 178, int(40 + 170 * strength))
                else:
                    strength = float(share[t, p]) / largest_mistake
                    colour = QColor(213, 94, 0, int(200 * strength) if count else 0)
                item.setBackground(colour)
                if (t == p and strength > 0.6) or (t != p and strength > 0.6):
                    item.setForeground(QColor("#FFFFFF"))
                item.setToolTip(
                    f"{count:,} test images of a {labels[t]} answered {labels[p]} "
                    f"({float(share[t, p]):.1%} of the {labels[t]}s)"
                )
                self.setItem(t, p, item)
