"""Qt-free, observable application state (psygnal signals), main thread only."""

from nnviz.session.session import Session
from nnviz.session.state import Description, SessionState
from nnviz.session.view import ViewSettings

__all__ = ["Description", "Session", "SessionState", "ViewSettings"]
