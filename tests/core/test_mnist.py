"""The MNIST loader: the published facts, and damaged files refused by name."""

from __future__ import annotations

import gzip
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest

from nnviz.core.mnist import (
    FILES,
    DatasetError,
    bundled_mnist_dir,
    load_dataset,
    load_test_set,
    pixels_to_inputs,
    read_idx,
)


@pytest.fixture(scope="module")
def dataset():  # type: ignore[no-untyped-def]
    return load_dataset()


def test_published_facts(dataset) -> None:  # type: ignore[no-untyped-def]
    assert dataset.train_images.shape == (60_000, 28, 28)
    assert dataset.test_images.shape == (10_000, 28, 28)
    assert dataset.train_images.dtype == np.uint8
    assert dataset.test_labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(dataset.train_labels).tolist() == [
        5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949,
    ]  # fmt: skip
    pixels = dataset.train_images / 255.0
    assert round(float(pixels.mean()), 4) == 0.1307
    assert round(float(pixels.std()), 4) == 0.3081


def test_pixels_become_inputs_in_zero_one(dataset) -> None:  # type: ignore[no-untyped-def]
    inputs = pixels_to_inputs(dataset.test_images[:3])
    assert inputs.shape == (3, 784)
    assert inputs.min() == 0.0 and inputs.max() == 1.0
    np.testing.assert_array_equal(pixels_to_inputs(dataset.test_images[0]), inputs[0])


@pytest.fixture
def copy_of_test_files(tmp_path: Path) -> Path:
    for key in ("test_images", "test_labels"):
        shutil.copy(bundled_mnist_dir() / FILES[key], tmp_path / FILES[key])
    return tmp_path


def _rewrite(path: Path, data: bytes) -> None:
    with gzip.open(path, "wb") as handle:
        handle.write(data)


def test_truncated_gzip_names_the_file(copy_of_test_files: Path) -> None:
    path = copy_of_test_files / FILES["test_images"]
    path.write_bytes(path.read_bytes()[:100_000])
    with pytest.raises(DatasetError, match="t10k-images-idx3-ubyte.gz: truncated or corrupt"):
        load_test_set(copy_of_test_files)


def test_short_data_names_the_file(copy_of_test_files: Path) -> None:
    path = copy_of_test_files / FILES["test_labels"]
    _rewrite(path, gzip.decompress(path.read_bytes())[:-10])
    with pytest.raises(DatasetError, match=r"t10k-labels-idx1-ubyte.gz: expected 10,000 bytes"):
        load_test_set(copy_of_test_files)


def test_wrong_magic_names_the_file(copy_of_test_files: Path) -> None:
    path = copy_of_test_files / FILES["test_labels"]
    data = gzip.decompress(path.read_bytes())
    _rewrite(path, struct.pack(">I", 0x0D03) + data[4:])
    with pytest.raises(DatasetError, match="t10k-labels-idx1-ubyte.gz: bad magic number"):
        load_test_set(copy_of_test_files)


def test_wrong_dimension_count(copy_of_test_files: Path) -> None:
    images = copy_of_test_files / FILES["test_images"]
    with pytest.raises(DatasetError, match="has 3 dimensions, expected 1"):
        read_idx(images, expected_dims=1)


def test_altered_content_fails_the_hash(copy_of_test_files: Path) -> None:
    path = copy_of_test_files / FILES["test_images"]
    data = bytearray(gzip.decompress(path.read_bytes()))
    data[5000] ^= 0x01
    _rewrite(path, bytes(data))
    # Structurally fine, so only the hash can tell.
    read_idx(path, 3)
    with pytest.raises(DatasetError, match="does not match the published SHA-256"):
        read_idx(path, 3, sha256="0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7")


def test_label_count_must_match_images(copy_of_test_files: Path) -> None:
    path = copy_of_test_files / FILES["test_labels"]
    data = gzip.decompress(path.read_bytes())
    _rewrite(path, data[:4] + struct.pack(">I", 9_999) + data[8:-1])
    with pytest.raises(DatasetError, match="9,999 labels for 10,000 images"):
        load_test_set(copy_of_test_files)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="t10k-labels-idx1-ubyte.gz: file not found"):
        load_test_set(tmp_path)
    with pytest.raises(DatasetError, match="no such folder"):
        load_dataset(tmp_path / "nowhere")


def test_oversized_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.gz"
    _rewrite(path, struct.pack(">IIII", 0x0803, 100_000, 100_000, 100))
    with pytest.raises(DatasetError, match="more than nnviz reads"):
        read_idx(path, 3)
