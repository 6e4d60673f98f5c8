"""``nnviz trace`` as teachers and scripts use it, and its errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnviz.app import main
from nnviz.core.presets import load_preset
from nnviz.core.weights_io import save_weights


def test_steps_print_the_lecture_arithmetic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "feedforward", "--steps"]) == 0
    out = capsys.readouterr().out
    assert "node 3: w13·x1 + w23·x2 = (2)(1) + (−3)(2) = −4" in out
    assert "z3 = step(−4) = 0" in out
    assert "z4 = step(9) = 1" in out
    assert "node 5: w35·z3 + w45·z4 = (2)(0) + (−1)(1) = −1" in out
    assert "z5 = step(−1) = 0" in out
    for heading in ("FORWARD", "LOSS", "BACKWARD", "UPDATE"):
        assert heading in out


def test_json_has_the_documented_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "xor", "--input", "1", "1", "--target", "0", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [len(a) for a in document["activations"]] == [2, 2, 1]
    assert [len(z) for z in document["weighted_sums"]] == [2, 1]
    assert document["activations"][0] == [1.0, 1.0]
    assert document["output"][0] < 0.01  # 1 XOR 1 = 0
    assert np.array(document["weight_gradients"][0]).shape == (2, 2)
    assert np.array(document["weight_gradients"][1]).shape == (2, 1)
    assert [len(b) for b in document["bias_gradients"]] == [2, 1]
    assert [len(d) for d in document["deltas"]] == [2, 1]
    assert document["loss"] > 0


def test_json_without_target_has_no_backward_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "perceptron", "--input", "1", "4", "-2", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert "loss" in document  # the preset has a target
    assert document["weighted_sums"] == [[6.0]] and document["output"] == [36.0]


def test_loss_option_changes_the_loss(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "softmax", "--loss", "cross_entropy", "--json"]) == 0
    assert round(json.loads(capsys.readouterr().out)["loss"], 3) == 1.083


def test_weights_file_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ff.npz"
    save_weights(path, load_preset("feedforward").network)
    assert main(["trace", str(path), "--input", "1", "2", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["weighted_sums"] == [[-4.0, 9.0], [-1.0]]
    assert "loss" not in document


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["trace", "nonexistent"], "no such file, and no preset"),
        (["trace", "xor", "--input", "1"], "takes 2 inputs"),
        (["trace", "xor", "--target", "1", "2"], "has 1 outputs"),
    ],
)
def test_errors_are_one_line(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(arguments) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and err.startswith("nnviz: error: ")


def test_hostile_file_exits_non_zero_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "evil.npz"
    hostile = np.empty(1, dtype=object)
    hostile[0] = {"x": 1}
    np.savez(path, meta=hostile)
    result = subprocess.run(
        [sys.executable, "-m", "nnviz", "trace", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        result.stderr.strip()
        == "nnviz: error: evil.npz: 'meta' is an object array (a pickle); nnviz never loads those"
    )


@pytest.mark.parametrize("value", ["abc", "nan", "1e400"])
def test_non_numbers_are_refused(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["trace", "xor", "--input", "1", value])
    assert caught.value.code == 2
    assert "is not a" in capsys.readouterr().err


def test_version_and_module_entry_point() -> None:
    from nnviz import __version__

    result = subprocess.run(
        [sys.executable, "-m", "nnviz", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"nnviz {__version__}"


def test_json_steps_name_each_quantity_and_formula(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "feedforward", "--steps", "--json"]) == 0
    steps = json.loads(capsys.readouterr().out)
    first = steps[0]
    assert (first["quantity"], first["formula"], first["value"]) == ("v3", "w13·x1 + w23·x2", -4.0)


@pytest.mark.hostile
def test_infinity_and_nan_are_printed_and_explained_once(tmp_path: Path) -> None:
    from nnviz.core.presets import load_preset
    from nnviz.core.weights_io import save_weights

    network = load_preset("feedforward").network.with_weight(1, 0, 0, 1e308)
    path = tmp_path / "nan.json"
    save_weights(path, network.with_weight(1, 1, 0, -1e308), {"input": [10, 10], "target": [1]})
    note = (
        "note: v3 is NaN (not a number): w13·x1 = 1e308 × 10 overflowed to ∞ and w23·x2 = "
        "−1e308 × 10 to −∞, and ∞ − ∞ has no value"
    )
    result = _nnviz("trace", str(path))
    assert result.returncode == 0 and result.stderr == ""  # no RuntimeWarning
    lines = result.stdout.splitlines()
    assert "  weighted sums v = (NaN, 50)" in lines and "loss (mse) C = NaN" in lines
    assert lines[-1] == note and result.stdout.count("note:") == 1
    steps = _nnviz("trace", str(path), "--steps")
    assert steps.stderr == "" and "z3 = step(NaN) = NaN" in steps.stdout
    assert steps.stdout.splitlines()[-1] == note
    as_json = _nnviz("trace", str(path), "--json")
    assert as_json.stderr == ""

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    document = json.loads(as_json.stdout, parse_constant=refuse)
    assert document["weighted_sums"][0] == ["NaN", 50.0] and document["loss"] == "NaN"
    assert document["non_finite"]["quantity"] == "v3"
    assert float(document["weighted_sums"][0][0]) != float(document["weighted_sums"][0][0])


def _nnviz(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command, so that anything printed to the terminal is seen."""
    return subprocess.run(
        [sys.executable, "-m", "nnviz", *args],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )
