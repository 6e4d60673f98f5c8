"""Every exported format reads back; anything else is refused in one line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nnviz.core.export import export_network
from nnviz.core.presets import load_preset
from nnviz.core.weights_import import extra_installed, load_any_weights
from nnviz.core.weights_io import WeightsFileError


@pytest.mark.parametrize("suffix", [".npz", ".json", ".onnx", ".safetensors"])
def test_exports_read_back(tmp_path: Path, suffix: str) -> None:
    if suffix in (".onnx", ".safetensors") and not extra_installed():
        pytest.skip("the export extra is not installed")
    network = load_preset("xor").network.with_activation(1, "tanh")
    path = tmp_path / f"w{suffix}"
    export_network(path, network, {"title": "mine"})
    loaded = load_any_weights(path)
    assert loaded.network.activations == ("tanh", "sigmoid")
    assert loaded.meta["title"] == "mine"
    for a, b in zip(loaded.network.weights, network.weights, strict=True):
        assert np.allclose(a, b, atol=1e-6)


def test_foreign_or_broken_files_are_refused(tmp_path: Path) -> None:
    pytest.importorskip("onnx")
    pytest.importorskip("safetensors")
    from safetensors.numpy import save_file

    foreign = tmp_path / "foreign.safetensors"
    save_file({"fc.weight": np.zeros((2, 2), np.float32)}, str(foreign))
    with pytest.raises(WeightsFileError, match="foreign.safetensors: unexpected key 'fc.weight'"):
        load_any_weights(foreign)
    for name in ("broken.onnx", "broken.safetensors"):
        (tmp_path / name).write_bytes(b"\x00garbage")
        with pytest.raises(WeightsFileError, match=name):
            load_any_weights(tmp_path / name)
    with pytest.raises(WeightsFileError, match="reads weights from"):
        load_any_weights(tmp_path / "weights.txt")
    with pytest.raises(WeightsFileError, match="cannot be read"):
        load_any_weights(tmp_path / "missing.onnx")
