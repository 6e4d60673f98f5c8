"""MNIST (and any dataset in its four-file IDX layout), read and checked.

IDX is big-endian: two zero bytes, a type byte (0x08 = unsigned byte), a byte giving the
number of dimensions, one 4-byte count per dimension, then the raw values. Images are
``(n, rows, columns)`` uint8, labels ``(n,)`` uint8. The bundled copy of MNIST is verified
against the SHA-256 values published for the decompressed files; another folder (say
Fashion-MNIST, which uses the same file names) gets every structural check but no hash.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import os
import stat
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from nnviz.core.fileio import describe_os_error
from nnviz.core.limits import deflate_output_bound, format_bytes
from nnviz.core.resources import resource_path

FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}

#: SHA-256 of the decompressed canonical files (from the data's README), by FILES key.
MNIST_SHA256 = {
    "train_images": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train_labels": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "test_images": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "test_labels": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

#: Refuse files that declare more than this many values (a gzip bomb or a corrupt header).
MAX_VALUES = 500_000_000
#: Data is read in chunks of this many bytes.
READ_CHUNK = 1 << 22
N_CLASSES = 10


class DatasetError(ValueError):
    """A dataset file that cannot be used; ``str()`` is one line naming the file."""


@dataclass(frozen=True)
class Dataset:
    """A four-file image classification dataset in memory.

    Attributes
    ----------
    train_images : ndarray of uint8, shape (n_train, rows, columns)
    train_labels : ndarray of uint8, shape (n_train,)
    test_images : ndarray of uint8, shape (n_test, rows, columns)
    test_labels : ndarray of uint8, shape (n_test,)
    """

    train_images: NDArray[np.uint8]
    train_labels: NDArray[np.uint8]
    test_images: NDArray[np.uint8]
    test_labels: NDArray[np.uint8]


def bundled_mnist_dir() -> Path:
    """Return the folder of the MNIST copy shipped with nnviz."""
    return resource_path("data", "mnist")


def read_idx(
    path: str | os.PathLike[str],
    expected_dims: int,
    sha256: str | None = None,
    expected_count: int | None = None,
) -> NDArray[np.uint8]:
    """Read one gzip-compressed IDX file of unsigned bytes.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.gz`` IDX file.
    expected_dims : int
        3 for images, 1 for labels.
    sha256 : str, optional
        The expected SHA-256 of the decompressed file; checked when given.
    expected_count : int, optional
        The number of items (images, labels) the file must hold, checked from its header
        before its data is read (the images of a labels file already read).

    Returns
    -------
    ndarray of uint8
        Shape given by the file's header; read-only.

    Raises
    ------
    DatasetError
        Naming the file: missing, not gzip, truncated, a wrong magic number or dimension
        count, a length that disagrees with the header, or a hash mismatch.
    """
    source = Path(path)
    name = source.name
    try:
        compressed = source.stat().st_size
        with gzip.open(source, "rb") as handle:
            head = handle.read(4)
            if len(head) < 4:
                raise DatasetError(f"{name}: too short to be an IDX file (truncated?)")
            zero, dtype_code, n_dims = struct.unpack(">HBB", head)
            if zero != 0 or dtype_code != 0x08:
                raise DatasetError(
                    f"{name}: bad magic number 0x{head.hex()} (expected an unsigned-byte IDX file)"
                )
            if n_dims != expected_dims:
                raise DatasetError(
                    f"{name}: has {n_dims} dimensions, expected {expected_dims} "
                    f"(magic 0x{0x800 + expected_dims:08x})"
                )
            dims_bytes = handle.read(4 * n_dims)
            if len(dims_bytes) < 4 * n_dims:
                raise DatasetError(f"{name}: header is truncated")
            dims = struct.unpack(f">{n_dims}I", dims_bytes)
            count = math.prod(dims)
            _check_declared(name, dims, count, compressed)
            if expected_count is not None and dims[0] != expected_count:
                raise DatasetError(
                    f"{name}: its labels file has {expected_count:,} labels for {dims[0]:,} images"
                )
            body = _read_exactly(handle, name, count)
            if handle.read(1):
                raise DatasetError(f"{name}: has more data than its header declares")
    except FileNotFoundError:
        raise DatasetError(f"{name}: file not found in {source.parent}") from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise DatasetError(f"{name}: truncated or corrupt gzip file ({error})") from None
    except OSError as error:
        raise DatasetError(f"{name}: cannot be read ({describe_os_error(error)})") from None
    if sha256 is not None:
        digest = hashlib.sha256(head + dims_bytes)
        digest.update(body)
        if digest.hexdigest() != sha256:
            raise DatasetError(
                f"{name}: content does not match the published SHA-256 (altered or damaged)"
            )
    array = np.frombuffer(body, dtype=np.uint8).reshape(dims)
    array.flags.writeable = False
    return array


def _check_declared(name: str, dims: tuple[int, ...], count: int, compressed: int) -> None:
    """Refuse a header declaring more data than nnviz reads, or than the file can hold.

    A gzip file of n bytes decompresses to at most about 1,032·n bytes, so a 1 KB file
    declaring 10⁹ images is refused from its header alone, before anything is allocated.
    """
    what = f"{dims[0]:,} {'labels' if len(dims) == 1 else 'images'}"
    if count > MAX_VALUES:
        raise DatasetError(
            f"{name}: declares {what} ({count:,} values), more than nnviz reads ({MAX_VALUES:,})"
        )
    if count > deflate_output_bound(compressed):
        raise DatasetError(
            f"{name}: declares {what} ({format_bytes(count)}), but a gzip file of "
            f"{compressed:,} bytes holds at most {format_bytes(deflate_output_bound(compressed))}"
        )
    if dims[0] == 0:
        raise DatasetError(f"{name}: holds no {what.split()[1]} (its header says 0)")
    if len(dims) == 3 and (dims[1] == 0 or dims[2] == 0):
        raise DatasetError(f"{name}: its images are {dims[1]}×{dims[2]} pixels")


def _read_exactly(handle: gzip.GzipFile, name: str, count: int) -> bytearray:
    """Read ``count`` bytes into one buffer, chunk by chunk.

    ``count`` has passed :func:`_check_declared`, so it is at most what the compressed file
    can hold; reading in chunks into the buffer keeps to one allocation of that size.
    """
    body = bytearray(count)
    view = memoryview(body)
    done = 0
    while done < count:
        read = handle.readinto(view[done : done + READ_CHUNK])
        if not read:
            raise DatasetError(
                f"{name}: expected {count:,} bytes of data after the header, found "
                f"{done:,} (truncated)"
            )
        done += read
    view.release()
    return body


def _folder(directory: str | os.PathLike[str] | None) -> tuple[Path, bool]:
    if directory is None:
        return bundled_mnist_dir(), True
    folder = Path(directory)
    try:
        is_folder = stat.S_ISDIR(folder.stat().st_mode)
    except FileNotFoundError:
        raise DatasetError(f"{folder}: no such folder") from None
    except OSError as error:
        raise DatasetError(f"{folder}: {describe_os_error(error)}") from None
    if not is_folder:
        raise DatasetError(f"{folder}: not a folder")
    return folder, False


def _load_split(
    folder: Path, split: str, verify: bool
) -> tuple[NDArray[np.uint8], NDArray[np.uint8]]:
    # Labels first (one byte per image): the images file must then declare as many
    # images in its header, which is checked before its data is read.
    labels_key, images_key = f"{split}_labels", f"{split}_images"
    labels = read_idx(folder / FILES[labels_key], 1, MNIST_SHA256[labels_key] if verify else None)
    images = read_idx(
        folder / FILES[images_key],
        3,
        MNIST_SHA256[images_key] if verify else None,
        expected_count=labels.shape[0],
    )
    labels_file = FILES[labels_key]
    if images.shape[0] != labels.shape[0]:
        raise DatasetError(
            f"{labels_file}: {labels.shape[0]:,} labels for {images.shape[0]:,} images"
        )
    if labels.size and int(labels.max()) >= N_CLASSES:
        raise DatasetError(f"{labels_file}: label {int(labels.max())} is outside 0-9")
    return images, labels


def load_dataset(directory: str | os.PathLike[str] | None = None) -> Dataset:
    """Load the four IDX files of an MNIST-layout dataset.

    Parameters
    ----------
    directory : str or os.PathLike, optional
        The folder holding ``train-images-idx3-ubyte.gz`` and the other three files. By
        default the bundled MNIST, which is also verified against its SHA-256 values.

    Returns
    -------
    Dataset

    Raises
    ------
    DatasetError
        Naming the first file that is missing or wrong, or a mismatch between files
        (image and label counts, image sizes, labels outside 0-9).
    """
    folder, bundled = _folder(directory)
    train_images, train_labels = _load_split(folder, "train", bundled)
    test_images, test_labels = _load_split(folder, "test", bundled)
    if train_images.shape[1:] != test_images.shape[1:]:
        raise DatasetError(
            f"{FILES['test_images']}: images are {test_images.shape[1:]}, "
            f"training images {train_images.shape[1:]}"
        )
    return Dataset(train_images, train_labels, test_images, test_labels)


def load_test_set(
    directory: str | os.PathLike[str] | None = None,
) -> tuple[NDArray[np.uint8], NDArray[np.uint8]]:
    """Load only the test images and labels (faster than :func:`load_dataset`).

    Returns
    -------
    images : ndarray of uint8, shape (n_test, rows, columns)
    labels : ndarray of uint8, shape (n_test,)
    """
    folder, bundled = _folder(directory)
    return _load_split(folder, "test", bundled)


def pixels_to_inputs(images: NDArray[np.uint8], dtype: type = np.float64) -> NDArray[np.floating]:
    """Turn uint8 images into network inputs: flattened, scaled to [0, 1] (pixel / 255).

    Parameters
    ----------
    images : ndarray of uint8, shape (rows, columns) or (n, rows, columns)
    dtype : numpy float dtype

    Returns
    -------
    ndarray, shape (rows * columns,) or (n, rows * columns)
    """
    flat = images.reshape(-1) if images.ndim == 2 else images.reshape(images.shape[0], -1)
    return flat.astype(dtype) / dtype(255.0)


def one_hot(label: int, n_classes: int = N_CLASSES) -> NDArray[np.float64]:
    """Return the one-hot target of ``label``, shape (n_classes,)."""
    target = np.zeros(n_classes)
    target[int(label)] = 1.0
    return target
