"""Qt-free, observable application state (psygnal signals), main thread only."""

from nnviz.session.session import Description, Session

__all__ = ["Description", "Session"]
