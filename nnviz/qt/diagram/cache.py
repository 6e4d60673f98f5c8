"""Dropping an item's device-coordinate cache when what it draws is laid out anew."""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsItem


def renew_cache(item: QGraphicsItem) -> None:
    """Start ``item``'s cache afresh (nothing if it has none).

    ``update()`` after a new layout left parts of a ``DeviceCoordinateCache`` in place when
    the canvas had been resized: the first diagram of a comparison, or one above a newly
    opened dock, showed the old x1 and z3 boxes, and edges ending in empty space, beside the
    new ones. Setting the cache mode again drops the cache; the next paint fills it.
    """
    mode = item.cacheMode()
    if mode != QGraphicsItem.CacheMode.NoCache:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        item.setCacheMode(mode)
