"""The Step panel's sections for the phase at hand: the loss, the update, the digit, and the
notice that explains gradients of 0 or a value that is not finite.

They scroll if the window is short (the panel's controls, current step and history always
show); which of them shows follows the stepper's phase and what it has revealed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from nnviz.core.diagnosis import explain_zero_gradients
from nnviz.core.nonfinite import explain_non_finite
from nnviz.core.notation import unbroken
from nnviz.qt.stepping.digit import DigitSection
from nnviz.qt.stepping.fitting import FittingScrollArea
from nnviz.qt.stepping.sections import GradientNotice, LossSection, UpdateSection
from nnviz.session import Document
from nnviz.session.stepper import Stepper

__all__ = ["PhaseSections"]


class PhaseSections(FittingScrollArea):
    """The sections of the phase at hand, in a scroll area as tall as they are.

    Parameters
    ----------
    document : Document
        The document stepped through.
    stepper : Stepper
        Its stepper, whose phase and revealed values the sections follow.
    """

    def __init__(self, document: Document, stepper: Stepper) -> None:
        super().__init__()
        self.document = document
        self.stepper = stepper
        body = QWidget()
        sections = QVBoxLayout(body)
        sections.setContentsMargins(0, 0, 0, 0)
        sections.setSpacing(6)
        self.notice = GradientNotice()
        self.notice.hide()
        sections.addWidget(self.notice)
        self.loss = LossSection(document)
        self.update_section = UpdateSection(document)
        self.digit = DigitSection(document)
        for section in (self.loss, self.update_section, self.digit):
            sections.addWidget(section)
        self.setWidget(body)

    def refresh(self, active: bool, phase: str | None) -> None:
        """Show the sections of ``phase`` (None: not stepping) and the notice that applies.

        Parameters
        ----------
        active : bool
            Whether the document is being stepped through.
        phase : str or None
            The phase at hand (``"loss"``, ``"backward"``, ``"update"``, ...).
        """
        stepper = self.stepper
        session = self.document
        revealed = stepper.revealed() if active else None
        backward = session.backward
        no_target = session.target is None
        self.loss.setVisible(active and (phase == "loss" or no_target))
        loss_shown = (
            backward.loss
            if backward is not None and revealed is not None and revealed.loss
            else None
        )
        self.loss.refresh(loss_shown)
        reason = None if backward is None else explain_zero_gradients(backward)
        # Once a delta has been shown (never while the quiz waits for one: it would give
        # the answer away).
        delta_shown = revealed is not None and any(mask.any() for mask in revealed.deltas)
        # An ∞ or NaN is explained once the step that first shows one has been revealed.
        problem = explain_non_finite(session.forward, backward)
        first_bad = (
            next((i for i, step in enumerate(stepper.steps) if not step.finite), None)
            if active and problem is not None
            else None
        )
        if (
            problem is not None
            and first_bad is not None
            and stepper.cursor > first_bad
            and stepper.question is None
        ):
            text = unbroken(problem.explanation)
            self.notice.show_reason(problem.title, f"{text}.", False)
        elif (
            active
            and reason is not None
            and phase in ("backward", "update")
            and delta_shown
            and stepper.question is None
        ):
            title = "Why is every gradient 0?" if reason.all_zero else "Why are some gradients 0?"
            self.notice.show_reason(title, reason.explanation, bool(reason.step_layers))
        else:
            self.notice.hide()
        self.update_section.setVisible(active and phase == "update")
        new_loss = None
        if revealed is not None and revealed.new_loss:
            new_loss = next((s.value for s in stepper.steps if s.kind == "new_loss"), None)
        self.update_section.refresh(
            None if backward is None else backward.loss, new_loss, stepper.update_history
        )
        is_image = session.description.input_image_shape == (28, 28)
        self.digit.setVisible(is_image)
        if is_image:
            shown = revealed is None or bool(revealed.activations[-1].all())
            self.digit.refresh(shown)
