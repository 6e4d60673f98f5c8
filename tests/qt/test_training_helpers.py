"""Helpers of the training views: background jobs."""

from __future__ import annotations

import threading

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
