"""Shows the stepper's state on the diagram: hidden values, highlights, notes, motion.

While stepping is on, the diagram's content filter hides what is not revealed and the
overlay highlights the current step (or the one the quiz asks about). Stepping forward by
one animates: the values of the new step travel along their edges (or an update's weights
move from old to new) and its number appears on arrival. Any other move shows its state at
once, so that what is shown depends only on the cursor.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from nnviz.core.network import Network
from nnviz.core.steps import Step
from nnviz.present.diagram.content import DiagramContent, DiagramOverlay, content_from_document
from nnviz.present.stepping.display import revealed_content, step_overlay
from nnviz.qt.binding import follow
from nnviz.qt.document_view import DocumentView
from nnviz.qt.stepping.animation import Animation, TravellingValues
from nnviz.qt.stepping.travel import step_moves
from nnviz.session.reveal import reveal
from nnviz.session.stepper import Stepper

#: Update steps whose weights glide from old to new (whole layers change too little to see,
#: and re-ranking 83,900 edges every frame is not worth it).
TWEENED = ("weight_update", "bias_update")


class StepPresenter(QObject):
    """Binds a document's :class:`Stepper` to its diagram.

    Signals
    -------
    shown()
        The diagram shows a new state (after an animation, at its end).
    """

    shown = Signal()

    def __init__(self, view: DocumentView, stepper: Stepper) -> None:
        super().__init__(view)
        self.view = view.view
        self.stepper = stepper
        self.document = view.document
        self.diagram = view.diagram
        self.scene = view.scene
        self.traveller = TravellingValues()
        self.scene.addItem(self.traveller)
        self.animation = Animation(self)
        #: Animate single steps forward (off: every step shows at once, as in tests).
        self.animated = True
        #: How long an animation takes (the player sets it from the speed).
        self.duration_ms = 500
        self._display_cursor = 0
        self._last_cursor = 0
        self._tween: tuple[Step, float] | None = None
        self._full: DiagramContent | None = None
        self._glide: tuple[Network, float] | None = None
        follow(self, stepper.active_changed, self._active_changed)
        follow(self, stepper.cursor_changed, self._cursor_changed)
        follow(self, stepper.steps_changed, self._steps_changed)
        follow(self, stepper.question_changed, self._question_changed)

    # -- what is shown ----------------------------------------------------------------------

    @property
    def display_cursor(self) -> int:
        """The cursor whose values the diagram shows (behind ``stepper.cursor`` while a
        step's values are still travelling)."""
        return self._display_cursor

    def content_filter(self, full: DiagramContent) -> DiagramContent:
        """The diagram's content filter: ``full`` with what is not revealed hidden."""
        self._full = full
        stepper = self.stepper
        steps = stepper.steps
        if full.layer_sizes != self.document.network.layer_sizes:  # pragma: no cover
            return full  # a stale call while the session changes shape
        if self._display_cursor == stepper.cursor:
            revealed = stepper.revealed()
        else:
            revealed = reveal(steps, self._display_cursor, full.layer_sizes)
        content = revealed_content(full, revealed, stepper.after_update, self._tween)
        if self._glide is not None:
            old, t = self._glide
            content = content.replace(
                weights=tuple(
                    a + (b - a) * t for a, b in zip(old.weights, content.weights, strict=True)
                ),
                biases=tuple(
                    a + (b - a) * t for a, b in zip(old.biases, content.biases, strict=True)
                ),
            )
        return content

    def overlay(self) -> DiagramOverlay:
        """The overlay for the state shown now."""
        stepper = self.stepper
        question = stepper.question
        shown = question or (
            stepper.steps[self._display_cursor]
            if self._display_cursor < stepper.cursor
            else stepper.current
        )
        full = self._full if self._full is not None else content_from_document(self.document)
        backward = self.document.backward
        return step_overlay(
            stepper.steps,
            self._display_cursor,
            shown,
            full,
            None if backward is None else backward.deltas,
            question=question is not None,
        )

    def show_now(self) -> None:
        """Show the stepper's state at once (any animation is dropped)."""
        self.animation.cancel()
        self.traveller.set_moves([], self.scene.diagram_style)
        self._tween = None
        self._glide = None
        self._display_cursor = self.stepper.cursor
        self._last_cursor = self.stepper.cursor
        self._apply()

    def finish(self) -> None:
        """Let a running animation arrive now."""
        self.animation.finish()

    def _apply(self) -> None:
        self.diagram.refresh()
        self.diagram.set_overlay(self.overlay())
        self.shown.emit()

    # -- stepper signals --------------------------------------------------------------------

    def _active_changed(self, on: bool) -> None:
        if on:
            self.diagram.content_filter = self.content_filter
            self.show_now()
            return
        self.animation.cancel()
        self.traveller.set_moves([], self.scene.diagram_style)
        self._tween = None
        self._glide = None
        self.diagram.set_overlay(DiagramOverlay())
        self.diagram.set_content_filter(None)
        self.shown.emit()

    def _cursor_changed(self, cursor: int) -> None:
        previous = self._last_cursor
        self._last_cursor = cursor
        if self.animated and cursor == previous + 1 and self.stepper.question is None:
            self._animate(self.stepper.steps[cursor - 1], previous)
        else:
            self.show_now()

    def _steps_changed(self) -> None:
        self.show_now()

    def _question_changed(self, *_: object) -> None:
        if self.stepper.active and not self.animation.running:
            self.show_now()

    def glide_from(self, old: Network) -> None:
        """Move every weight on the diagram from ``old``'s to the session's (an update was
        applied). Small networks only: a large one's weights change too little to see."""
        layout = self.scene.layout
        if (
            not self.animated
            or layout is None
            or not layout.detailed
            or old.layer_sizes != self.document.network.layer_sizes
        ):
            return

        def frame(t: float) -> None:
            self._glide = (old, t)
            self.diagram.refresh()

        def done() -> None:
            self._glide = None
            self.diagram.refresh()

        self.animation.play(self.duration_ms, frame, done)

    # -- animation --------------------------------------------------------------------------

    def _animate(self, step: Step, previous: int) -> None:
        self.animation.finish()
        moves = step_moves(step, self.scene, self.document.forward, self.document.backward)
        tween = step.kind in TWEENED and step.neuron is not None
        if not moves and not tween:
            self.show_now()
            return
        self._display_cursor = previous
        if tween:
            self._tween = (step, 0.0)
        self._apply()
        self.traveller.set_moves(moves, self.scene.diagram_style)

        def frame(t: float) -> None:
            self.traveller.set_progress(t)
            if tween:
                self._tween = (step, t)
                self.diagram.refresh()

        def done() -> None:
            self.traveller.set_moves([], self.scene.diagram_style)
            self._tween = None
            self._display_cursor = self.stepper.cursor
            self._apply()

        self.animation.play(self.duration_ms, frame, done)
