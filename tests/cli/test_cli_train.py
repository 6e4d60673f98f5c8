"""``nnviz train``: training, files, refusals, resume, divergence and Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
from pathlib import Path

import numpy as np
import pytest
from nnviz_process import interruptible_nnviz

from nnviz.cli import run
from nnviz.core.mnist import FILES, load_dataset
from nnviz.core.network import Network
from nnviz.core.weights_io import load_weights, save_weights

ROOT = Path(__file__).resolve().parents[2]


def train(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["train", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_train_prints_epochs_and_saves_a_file_numpy_users_can_use(
    tiny_mnist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "digits.npz"
    code, stdout, stderr = train(
        capsys, "--data", str(tiny_mnist), "--epochs", "3", "--out", str(out)
    )
    assert code == 0, stderr
    assert "784-100-50-10 (relu, relu, softmax; cross_entropy)" in stdout
    assert "(640 training and 200 test images)" in stdout
    for epoch in (1, 2, 3):
        assert f"epoch {epoch}/3  train loss" in stdout
    assert "test accuracy" in stdout and f"saved the weights to {out}" in stdout

    # The README's recipe, with plain NumPy: load, then a @ W + b layer by layer.
    archive = np.load(out, allow_pickle=False)
    meta = json.loads(str(archive["meta"]))
    assert meta["layer_sizes"] == [784, 100, 50, 10]
    assert meta["training"]["status"] == "completed" and meta["training"]["epochs"] == 3
    assert meta["training"]["recipe"]["batch_size"] == 64
    assert meta["input_image_shape"] == [28, 28]
    test = load_dataset(tiny_mnist)
    a = test.test_images.reshape(200, -1) / 255.0
    for i, name in enumerate(meta["activations"], start=1):
        a = a @ archive[f"layer{i}/weight"] + archive[f"layer{i}/bias"]
        if name == "relu":
            a = np.maximum(a, 0)
    accuracy = float(np.mean(a.argmax(axis=1) == test.test_labels))
    assert accuracy == pytest.approx(meta["training"]["test_accuracy"])
    assert accuracy > 0.6
    assert load_weights(out).network.layer_sizes == (784, 100, 50, 10)


def test_other_shapes_and_json(
    tiny_mnist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "small.json"
    code, _, stderr = train(
        capsys,
        *("--data", str(tiny_mnist), "--epochs", "1", "--hidden", "32"),
        *("--activation", "tanh", "--optimizer", "adam", "--out", str(out)),
    )
    assert code == 0, stderr
    network = load_weights(out).network
    assert network.layer_sizes == (784, 32, 10)
    assert network.activations == ("tanh", "softmax")
    code, _, _ = train(
        capsys, "--data", str(tiny_mnist), "--epochs", "1", "--hidden", "--out", str(out)
    )
    assert code == 0
    assert load_weights(out).network.layer_sizes == (784, 10)


def test_the_same_seed_writes_the_same_weights(
    tiny_mnist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    networks = []
    for name, seed in (("a.npz", "5"), ("b.npz", "5"), ("c.npz", "6")):
        args = ("--data", str(tiny_mnist), "--epochs", "1", "--seed", seed)
        assert train(capsys, *args, "--out", str(tmp_path / name))[0] == 0
        networks.append(load_weights(tmp_path / name).network)
    assert networks[0] == networks[1]
    assert networks[0] != networks[2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--lr", "0"), "argument --lr: '0' must be greater than 0"),
        (("--lr", "-0.5"), "argument --lr: '-0.5' must be greater than 0"),
        (("--lr", "nan"), "is not a finite number"),
        (("--batch-size", "0"), "argument --batch-size: '0' must be at least 1"),
        (("--epochs", "abc"), "argument --epochs: 'abc' is not a whole number"),
        (("--hidden", "100", "0"), "argument --hidden: '0' must be at least 1"),
        (("--weight-decay", "-1"), "must be at least 0"),
        (("--momentum", "1.5"), "must be below 1"),
        (("--optimizer", "rmsprop"), "invalid choice"),
        (("--activation", "step"), "invalid choice"),
    ],
)
def test_bad_values_are_one_line_errors(
    args: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(["train", *args])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("nnviz train: error: ")
    assert message in err


def test_bad_out_is_refused_before_training(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for out, message in (
        (tmp_path / "x.onnx", "end in .npz or .json"),
        (tmp_path / "missing" / "x.npz", "does not exist"),
    ):
        code, stdout, stderr = train(capsys, "--out", str(out))
        assert code == 1 and message in stderr and stderr.count("\n") == 1
        assert stdout == ""  # refused before loading data or training


@pytest.mark.parametrize(
    ("damage", "name"),
    [
        ("missing", FILES["train_labels"]),
        ("truncated", FILES["train_images"]),
        ("corrupt", FILES["test_images"]),
    ],
)
def test_bad_data_is_a_one_line_error_naming_the_file(
    damaged_copy: Path, damage: str, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = damaged_copy / name
    if damage == "missing":
        path.unlink()
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        path.write_bytes(b"\x1f\x8b" + os.urandom(500))
    code, _, stderr = train(capsys, "--data", str(damaged_copy), "--epochs", "1")
    assert code == 1
    assert stderr.count("\n") == 1 and stderr.startswith("nnviz: error: ")
    assert name in stderr


def test_resume_refuses_a_mismatched_file_and_overwrites_nothing(
    tiny_mnist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "keep.npz"
    out.write_bytes(b"the user's file")
    other = tmp_path / "other.npz"
    save_weights(other, Network.initialised((784, 30, 10), ("relu", "softmax"), "cross_entropy"))
    wrong_input = tmp_path / "wrong.npz"
    save_weights(wrong_input, Network.initialised((10, 10), ("softmax",), "cross_entropy"))
    corrupt = tmp_path / "corrupt.npz"
    corrupt.write_bytes(b"PK\x03\x04 not really")
    cases = [
        ((str(other), "--hidden", "100", "50"), "its hidden layers are 30, not --hidden 100 50"),
        ((str(other), "--activation", "tanh"), "its hidden activations are relu, not tanh"),
        ((str(wrong_input),), "takes 10 inputs, the images have 784 pixels"),
        ((str(corrupt),), "corrupt.npz"),
    ]
    for args, message in cases:
        code, _, stderr = train(
            capsys, "--data", str(tiny_mnist), "--out", str(out), "--resume", *args
        )
        assert code == 1 and message in stderr and stderr.count("\n") == 1, stderr
        assert out.read_bytes() == b"the user's file"


def test_resume_continues_and_counts_epochs(
    tiny_mnist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first.npz", tmp_path / "second.npz"
    assert train(capsys, "--data", str(tiny_mnist), "--epochs", "2", "--out", str(first))[0] == 0
    code, _, _ = train(
        capsys,
        *("--data", str(tiny_mnist), "--epochs", "1", "--resume", str(first)),
        *("--out", str(second)),
    )
    assert code == 0
    meta = load_weights(second).meta["training"]
    assert meta["epochs"] == 3 and meta["resumed_from"] == "first.npz"
    assert load_weights(second).network != load_weights(first).network


def test_divergence_is_a_clear_error_and_keeps_the_last_good_weights(
    tiny_mnist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "diverged.npz"
    code, _, stderr = train(capsys, "--data", str(tiny_mnist), "--lr", "1000", "--out", str(out))
    assert code == 1
    assert "nnviz: error: training diverged at epoch 1" in stderr
    assert "Try a smaller learning rate" in stderr
    assert "saved the last good weights" in stderr
    loaded = load_weights(out)  # finite, or loading would refuse it
    assert loaded.meta["training"]["status"] == "diverged"


def test_ctrl_c_stops_cleanly_and_saves_the_last_completed_epoch(
    tiny_mnist: Path, tmp_path: Path
) -> None:
    out = tmp_path / "interrupted.npz"
    command = ["train", "--data", str(tiny_mnist), "--epochs", "100000", "--out", str(out)]
    process = interruptible_nnviz(*command)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if re.match(r"epoch +2/", line):
                break
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 130, stderr
    assert "nnviz: interrupted; saved epoch" in stderr
    assert "Traceback" not in stderr
    loaded = load_weights(out)
    training = loaded.meta["training"]
    assert training["status"] == "interrupted" and training["epochs"] >= 2
    assert f"saved epoch {training['epochs']} " in stderr
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_validation_split_is_reported_every_epoch(
    tiny_mnist: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["train", "--data", str(tiny_mnist), "--epochs", "2", "--validation", "0.25"])
    out = capsys.readouterr().out
    assert code == 0
    assert "held out for validation" in out
    lines = [line for line in out.splitlines() if line.startswith("epoch")]
    assert len(lines) == 2 and all("validation loss" in line for line in lines)


@pytest.mark.parametrize("value", ["ten", "1.5", "-3", "100%"])
def test_a_validation_split_that_is_not_one_is_refused_in_one_line(
    tiny_mnist: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    code = run(["train", "--data", str(tiny_mnist), "--epochs", "1", "--validation", value])
    err = capsys.readouterr().err
    assert code != 0 and "--validation" in err and err.count("\n") == 1


def test_dropout_and_augmentation_are_part_of_the_printed_recipe(
    tiny_mnist: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--dropout", "0.2", "--augment-rotation", "10", "--augment-noise", "0.05"]
    code = run(["train", "--data", str(tiny_mnist), "--epochs", "1", *args])
    out = capsys.readouterr().out
    assert code == 0 and "dropout 0.2, rotation ±10°, shift ±1 px, noise σ 0.05" in out


def test_images_are_moved_by_default_and_a_table_is_not(
    tiny_mnist: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "d.npz"
    assert run(["train", "--data", str(tiny_mnist), "--epochs", "1", "--out", str(out)]) == 0
    assert "(restart)" in (printed := capsys.readouterr().out) and "shift ±1 px" in printed
    assert load_weights(out).meta["training"]["recipe"]["augment_shift"] == 1
    run(["train", "--data", str(tiny_mnist), "--epochs", "1", "--augment-shift", "0"])
    assert "shift" not in capsys.readouterr().out
    assert run(["train", "--data", "spiral", "--epochs", "1"]) == 0
    assert "shift" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [("--dropout", "0.95"), ("--augment-rotation", "200"), ("--augment-shift", "1.5")],
)
def test_a_training_option_out_of_range_is_refused_in_one_line(
    tiny_mnist: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    code = run(["train", "--data", str(tiny_mnist), "--epochs", "1", *args])
    err = capsys.readouterr().err
    assert code != 0 and err.count("\n") == 1


def test_rotation_is_refused_for_data_that_are_not_images(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = run(["train", "--data", "spiral", "--epochs", "1", "--augment-rotation", "5"])
    err = capsys.readouterr().err
    assert code != 0 and "images" in err and err.count("\n") == 1
