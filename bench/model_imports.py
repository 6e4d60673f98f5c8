"""Opening models made elsewhere: speed against the onnx package, and the memory refusals take.

Prints, for a 784-100-50-10 ONNX model as PyTorch writes it (Gemm with transB, opset 17):
the median time nnviz takes to read it into a network, against ``onnx.load`` plus
``numpy_helper.to_array`` of every initializer (what the old reader did), interleaved in
one run, and their ratio; then the same for the model's safetensors state dict against
``safetensors.numpy.load_file``. Then, for bombs that declare far more than they hold
(10⁹ values in a small ONNX file, a 4 GB protobuf length, safetensors offsets past the
end), the tracemalloc peak while nnviz refuses each.

    python bench/model_imports.py [--repeats 15]
"""

from __future__ import annotations

import argparse
import statistics
import struct
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from onnx_models import mlp_model  # noqa: E402

from nnviz.core.weights_import import load_any_weights  # noqa: E402
from nnviz.core.weights_io import WeightsFileError  # noqa: E402


def _interleaved(runs: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def _peak(load: Callable[[], object]) -> tuple[float, str]:
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        load()
        outcome = "loaded"
    except WeightsFileError as error:
        outcome = str(error)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20, outcome


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from safetensors.numpy import load_file, save_file

    folder = Path(tempfile.mkdtemp())
    model, weights, biases = mlp_model(
        (784, 100, 50, 10), ("relu", "relu", "softmax"), flatten="flatten"
    )
    onnx_path = folder / "mlp.onnx"
    onnx_path.write_bytes(model.SerializeToString())
    state = {}
    for i, (w, b) in enumerate(zip(weights, biases, strict=True)):
        state[f"{2 * i}.weight"] = np.ascontiguousarray(w.T.astype(np.float32))
        state[f"{2 * i}.bias"] = b.astype(np.float32)
    st_path = folder / "mlp.safetensors"
    save_file(state, str(st_path))

    def onnx_package() -> object:
        loaded = onnx.load(str(onnx_path))
        return [numpy_helper.to_array(t) for t in loaded.graph.initializer]

    activations = ["relu", "relu", "softmax"]
    medians = _interleaved(
        {
            "nnviz ONNX": lambda: load_any_weights(onnx_path),
            "onnx.load + to_array": onnx_package,
            "nnviz safetensors": lambda: load_any_weights(st_path, activations),
            "safetensors load_file": lambda: load_file(str(st_path)),
        },
        args.repeats,
    )
    print(f"784-100-50-10, {onnx_path.stat().st_size:,} bytes of ONNX; medians of {args.repeats}:")
    for name, value in medians.items():
        print(f"  {name:24s} {value * 1000:7.2f} ms")
    onnx_ratio = medians["nnviz ONNX"] / medians["onnx.load + to_array"]
    st_ratio = medians["nnviz safetensors"] / medians["safetensors load_file"]
    print(
        f"  ratio nnviz/onnx package {onnx_ratio:.2f}, nnviz/safetensors {st_ratio:.2f}"
        " (nnviz's include validating and building the Network)"
    )

    huge = TensorProto()
    huge.name, huge.data_type = "w", TensorProto.FLOAT
    huge.dims.extend([1000, 1_000_000])
    huge.raw_data = b"\x00" * 64
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["input", "w"], ["output"])],
        "bomb",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["b", 1000])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["b", 1_000_000])],
        initializer=[huge],
    )
    bomb = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    bombs = {
        "ONNX, 10^9 values declared": bomb.SerializeToString(),
        "ONNX, a 4 GB length in 40 bytes": b"\x08\x08\x3a\x80\x80\x80\x80\x10" + b"\x00" * 32,
    }
    header = b'{"0.weight":{"dtype":"F32","shape":[1000,1000],"data_offsets":[0,4000000]}}'
    bombs["safetensors, offsets past the end"] = struct.pack("<Q", len(header)) + header
    print("refusals (tracemalloc peak):")
    for name, data in bombs.items():
        path = folder / ("bomb.onnx" if name.startswith("ONNX") else "bomb.safetensors")
        path.write_bytes(data)
        peak, outcome = _peak(lambda p=path: load_any_weights(p, activations))
        print(f"  {name:36s} {len(data):6,} bytes  peak {peak:6.3f} MiB  {outcome[:80]}")


if __name__ == "__main__":
    main()
