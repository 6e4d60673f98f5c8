"""A fuzz harness for the file loaders: every file format nnviz reads, in one table.

Each :class:`Format` says how to make valid files of it (``seeds``), how nnviz loads one
(``load``), which error is its one refusal (``refusal``), what a successful load must
satisfy (``check``), and, optionally, how to mutate a file *structurally* (a field of its
JSON replaced, a header rewritten) beyond the byte-level mutations every format gets.
:func:`assert_loads_cleanly` is the property the tests hold every mutated file to:

    the load either succeeds with a valid result, or raises the format's refusal error with
    one line naming the file; never anything else, within ALLOWED_SECONDS and ALLOWED_BYTES.

Adding a format is one entry in :data:`FORMATS`: a few valid seed files, its loader, its
error type and a check; the tests in test_fuzz_loaders.py then fuzz it with no other
change (the playground's CSV tables joined so).
"""

from __future__ import annotations

import io
import json
import time
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from hostile_helpers import idx_header, npy_header, peak_memory
from hypothesis import strategies as st

from nnviz.core.data.csv_table import MAX_CLASSES, CsvError, read_csv
from nnviz.core.data.toys import TableSource
from nnviz.core.mnist import DatasetError, read_idx
from nnviz.core.network import Network
from nnviz.core.presets import load_preset
from nnviz.core.weights_io import WeightsFileError, save_weights
from nnviz.session.session_file import (
    SessionDocument,
    SessionFileError,
    load_document,
    load_session,
    save_session,
)
from nnviz.session.state import DocumentState

#: No load of a fuzzed file may take longer than this, or allocate more than this.
ALLOWED_SECONDS = 5.0
ALLOWED_BYTES = 64 << 20


@dataclass(frozen=True)
class Format:
    """One file format nnviz reads (see the module docstring)."""

    name: str
    suffix: str
    seeds: Callable[[Path], list[bytes]]
    load: Callable[[Path], object]
    refusal: type[Exception] | tuple[type[Exception], ...]
    check: Callable[[object], None]
    structural: Callable[[st.DrawFn, bytes], bytes] | None = None


def assert_loads_cleanly(fmt: Format, path: Path) -> str:
    """Load ``path`` as ``fmt``; return ``"loaded"`` or ``"refused"`` (else fail)."""
    started = time.perf_counter()
    with peak_memory(resident=False) as peak:
        try:
            result = fmt.load(path)
        except fmt.refusal as error:
            message = str(error)
            assert "\n" not in message, message
            assert message.startswith(path.name), message
            outcome = "refused"
        else:
            fmt.check(result)
            outcome = "loaded"
    elapsed = time.perf_counter() - started
    assert elapsed < ALLOWED_SECONDS, f"{fmt.name}: {elapsed:.1f} s"
    assert peak.traced < ALLOWED_BYTES, f"{fmt.name}: {peak}"
    return outcome


# -- byte-level mutations ------------------------------------------------------------------------


@st.composite
def byte_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few bytes flipped, a span cut or repeated, or junk inserted, or cut
    short: what a damaged download, a bad disk or a hostile hand makes of a file."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "set", "cut", "repeat", "insert", "truncate"]))
        if not out:
            break
        at = draw(st.integers(0, len(out) - 1))
        if kind == "flip":
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "set":
            out[at] = draw(st.sampled_from([0, 0xFF, 0x7F, 0x80, ord('"'), ord("["), ord("9")]))
        elif kind == "cut":
            del out[at : at + draw(st.integers(1, 64))]
        elif kind == "repeat":
            span = bytes(out[at : at + draw(st.integers(1, 64))])
            out[at:at] = span * draw(st.integers(1, 50))
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del out[at:]
    return bytes(out)


# -- JSON structure ------------------------------------------------------------------------------

_JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.sampled_from([0, 1, -1, 2, 10**400, 1e308, -1e308, 5e-324, 1.0, 0.5])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
JSON_VALUES = st.recursive(
    _JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            paths += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:6]):
            paths += _paths(item, (*prefix, index))
    return paths


