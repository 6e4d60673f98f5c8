"""The composition root: the ``nnviz`` entry point, and the one place a window is put together.

Sub-commands (``nnviz trace …``, ``nnviz snapshot …``) run without the window; ``trace``
never imports Qt (this module imports Qt only inside the functions that need it). Without a
sub-command the window opens (``nnviz FILE`` opens that session or weights file, ``nnviz
mnist`` a preset).

:func:`build_window` builds a window: the documents it shows (a
:class:`~nnviz.session.Workspace`), the window itself (a shell with room for panels, pages
and menus), and every feature, each given what it needs; then the action registry lays
out the menus. Nothing else creates features, and no feature writes onto the window.

The Qt binding is pinned before anything imports pyqtgraph or superqt: PySide6 is imported
first and named in QT_API and PYQTGRAPH_QT_LIB.
"""

from __future__ import annotations

import os
import sys
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nnviz.qt.main_window import MainWindow
    from nnviz.qt.preferences import Preferences
    from nnviz.session import Document

#: Every window built, while it lives (so that quitting stops their training processes).
_WINDOWS: weakref.WeakSet[MainWindow] = weakref.WeakSet()


def build_window(
    document: Document | None = None,
    preferences: Preferences | None = None,
    checkpoint_dir: Path | None = None,
) -> MainWindow:
    """Build a main window showing ``document`` (a new one on the feedforward example by
    default), with every feature installed; it is not shown yet.

    Parameters
    ----------
    document : Document, optional
    preferences : Preferences, optional
        Where theme, palette, geometry and recent files are kept (the user's by default;
        tests pass a throw-away file).
    checkpoint_dir : Path, optional
        Where training state is saved (the user's data folder by default).
    """
    from nnviz.qt.appearance import Appearance
    from nnviz.qt.application import create_application
    from nnviz.qt.chain_rule import ChainRule
    from nnviz.qt.compare import Compare
    from nnviz.qt.document_area import DocumentStack
    from nnviz.qt.editing import Editing
    from nnviz.qt.features import Features
    from nnviz.qt.files import Files
    from nnviz.qt.help import Help
    from nnviz.qt.main_window import MainWindow
    from nnviz.qt.network_panel import NetworkPanel
    from nnviz.qt.playground.feature import Playground
    from nnviz.qt.preferences import Preferences
    from nnviz.qt.presentation import Presentation
    from nnviz.qt.stepping import Stepping
    from nnviz.qt.stepping.quiz_session import QuizSession
    from nnviz.qt.toolbar import Toolbar
    from nnviz.qt.training.browse import DataBrowsing
    from nnviz.qt.training.feature import Training, default_checkpoint_dir
    from nnviz.qt.training.inside import Inside
    from nnviz.qt.training.robustness import Robustness
    from nnviz.qt.training.surgery import SurgeryFeature
    from nnviz.qt.viewing import Viewing
    from nnviz.session import Document, Workspace

    app = create_application()
    preferences = preferences if preferences is not None else Preferences()
    appearance = Appearance(preferences)
    appearance.apply()
    workspace = Workspace(document if document is not None else Document())
    window = MainWindow(workspace, preferences, appearance)
    # The window's look goes with it (its connections would otherwise keep it alive).
    appearance.setParent(window)
    files = Files(window)
    editing = Editing(window)
    viewing = Viewing(window)
    toolbar = Toolbar(window, files)
    network_panels = DocumentStack(window.area, lambda view: NetworkPanel(view.document))
    network_dock = window.add_panel(network_panels, "Network", "networkPanel")
    training = Training(
        window,
        files,
        checkpoint_dir if checkpoint_dir is not None else default_checkpoint_dir(),
        beside=network_dock,
    )
    inside = Inside(window, training)
    surgery = SurgeryFeature(window)
    robustness = Robustness(window)
    stepping = Stepping(window, beside=network_dock)
    presentation = Presentation(window, appearance)
    playground = Playground(window, files, beside=network_dock)
    help_ = Help(window)
    compare = Compare(window, files, training)
    chain_rule = ChainRule(window)
    QuizSession(files, stepping)  # kept alive by the session hooks it adds to files
    data_browsing = DataBrowsing(window, training)
    window.registry.build_menus(window.menuBar())
    window.features = Features(
        files,
        editing,
        viewing,
        toolbar,
        network_panels,
        network_dock,
        stepping,
        training,
        help_,
        presentation,
    )
    window.features.inside = inside
    window.features.compare = compare
    window.features.playground = playground
    window.features.chain_rule = chain_rule
    window.features.surgery = surgery
    window.features.robustness = robustness
    window.features.data_browsing = data_browsing
    window.restore_layout()
    _WINDOWS.add(window)
    if len(_WINDOWS) == 1:
        app.aboutToQuit.connect(_shut_down_training)
    return window


def _shut_down_training() -> None:
    """The application quits: every window's training processes stop."""
    for window in list(_WINDOWS):
        if window.features is not None:
            window.features.training.shutdown()


def launch_window(arguments: list[str]) -> int:
    """Open the main window with ``arguments`` (``[FILE]``); return the exit code."""
    os.environ.setdefault("QT_API", "pyside6")
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import PySide6  # noqa: F401  (before pyqtgraph, so that it picks this binding)

    from nnviz.core.presets import preset_names
    from nnviz.qt.application import create_application, window_parser

    args = window_parser().parse_args(list(arguments))
    app = create_application()
    if os.environ.get("NNVIZ_SMOKE_TEST"):
        _quit_once_shown()
    window = build_window()
    window.show()
    files = window.features.files if window.features is not None else None
    if args.source and files is not None:
        if args.source in preset_names():
            files.open_preset(args.source)
        else:
            files.open_path(args.source, ask=False)
    return int(app.exec())


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
        windows = [w for w in shown if isinstance(w, MainWindow) and w.features is not None]
        if os.environ.get("NNVIZ_SMOKE_TEST") != "training" or not windows:
            app.exit(status[0])
            return
        features = windows[0].features
        assert features is not None
        controller = features.training.controller
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
