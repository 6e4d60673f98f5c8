"""Composition root: the ``nnviz`` entry point.

Sub-commands (``nnviz trace …``) run without importing Qt. Without a sub-command the
window opens; until the window exists, ``nnviz`` prints help.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``nnviz`` with ``argv`` (default: the process arguments); return the exit code."""
    from nnviz.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
