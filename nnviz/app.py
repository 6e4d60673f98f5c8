"""Composition root: the ``nnviz`` entry point.

Sub-commands (``nnviz trace …``, ``nnviz snapshot …``) run without the window; ``trace``
never imports Qt. Without a sub-command the window opens (``nnviz FILE`` opens that session
or weights file, ``nnviz mnist`` a preset). The Qt binding is pinned here, before anything
imports pyqtgraph or superqt: PySide6 is imported first and named in QT_API and
PYQTGRAPH_QT_LIB.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def launch_window(arguments: list[str]) -> int:
    """Open the main window with ``arguments`` (``[FILE]``); return the exit code."""
    os.environ.setdefault("QT_API", "pyside6")
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import PySide6  # noqa: F401  (before pyqtgraph, so that it picks this binding)

    from nnviz.qt.application import launch_window as launch

    if os.environ.get("NNVIZ_SMOKE_TEST"):
        _quit_once_shown()
    return launch(arguments)


def _quit_once_shown() -> None:
    """With NNVIZ_SMOKE_TEST set, quit as soon as the event loop runs with the window shown.

    The packaging script uses this to prove a built program opens its window, and
    bench/startup.py to time the launch; it prints when and which window was shown. With
    NNVIZ_SMOKE_TEST=training it then also trains one batch in the training process (a
    spawned child, the part a frozen build most easily gets wrong) before quitting. A
    message box that comes up (``nnviz hostile.npz``: the file is refused) is printed to
    standard error and closed, and the exit code is then 1, instead of waiting forever on a
    question nobody answers.
    """
    import time

    from PySide6.QtCore import QThread, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from nnviz.qt.application import create_application
    from nnviz.qt.main_window import MainWindow

    app = create_application()
    deadline = time.monotonic() + 60
    status = [0]
    # Whether the application's own event loop runs yet: a message box shown while the
    # window opens its file runs a loop of its own first, and exit() from there would end
    # that loop only (app.exec() would then wait forever).
    main_loop = [False]
    run_main_loop = QApplication.exec

    def exec_main_loop() -> int:
        main_loop[0] = True
        return int(run_main_loop())

    QApplication.exec = staticmethod(exec_main_loop)  # type: ignore[method-assign]

    def report() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            # A message box is up (a refused file): nobody is there to answer it. Say what
            # it says and close it.
            text = modal.text() if isinstance(modal, QMessageBox) else ""
            print(f"nnviz: {modal.windowTitle()}: {text}", file=sys.stderr, flush=True)
            status[0] = 1
            modal.close()
        thread = QThread.currentThread()
        nested = thread is not None and thread.loopLevel() > 1
        if modal is not None or not main_loop[0] or nested:
            QTimer.singleShot(0, report)  # report from the main event loop
            return
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        titles = "; ".join(w.windowTitle() for w in shown)
        print(f"nnviz: window shown at {time.time():.3f}: {titles}", flush=True)
        windows = [w for w in shown if isinstance(w, MainWindow)]
        if os.environ.get("NNVIZ_SMOKE_TEST") != "training" or not windows:
            app.exit(status[0])
            return
        controller = windows[0].training.controller
        controller.step_batch()

        def wait_for_a_batch() -> None:
            if controller.model.progress.step >= 1:
                print("nnviz: the training process trained a batch", flush=True)
                app.exit(0)
            elif time.monotonic() > deadline:
                print("nnviz: the training process trained nothing in 60 s", flush=True)
                app.exit(1)
            else:
                QTimer.singleShot(100, wait_for_a_batch)

        wait_for_a_batch()

    # A zero-delay timer fires once the event loop has started, after the window's first
    # show and paint events have been delivered. The timers end the program with exit(),
    # not quit(): quit() closes the windows first, which asks about unsaved changes (or
    # waits behind a message box) with no one there to answer.
    QTimer.singleShot(0, report)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``nnviz`` with ``argv`` (default: the process arguments); return the exit code."""
    from nnviz.cli import run

    return run(sys.argv[1:] if argv is None else argv, launch_window=launch_window)


if __name__ == "__main__":
    sys.exit(main())
