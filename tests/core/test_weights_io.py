"""Weights files: round trips, and every kind of bad file refused in one line."""

from __future__ import annotations

import io
import json
import os
import pickle
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest

from nnviz.core.fileio import atomic_write
from nnviz.core.network import Network
from nnviz.core.presets import load_preset
from nnviz.core.weights_io import WeightsFileError, load_weights, save_weights


@pytest.fixture
def network() -> Network:
    rng = np.random.default_rng(0)
    return Network(
        (3, 4, 2),
        (rng.normal(size=(3, 4)), rng.normal(size=(4, 2))),
        (rng.normal(size=4), rng.normal(size=2)),
        ("tanh", "softmax"),
        "cross_entropy",
    )


@pytest.mark.parametrize("suffix", [".npz", ".json"])
def test_round_trip_is_exact(tmp_path: Path, network: Network, suffix: str) -> None:
    path = tmp_path / f"w{suffix}"
    save_weights(path, network, {"title": "mine", "epochs": 3})
    loaded = load_weights(path)
    assert loaded.network == network
    assert loaded.meta["title"] == "mine" and loaded.meta["epochs"] == 3
    assert loaded.meta["format"] == "nnviz" and loaded.meta["version"] == 1


def test_npz_layout_is_the_documented_one(tmp_path: Path, network: Network) -> None:
    path = tmp_path / "w.npz"
    save_weights(path, network)
    with np.load(path, allow_pickle=False) as archive:
        assert sorted(archive.files) == [
            "layer1/bias", "layer1/weight", "layer2/bias", "layer2/weight", "meta",
        ]  # fmt: skip
        assert archive["layer1/weight"].shape == (3, 4)
        assert archive["meta"].shape == ()
        meta = json.loads(str(archive["meta"]))
    assert meta == {
        "format": "nnviz",
        "version": 1,
        "layer_sizes": [3, 4, 2],
        "activations": ["tanh", "softmax"],
        "loss": "cross_entropy",
    }


def test_float32_files_load(tmp_path: Path, network: Network) -> None:
    path = tmp_path / "w.npz"
    save_weights(path, network, dtype=np.float32)
    loaded = load_weights(path).network
    np.testing.assert_allclose(loaded.weights[0], network.weights[0], rtol=1e-6)


def _write_npz(path: Path, arrays: dict[str, object], meta: object | None = None) -> None:
    document = dict(arrays)
    if meta is not None:
        document["meta"] = np.array(json.dumps(meta))
    np.savez(path, **document)  # type: ignore[arg-type]


def _meta(**changes: object) -> dict[str, object]:
    meta: dict[str, object] = {
        "format": "nnviz",
        "version": 1,
        "layer_sizes": [2, 1],
        "activations": ["sigmoid"],
        "loss": "mse",
    }
    meta.update(changes)
    return meta


GOOD = {"layer1/weight": np.ones((2, 1)), "layer1/bias": np.zeros(1)}


@pytest.mark.parametrize(
    ("arrays", "meta", "message"),
    [
        ({"layer1/weight": np.ones((2, 1))}, _meta(), "missing key 'layer1/bias'"),
        ({**GOOD, "layer2/weight": np.ones(1)}, _meta(), "unexpected key 'layer2/weight'"),
        ({**GOOD, "layer1/weight": np.ones((3, 1))}, _meta(), r"shape \(3, 1\), expected \(2, 1\)"),
        ({**GOOD, "layer1/bias": np.array([np.nan])}, _meta(), "not a finite number"),
        ({**GOOD, "layer1/bias": np.array([np.inf])}, _meta(), "not a finite number"),
        ({**GOOD, "layer1/bias": np.array([1 + 2j])}, _meta(), "float16, float32 or float64"),
        (GOOD, _meta(activations=["swish"]), "unknown activation 'swish'"),
        (GOOD, _meta(loss="hinge"), "unknown loss 'hinge'"),
        (GOOD, _meta(version=3), "unknown format version 3"),
        (GOOD, _meta(format="keras"), "not an nnviz weights file"),
        (GOOD, _meta(layer_sizes=[2, 0]), "layer 1 has 0 neurons"),
        (GOOD, _meta(layer_sizes=[100_000, 100_000, 100_000]), "too large"),
        (GOOD, _meta(layer_sizes="2-1"), "list of whole numbers"),
        (GOOD, {"format": "nnviz", "version": 1}, "lacks the field 'layer_sizes'"),
        (GOOD, None, "missing key 'meta'"),
    ],
)
def test_bad_npz_is_refused_with_one_line(
    tmp_path: Path, arrays: dict[str, object], meta: object, message: str
) -> None:
    path = tmp_path / "bad.npz"
    _write_npz(path, arrays, meta)
    with pytest.raises(WeightsFileError, match=message) as caught:
        load_weights(path)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("bad.npz: ")


