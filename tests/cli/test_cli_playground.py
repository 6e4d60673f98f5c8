"""``nnviz train --data`` on the playground's built-in sets and CSV files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nnviz.cli import run
from nnviz.core.data.coding import Standardisation
from nnviz.core.weights_io import load_weights


def train(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["train", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_default_recipe_learns_the_spiral(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "spiral.npz"
    code, stdout, _ = train(
        capsys, "--data", "spiral", "--hidden", "8", "8", "--activation", "tanh", "--out", str(out)
    )
    assert code == 0
    assert "training 2-8-8-2 (tanh, tanh, softmax; cross_entropy) on spiral" in stdout
    last = next(line for line in stdout.splitlines() if line.startswith("test accuracy"))
    assert float(last.split()[2].rstrip("%,")) >= 95
    loaded = load_weights(out)
    assert loaded.meta["output_labels"] == ["blue", "orange"]
    assert loaded.meta["input_labels"] == ["x1", "x2"]


def test_two_classes_on_one_sigmoid_output_give_a_file_trace_and_evaluate_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "xor.npz"
    args = ["--data", "xor", "--hidden", "4", "--loss", "binary_cross_entropy"]
    code, _, _ = train(capsys, *args, "--epochs", "5", "--out", str(out))
    assert code == 0
    assert load_weights(out).network.output_size == 1
    # The file wrote two class names for its one output, and both refused it.
    assert run(["evaluate", str(out), "--data", "xor"]) == 0
    assert run(["trace", str(out), "--input", "1", "1"]) == 0
    assert "output_labels" not in capsys.readouterr().err


def test_regression_prints_the_test_loss_and_no_accuracy(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, stdout, _ = train(capsys, "--data", "line", "--hidden", "--epochs", "30")
    assert code == 0
    assert "training 1-1 (identity; mse) on line" in stdout
    epochs = [line for line in stdout.splitlines() if line.startswith("epoch")]
    assert len(epochs) == 30 and "accuracy" not in epochs[-1]
    assert float(epochs[-1].split("test loss")[1].split()[0]) < 0.2


def test_a_csv_file_trains_with_its_standardisation_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(150, 3)) * [1, 100, 10000]
    label = np.where(x[:, 0] + x[:, 1] / 100 > 0, "yes", "no")
    path = tmp_path / "table.csv"
    path.write_text(
        "a,b,c,answer\n"
        + "".join(f"{r[0]},{r[1]},{r[2]},{y}\n" for r, y in zip(x, label, strict=False))
    )
    out = tmp_path / "w.npz"
    code, stdout, _ = train(capsys, "--data", str(path), "--target", "answer", "--out", str(out))
    assert code == 0
    last = next(line for line in stdout.splitlines() if line.startswith("test accuracy"))
    assert float(last.split()[2].rstrip("%,")) >= 90
    meta = load_weights(out).meta
    standardisation = Standardisation.from_json(meta["standardisation"])
    assert standardisation.scale[2] > 1000 and meta["output_labels"] == ["no", "yes"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--data", "nothing-of-that-name"), "no such folder or file, and no built-in set"),
        (("--data", "line", "--loss", "cross_entropy"), "real-valued targets; use mse"),
        (("--data", "sine", "--features", "x2"), "needs two inputs"),
    ],
)
def test_bad_data_options_are_one_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, _, stderr = train(capsys, *args)
    assert code != 0 and message in stderr and stderr.count("\n") == 1, stderr


def test_evaluate_and_trace_apply_the_files_standardisation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(120, 2)) * [1, 1000]
    label = np.where(x[:, 0] + x[:, 1] / 1000 > 0, "yes", "no")
    path = tmp_path / "t.csv"
    path.write_text(
        "a,b,label\n" + "".join(f"{r[0]},{r[1]},{y}\n" for r, y in zip(x, label, strict=True))
    )
    out = tmp_path / "t.npz"
    assert train(capsys, "--data", str(path), "--out", str(out))[0] == 0
    assert run(["evaluate", str(out), "--data", str(path), "--json"]) == 0
    result = __import__("json").loads(capsys.readouterr().out)
    assert result["accuracy"] >= 0.9 and result["n_examples"] == 24
    meta = load_weights(out).meta
    mean, scale = (np.array(meta["standardisation"][k]) for k in ("mean", "scale"))
    assert run(["trace", str(out), "--input", "1", "1000", "--json"]) == 0
    traced = __import__("json").loads(capsys.readouterr().out)
    assert np.allclose(traced["activations"][0], (np.array([1, 1000]) - mean) / scale)


def test_snapshot_draws_the_boundary_with_the_points(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weights = tmp_path / "moons.npz"
    assert train(capsys, "--data", "moons", "--epochs", "5", "--out", str(weights))[0] == 0
    picture = tmp_path / "moons.png"
    args = ["snapshot", str(weights), str(picture), "--boundary", "--data", "moons"]
    assert run([*args, "--size", "640x480"]) == 0
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "640×480" in capsys.readouterr().out
    assert (
        run(["snapshot", str(weights), str(tmp_path / "x.png"), "--boundary", "--data", "sine"])
        == 1
    )
    assert "takes 2 inputs, sine has 1 feature" in capsys.readouterr().err
