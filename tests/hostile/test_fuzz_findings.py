"""What fuzzing the loaders found, kept as plain cases (each failed before its fix)."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest
from hostile_helpers import deflated_member, files_in, npy, weights_meta, zip_archive

from nnviz.core.weights_io import WeightsFileError, load_weights

pytestmark = pytest.mark.hostile


def _archive() -> bytes:
    return zip_archive(
        [
            deflated_member("meta.npy", npy(np.array(json.dumps(weights_meta([2, 1]))))),
            deflated_member("layer1/weight.npy", npy(np.ones((2, 1)))),
            deflated_member("layer1/bias.npy", npy(np.zeros(1))),
        ]
    )


def _patched(data: bytes, signature: bytes, offset: int, value: int) -> bytes:
    """Set a 16-bit field of every zip header starting with ``signature``."""
    out = bytearray(data)
    at = out.find(signature)
    while at >= 0:
        out[at + offset : at + offset + 2] = struct.pack("<H", value)
        at = out.find(signature, at + 4)
    return bytes(out)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        # zipfile raised NotImplementedError (found by the byte-mutation fuzzer).
        (lambda d: _patched(d, b"PK\x01\x02", 6, 0xFF), "zip file version 25.5"),
        (lambda d: _patched(_patched(d, b"PK\x01\x02", 10, 99), b"PK\x03\x04", 8, 99),
         "compression method"),
        # zipfile raised RuntimeError: an encrypted member.
        (lambda d: _patched(_patched(d, b"PK\x01\x02", 8, 1), b"PK\x03\x04", 6, 1),
         "encrypted"),
    ],
)  # fmt: skip
def test_archives_zipfile_cannot_read_are_refused_in_one_line(
    tmp_path: Path, patch: object, message: str
) -> None:
    path = tmp_path / "odd.npz"
    path.write_bytes(patch(_archive()))  # type: ignore[operator]
    before = files_in(tmp_path)
    with pytest.raises(WeightsFileError, match=message) as caught:
        load_weights(path)
    assert str(caught.value).startswith("odd.npz: ") and "\n" not in str(caught.value)
    assert files_in(tmp_path) == before
