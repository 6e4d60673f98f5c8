"""The network diagram: layout, items, scene and view (see :mod:`.scene` for the API)."""