def test_pickled_object_array_is_refused_without_unpickling(tmp_path: Path) -> None:
    class Boom:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    path = tmp_path / "hostile.npz"
    hostile = np.empty(1, dtype=object)
    hostile[0] = Boom()
    np.savez(path, meta=np.array(json.dumps(_meta())), **{
        "layer1/weight": hostile, "layer1/bias": np.zeros(1)})  # fmt: skip
    with pytest.raises(WeightsFileError, match="object array"):
        load_weights(path)
    assert not (tmp_path / "pwned").exists()


def test_object_meta_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "hostile.npz"
    meta = np.empty((), dtype=object)
    meta[()] = _meta()
    np.savez(path, meta=meta, **GOOD)
    with pytest.raises(WeightsFileError, match="object array"):
        load_weights(path)


def test_a_plain_pickle_is_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "w.npz"
    path.write_bytes(pickle.dumps({"layer1/weight": [1, 2]}))
    with pytest.raises(WeightsFileError, match="not a readable .npz archive"):
        load_weights(path)


def test_truncated_archive_is_refused(tmp_path: Path, network: Network) -> None:
    path = tmp_path / "w.npz"
    save_weights(path, network)
    data = path.read_bytes()
    for cut in (10, len(data) // 2, len(data) - 30):
        path.write_bytes(data[:cut])
        with pytest.raises(WeightsFileError, match="corrupt or truncated"):
            load_weights(path)


def test_corrupted_archive_is_refused(tmp_path: Path, network: Network) -> None:
    path = tmp_path / "w.npz"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key, value in {"meta": np.array(json.dumps(_meta())), **GOOD}.items():
            member = io.BytesIO()
            np.save(member, value)
            archive.writestr(f"{key}.npy", member.getvalue())
    data = bytearray(buffer.getvalue())
    data[60] ^= 0xFF  # inside the first member's compressed data
    path.write_bytes(bytes(data))
    with pytest.raises(WeightsFileError):
        load_weights(path)


def test_huge_declared_array_is_refused_before_reading(tmp_path: Path) -> None:
    # A header claiming a gigantic array must be rejected from its shape alone.
    path = tmp_path / "bomb.npz"
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (2, 10**9)}
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("meta.npy", _npy(np.array(json.dumps(_meta()))))
        archive.writestr("layer1/weight.npy", b"\x93NUMPY\x01\x00" + header.getvalue()[8:])
        archive.writestr("layer1/bias.npy", _npy(np.zeros(1)))
    with pytest.raises(WeightsFileError, match=r"shape \(2, 1000000000\), expected \(2, 1\)"):
        load_weights(path)


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not an object"),
        (json.dumps({"meta": _meta(), **{k: v.tolist() for k, v in GOOD.items()}, "x": 1}), "unexpected key 'x'"),
        (json.dumps({"meta": _meta(), "layer1/weight": [[1], ["a"]], "layer1/bias": [0]}), "real numbers"),
        (json.dumps({"meta": _meta(), "layer1/weight": [[1], [1, 2]], "layer1/bias": [0]}), "rectangular"),
        (json.dumps({"meta": _meta(), "layer1/weight": [[1], [float("nan")]], "layer1/bias": [0]}), "finite"),
        (json.dumps({"meta": _meta(), "layer1/weight": [[1], [1e400]], "layer1/bias": [0]}), "finite"),
        ("[" * 100_000 + "]" * 100_000, "no readable 'meta'"),
        ("[" * 10_000 + "]" * 10_000, "not valid JSON"),
    ],
)  # fmt: skip
def test_bad_json_is_refused_with_one_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(WeightsFileError, match=message) as caught:
        load_weights(path)
    assert "\n" not in str(caught.value)


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(WeightsFileError, match="missing.npz: cannot be read"):
        load_weights(tmp_path / "missing.npz")


