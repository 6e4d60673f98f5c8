"""Helpers of the training views: thinning curves, and background jobs."""

from __future__ import annotations

import threading

import numpy as np
from pytestqt.qtbot import QtBot

from nnviz.present.training.decimation import envelope, thinned
from nnviz.qt.training.background import LatestJob


def test_the_envelope_keeps_every_spike() -> None:
    x = np.arange(10_000, dtype=np.float64)
    y = np.sin(x / 300)
    y[4321] = 50.0  # one exploding batch
    y[777] = -50.0
    dx, dy = envelope(x, y, 400)
    assert len(dx) <= 402 and np.all(np.diff(dx) >= 0)
    assert dy.max() == 50.0 and dy.min() == -50.0
    short_x, short_y = envelope(x[:100], y[:100], 400)  # short: unchanged
    assert np.array_equal(short_x, x[:100]) and np.array_equal(short_y, y[:100])


def test_thinning_keeps_the_last_point() -> None:
    x = np.arange(1001, dtype=np.float64)
    tx, ty = thinned(x, x * 2, 100)
    assert len(tx) <= 102 and tx[-1] == 1000 and ty[-1] == 2000


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
