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


# -- CSV tables (found by the structural fuzzer of fuzz_harness.csv_mutation) -----------------


@pytest.mark.parametrize(
    ("table", "where"),
    [
        # A feature of 1e308 standardised to mean ∞, scale ∞: the inputs trained as NaN.
        ("a,b,kind\n1,2,0\n1e308,3,1\n2,4,0\n3,5,1\n4,6,0\n", "row 3, column 'a'"),
        # Past 32-bit floats' range, a value trains as ∞ even unstandardised.
        ("a,b,kind\n1,2,0\n2,3,1\n2,4,0\n3,5,1\n4,-4e38,0\n", "row 6, column 'b'"),
        # A real-valued target too large for 32-bit floats.
        ("x,y\n1,0.5\n2,1.5\n3,2e39\n4,3.5\n", "row 4, column 'y'"),
    ],
)
def test_csv_numbers_too_large_for_training_are_refused(
    tmp_path: Path, table: str, where: str
) -> None:
    from nnviz.core.data.csv_table import CsvError, read_csv

    path = tmp_path / "huge.csv"
    path.write_text(table)
    before = files_in(tmp_path)
    with pytest.raises(CsvError) as caught:
        read_csv(path, standardise=True)
    message = str(caught.value)
    assert message.startswith(f"huge.csv: {where}: ") and "too large" in message
    assert "\n" not in message and files_in(tmp_path) == before


def test_a_spread_too_small_for_32_bit_floats_standardises_as_a_constant(tmp_path: Path) -> None:
    from nnviz.core.data.csv_table import read_csv

    # Its standard deviation (5e-101) was 0 in 32-bit floats: the inputs became NaN.
    path = tmp_path / "tiny.csv"
    path.write_text("a,b,kind\n0,1,0\n1e-100,2,1\n0,3,0\n1e-100,4,1\n0,5,0\n1e-100,6,1\n")
    data = read_csv(path, test_share=0.0).load()
    assert data.standardisation is not None and data.standardisation.scale[0] == 1.0
    x = np.array(data.train_inputs, dtype=np.float32)
    assert np.all(np.isfinite(data.standardisation.apply(x)))
