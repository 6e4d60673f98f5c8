"""``nnviz train --resume FILE`` on an interrupted run ends with the weights of the run that
was never interrupted; recipe options that would change the run are refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from nnviz.cli import run
from nnviz.core.training import EpochRecord, Trainer
from nnviz.core.weights_io import load_weights

RECIPE = ("--epochs", "4", "--seed", "2", "--batch-size", "32")


def _train(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["train", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


class InterruptedAfter:
    """A Trainer whose run is interrupted (Ctrl-C) once epoch ``epoch`` has been reported."""

    def __init__(self, epoch: int) -> None:
        self.epoch = epoch

    def __call__(self, *args: object, **kwargs: object) -> Trainer:
        trainer = Trainer(*args, **kwargs)  # type: ignore[arg-type]
        original = trainer.run
        stop_after = self.epoch

        def run() -> Iterator[object]:
            for record in original():
                yield record
                if isinstance(record, EpochRecord) and record.epoch == stop_after:
                    raise KeyboardInterrupt

        trainer.run = run  # type: ignore[method-assign,assignment]
        return trainer


@pytest.mark.parametrize(
    ("optimizer", "extra"),
    [
        ("sgd", ()),
        ("adam", ()),
        ("sgd", ("--validation", "10%")),
        (
            "sgd",
            (
                "--dropout",
                "0.2",
                "--augment-noise",
                "0.1",
                "--augment-rotation",
                "10",
                "--augment-shift",
                "1",
            ),
        ),
    ],
)
def test_an_interrupted_run_resumed_ends_with_the_uninterrupted_weights(
    tiny_mnist: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    optimizer: str,
    extra: tuple[str, ...],
) -> None:
    data = ("--data", str(tiny_mnist), "--optimizer", optimizer, *extra)
    whole = tmp_path / "whole.npz"
    assert _train(capsys, *data, *RECIPE, "--out", str(whole))[0] == 0

    cut = tmp_path / "cut.npz"
    with monkeypatch.context() as patch:
        patch.setattr("nnviz.cli.train.Trainer", InterruptedAfter(2))
        code, _, stderr = _train(capsys, *data, *RECIPE, "--out", str(cut))
    assert code == 130 and "continues the run exactly" in stderr
    saved = load_weights(cut)
    assert saved.meta["training"]["status"] == "interrupted"
    assert saved.meta["training"]["run"]["epoch"] == 2 and saved.run_arrays

    done = tmp_path / "done.npz"
    code, out, stderr = _train(capsys, *data, "--resume", str(cut), "--out", str(done))
    assert code == 0, stderr
    assert "continuing the interrupted run after epoch 2 of 4" in out
    assert "epoch 3/4" in out and "epoch 1/4" not in out
    a, b = load_weights(whole), load_weights(done)
    for x, y in zip(
        (*a.network.weights, *a.network.biases),
        (*b.network.weights, *b.network.biases),
        strict=True,
    ):
        np.testing.assert_array_equal(x, y)
    assert b.meta["training"]["epochs"] == 4 and b.meta["training"]["status"] == "completed"
    assert not b.run_arrays  # a completed run keeps no state to continue


def test_options_that_would_change_the_interrupted_run_are_refused(
    tiny_mnist: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cut = tmp_path / "cut.npz"
    with monkeypatch.context() as patch:
        patch.setattr("nnviz.cli.train.Trainer", InterruptedAfter(1))
        assert _train(capsys, "--data", str(tiny_mnist), *RECIPE, "--out", str(cut))[0] == 130
    before = cut.read_bytes()
    for option in (("--epochs", "9"), ("--lr", "0.5"), ("--seed", "7"), ("--dropout", "0.3")):
        code, _, stderr = _train(
            capsys, "--data", str(tiny_mnist), "--resume", str(cut), "--out", str(cut), *option
        )
        assert code != 0 and "refused for --resume" in stderr and option[0] in stderr
        assert stderr.count("\n") == 1
    assert cut.read_bytes() == before
    # The same values as the run's are fine (they change nothing).
    code, _, _ = _train(
        capsys, "--data", str(tiny_mnist), "--resume", str(cut), "--epochs", "4", "--seed", "2"
    )
    assert code == 0


def test_a_damaged_run_state_is_refused_in_one_line(
    tiny_mnist: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json
    import zipfile

    cut = tmp_path / "cut.npz"
    with monkeypatch.context() as patch:
        patch.setattr("nnviz.cli.train.Trainer", InterruptedAfter(1))
        assert _train(capsys, "--data", str(tiny_mnist), *RECIPE, "--out", str(cut))[0] == 130
    loaded = load_weights(cut)
    meta = json.loads(json.dumps(loaded.meta))
    meta["training"]["run"]["shuffle_state"] = "not a state"
    damaged = tmp_path / "damaged.npz"
    with zipfile.ZipFile(cut) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            if info.filename == "meta.npy":
                import io

                buffer = io.BytesIO()
                np.save(buffer, np.array(json.dumps(meta)))
                target.writestr(info, buffer.getvalue())
            else:
                target.writestr(info, source.read(info))
    code, _, stderr = _train(capsys, "--data", str(tiny_mnist), "--resume", str(damaged))
    assert code != 0 and "shuffling state" in stderr and stderr.count("\n") == 1
