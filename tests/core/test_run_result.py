"""The one rule for a run's result: a failed run never replaces a file the user keeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnviz.core.run_result import result_destination, save_run_result


@pytest.mark.parametrize("status", ["completed", "interrupted", "diverged"])
def test_nothing_there_means_the_file_asked_for(tmp_path: Path, status: str) -> None:
    place = result_destination(tmp_path / "w.npz", status)
    assert place.path == tmp_path / "w.npz" and place.kept is None


def test_a_completed_run_replaces_as_asked(tmp_path: Path) -> None:
    (tmp_path / "w.npz").write_bytes(b"old")
    assert result_destination(tmp_path / "w.npz", "completed").kept is None


@pytest.mark.hostile
@pytest.mark.parametrize("status", ["interrupted", "diverged"])
def test_a_failed_run_goes_beside_whatever_is_there(tmp_path: Path, status: str) -> None:
    kept = tmp_path / "important.npz"
    kept.write_bytes(b"the user's")
    written = []
    place = save_run_result(kept, status, lambda path: written.append(path))
    assert written == [tmp_path / f"important.{status}.npz"] == [place.path]
    assert place.kept == kept and kept.read_bytes() == b"the user's"
    (tmp_path / f"important.{status}.npz").write_bytes(b"an earlier failed run's")
    assert result_destination(kept, status).path == tmp_path / f"important.{status}-2.npz"
    assert "important.npz was kept (this run " + status in place.describe()


@pytest.mark.hostile
def test_a_dangling_link_counts_as_something_there(tmp_path: Path) -> None:
    (tmp_path / "w.json").symlink_to(tmp_path / "nowhere.json")
    assert result_destination(tmp_path / "w.json", "diverged").path.name == "w.diverged.json"
