"""Memory bombs: small files that declare (or decompress to) gigabytes are refused before
any large allocation, in one line naming the file, with nothing changed.

Each bomb is built in a few kilobytes to a few megabytes (see hostile_helpers), and each
load is measured with :func:`peak_memory`: tracemalloc's peak (NumPy arrays and Python
objects) and the growth of the process's peak resident memory. nnviz 0.1 read the 4 GiB
member of the first bomb whole (and the window reached 11.9 GB on it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hostile_helpers import (
    MIB,
    Member,
    deflated_member,
    deflated_zeros,
    files_in,
    gzip_file,
    idx_header,
    npy,
    npy_header,
    npz_bomb,
    peak_memory,
    weights_meta,
    zip_archive,
)

from nnviz.core.mnist import FILES, DatasetError, load_dataset, read_idx
from nnviz.core.weights_io import WeightsFileError, load_weights
from nnviz.session.session_file import SessionFileError, load_document

pytestmark = pytest.mark.hostile

#: No refusal may allocate more than this (the bombs declare 400 MB to 4.2 GB).
ALLOWED_PEAK = 16 * MIB
#: The 4 GiB bomb: a 784-45,000-10 network whose first weight matrix holds 120-byte items.
BOMB_SIZES = [784, 45_000, 10]
BOMB_ITEMS = 784 * 45_000
STRUCTURED_120 = [("x", "<f8", (15,))]  # one item: 15 float64s, 120 bytes

WORST: dict[str, float] = {}


def _refused(
    load: Callable[[], object], error: type[Exception], folder: Path, name: str
) -> tuple[str, int]:
    """Load, expecting a one-line refusal naming ``name``; return the message and peak."""
    before = files_in(folder)
    with peak_memory() as peak, pytest.raises(error) as caught:
        load()
    message = str(caught.value)
    assert "\n" not in message and message.startswith(name), message
    assert files_in(folder) == before  # nothing changed
    assert peak.worst < ALLOWED_PEAK, f"{name}: {peak}"
    WORST[name] = max(WORST.get(name, 0), peak.worst)
    return message, peak.worst


def test_the_measure_sees_what_the_old_loaders_allocated() -> None:
    # The old npz loader did handle.read() of the whole member (a bytes object) and then
    # read_array (an array of the same size): both must show in the figure.
    with peak_memory() as peak:
        data = b"\x01" * (64 * MIB)
        array = np.frombuffer(data, dtype=np.uint8).astype(np.float64)
        del data, array
    assert peak.traced >= 64 * MIB + 8 * 64 * MIB
    if peak.resident is not None:
        assert peak.resident >= 64 * MIB


@pytest.mark.parametrize(
    ("descr", "itemsize", "declared", "message"),
    [
        # The bomb: the expected shape, 120-byte structured items, 4.2 GB of them.
        (STRUCTURED_120, 120, None, "declares 4,233,600,128 bytes, more than its 784 × 45,000"),
        # The same, its zip headers lying that it holds float64s: refused from the dtype.
        (STRUCTURED_120, 120, 8, r"stores \|V120 values \(120 bytes each\)"),
        # A huge unicode dtype with the expected shape (passes a shape-only check).
        ("<U30", 120, None, "declares 4,233,600,128 bytes"),
        ("<U30", 120, 8, "stores <U30 values"),
        # Whole numbers where the format has floats (accepted by 0.1, converted whole).
        ("<i8", 8, None, "stores <i8 values"),
        ("|b1", 1, None, r"stores \|b1 values"),
    ],
)
def test_npz_bombs_are_refused_from_their_headers(
    tmp_path: Path, descr: object, itemsize: int, declared: int | None, message: str
) -> None:
    path = tmp_path / "bomb.npz"
    path.write_bytes(npz_bomb(BOMB_SIZES, descr, itemsize, declared))
    assert path.stat().st_size < 8 * MIB  # a few MB on disk ...
    text, _ = _refused(lambda: load_weights(path), WeightsFileError, tmp_path, "bomb.npz")
    assert text.startswith("bomb.npz: 'layer1/weight' ")
    assert re_search(message, text)


def test_the_4_gib_bomb_is_refused_where_a_window_opens_it(tmp_path: Path) -> None:
    path = tmp_path / "bomb.npz"
    path.write_bytes(npz_bomb(BOMB_SIZES, STRUCTURED_120, 120))
    _refused(lambda: load_document(path), WeightsFileError, tmp_path, "bomb.npz")


def test_the_4_gib_bomb_costs_the_command_line_nothing(tmp_path: Path) -> None:
    # The whole process, measured by the kernel (its VmHWM, read by the process itself as
    # it exits: a fork's ru_maxrss would count the pages of the pytest process it was
    # forked from). nnviz 0.1 passed 4 GiB before it was killed; here the process may not
    # map more than 3 GiB, so the old code could not even try.
    path = tmp_path / "bomb.npz"
    path.write_bytes(npz_bomb(BOMB_SIZES, STRUCTURED_120, 120))
    peak_file = tmp_path / "peak"
    launcher = (
        "import atexit, resource, runpy, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))\n"
        "def report():\n"
        "    status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        f"    open({str(peak_file)!r}, 'w').write(status)\n"
        "atexit.register(report)\n"
        f"sys.argv = ['nnviz', 'evaluate', {str(path)!r}]\n"
        "runpy.run_module('nnviz', run_name='__main__')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", launcher],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(
        "nnviz: error: bomb.npz: 'layer1/weight' declares 4,233,600,128 bytes"
    )
    assert len(result.stderr.strip().splitlines()) == 1 and not result.stdout
    peak = int(peak_file.read_text()) * 1024
    WORST["nnviz evaluate bomb.npz (process peak)"] = peak
    assert peak < 200 * MIB  # Python, NumPy and nnviz themselves: about 60 MB


def test_a_meta_entry_declaring_a_gigabyte_string_is_refused(tmp_path: Path) -> None:
    header = npy_header("<U250000000", ())
    members = [
        Member(
            "meta.npy",
            deflated_zeros(header, 1000),
            len(header) + 1000,
            zlib_crc(header + bytes(1000)),
        ),
        deflated_member("layer1/weight.npy", npy(np.zeros((2, 1)))),
        deflated_member("layer1/bias.npy", npy(np.zeros(1))),
    ]
    path = tmp_path / "meta-bomb.npz"
    path.write_bytes(zip_archive(members))
    text, _ = _refused(lambda: load_weights(path), WeightsFileError, tmp_path, "meta-bomb.npz")
    assert "too large" in text


def _json_with_long_list(prefix: bytes, count: int, suffix: bytes) -> bytes:
    return prefix + b"[" + b"0.5," * (count - 1) + b"0.5]" + suffix


def test_a_json_layer_declared_2_wide_holding_ten_million_numbers(tmp_path: Path) -> None:
    meta = json.dumps(weights_meta([2, 1])).encode()
    text = _json_with_long_list(
        b'{"meta": ' + meta + b', "layer1/bias": [0], "layer1/weight": ', 10_000_000, b"}"
    )
    path = tmp_path / "long.json"
    path.write_bytes(text)
    size = len(text)
    before = files_in(tmp_path)
    with peak_memory() as peak, pytest.raises(WeightsFileError) as caught:
        load_weights(path)
    assert files_in(tmp_path) == before
    message = str(caught.value)
    assert message.startswith("long.json: its 'meta' declares a 2-1 network, which needs")
    assert "holds up to 10,000,0" in message and "refused before reading them" in message
    # Reading the 40 MB file is all it costs (json.loads would build 10 million floats).
    assert peak.traced < size + ALLOWED_PEAK, str(peak)
    WORST["long.json (40 MB of text)"] = peak.worst


def test_a_session_whose_input_holds_ten_million_numbers(tmp_path: Path) -> None:
    network = {"meta": weights_meta([2, 1]), "layer1/weight": [[1], [2]], "layer1/bias": [0]}
    head = json.dumps({"format": "nnviz-session", "version": 1, "network": network})
    text = _json_with_long_list(head[:-1].encode() + b', "inputs": ', 10_000_000, b"}")
    path = tmp_path / "long.nnviz"
    path.write_bytes(text)
    with peak_memory() as peak, pytest.raises(SessionFileError) as caught:
        load_document(path)
    assert str(caught.value).startswith("long.nnviz: network: its 'meta' declares a 2-1 network")
    assert peak.traced < len(text) + ALLOWED_PEAK, str(peak)
    WORST["long.nnviz (40 MB of text)"] = peak.worst


def test_an_idx_header_declaring_400_million_labels_in_a_tiny_file(tmp_path: Path) -> None:
    # 0.1 allocated the 400 MB the header declared before finding 1,000 bytes of data.
    path = tmp_path / "labels.gz"
    path.write_bytes(gzip_file(deflated_zeros(idx_header((400_000_000,)), 1000), 1008))
    text, _ = _refused(lambda: read_idx(path, 1), DatasetError, tmp_path, "labels.gz")
    assert "declares 400,000,000 labels (400.0 MB), but a gzip file of" in text


def test_an_idx_header_declaring_a_billion_images(tmp_path: Path) -> None:
    path = tmp_path / "images.gz"
    path.write_bytes(gzip_file(deflated_zeros(idx_header((10**9, 28, 28)), 1000), 1016))
    text, _ = _refused(lambda: read_idx(path, 3), DatasetError, tmp_path, "images.gz")
    assert "declares 1,000,000,000 images" in text


def test_an_images_file_disagreeing_with_its_labels_is_refused_before_its_data(
    tmp_path: Path,
) -> None:
    # 100 labels, and an images file whose 300 MB of (real, deflated) zeros claim 400,000
    # images: refused from its header, before the 300 MB are decompressed.
    labels = idx_header((100,)) + bytes(100)
    images = deflated_zeros(idx_header((400_000, 28, 28)), 400_000 * 784)
    for split in ("train", "test"):
        (tmp_path / FILES[f"{split}_labels"]).write_bytes(
            gzip_file(deflated_zeros(labels, 0), len(labels), zlib_crc(labels))
        )
        (tmp_path / FILES[f"{split}_images"]).write_bytes(gzip_file(images, 0))
    text, _ = _refused(
        lambda: load_dataset(tmp_path), DatasetError, tmp_path, FILES["train_images"]
    )
    assert "its labels file has 100 labels for 400,000 images" in text


def test_a_checkpoint_history_that_would_decompress_to_gigabytes_is_dropped(
    tmp_path: Path,
) -> None:
    from nnviz.core.presets import load_preset
    from nnviz.core.training import TrainingConfig
    from nnviz.session.training_checkpoint import HISTORY_NAME, load_checkpoint, save_checkpoint

    history = {"epoch/x": np.array([1.0]), "epoch/test_accuracy": np.array([0.9])}
    save_checkpoint(tmp_path, load_preset("mnist").network, TrainingConfig(), history)
    header = npy_header("<f8", (300_000_000,))  # 2.4 GB of zeros in 2.3 MB
    bomb = Member("batch/x.npy", deflated_zeros(header, 2_400_000_000), len(header) + 2_400_000_000)
    (tmp_path / HISTORY_NAME).write_bytes(zip_archive([bomb]))
    with peak_memory() as peak:
        saved = load_checkpoint(tmp_path)
    assert saved is not None and saved.history == {}  # the weights are kept, not the curves
    assert peak.worst < ALLOWED_PEAK, str(peak)
    WORST[HISTORY_NAME] = peak.worst


def test_report_the_worst_bomb(capsys: pytest.CaptureFixture[str]) -> None:
    # NNVIZ_REPORT_MEMORY=1 prints what every refusal above cost at most (the closing
    # note quotes it); the limits themselves are asserted by each test.
    assert WORST, "the bombs above ran first"
    if not os.environ.get("NNVIZ_REPORT_MEMORY"):
        return
    with capsys.disabled():
        for name, peak in sorted(WORST.items(), key=lambda item: -item[1]):
            print(f"\n  peak memory refusing {name}: {peak / MIB:.2f} MiB", end="")


def zlib_crc(data: bytes) -> int:
    import zlib

    return zlib.crc32(data)


def re_search(pattern: str, text: str) -> bool:
    import re

    return re.search(pattern, text) is not None