def test_unknown_suffix_is_refused_on_save(tmp_path: Path, network: Network) -> None:
    with pytest.raises(WeightsFileError, match="end in .npz or .json"):
        save_weights(tmp_path / "w.txt", network)
    assert not list(tmp_path.iterdir())


def test_failed_write_leaves_the_old_file_whole(tmp_path: Path, network: Network) -> None:
    path = tmp_path / "w.npz"
    save_weights(path, network)
    before = path.read_bytes()

    def write_half_then_fail(handle: io.BufferedWriter) -> None:
        handle.write(b"half a file")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(path, write_half_then_fail)  # type: ignore[arg-type]
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["w.npz"]  # no temporary left behind


def test_saved_file_gets_ordinary_permissions(tmp_path: Path, network: Network) -> None:
    path = tmp_path / "w.json"
    save_weights(path, network)
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_presets_are_valid_weights_documents() -> None:
    network = load_preset("xor").network
    assert network.layer_sizes == (2, 2, 1)


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        # Accepted by 0.1 (labels that name no output, a bad rate silently used) or a crash
        # (AttributeError, TypeError, IndexError) where a one-line refusal belongs.
        ({"output_labels": ["a", "b", "c", "d", "e"]}, "'output_labels' name 5 classes; the network has 1 outputs"),
        ({"output_labels": "abc"}, "'output_labels' must be a list of text"),
        ({"input_from": "mnist"}, "unknown input source"),
        ({"input_from": {"dataset": "mnist", "index": 10**6}}, "input index must be 0 to 9999"),
        ({"input_image_shape": [1, 2, 3]}, "'input_image_shape' must be [rows, columns]"),
        ({"input": {"x": 1}}, "its input must be 2 finite numbers"),
        ({"input": [10**400, 1]}, "its input must be 2 finite numbers"),
        ({"target": [True]}, "its target must be 1 finite numbers"),
        ({"version": 1.0}, "unknown format version 1.0"),
    ],
)  # fmt: skip
def test_a_weights_files_other_fields_are_checked_too(
    tmp_path: Path, extra: dict[str, object], message: str
) -> None:
    from nnviz.core.presets import load_network_source

    path = tmp_path / "bad.json"
    document = {"meta": _meta(**extra), **{k: v.tolist() for k, v in GOOD.items()}}
    path.write_text(json.dumps(document))
    with pytest.raises(WeightsFileError, match=re.escape(message)) as caught:
        load_network_source(path)
    assert str(caught.value).startswith("bad.json: ") and "\n" not in str(caught.value)


@pytest.mark.hostile
def test_a_loop_of_links_is_called_one(tmp_path: Path) -> None:
    from nnviz.core.presets import load_network_source

    (tmp_path / "a.npz").symlink_to(tmp_path / "b.npz")
    (tmp_path / "b.npz").symlink_to(tmp_path / "a.npz")
    for load in (load_network_source, load_weights):
        with pytest.raises(WeightsFileError, match="a loop of symbolic links"):
            load(tmp_path / "a.npz")


def test_an_interrupted_runs_optimiser_arrays_are_kept_and_checked(tmp_path: Path) -> None:
    network = Network.initialised((4, 3, 2), ("relu", "softmax"), "cross_entropy", seed=1)
    n = sum(w.size + b.size for w, b in zip(network.weights, network.biases, strict=True))
    path = tmp_path / "run.npz"
    velocity = np.arange(n, dtype=np.float32)
    save_weights(path, network, {"title": "t"}, np.float32, {"run/velocity": velocity})
    loaded = load_weights(path)
    np.testing.assert_array_equal(loaded.run_arrays["run/velocity"], velocity)
    assert not load_weights(_saved(tmp_path, network)).run_arrays
    save_weights(path, network, None, np.float32, {"run/velocity": velocity[:-1]})
    with pytest.raises(WeightsFileError, match="run/velocity.*shape"):
        load_weights(path)
    with pytest.raises(WeightsFileError, match="may hold"):
        save_weights(path, network, None, np.float32, {"run/anything": velocity})


def _saved(folder: Path, network: Network) -> Path:
    path = folder / "plain.npz"
    save_weights(path, network)
    return path
