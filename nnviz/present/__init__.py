"""Qt-free view-models: what the diagram, the step-through, tooltips and plots show.

Each module turns a document (or its parts: a trace, a step list, a training history) into
plain data a view paints as it is: positions, labels, colours, texts, arrays. Nothing here
imports Qt, so all of it is tested without a display; :mod:`nnviz.qt` only paints it and
forwards input.
"""
