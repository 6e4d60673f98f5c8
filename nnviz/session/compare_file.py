"""A comparison in a session file: the second document under its own key, ``compare``.

The first document is the session file's own keys, unchanged; the second is::

    "compare": {"document": {"network": ..., "inputs": ..., "target": ...,
                             "learning_rate": ..., "description": ..., "view": ...},
                "linked": true, "lockstep": true}

``document`` holds exactly what a session file holds for its document (without ``format``
and ``version``) and is read by the same checks. A file without ``compare`` is a session
of one document, as before.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from nnviz.session.session_file import (
    FORMAT_NAME,
    FORMAT_VERSION,
    SessionDocument,
    SessionFileError,
    parse_session,
    read_session_key,
    session_payload,
)

COMPARE_KEY = "compare"


@dataclass(frozen=True)
class SavedComparison:
    """The second document of a session file and how the two were compared."""

    document: SessionDocument
    linked: bool = True
    lockstep: bool = True


def comparison_payload(saved: SavedComparison) -> dict[str, Any]:
    """The ``compare`` object of a session file."""
    document = {
        key: value
        for key, value in session_payload(saved.document).items()
        if key not in ("format", "version")
    }
    return {"document": document, "linked": saved.linked, "lockstep": saved.lockstep}


def parse_comparison(payload: Any) -> SavedComparison:
    """Validate a ``compare`` object.

    Raises
    ------
    SessionFileError
        Naming the problem (not the file).
    """
    if not isinstance(payload, dict):
        raise SessionFileError("'compare' must be an object")
    document = payload.get("document")
    if not isinstance(document, dict):
        raise SessionFileError("'compare.document' must be an object")
    flags = {}
    for key in ("linked", "lockstep"):
        value = payload.get(key, True)
        if not isinstance(value, bool):
            raise SessionFileError(f"'compare.{key}' must be true or false")
        flags[key] = value
    try:
        second = parse_session({**document, "format": FORMAT_NAME, "version": FORMAT_VERSION})
    except SessionFileError as error:
        raise SessionFileError(f"compare.document: {error}") from None
    return SavedComparison(second, flags["linked"], flags["lockstep"])


def read_comparison(path: str | os.PathLike[str]) -> SavedComparison | None:
    """Read the comparison a session file keeps, or None if it keeps none.

    Raises
    ------
    SessionFileError
        One line naming the file and the problem.
    """
    return read_session_key(path, COMPARE_KEY, parse_comparison)
