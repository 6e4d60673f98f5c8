"""``nnviz evaluate --robustness``: the Robustness page's curves, the same numbers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nnviz.cli import run
from nnviz.core.data import DataSet
from nnviz.core.mnist import load_dataset
from nnviz.core.weights_io import load_weights
from nnviz.present.training.robustness import KEYS, robustness_curves


@pytest.fixture(scope="module")
def trained(tiny_mnist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("trained") / "digits.npz"
    assert run(["train", "--data", str(tiny_mnist), "--epochs", "2", "--out", str(out)]) == 0
    return out


def test_the_json_curves_are_the_windows_function(
    trained: Path, tiny_mnist: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    args = ["evaluate", str(trained), "--data", str(tiny_mnist), "--json", "--robustness"]
    assert run([*args, "--robustness-seed", "2"]) == 0
    found = json.loads(capsys.readouterr().out)["robustness"]
    assert found["seed"] == 2 and set(found) == {"seed", *KEYS}
    data = DataSet.from_mnist(load_dataset(tiny_mnist))
    window = robustness_curves(load_weights(trained).network, data, seed=2)
    for curve in window:
        entry = found[curve.disturbance.key]
        assert entry["levels"] == list(curve.disturbance.levels)
        np.testing.assert_allclose(entry["accuracy"], curve.accuracy, atol=1e-6)
        per_class = np.array(entry["per_class_accuracy"], dtype=float)
        np.testing.assert_allclose(per_class, curve.per_class, atol=1e-6)
    # Seeded: the same again; the text form prints one line per disturbance.
    assert run([*args, "--robustness-seed", "2"]) == 0
    assert json.loads(capsys.readouterr().out)["robustness"] == found
    assert run(["evaluate", str(trained), "--data", str(tiny_mnist), "--robustness"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-5] == "robustness (test accuracy; seed 0)"
    assert lines[-3].startswith("  rotation (degrees, either way): 0: ")


def test_bad_robustness_options_are_refused_in_one_line(
    trained: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    for args, message in (
        (["--robustness", "--robustness-seed", "-1"], "--robustness-seed must be 0 or more"),
        (["--robustness", "--data", "xor"], "--robustness needs image data"),
        (["--robustness-seed", "3"], "--robustness-seed goes with --robustness"),
    ):
        source = "xor" if "xor" in args else str(trained)
        assert run(["evaluate", source, *args]) != 0
        err = capsys.readouterr().err.strip()
        assert message in err and "\n" not in err, err
