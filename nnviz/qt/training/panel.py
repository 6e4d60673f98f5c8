"""The Training panel: the buttons, where the run is, what went wrong, and the recipe.

Start, Pause/Resume, Stop, Step one batch, Step one epoch and Reset; the speed control
(1 batch/s … full speed); a line and a bar saying where the run is (epoch, batch, images
per second); the numbers always on show (test accuracy, batch loss, epoch, batch); a
message line (divergence, a refusal, how the run ended); and one field per
hyperparameter of the engine. The recipe
is locked while a run is active, except the learning rate, which can be changed at any
time: it is the document's η (the same the Network panel shows), edited as any number is.
One panel per document (the window shows the active document's).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.training import TrainingConfig
from nnviz.present.training.status import progress_permille, status_text
from nnviz.qt.binding import follow
from nnviz.qt.training.controller import TrainingController
from nnviz.qt.training.fields import (
    ADAM_LEARNING_RATE,
    AUGMENT_FIELDS,
    FIELD_LABELS,
    recipe_fields,
)
from nnviz.qt.training.run_view import PaceControl, RunNumbers
from nnviz.session.training import IDLE, PAUSED, RUNNING, STARTING, STOPPING

#: The status line and bar are rewritten at most this often (seconds).
STATUS_INTERVAL = 0.25


class TrainingPanel(QScrollArea):
    """The Training panel (see the module docstring).

    Parameters
    ----------
    controller : TrainingController
    reset : callable
        What Reset does (the window puts the starting weights back in the session).
    """

    def __init__(self, controller: TrainingController, reset: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("trainingPanel")
        self.controller = controller
        self.model = controller.model
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(270)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 8, 10, 8)

        icon = QStyle.StandardPixmap
        specs = (
            ("Start", icon.SP_MediaPlay, controller.start,
             "Train the network on screen with this recipe (after a run, train it further: "
             "the curves continue)"),
            ("Pause", icon.SP_MediaPause, controller.pause_or_resume,
             "Pause after the current batch; Resume carries on"),
            ("Stop", icon.SP_MediaStop, controller.stop,
             "End the run after the current batch; its weights stay"),
            ("Step batch", icon.SP_MediaSkipForward, controller.step_batch,
             "Train exactly one batch, then pause"),
            ("Step epoch", icon.SP_MediaSeekForward, controller.step_epoch,
             "Train to the end of this epoch, test, then pause"),
            ("Reset", icon.SP_BrowserReload, reset,
             "Stop, clear the curves and put back the weights training began from: Start "
             "then repeats the same run (same seed, same initial weights)"),
        )  # fmt: skip
        made = [self._button(text, pixmap, tip, slot) for text, pixmap, slot, tip in specs]
        (self.start_button, self.pause_button, self.stop_button, self.step_batch_button,
         self.step_epoch_button, self.reset_button) = made  # fmt: skip
        buttons = QGridLayout()
        buttons.setSpacing(4)
        for i, button in enumerate(made):
            buttons.addWidget(button, i // 3, i % 3)
        layout.addLayout(buttons)
        self.pace = PaceControl(self.model)
        layout.addWidget(self.pace)

        self.status_label = QLabel()
        self.status_label.setObjectName("trainingStatus")
        self.status_label.setWordWrap(True)
        # Two lines always, so that the recipe below does not jump as the text grows.
        self.status_label.setMinimumHeight(2 * self.fontMetrics().lineSpacing() + 2)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setMaximumHeight(8)
        self.message_label = QLabel()
        self.message_label.setObjectName("trainingMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.numbers = RunNumbers(self.model)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.numbers)
        layout.addWidget(self.message_label)
        self.message_label.setVisible(False)

        self.notice = QFrame()  # filled by the window (e.g. a training state to restore)
        self.notice.setObjectName("trainingNotice")
        self.notice.setVisible(False)
        self.notice_layout = QVBoxLayout(self.notice)
        self.notice_layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.notice)

        heading = QLabel("<b>Recipe</b>")
        layout.addWidget(heading)
        self.fields = recipe_fields()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, widget in self.fields.widgets().items():
            label = QLabel(FIELD_LABELS[name])
            label.setToolTip(widget.toolTip())
            form.addRow(label, widget)
        layout.addLayout(form)
        layout.addStretch(1)

        self._show_config(self.model.config)
        self._connect_fields()
        self._last_status = 0.0
        # A change that came too soon is shown when the interval is over (the last one
        # always is).
        self._status_timer = QTimer(self, singleShot=True)
        self._status_timer.timeout.connect(self._progress_changed)
        follow(self, self.model.status_changed, self._status_changed)
        follow(self, self.model.epoch_ended, self._show_progress)
        follow(self, self.model.progress_changed, self._progress_changed)
        follow(self, self.model.config_changed, self._show_config)
        follow(self, self.model.message_changed, self._show_message)
        follow(self, self.model.data_ready, self._show_progress)
        follow(self, self.controller.document.network_changed, self._update_buttons)
        follow(self, self.controller.document.data_changed, self._data_changed)
        follow(self, self.controller.document.learning_rate_changed, self._show_learning_rate)
        self._status_changed(self.model.status)

    def _button(
        self, text: str, pixmap: QStyle.StandardPixmap, tip: str, slot: Callable[[], object]
    ) -> QPushButton:
        button = QPushButton(self.style().standardIcon(pixmap), text)
        button.setToolTip(tip)
        button.setObjectName(f"training{text.replace(' ', '')}")
        button.clicked.connect(lambda _=False: slot())
        return button

    # -- the recipe ---------------------------------------------------------------------------

    def _connect_fields(self) -> None:
        f = self.fields
        f.learning_rate.valueChanged.connect(self._learning_rate_changed)
        for name in ("momentum", "weight_decay", "divergence_factor", *AUGMENT_FIELDS):
            getattr(f, name).valueChanged.connect(
                lambda value, n=name: self._set(**{n: float(value)})
            )
        for name in ("batch_size", "epochs", "seed", "stats_every", "histogram_bins",
                     "blas_threads", "validation"):  # fmt: skip
            getattr(f, name).valueChanged.connect(
                lambda value, n=name: self._set(**{n: int(value)})
            )
        f.shuffle.toggled.connect(lambda on: self._set(shuffle=bool(on)))
        f.schedule.activated.connect(lambda i: self._set(schedule=f.schedule.itemData(i)))
        f.optimizer.activated.connect(self._optimizer_chosen)
        f.train_limit.valueChanged.connect(self._train_limit_changed)

    def _set(self, **changes: object) -> None:
        try:
            self.model.set_config(**changes)
        except ValueError as error:
            self._show_message(str(error), error=True)
            self._show_config(self.model.config)

    def _learning_rate_changed(self, value: float) -> None:
        try:
            self.controller.document.edits.set_learning_rate(float(value))
        except ValueError as error:
            self._show_message(str(error), error=True)
            self._show_learning_rate(self.controller.document.learning_rate)

    def _show_learning_rate(self, value: float) -> None:
        box = self.fields.learning_rate
        if box.value() != value:
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)

    def _optimizer_chosen(self, index: int) -> None:
        name = self.fields.optimizer.itemData(index)
        rate = self.controller.document.learning_rate
        self._set(optimizer=name)
        # Each optimiser has its usual step size: switch it along, unless it was changed.
        if name == "adam" and rate == TrainingConfig().learning_rate:
            self._learning_rate_changed(ADAM_LEARNING_RATE)
        elif name == "sgd" and rate == ADAM_LEARNING_RATE:
            self._learning_rate_changed(TrainingConfig().learning_rate)

    def _train_limit_changed(self, value: int) -> None:
        data = self.model.data
        total = data.n_train if data is not None else None
        self.model.set_train_limit(None if total is not None and value >= total else int(value))

    def _show_config(self, config: TrainingConfig) -> None:
        f = self.fields
        numbers: list[tuple[QDoubleSpinBox | QSpinBox, float]] = [
            (f.learning_rate, self.controller.document.learning_rate),
            (f.momentum, config.momentum),
            (f.weight_decay, config.weight_decay),
            (f.divergence_factor, config.divergence_factor),
            (f.batch_size, config.batch_size),
            (f.epochs, config.epochs),
            (f.seed, config.seed),
            (f.stats_every, config.stats_every),
            (f.histogram_bins, config.histogram_bins),
            (f.blas_threads, config.blas_threads or 1),
            (f.validation, config.validation),
            *((getattr(f, name), getattr(config, name)) for name in AUGMENT_FIELDS),
        ]
        for widget, value in numbers:
            if widget.value() != value:
                widget.blockSignals(True)
                if isinstance(widget, QSpinBox):
                    widget.setValue(int(value))
                else:
                    widget.setValue(float(value))
                widget.blockSignals(False)
        f.shuffle.blockSignals(True)
        f.shuffle.setChecked(config.shuffle)
        f.shuffle.blockSignals(False)
        for box, name in ((f.schedule, config.schedule), (f.optimizer, config.optimizer)):
            box.setCurrentIndex(max(box.findData(name), 0))
        f.momentum.setEnabled(config.optimizer == "sgd" and not self.model.active)
        self._show_train_limit()

    def _show_train_limit(self) -> None:
        data = self.model.data
        total = data.n_train if data is not None else 60_000
        box = self.fields.train_limit
        box.blockSignals(True)
        box.setMaximum(total)
        limit = self.model.train_limit
        box.setValue(total if limit is None else min(limit, total))
        box.blockSignals(False)

    # -- state --------------------------------------------------------------------------------

    def _status_changed(self, status: str) -> None:
        active = self.model.active
        for name, widget in self.fields.widgets().items():
            if name != "learning_rate":
                widget.setEnabled(not active)
        self.fields.momentum.setEnabled(not active and self.model.config.optimizer == "sgd")
        self._update_buttons()
        self._show_progress()

    def _data_changed(self, *_: object) -> None:
        self._update_buttons()
        self._show_progress()
        self._show_train_limit()

    def _update_buttons(self, *_: object) -> None:
        status = self.model.status
        trainable = not self.controller.refusal()
        self.start_button.setEnabled(status == IDLE and trainable)
        self.pause_button.setEnabled(status in (RUNNING, PAUSED))
        self.pause_button.setText("Resume" if status == PAUSED else "Pause")
        icon = (
            QStyle.StandardPixmap.SP_MediaPlay
            if status == PAUSED
            else QStyle.StandardPixmap.SP_MediaPause
        )
        self.pause_button.setIcon(self.style().standardIcon(icon))
        self.stop_button.setEnabled(status in (STARTING, RUNNING, PAUSED))
        stepping = (status in (IDLE, PAUSED, RUNNING)) and (trainable or status != IDLE)
        self.step_batch_button.setEnabled(stepping)
        self.step_epoch_button.setEnabled(stepping)
        self.reset_button.setEnabled(
            status != STOPPING and (self.model.active or not self.model.history.empty)
        )
        if status == IDLE and not trainable:
            self.status_label.setText(self.controller.refusal())

    def _progress_changed(self) -> None:
        now = time.perf_counter()
        wait = self._last_status + STATUS_INTERVAL - now
        if wait <= 0:
            self._last_status = now
            self._show_progress()
        elif not self._status_timer.isActive():
            self._status_timer.start(max(1, round(wait * 1000)))

    def _show_progress(self, *_: object) -> None:
        refusal = self.controller.refusal() if self.model.status == IDLE else ""
        self.status_label.setText(status_text(self.model, refusal))
        # In thousandths, so that the bar repaints only when it visibly moves.
        value = 0 if refusal else progress_permille(self.model)
        if self.progress_bar.value() != value:
            self.progress_bar.setValue(value)
        self.numbers.refresh()
        if not refusal:
            self._update_buttons_reset_only()

    def _update_buttons_reset_only(self) -> None:
        status = self.model.status
        self.reset_button.setEnabled(
            status != STOPPING and (self.model.active or not self.model.history.empty)
        )

    def _show_message(self, text: str, error: bool | None = None) -> None:
        if error is None:
            error = "diverged" in text or "cannot" in text or "failed" in text or "needs" in text
        self.message_label.setText(text)
        self.message_label.setProperty("error", bool(error))
        colour = "palette(bright-text)" if error else "palette(window-text)"
        self.message_label.setStyleSheet(f"QLabel {{ color: {colour}; }}")
        self.message_label.setVisible(bool(text))

    def set_notice(self, widget: QWidget | None) -> None:
        """Show ``widget`` under the status (a training state to restore), or nothing."""
        while self.notice_layout.count():
            item = self.notice_layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        if widget is not None:
            self.notice_layout.addWidget(widget)
        self.notice.setVisible(widget is not None)
