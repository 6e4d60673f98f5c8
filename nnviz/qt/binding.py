"""Widgets listening to documents, for exactly as long as the widgets live.

A document (and its stepper and training model) can outlive the widgets that show it: a
window closes while a test still holds its document, a second document view is taken away.
A psygnal signal keeps calling whatever was connected to it, so a widget that subscribed
would be called after Qt deleted it (or kept alive by the document, a leak). Every Qt
object that listens to a Qt-free signal therefore connects through :func:`follow`, which
disconnects when the object is destroyed; :class:`Following` does the same for
connections that move from one document to another (the active one).

:func:`later` calls a slot once, soon, unless its owner is destroyed first. (PySide's own
``QTimer.singleShot(ms, context, callable)`` keeps the callable, and what it holds, alive
for good when the context is destroyed before the timer fires: a window closed before its
event loop ran was never freed.)
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

Slot = Callable[..., object]


def _cut(signal: Any, slot: Slot) -> None:
    with contextlib.suppress(ValueError, RuntimeError):
        signal.disconnect(slot)


def follow(owner: QObject, signal: Any, slot: Slot, **options: Any) -> None:
    """Connect psygnal ``signal`` to ``slot`` until ``owner`` is destroyed.

    Parameters
    ----------
    owner : QObject
        The object ``slot`` belongs to (usually the widget itself).
    signal : psygnal.SignalInstance
    slot : callable
    **options
        Passed to ``signal.connect`` (``priority=``).
    """
    signal.connect(slot, **options)
    owner.destroyed.connect(lambda *_: _cut(signal, slot))


class Following:
    """Connections of one owner to whichever document it shows now.

    Parameters
    ----------
    owner : QObject
        When it is destroyed, every connection is cut.
    """

    def __init__(self, owner: QObject) -> None:
        self._links: list[tuple[Any, Slot]] = []
        owner.destroyed.connect(lambda *_: self.clear())

    def link(self, signal: Any, slot: Slot) -> None:
        """Connect ``signal`` to ``slot`` (until :meth:`clear`)."""
        signal.connect(slot)
        self._links.append((signal, slot))

    def clear(self) -> None:
        """Cut every connection made by :meth:`link`."""
        links, self._links = self._links, []
        for signal, slot in links:
            _cut(signal, slot)


def later(owner: QObject, slot: Slot, msec: int = 0) -> None:
    """Call ``slot()`` after ``msec`` milliseconds, unless ``owner`` is destroyed first."""
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.timeout.connect(slot)
    timer.timeout.connect(timer.deleteLater)
    timer.start(msec)
