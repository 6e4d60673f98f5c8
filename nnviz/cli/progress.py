"""A one-line progress bar for the terminal, redrawn at most ten times a second.

Small enough not to justify a dependency: it draws on standard error only when that is a
terminal, so piped or redirected output holds just the per-epoch lines.
"""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO


class ProgressBar:
    """Draw ``label [█████░░░░░] 52%  text`` in place on a terminal.

    Parameters
    ----------
    stream : file, optional
        Where to draw (standard error by default); nothing is drawn unless it is a tty.
    interval : float
        Smallest time between redraws, in seconds.
    """

    def __init__(self, stream: TextIO | None = None, interval: float = 0.1) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval
        self._last = 0.0
        self._shown = False

    def update(self, label: str, fraction: float, text: str = "", force: bool = False) -> None:
        """Redraw the bar at ``fraction`` (0 to 1), unless one was drawn very recently."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        columns = shutil.get_terminal_size((80, 24)).columns
        width = max(10, min(30, columns - len(label) - len(text) - 12))
        filled = round(width * min(max(fraction, 0.0), 1.0))
        bar = "█" * filled + "░" * (width - filled)
        line = f"{label} [{bar}] {fraction:4.0%}  {text}"[: columns - 1]
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Erase the bar so that a normal line can be printed in its place."""
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
