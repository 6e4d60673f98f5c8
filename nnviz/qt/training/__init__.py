"""Live training in the window: the Training panel and page, the Evaluation page.

:func:`~nnviz.qt.training.feature.install_training` puts it all into a main window.
"""
