"""NumPy-only core: networks, activations, losses, traces, steps, data and file formats.

Nothing here imports Qt, psygnal or threads, or prints: every number nnviz shows is
computed and tested here.
"""