@st.composite
def json_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` (JSON) with one value replaced, a key removed or added, or a list grown."""
    document = json.loads(data)
    path = draw(st.sampled_from(_paths(document)[1:]))
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    kind = draw(st.sampled_from(["replace", "remove", "add", "grow"]))
    if kind == "replace":
        parent[last] = draw(JSON_VALUES)
    elif kind == "remove":
        del parent[last]
    elif kind == "add" and isinstance(parent, dict):
        parent[draw(st.text(max_size=8))] = draw(JSON_VALUES)
    elif isinstance(parent[last], list):
        parent[last] = parent[last] * draw(st.integers(2, 40))
    else:
        parent[last] = [parent[last]] * draw(st.integers(0, 3))
    return json.dumps(document).encode()


# -- npz structure ------------------------------------------------------------------------------

NPY_DESCRS = ["<f8", ">f8", "<f4", "<f2", "<i8", "|b1", "<c16", "<U30", "|V120", "|O",
              [("x", "<f8", (15,))], [("a", "<f4"), ("b", "<i2")]]  # fmt: skip


@st.composite
def npz_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` (an .npz) with one member's header rewritten (dtype, shape, order, version),
    its data cut or grown, its ``meta`` JSON mutated, or a member dropped or duplicated."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    name = draw(st.sampled_from(sorted(members)))
    kind = draw(st.sampled_from(["header", "data", "meta", "drop", "duplicate"]))
    entries = list(members.items())
    if kind == "header":
        shape = draw(
            st.sampled_from([(), (0,), (1,), (2, 1), (1, 2), (10**6,), (2**31, 2**31)])
            | st.lists(st.integers(0, 50), max_size=3).map(tuple)
        )
        body = members[name][_header_length(members[name]) :]
        entries = [(n, npy_header(draw(st.sampled_from(NPY_DESCRS)), shape) + body
                    if n == name else m) for n, m in entries]  # fmt: skip
    elif kind == "data":
        content = members[name]
        grown = content + bytes(draw(st.integers(1, 5000)))
        entries = [(n, grown if draw(st.booleans()) else content[: len(content) // 2])
                   if n == name else (n, m) for n, m in entries]  # fmt: skip
    elif kind == "meta" and "meta.npy" in members:
        meta = np.load(io.BytesIO(members["meta.npy"]), allow_pickle=False)[()]
        text = draw(json_mutation(str(meta).encode())).decode()
        buffer = io.BytesIO()
        np.save(buffer, np.array(text))
        entries = [(n, buffer.getvalue() if n == "meta.npy" else m) for n, m in entries]
    elif kind == "drop":
        entries = [(n, m) for n, m in entries if n != name]
    else:
        entries.append((name, members[name]))
    out = io.BytesIO()
    with (
        warnings.catch_warnings(),  # a duplicated member is the point
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        warnings.simplefilter("ignore", UserWarning)
        for entry_name, content in entries:
            archive.writestr(entry_name, content)
    return out.getvalue()


def _header_length(npy: bytes) -> int:
    if len(npy) < 10:
        return len(npy)
    if npy[6] == 1:
        return 10 + int.from_bytes(npy[8:10], "little")
    return 12 + int.from_bytes(npy[8:12], "little")


# -- IDX structure ------------------------------------------------------------------------------


@st.composite
def idx_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """A gzip IDX file with its header's dimensions, type or dimension count rewritten."""
    import gzip

    raw = gzip.decompress(data)
    n_dims = raw[3]
    body = raw[4 + 4 * n_dims :]
    dims = draw(
        st.lists(
            st.sampled_from([0, 1, 2, 28, 100, 60_000, 2**31 - 1, 2**32 - 1]) | st.integers(0, 300),
            min_size=0,
            max_size=4,
        )
    )
    header = bytearray(idx_header(tuple(dims)))
    if draw(st.booleans()):
        header[2] = draw(st.sampled_from([0x08, 0x09, 0x0B, 0x0D, 0x0E, 0xFF]))
    return gzip.compress(bytes(header) + body[: draw(st.integers(0, len(body)))], mtime=0)


# -- CSV structure -------------------------------------------------------------------------------

#: What a hostile hand writes into a CSV cell.
_CSV_CELLS = st.sampled_from(
    ["", " ", "nan", "NaN", "inf", "-inf", "1e400", "-1e400", "1e308", "5e-324", "0x10",
     "1_000", "١٢", "+1", "-0", "1.", ".5", "1e5", "abc", '"', '""', "a,b", "\x00", "\ufeff",
     "9" * 400, "2", "2.5", "-3"]
) | st.text(max_size=6)  # fmt: skip


@st.composite
def csv_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """A CSV table with a cell replaced, a row or column dropped or repeated, a header
    name changed, or every row given the same target (one class)."""
    rows = [line.split(",") for line in data.decode().splitlines()]
    kind = draw(st.sampled_from(["cell", "drop_row", "repeat_row", "drop_column", "header",
                                 "one_class", "ragged"]))  # fmt: skip
    r = draw(st.integers(0, len(rows) - 1))
    c = draw(st.integers(0, len(rows[0]) - 1))
    if kind == "cell":
        rows[r][c] = draw(_CSV_CELLS)
    elif kind == "drop_row":
        del rows[r]
    elif kind == "repeat_row":
        rows[r:r] = [rows[r]] * draw(st.integers(1, 200))
    elif kind == "drop_column":
        for row in rows:
            del row[c : c + 1]
    elif kind == "header":
        rows[0][c] = draw(_CSV_CELLS | st.sampled_from(rows[0]))
    elif kind == "one_class":
        for row in rows[1:]:
            row[-1] = rows[1][-1]
    else:
        rows[r].append(draw(_CSV_CELLS))
    return "\n".join(",".join(row) for row in rows).encode("utf-8", "surrogatepass")


def _csv_seeds(folder: Path) -> list[bytes]:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(24, 3)) * [1, 1000, 0.001]
    numbered = "a,b,c,kind\n" + "".join(f"{p:.6g},{q:.6g},{r:.6g},{int(p > 0)}\n" for p, q, r in x)
    named = "length,width,species\n" + "".join(
        f"{abs(p):.3f},{abs(q) / 1000:.3f},{['setosa', 'virginica', 'versicolor'][i % 3]}\n"
        for i, (p, q, _) in enumerate(x)
    )
    valued = "x,y\n" + "".join(f"{p:.4f},{2 * p + 0.5:.4f}\n" for p, _, _ in x)
    return [text.encode() for text in (numbered, named, valued)]


def _check_table(result: object) -> None:
    assert isinstance(result, TableSource)
    inputs = (result.train_inputs, result.test_inputs)
    assert all(np.all(np.isfinite(part)) for part in inputs)
    assert result.train_inputs.shape[0] + result.test_inputs.shape[0] >= 4
    if result.class_names is None:
        assert np.all(np.isfinite(result.train_targets))
    else:
        assert 2 <= len(result.class_names) <= MAX_CLASSES
    data = result.load()  # what training gets: 32-bit floats, standardised
    for part in (data.train_inputs, data.test_inputs):
        x = np.array(part, dtype=np.float32)
        with np.errstate(all="ignore"):  # an overflow shows as a number that is not finite
            if data.standardisation is not None:
                data.standardisation.apply(x)
        assert np.all(np.isfinite(x)), data.standardisation
    if result.class_names is None:
        assert np.all(np.isfinite(np.asarray(data.train_targets, dtype=np.float32)))


# -- the formats ---------------------------------------------------------------------------------


def _networks() -> list[tuple[Network, dict[str, Any]]]:
    xor = load_preset("xor")
    softmax = load_preset("softmax")
    return [
        (xor.network, {"title": "XOR", "input": [1.0, 0.0], "target": [1.0]}),
        (softmax.network, {"output_labels": [str(i) for i in range(softmax.network.output_size)]}),
        (
            Network.initialised((4, 3, 2), ("relu", "softmax"), "cross_entropy", seed=1),
            {"input_image_shape": [2, 2]},
        ),
    ]


def _weights_seeds(suffix: str) -> Callable[[Path], list[bytes]]:
    def seeds(folder: Path) -> list[bytes]:
        files = []
        for i, (network, meta) in enumerate(_networks()):
            path = folder / f"seed{i}{suffix}"
            save_weights(path, network, meta, dtype=np.float32 if i == 2 else np.float64)
            files.append(path.read_bytes())
        return files

    return seeds


def _session_seeds(folder: Path) -> list[bytes]:
    files = []
    for i, name in enumerate(("xor", "feedforward", "softmax")):
        path = folder / f"seed{i}.nnviz"
        save_session(path, SessionDocument(DocumentState.from_preset(load_preset(name))))
        files.append(path.read_bytes())
    return files


def _idx_seeds(folder: Path) -> list[bytes]:
    import gzip

    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (5, 4, 3), dtype=np.uint8)
    labels = np.array([0, 3, 9, 1, 2], dtype=np.uint8)
    return [
        gzip.compress(idx_header(images.shape) + images.tobytes(), mtime=0),
        gzip.compress(idx_header(labels.shape) + labels.tobytes(), mtime=0),
    ]


def _load_idx(path: Path) -> object:
    """Read an IDX file of whatever dimension count its header claims (1 or 3)."""
    import gzip

    try:  # only a hint of which to ask for: read_idx itself must meet whatever this is
        with gzip.open(path) as handle:
            dims = handle.read(4)[3:4]
    except Exception:
        dims = b""
    return read_idx(path, 3 if dims == b"\x03" else 1)


def _check_document(result: object) -> None:
    document = result
    assert isinstance(document, SessionDocument)
    state = document.state
    network = state.network
    assert all(np.all(np.isfinite(w)) for w in (*network.weights, *network.biases))
    assert state.inputs.shape == (network.input_size,) and np.all(np.isfinite(state.inputs))
    assert state.target is None or state.target.shape == (network.output_size,)
    labels = state.description.output_labels
    assert labels is None or len(labels) == network.output_size
    shape = state.description.input_image_shape
    assert shape is None or shape[0] * shape[1] == network.input_size


def _onnx_seeds(folder: Path) -> list[bytes]:
    from onnx_models import mlp_model

    from nnviz.core.export import onnx_model_bytes

    models = [
        mlp_model((4, 3, 2), ("relu", "softmax"), style=style, flatten=flatten)[0]
        for style, flatten in (("torch", "flatten"), ("matmul", None), ("gemm", "reshape"))
    ]
    own = onnx_model_bytes(_networks()[0][0], {"title": "XOR"})
    return [model.SerializeToString() for model in models] + [own]


def _safetensors_seeds(folder: Path) -> list[bytes]:
    from safetensors.numpy import save

    rng = np.random.default_rng(0)
    state = {
        "0.weight": rng.normal(size=(3, 4)).astype(np.float32),
        "0.bias": rng.normal(size=3).astype(np.float32),
        "2.weight": rng.normal(size=(2, 3)).astype(np.float32),
        "2.bias": rng.normal(size=2).astype(np.float32),
    }
    halves = {key: value.astype(np.float16) for key, value in state.items()}
    return [bytes(save(state)), bytes(save(halves))]


def _load_state_dict(path: Path) -> object:
    return load_document(path, activations=["relu", "softmax"])


def _check_idx(result: object) -> None:
    assert isinstance(result, np.ndarray) and result.dtype == np.uint8
    assert result.ndim in (1, 3) and result.shape[0] > 0


FORMATS: dict[str, Format] = {
    "weights.npz": Format(
        "weights.npz", ".npz", _weights_seeds(".npz"), load_document,
        (WeightsFileError, SessionFileError), _check_document, npz_mutation,
    ),
    "weights.json": Format(
        "weights.json", ".json", _weights_seeds(".json"), load_document,
        (WeightsFileError, SessionFileError), _check_document, json_mutation,
    ),
    "session": Format(
        "session", ".nnviz", _session_seeds, load_session, SessionFileError, _check_document,
        json_mutation,
    ),
    "idx": Format("idx", ".gz", _idx_seeds, _load_idx, DatasetError, _check_idx, idx_mutation),
    "csv": Format("csv", ".csv", _csv_seeds, read_csv, CsvError, _check_table, csv_mutation),
    "model.onnx": Format(
        "model.onnx", ".onnx", _onnx_seeds, load_document, (WeightsFileError, SessionFileError),
        _check_document,
    ),
    "model.safetensors": Format(
        "model.safetensors", ".safetensors", _safetensors_seeds, _load_state_dict,
        (WeightsFileError, SessionFileError), _check_document,
    ),
}  # fmt: skip
