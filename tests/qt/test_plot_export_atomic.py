"""The training plots' PNG exports are atomic like every other write: a save that fails
half-way (here: the file-size limit, as a full disk would) leaves the old picture whole."""

from __future__ import annotations

import contextlib
import resource
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from nnviz.qt.training.plots import TrainingPlots
from nnviz.session.training import TrainingModel

pytestmark = pytest.mark.hostile

OLD = b"the picture the user kept" * 40  # 1,000 bytes


@contextlib.contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Writes past ``limit`` bytes fail with EFBIG, as a full disk fails them with ENOSPC."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


@pytest.fixture
def plots(qtbot: QtBot) -> TrainingPlots:
    widget = TrainingPlots(TrainingModel())
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize(
    "export",
    [
        lambda plots, path: plots.export_png(path),
        lambda plots, path: plots.export_plot("loss", path),
    ],
    ids=["all plots", "one plot"],
)
def test_a_failed_plot_export_leaves_the_old_picture_whole(
    plots: TrainingPlots,
    tmp_path: Path,
    export: Callable[[TrainingPlots, Path], None],
) -> None:
    target = tmp_path / "training.png"
    target.write_bytes(OLD)
    with file_size_limit(4096), pytest.raises(OSError) as caught:
        export(plots, target)  # the PNG is larger than 4 KB
    assert target.read_bytes() == OLD  # 0.1 wrote straight to it: truncated
    assert [p.name for p in tmp_path.iterdir()] == ["training.png"]
    assert "training.png" in str(caught.value) and ".part" not in str(caught.value)
    export(plots, target)  # without the limit it is written
    assert target.read_bytes().startswith(b"\x89PNG")
