"""The PySide6 + pyqtgraph layer: windows, panels, canvas items and workers."""
