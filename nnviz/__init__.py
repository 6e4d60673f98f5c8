"""nnviz: see inside a neural network and play with it."""

__version__ = "0.1.0"
