"""Helpers of the training views: background jobs."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from nnviz.qt.training.background import LatestJob


def test_latest_job_runs_one_at_a_time_and_only_the_newest_waiting(qtbot: QtBot) -> None:
    jobs = LatestJob()
    gate = threading.Event()
    ran: list[int] = []
    done: list[object] = []
    jobs.done.connect(done.append)

    def job(n: int) -> object:
        def run() -> int:
            if n == 1:
                gate.wait(5)
            ran.append(n)
            return n

        return run

    jobs.submit(job(1))
    jobs.submit(job(2))
    jobs.submit(job(3))  # replaces 2, which never runs
    assert jobs.busy
    gate.set()
    qtbot.waitUntil(lambda: not jobs.busy, timeout=5000)
    assert ran == [1, 3] and done == [1, 3]


def test_waiting_at_the_end_still_runs_the_newest_job() -> None:
    jobs = LatestJob()
    gate = threading.Event()
    ran: list[str] = []
    jobs.submit(lambda: (gate.wait(5), ran.append("first")))
    jobs.submit(lambda: ran.append("newest"))
    threading.Timer(0.05, gate.set).start()
    assert jobs.wait(5)
    assert ran == ["first", "newest"]


def test_stop_forgets_the_waiting_job_and_delivers_nothing(qtbot: QtBot) -> None:
    jobs = LatestJob()
    gate = threading.Event()
    ran: list[str] = []
    done: list[object] = []
    jobs.done.connect(done.append)
    jobs.submit(lambda: (gate.wait(5), ran.append("running"))[1])
    jobs.submit(lambda: ran.append("waiting"))
    threading.Timer(0.05, gate.set).start()
    assert jobs.stop(5)
    assert not jobs.busy
    # The worker's threads have ended: whatever they queued for the GUI thread is in the
    # event queue now, and delivered here (a condition cannot say "nothing arrives").
    QCoreApplication.processEvents()
    assert ran == ["running"] and done == []
    jobs.submit(lambda: ran.append("later"))  # a page's timer, as the window goes
    assert not jobs.busy and ran == ["running"]


# A window whose Evaluation page is still evaluating when the process exits: the page's
# worker must have ended with the window (it printed "Signal source has been deleted").
CLOSE_WHILE_EVALUATING = """
import os, tempfile, time
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import nnviz.qt
from PySide6.QtCore import QSettings
from nnviz.app import build_window
from nnviz.qt.application import create_application
from nnviz.qt.preferences import Preferences
app = create_application()
folder = Path(tempfile.mkdtemp())
settings = QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)
window = build_window(preferences=Preferences(settings), checkpoint_dir=folder / "t")
window.show()
page = window.features.training.active.evaluation
page.job.submit(lambda: time.sleep(0.4))
app.processEvents()
window.close()
# A refresh timer of the page fires while the window goes (the event loop still runs).
page.job.submit(lambda: time.sleep(0.4))
app.processEvents()
print("closed")
"""


def test_a_window_closed_during_an_evaluation_exits_cleanly() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", CLOSE_WHILE_EVALUATING],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "closed" in result.stdout, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
