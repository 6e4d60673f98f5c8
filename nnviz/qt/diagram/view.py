"""The diagram view: zoom, pan, fit, and the mouse turned into clicks, nudges and hovers.

The view knows nothing of weights or the session: it reports what was clicked, nudged
(scroll wheel or vertical drag over something editable) or hovered as a
:class:`~nnviz.qt.diagram.scene.Hit`, and asks a provider for tooltip text. Dragging the
background pans; the wheel over the background zooms (Ctrl + wheel always zooms).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QFrame, QGraphicsView, QToolTip, QWidget

from nnviz.qt.diagram.legend import LegendWidget
from nnviz.qt.diagram.scene import (
    LABEL_COLUMN_GAP,
    PRESENTING_COLUMN_GAP,
    DiagramScene,
    Hit,
)

MIN_ZOOM = 0.2
MAX_ZOOM = 12.0
#: Vertical drag distance (pixels) worth one nudge step.
DRAG_PIXELS_PER_STEP = 4.0
#: Mouse distance (pixels) within which an edge counts as under the mouse.
HIT_TOLERANCE = 5.0
#: Filling the screen (presentation mode), a diagram is laid out for a canvas of about this
#: size (a 1280×800 window's) and scaled up to the view, text and all.
FILL_REFERENCE = (860.0, 620.0)
#: Pixels between the legend and the view's edges (and the diagram above it).
LEGEND_MARGIN = 10
#: The smallest canvas a scaled-up diagram is laid out for (room for its labels).
MIN_CANVAS = (480.0, 340.0)


class DiagramView(QGraphicsView):
    """Shows a :class:`DiagramScene`.

    Signals
    -------
    clicked(object, QPoint)
        A left click (without dragging) on a Hit, or on nothing (None); viewport position.
    nudged(object, float, bool)
        The wheel or a drag asks to change a hit's number by ``steps`` increments
        (positive: up); the flag is true for fine steps (Shift held).
    nudge_finished(object)
        A drag that nudged ended (the wheel has no end: listeners time its gestures).
    context_requested(object, QPoint)
        Right click on a Hit or None, at a global position.
    hovered(object)
        The Hit under the mouse changed (None when over nothing).
    escape_pressed()
        Esc with the diagram focused (close editors, clear the selection).
    view_changed()
        Zoom, pan or layout changed (floating editors should close or follow).
    """

    clicked = Signal(object, QPoint)
    nudged = Signal(object, float, bool)
    nudge_finished = Signal(object)
    context_requested = Signal(object, QPoint)
    hovered = Signal(object)
    view_changed = Signal()
    escape_pressed = Signal()

    def __init__(self, scene: DiagramScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.diagram = scene
        self.tooltip_provider: Callable[[Hit], str] | None = None
        self.nudgeable: Callable[[Hit], bool] = lambda hit: False
        #: When true (large networks, where nearly every point is on some edge), the wheel
        #: and drags zoom and pan, and nudge only with Alt held.
        self.nudge_needs_alt = False
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(360, 260)
        self._fitted = True
        self._press: tuple[QPoint, Hit | None] | None = None
        self._drag: str | None = None
        self._drag_origin = QPoint()
        self._drag_steps = 0.0
        self._hover: Hit | None = None
        self._text_scale = 1.0
        self._fill = False
        self._reserved = 0
        self._relayout_timer = QTimer(self, singleShot=True, interval=60)
        self._relayout_timer.timeout.connect(self.fit)
        self.legend = LegendWidget(self)
        scene.redrawn.connect(self._follow_scene)

    # -- zoom and fit -------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        """Current zoom (1 = the diagram laid out for this window)."""
        return float(self.transform().m11()) / self.fit_scale

    @property
    def text_scale(self) -> float:
        """How much larger than 100 % the diagram's text (and everything) is drawn."""
        return self._text_scale

    def set_text_scale(self, scale: float, fill: bool = False) -> None:
        """Draw the diagram ``scale`` times larger (the text-size setting); with ``fill``
        (presentation mode) also scale it up to fill a view larger than a laptop's."""
        scale = min(max(float(scale), 0.5), 4.0)
        if (scale, fill) != (self._text_scale, self._fill):
            self._text_scale = scale
            self._fill = fill
            self.fit()

    @property
    def fit_scale(self) -> float:
        """The scale Fit shows the diagram at: the text size, times the screen's fill
        factor in presentation mode, never so large that the canvas gets too small."""
        size = self.viewport().size()
        width, height = max(size.width(), 1), max(size.height(), 1)
        scale = self._text_scale
        if self._fill:
            scale *= max(1.0, min(width / FILL_REFERENCE[0], height / FILL_REFERENCE[1]))
        gap = PRESENTING_COLUMN_GAP if self._fill else LABEL_COLUMN_GAP
        narrowest = max(MIN_CANVAS[0], self.diagram.comfortable_width(gap))
        largest = min(width / narrowest, height / MIN_CANVAS[1])
        return max(min(scale, largest), min(1.0, scale))

    @property
    def fitted(self) -> bool:
        """Whether the view shows the whole diagram laid out for its size."""
        return self._fitted

    def fit(self) -> None:
        """Lay the diagram out for the view's size and show all of it, at the text size
        (100 % unless the user chose larger text or presents)."""
        size = self.viewport().size()
        scale = self.fit_scale
        self.legend.set_scale(self._text_scale if not self._fill else scale)
        # The legend gets a strip of its own below the diagram: it never covers a node.
        reserve = 0.0 if self.legend.isHidden() else self.legend.height() + 2 * LEGEND_MARGIN
        height = max(size.height() - reserve, size.height() * 0.6)
        reserve = size.height() - height
        self._reserved = self.legend.height()
        self.resetTransform()
        self.scale(scale, scale)
        self.diagram.set_canvas_size(size.width() / scale, height / scale)
        canvas = self.diagram.canvas_rect()
        self.setSceneRect(
            canvas.adjusted(
                -canvas.width() / 2, -canvas.height() / 2, canvas.width() / 2, canvas.height() / 2
            )
        )
        self.centerOn(canvas.center() + QPointF(0, reserve / 2 / scale))
        self._place_legend()
        self._fitted = True
        self.view_changed.emit()

    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        """Zoom by ``factor`` keeping the scene point under ``anchor`` (viewport) in place."""
        target = min(max(self.zoom * factor, MIN_ZOOM), MAX_ZOOM)
        factor = target / self.zoom
        if abs(factor - 1.0) < 1e-9:
            return
        anchor = self.viewport().rect().center() if anchor is None else anchor
        before = self.mapToScene(anchor)
        self.scale(factor, factor)
        after = self.mapToScene(anchor)
        centre = self.mapToScene(self.viewport().rect().center())
        self.centerOn(centre - (after - before))
        self._fitted = False
        self.view_changed.emit()

    def zoom_in(self) -> None:
        """Zoom in one step around the centre."""
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        """Zoom out one step around the centre."""
        self.zoom_by(0.8)

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the view's content by ``(dx, dy)`` viewport pixels."""
        self.horizontalScrollBar().setValue(int(self.horizontalScrollBar().value() - dx))
        self.verticalScrollBar().setValue(int(self.verticalScrollBar().value() - dy))
        self._fitted = False
        self.view_changed.emit()

    def hit_at(self, pos: QPoint) -> Hit | None:
        """The Hit under viewport position ``pos``."""
        tolerance = HIT_TOLERANCE / max(float(self.transform().m11()), 1e-6)
        return self.diagram.hit_test(self.mapToScene(pos), tolerance)

    def viewport_pos(self, scene_pos: QPointF) -> QPoint:
        """A scene point in viewport coordinates."""
        return self.mapFromScene(scene_pos)

    # -- events -----------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the legend in its corner and re-fit a fitted diagram."""
        super().resizeEvent(event)
        self._place_legend()
        if self._fitted:
            self._relayout_timer.start()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Nudge what is under the mouse, or zoom."""
        pos = event.position().toPoint()
        delta = event.angleDelta().y() or event.angleDelta().x()
        hit = self.hit_at(pos)
        control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if hit is not None and not control and self._may_nudge(hit, event.modifiers()):
            fine = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.nudged.emit(hit, delta / 120.0, fine)
        else:
            self.zoom_by(1.0015**delta, pos)
        event.accept()

    def _may_nudge(self, hit: Hit, modifiers: Qt.KeyboardModifier) -> bool:
        alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
        return self.nudgeable(hit) and (alt or not self.nudge_needs_alt)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Remember where a click or drag starts."""
        self.setFocus()
        pos = event.position().toPoint()
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = (pos, self.hit_at(pos))
            self._drag = None
            self._drag_origin = pos
            self._drag_steps = 0.0
        elif event.button() == Qt.MouseButton.MiddleButton:
            self._press = (pos, None)
            self._drag = "pan"
            self._drag_origin = pos
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Pan, nudge by dragging, or report hovering."""
        pos = event.position().toPoint()
        if self._press is not None:
            start, hit = self._press
            if self._drag is None:
                moved = (pos - start).manhattanLength()
                if moved >= QApplication.startDragDistance():
                    may_nudge = hit is not None and self._may_nudge(hit, event.modifiers())
                    self._drag = "nudge" if may_nudge else "pan"
                    self._drag_origin = start
            if self._drag == "pan":
                delta = pos - self._drag_origin
                self._drag_origin = pos
                self.pan_by(delta.x(), delta.y())
            elif self._drag == "nudge" and hit is not None:
                steps = (start.y() - pos.y()) / DRAG_PIXELS_PER_STEP
                whole = float(int(steps))
                if whole != self._drag_steps:
                    fine = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                    self.nudged.emit(hit, whole - self._drag_steps, fine)
                    self._drag_steps = whole
            event.accept()
            return
        hit = self.hit_at(pos)
        if hit != self._hover:
            self._hover = hit
            self.hovered.emit(hit)
            cursor = Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor
            self.viewport().setCursor(cursor)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Finish a click, a pan or a nudge."""
        if self._press is not None:
            start, hit = self._press
            if self._drag is None and event.button() == Qt.MouseButton.LeftButton:
                self.clicked.emit(hit, start)
            elif self._drag == "nudge":
                self.nudge_finished.emit(hit)
        self._press = None
        self._drag = None
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Treat a double click as a click (the editor is already open after the first)."""
        self.mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc clears; other keys go to the view (arrow keys pan)."""
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Ask for the context menu of what is under the mouse."""
        self.context_requested.emit(self.hit_at(event.pos()), event.globalPos())
        event.accept()

    def leaveEvent(self, event: QEvent) -> None:
        """Nothing is hovered once the mouse leaves."""
        if self._hover is not None:
            self._hover = None
            self.hovered.emit(None)
        super().leaveEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        """Show the exact numbers of what is under the mouse as a tooltip."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._show_tooltip(event.pos(), event.globalPos())
            return True
        return super().viewportEvent(event)

    @property
    def hovered_hit(self) -> Hit | None:
        """The Hit under the mouse."""
        return self._hover

    def refresh_tooltip(self) -> None:
        """Rewrite a visible tooltip after the numbers changed (tooltips stay current)."""
        if QToolTip.isVisible():
            local = self.viewport().mapFromGlobal(self.cursor().pos())
            self._show_tooltip(local, self.cursor().pos())

    def _show_tooltip(self, local: QPoint, global_pos: QPoint) -> None:
        hit = self.hit_at(local)
        text = self.tooltip_provider(hit) if hit is not None and self.tooltip_provider else ""
        if text:
            QToolTip.showText(global_pos, text, self.viewport())
        else:
            QToolTip.hideText()

    def _place_legend(self) -> None:
        size = self.legend.size()
        self.legend.move(LEGEND_MARGIN, self.height() - size.height() - LEGEND_MARGIN)

    def _follow_scene(self) -> None:
        self.legend.show_info(self.diagram.legend_info(), self.diagram.diagram_style)
        self._place_legend()
        if self._fitted and (
            self.legend.height() != self._reserved
            or abs(self.fit_scale - float(self.transform().m11())) > 1e-6
        ):
            # The legend's strip has another height now, or another network wants
            # another scale (room for its labels): fit again, soon.
            self._relayout_timer.start()
        self.refresh_tooltip()
