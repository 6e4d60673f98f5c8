"""Thinning curves for the live plots (Qt-free)."""

from __future__ import annotations

import numpy as np

from nnviz.present.training.decimation import envelope, thinned


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
