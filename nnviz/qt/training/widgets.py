"""Small helpers for the analysis pages' widgets."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject

Named = TypeVar("Named", bound=QObject)


def named(widget: Named, name: str) -> Named:
    """``widget`` with its object name set (tests and style sheets find it by that)."""
    widget.setObjectName(name)
    return widget
