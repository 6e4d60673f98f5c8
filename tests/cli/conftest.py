"""Fixtures for the command-line tests: a small MNIST-layout dataset written as IDX files."""

from __future__ import annotations

import gzip
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest

from nnviz.core.mnist import FILES, load_dataset


def write_idx(path: Path, array: np.ndarray) -> None:
    """Write ``array`` (uint8) as a gzip-compressed IDX file."""
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    with gzip.open(path, "wb") as handle:
        handle.write(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes())


@pytest.fixture(scope="session")
def tiny_mnist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with 640 training and 200 test images of MNIST, in its four-file layout."""
    folder = tmp_path_factory.mktemp("tiny-mnist")
    data = load_dataset()
    arrays = {
        "train_images": data.train_images[:640],
        "train_labels": data.train_labels[:640],
        "test_images": data.test_images[:200],
        "test_labels": data.test_labels[:200],
    }
    for key, array in arrays.items():
        write_idx(folder / FILES[key], array)
    return folder


@pytest.fixture
def damaged_copy(tiny_mnist: Path, tmp_path: Path) -> Path:
    """A writable copy of the tiny dataset, for tests that break a file."""
    folder = tmp_path / "data"
    shutil.copytree(tiny_mnist, folder)
    return folder
